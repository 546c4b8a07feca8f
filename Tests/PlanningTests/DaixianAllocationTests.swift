import Foundation
import Testing
@testable import Planning

/// The Dai County sample: the optimised plan keeps every rule and beats even spreading.
@Suite("Fund allocation on the Dai County sample")
struct DaixianAllocationTests {
    @Test func planKeepsEveryRuleAndBeatsEvenSpreading() throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        let options = FundAllocationOptions()
        let model = try FundAllocationModel(registry: registry, options: options)
        let result = FundAllocation.solve(model, registry: registry, options: options)
        #expect(result.status == .optimal)
        checkAllocationInvariants(result, model: model, registry: registry)
        // The optimum lifts strictly more than even spreading of the same money on the same curves
        // (docs/planning.md records the figures of the shipped sample).
        #expect(result.personsLifted > result.baseline.personsLifted + 1)
        #expect(result.cost <= registry.funds.reduce(0) { $0 + $1.amount })
    }
}

/// The rules every optimal plan keeps, checked from the plan's lines and the registry alone: each
/// source pays only for eligible types (and only in poor villages when so restricted), no source
/// over its amount, per-village minima and maxima, one project of a type per workable household,
/// and no village lifting more persons than its workable poor below the line.
func checkAllocationInvariants(_ result: FundAllocationResult, model: FundAllocationModel, registry: CountyRegistry) {
    let tolerance = 1e-6
    var bySource = [Double](repeating: 0, count: registry.funds.count)
    var bySourceVillage: [String: Double] = [:]
    var byTypeVillage: [String: Double] = [:]
    for line in result.lines {
        let fund = registry.funds[line.source]
        #expect(fund.mayPay(for: line.type), "\(fund.id) pays \(line.type)")
        #expect(!fund.poorVillagesOnly || registry.villages[line.village].isPoor, "\(fund.id) in a non-poor village")
        bySource[line.source] += line.yuan
        bySourceVillage["\(line.village)/\(line.source)", default: 0] += line.yuan
        byTypeVillage["\(line.village)/\(line.type.rawValue)", default: 0] += line.yuan
    }
    for (f, fund) in registry.funds.enumerated() {
        #expect(bySource[f] <= fund.amount * (1 + tolerance), "\(fund.id) over its amount")
        #expect(abs(bySource[f] - result.sources[f].used) < 1)
    }
    for (key, yuan) in bySourceVillage {
        let f = Int(key.split(separator: "/")[1]) ?? 0
        if let most = registry.funds[f].maxPerVillage { #expect(yuan <= most * (1 + tolerance), "\(key) over the maximum") }
        if let least = registry.funds[f].minPerVillage { #expect(yuan >= least * (1 - tolerance), "\(key) under the minimum") }
    }
    // One project of a type per workable household: yuan on a type ≤ cost per household · households.
    for (key, yuan) in byTypeVillage {
        let parts = key.split(separator: "/")
        let v = Int(parts[0]) ?? 0
        guard let ret = model.returns.first(where: { $0.type.rawValue == parts[1] }) else { continue }
        #expect(yuan <= ret.costPerHousehold * Double(model.curves[v].workableHouseholds) * (1 + tolerance) + 1, "\(key) over capacity")
    }
    // Persons lifted never exceed the workable poor below the line, nor what the income delivered to
    // the village lifts when it goes to the cheapest persons first (the curve), village by village.
    var income = [Double](repeating: 0, count: registry.villages.count)
    for line in result.lines {
        if let ret = model.returns.first(where: { $0.type == line.type }) { income[line.village] += line.yuan * ret.returnPerYuan }
    }
    for o in result.villages {
        let workable = model.curves[o.index].segments.reduce(0) { $0 + $1.persons }
        #expect(o.personsLifted <= Double(workable) + 1e-6)
        let curve = model.curves[o.index].personsLifted(income: income[o.index] * (1 + tolerance) + 1)
        #expect(o.personsLifted <= curve + 1e-6, "village \(o.index) lifts \(o.personsLifted), its income buys \(curve)")
    }
}
