import Testing
@testable import Tabular

/// Issue 18: a reader never reads a different number than the file holds. The expected values
/// are Swift's own `Double(String)` of a canonical spelling or written out by hand, never the
/// parser's output.
@Suite("Strict numbers: NumberText and CSV cells")
struct StrictNumberTests {
    /// Texts that are not numbers, with the kind of problem `NumberText` must name.
    static let badDecimals: [(text: String, kind: NumberTextProblem.Kind)] = [
        ("-.4.4", .secondDecimalPoint), ("1.2.3", .secondDecimalPoint), ("12abc", .trailingText),
        ("1.2e", .incompleteExponent), ("1e+", .incompleteExponent), ("++1", .repeatedSign), ("+-1", .repeatedSign),
        ("1e999", .overflow), ("-1e400", .overflow), ("nan", .notFinite), ("NaN", .notFinite), ("inf", .notFinite),
        ("-Infinity", .notFinite), ("１２３", .fullWidth), ("－１", .fullWidth), ("1,234", .thousandsSeparator),
        ("1_000", .thousandsSeparator), ("1 234", .thousandsSeparator), ("0x1p3", .hexadecimal), ("", .empty),
        (" 12", .surroundingSpace), ("12 ", .surroundingSpace), ("abc", .noDigits), (".", .noDigits), ("-", .noDigits),
        ("1.5D+03", .trailingText), ("1-2", .trailingText),
    ]

    @Test(arguments: badDecimals)
    func badDecimalsAreRejectedWithTheirReason(text: String, kind: NumberTextProblem.Kind) {
        switch NumberText.decimal(text) {
        case .success(let v): Issue.record("\"\(text)\" must not be a number, read \(v)")
        case .failure(let problem):
            #expect(problem.kind == kind, "\"\(text)\": \(problem)")
            #expect(problem.text == text)
        }
    }

    @Test func theProblemPointsAtTheOffendingCharacter() throws {
        guard case .failure(let p) = NumberText.decimal("-.4.4") else { Issue.record("accepted"); return }
        #expect(p.offset == 3)
        guard case .failure(let q) = NumberText.decimal("12abc") else { Issue.record("accepted"); return }
        #expect(q.offset == 2)
    }

    /// Good texts and their value, from Swift's `Double(String)` of a canonical spelling or by hand.
    static let goodDecimals: [(text: String, value: Double)] = [
        ("0.1", Double("0.1") ?? .nan), ("-.5", -0.5), ("5.", 5), ("+4", 4), ("007", 7), ("-0", -0.0),
        ("1.5e3", 1500), ("1E-3", Double("0.001") ?? .nan), ("2e+2", 200),
        ("1.7976931348623157e308", .greatestFiniteMagnitude), ("4.9e-324", .leastNonzeroMagnitude),
        ("1e-400", 0), ("123456789012345678901234567890", Double("1.2345678901234568e29") ?? .nan),
        ("0.30000000000000004", Double("0.30000000000000004") ?? .nan), ("9007199254740993", 9_007_199_254_740_992),
        ("2300", 2300), ("-1234.5678", Double("-1234.5678") ?? .nan),
    ]

    @Test(arguments: goodDecimals)
    func goodDecimalsParseToTheExactDouble(text: String, value: Double) throws {
        let got = try NumberText.decimal(text).get()
        #expect(got == value && got.sign == value.sign, "\"\(text)\" read as \(got), expected \(value)")
    }

    @Test func wholeNumbers() throws {
        #expect(try NumberText.wholeNumber("-42").get() == -42)
        #expect(try NumberText.wholeNumber("+7").get() == 7)
        #expect(try NumberText.wholeNumber("999999999999999999").get() == 999_999_999_999_999_999)
        let bad: [(String, NumberTextProblem.Kind)] = [
            ("1.0", .notWhole), ("1e3", .notWhole), ("1000000000000000000", .tooLarge), ("１２", .fullWidth),
            ("1,000", .thousandsSeparator), ("++1", .repeatedSign), ("", .empty), ("12x", .trailingText), ("nan", .notFinite),
        ]
        for (text, kind) in bad {
            guard case .failure(let p) = NumberText.wholeNumber(text) else { Issue.record("\"\(text)\" accepted"); continue }
            #expect(p.kind == kind, "\"\(text)\": \(p)")
        }
    }

    /// Each bad cell in a numeric column of a CSV file (as written in the file: a quoted cell keeps
    /// its quotes) gives an error at its file, line and field, saying a number was expected.
    static let badCells = ["12abc", "-.4.4", "1.2e", "++1", "1e999", "inf", "-inf", "Infinity", "１２３", "\"1,234\"",
                           "\"1 234\"", "0x1p3", "\"12 kg\""]

    @Test(arguments: badCells)
    func badCellsInDataTablesAreErrorsAtTheirPlace(cell: String) throws {
        let file = try CSVFile(path: "data.csv", data: Array("id,income\n1,2300\n2,\(cell)\n".utf8))
        do {
            let table = try DataTable.load(file, numeric: ["income"], categorical: [])
            Issue.record("\(cell) read as \(String(describing: table.numbers("income")))")
        } catch let error as InputError {
            #expect(error.file == "data.csv" && error.line == 3 && error.column == 2, "\(error)")
            #expect(error.description.hasPrefix("data.csv:3:2: expected a number in column \"income\", found "), "\(error)")
            #expect(error.message.contains("("), "the reason is given: \(error)")
        }
    }

    @Test func missingMarkersInDataTablesAreMissingNotNumbers() throws {
        let file = try CSVFile(path: "data.csv", data: Array("x\n1\n\nNA\nnan\nNaN\n.\nN/A\n\"\"\n".utf8))
        let values = try DataTable.load(file, numeric: ["x"], categorical: []).numbers("x") ?? []
        #expect(values.count == 7)
        #expect(values.first == 1 && values.dropFirst().allSatisfy(\.isNaN))
    }

    @Test func goodCellsParseToTheExactDouble() throws {
        let text = "x\n 2.5 \n\"3.25\"\n\t-0.1\t\n\" 7 \"\n1.7976931348623157e308\n123456789012345678901234567890\n"
        let file = try CSVFile(path: "good.csv", data: Array(text.utf8))
        let values = try DataTable.load(file, numeric: ["x"], categorical: []).numbers("x")
        #expect(values == [2.5, 3.25, Double("-0.1") ?? .nan, 7, .greatestFiniteMagnitude, Double("1.2345678901234568e29") ?? .nan])
    }

    /// The parallel path (chunks on several cores) applies the same rules and reports the same place.
    @Test func theParallelLoaderRejectsTheSameWay() throws {
        var text = "x,y\n"
        for i in 0..<3_000 { text += "\(i),\(Double(i) / 8)\n" }
        text += "3000,-.4.4\n"
        let file = try CSVFile(path: "big.csv", data: Array(text.utf8))
        do {
            _ = try DataTable.load(file, numeric: ["x", "y"], categorical: [], automatic: [], chunks: 3, parallelAbove: 0)
            Issue.record("-.4.4 must be an error")
        } catch let error as InputError {
            #expect(error.line == 3_002 && error.column == 2, "\(error)")
            #expect(error.message.contains("a second decimal point"), "\(error)")
        }
    }

    /// Category levels sort numerically only when every level is a number by the same rules: `nan`
    /// (which would break the sort) and hexadecimal are text.
    @Test func levelsAreNumbersByTheSameRules() {
        #expect(sortLevels(["10", "9", "1e1", "-.5"]) == ["-.5", "9", "10", "1e1"])
        #expect(sortLevels(["2", "nan", "1"]) == ["1", "2", "nan"])
        #expect(sortLevels(["9", "0x10"]) == ["0x10", "9"])
        #expect(sortLevels(["10", "1,5", "9"]) == ["1,5", "10", "9"])
    }

    @Test func recordAccessorsFollowTheRules() throws {
        let file = try CSVFile(path: "r.csv", data: Array("a,b,c,d,e\n 12 ,1e999,\"1,234\",１２,+5\n".utf8))
        try file.forEachRecord { r in
            #expect(r.double(0) == 12 && r.int(0) == 12)
            #expect(r.double(1) == nil && r.numberProblem(1)?.kind == .overflow)
            #expect(r.double(2) == nil && r.numberProblem(2)?.kind == .thousandsSeparator)
            #expect(r.int(3) == nil && r.numberProblem(3, whole: true)?.kind == .fullWidth)
            #expect(r.int(4) == 5 && r.numberProblem(4, whole: true) == nil)
        }
    }
}
