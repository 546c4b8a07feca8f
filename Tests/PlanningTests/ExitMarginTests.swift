import Foundation
import Optimization
import Testing
@testable import Planning

/// The stable-exit margin (稳定脱贫): households lifted to line × (1 + m) instead of the line.
@Suite("Stable-exit margin")
struct ExitMarginTests {
    /// Second method: a margin m is the same as raising the county's poverty line to line × (1 + m)
    /// and planning with no margin. Every curve (households, persons, gaps, counts) must agree exactly.
    @Test(arguments: [0.05, 0.1, 0.15, 0.2])
    func curvesWithAMarginAreTheCurvesOfARaisedLine(margin: Double) throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        var raised = registry
        raised.county.povertyLine = registry.county.povertyLine * (1 + margin)
        let withMargin = GapCurves.build(registry, exitMargin: margin)
        let atRaisedLine = GapCurves.build(raised)
        #expect(withMargin.count == atRaisedLine.count)
        for (a, b) in zip(withMargin, atRaisedLine) {
            #expect(a.segments == b.segments, "village \(a.village)")
            #expect(a.poorPersons == b.poorPersons && a.safetyNetPersons == b.safetyNetPersons && a.aboveLinePersons == b.aboveLinePersons)
        }
        // A higher target puts at least as many households on the curves, each with a larger gap.
        let atLine = GapCurves.build(registry)
        for (low, high) in zip(atLine, withMargin) {
            #expect(high.segments.count >= low.segments.count)
            let highGap = Dictionary(uniqueKeysWithValues: high.segments.map { ($0.household, $0.gap) })
            for s in low.segments { #expect((highGap[s.household] ?? 0) > s.gap) }
        }
        #expect(withMargin.reduce(0) { $0 + $1.segments.count } > atLine.reduce(0) { $0 + $1.segments.count })
    }

    /// Margin 0 is the old rule, rebuilt here from the household table: poor now, not a safety-net
    /// household, per-capita income below the line; gap (line − income/size) · size.
    @Test func marginZeroIsLiftingToTheLine() throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        let h = registry.households, line = registry.county.povertyLine
        var expected = [Int: [(household: Int, gap: Double)]]()
        for i in 0..<h.count where !h.hasExited(i, by: registry.county.year) && h.category[i] != .safetyNet {
            let n = Double(h.size[i])
            let perCapita = h.income[i] / n
            if perCapita < line { expected[Int(h.village[i]), default: []].append((i, (line - perCapita) * n)) }
        }
        let curves = GapCurves.build(registry, exitMargin: 0)
        for curve in curves {
            let mine = (expected[curve.village] ?? []).sorted { $0.household < $1.household }
            let built = curve.segments.sorted { $0.household < $1.household }
            #expect(built.map(\.household) == mine.map(\.household), "village \(curve.village)")
            for (s, e) in zip(built, mine) { #expect(abs(s.gap - e.gap) <= 1e-9 * e.gap) }
        }
    }

    /// A hand-made village, line 3,000, margin 0.1 (target 3,300): A (2 persons, 2,000 a person) is
    /// 1,300 a person short: gap 2,600; B (4 persons, 3,200 a person) is above the line but 100 a
    /// person short of the target: gap 400, and comes first (cheaper per person); C (3 persons,
    /// 3,500 a person) is above the target; D is a safety-net household (兜底户), never on the curve.
    @Test func aHandMadeVillageHasTheClosedFormGaps() throws {
        let fixture = AllocationFixture(
            villages: [(tier: 2, poor: true)],
            households: [.init(village: 0, size: 2, income: 4_000), .init(village: 0, size: 4, income: 12_800),
                         .init(village: 0, size: 3, income: 10_500), .init(village: 0, size: 1, income: 1_000, category: .safetyNet)],
            projects: [(type: .breeding, cost: 100_000, households: 10, income: 1_000)],
            funds: [AllocationFixture.fund("F1", 50_000)])
        let registry = fixture.registry
        #expect(GapCurves.targetIncome(line: 3_000, exitMargin: 0.1) == 3_000 * 1.1)
        let curve = try #require(GapCurves.build(registry, exitMargin: 0.1).first)
        #expect(curve.segments.map(\.household) == [1, 0])
        #expect(curve.segments.map(\.persons) == [4, 2])
        #expect(abs(curve.segments[0].gap - 400) < 1e-9 && abs(curve.segments[1].gap - 2_600) < 1e-9)
        #expect(curve.poorPersons == 10 && curve.safetyNetPersons == 1 && curve.aboveLinePersons == 3)
        // Income in curve order: 400 lifts B (4 persons), then 1,300 is half of A's gap (1 person).
        #expect(abs(curve.personsLifted(income: 400 + 1_300) - 5) < 1e-12)
        let income = GapCurves.householdIncome(villageIncome: [1_000], curves: [curve], households: 4)
        for (got, want) in zip(income, [600.0, 400, 0, 0]) { #expect(abs(got - want) < 1e-9) }
        // Without a margin only A is short of the line, by (3,000 − 2,000) · 2.
        let atLine = try #require(GapCurves.build(registry).first)
        #expect(atLine.segments.map(\.household) == [0] && atLine.segments.map(\.gap) == [2_000])
        #expect(atLine.aboveLinePersons == 7)
    }

    /// On the Dai sample with margins: every rule holds, persons lifted never exceed the persons on
    /// the curves, the cost stays within the funds, and the model's reported target is line × (1 + m).
    @Test(arguments: [0.1, 0.2])
    func allocationWithAMarginKeepsEveryRule(margin: Double) throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        var options = FundAllocationOptions()
        options.exitMargin = margin
        let model = try FundAllocationModel(registry: registry, options: options)
        let result = FundAllocation.solve(model, registry: registry, options: options)
        #expect(result.status == .optimal)
        checkAllocationInvariants(result, model: model, registry: registry)
        let onCurves = GapCurves.build(registry, exitMargin: margin).reduce(0) { $0 + $1.segments.reduce(0) { $0 + $1.persons } }
        #expect(result.personsLifted <= Double(onCurves) + 1e-6)
        #expect(result.baseline.personsLifted <= Double(onCurves) + 1e-6)
        #expect(result.cost <= registry.funds.reduce(0) { $0 + $1.amount } * (1 + 1e-9))
        #expect(result.exitMargin == margin && result.targetIncome == registry.county.povertyLine * (1 + margin))
        // The even-spreading baseline at the margin is the one `EvenSpreading` evaluates on its own.
        #expect(result.baseline == EvenSpreading.evaluate(registry: registry, exitMargin: margin))
    }

    /// Margin 0 given explicitly is today's model and plan exactly: the same MPS text, the same lines,
    /// persons and baseline as the default options.
    @Test func marginZeroGivesTodaysAllocationExactly() throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        var zero = FundAllocationOptions()
        zero.exitMargin = 0
        let defaults = FundAllocationOptions()
        let a = try FundAllocationModel(registry: registry, options: zero)
        let b = try FundAllocationModel(registry: registry, options: defaults)
        #expect(MPSWriter.text(a.fullModel) == MPSWriter.text(b.fullModel))
        let ra = FundAllocation.solve(a, registry: registry, options: zero)
        let rb = FundAllocation.solve(b, registry: registry, options: defaults)
        #expect(ra.lines == rb.lines && ra.personsLifted == rb.personsLifted && ra.cost == rb.cost && ra.baseline == rb.baseline)
        #expect(ra.targetIncome == registry.county.povertyLine)
    }

    @Test func aNegativeMarginIsRefused() throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        var options = FundAllocationOptions()
        options.exitMargin = -0.1
        #expect(throws: AllocationError.invalidExitMargin(-0.1)) { try FundAllocation.solve(registry, options: options) }
    }
}
