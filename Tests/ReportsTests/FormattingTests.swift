import Testing

@testable import Reports

/// Number formats against values worked out by hand.
@Suite("Number formats")
struct FormattingTests {
    let zh = NumberFormat(language: .zh)
    let en = NumberFormat(language: .en)

    @Test func personsUseWanInChineseAndThousandsSeparatorsInEnglish() {
        #expect(zh.value(49_417, unit: .persons) == "4.94万人")     // 4.9417万 → three significant digits
        #expect(zh.value(216_000, unit: .persons) == "21.6万人")
        #expect(zh.value(1_234_567, unit: .persons) == "123万人")
        #expect(zh.value(8_150, unit: .persons) == "8150人")
        #expect(zh.value(9_999, unit: .persons) == "9999人")
        #expect(zh.value(10_000, unit: .persons) == "1.00万人")
        #expect(zh.value(21_471, unit: .households) == "2.15万户")
        #expect(zh.value(45, unit: .count) == "45个")
        #expect(zh.value(123_456_789, unit: .persons) == "1.23亿人")
        #expect(en.value(49_417, unit: .persons) == "49,417")
        #expect(en.value(216_000, unit: .persons) == "216,000")
        #expect(en.value(1_234_567, unit: .persons) == "1,234,567")
        #expect(en.value(999, unit: .persons) == "999")
        #expect(en.value(3_719.4, unit: .persons) == "3,719")
        #expect(NumberFormat.grouped(-1_234_567) == "-1,234,567")
    }

    @Test func yuanInWanAndYiOrMillionsAndBillions() {
        #expect(zh.value(3_000, unit: .yuan) == "3000元")
        #expect(zh.value(793_000, unit: .yuan) == "79.3万元")           // a village PV station
        #expect(zh.value(49_400_000, unit: .yuan) == "4940万元")        // the Binhe site
        #expect(zh.value(114_000_000, unit: .yuan) == "1.14亿元")
        #expect(en.value(793_000, unit: .yuan) == "¥793,000")
        #expect(en.value(49_400_000, unit: .yuan) == "¥49.4 million")
        #expect(en.value(114_000_000, unit: .yuan) == "¥114 million")
        #expect(en.value(2_500_000_000, unit: .yuan) == "¥2.50 billion")
        #expect(en.value(19_345.03, unit: .yuan) == "¥19,345")
    }

    @Test func fractionsAndProbabilitiesAsPercentages() {
        #expect(zh.value(0.287, unit: .fraction) == "28.7%")          // Dai County at registration
        #expect(en.value(0.0195, unit: .fraction) == "1.95%")         // below 10 %: two decimals, never rounded onto 2 %
        #expect(en.value(0.625, unit: .probability) == "62.5%")
        #expect(en.value(0.9993, unit: .probability) == "99.9%")
        #expect(en.value(0.99951, unit: .probability) == ">99.9%")    // not certain, so never 100.0%
        #expect(en.value(0.0004, unit: .probability) == "<0.1%")
        #expect(en.value(1, unit: .probability) == "100.0%")
        #expect(en.value(0, unit: .probability) == "0.0%")
        #expect(en.value(0.312, unit: .index) == "0.312")
        #expect(en.value(0.0068, unit: .index) == "0.0068")
    }

    @Test func differencesCarryASignAndPercentagePoints() {
        #expect(zh.difference(-2_345, unit: .persons) == "-2345人")
        #expect(zh.difference(12_345, unit: .persons) == "+1.23万人")
        #expect(en.difference(-1_037, unit: .persons) == "-1,037")
        #expect(en.difference(0, unit: .persons) == "0")
        #expect(en.difference(0.781, unit: .probability) == "+78.1 pp")
        #expect(zh.difference(0.781, unit: .probability) == "+78.1个百分点")
        #expect(en.difference(-0.006, unit: .fraction) == "-0.60 pp")
        #expect(en.difference(0.154, unit: .fraction) == "+15.4 pp")
        #expect(en.difference(-2_895, unit: .yuan) == "-¥2,895")
        #expect(zh.difference(1_200_000, unit: .yuan) == "+120万元")
        #expect(en.difference(-0.0019, unit: .index) == "-0.0019")
    }

    @Test func intervalsAndEstimates() {
        #expect(zh.interval(47_020, 51_200, unit: .persons) == "4.70万～5.12万")
        #expect(zh.estimate(Estimate(49_417, low: 47_020, high: 51_200), unit: .persons) == "4.94万人（4.70万～5.12万）")
        #expect(en.estimate(Estimate(49_417, low: 47_020, high: 51_200), unit: .persons) == "49,417 (47,020–51,200)")
        #expect(en.estimate(Estimate(0.0216, low: 0.0197, high: 0.0235), unit: .fraction) == "2.16% (1.97%–2.35%)")
        #expect(en.estimate(nil, unit: .persons) == "—")
        #expect(en.value(.nan, unit: .persons) == "—")
    }
}
