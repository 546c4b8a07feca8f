import Planning
import Testing
@testable import Simulation

/// The synthetic counties' incomes follow the households' endowments: the simulation's
/// income-structure regression (`income ~ labour + migrant_workers + size | village`) fitted on a
/// generated county finds, within its sampling error and the generator's other sources, the
/// yuan a worker and a migrant worker add under the generator's parameters.
@Suite("Generated incomes follow workers")
struct GeneratedIncomeModelTests {
    /// The marginal incomes the generator's parameters imply, derived from the blueprint and the
    /// counted endowments only (not from any income column). Earned income is
    ///   farm     = c · (w·H + m·M + d·D)   (planting, breeding and forestry; H workers at home,
    ///                                      M migrant workers, D members not working)
    ///   migrant  = W · M                   (W the mean migrant wage)
    /// where c is fixed by the published shares: Σ farm = W·ΣM · (s_p + s_bf) / s_m. With L = H + M
    /// and D = size − L the regression's coefficients are, apart from the other sources,
    ///   labour          = c·(w − d)
    ///   migrant_workers = W − c·(w − m)
    static func implied(_ b: CountyBlueprint, _ h: HouseholdTable) -> (labour: Double, migrant: Double) {
        let e = b.earnings, s = b.earnedShares
        var home = 0.0, migrants = 0.0, dependants = 0.0
        for i in 0..<h.count {
            home += Double(h.labour[i] - h.migrantWorkers[i])
            migrants += Double(h.migrantWorkers[i])
            dependants += Double(h.size[i] - h.labour[i])
        }
        let farm = e.migrantWage * migrants * (s.planting + s.breedingForestry) / s.migrant
        let c = farm / (e.plantingWorker * home + e.plantingMigrant * migrants + e.plantingDependant * dependants)
        return (c * (e.plantingWorker - e.plantingDependant), e.migrantWage - c * (e.plantingWorker - e.plantingMigrant))
    }

    @Test(arguments: [("daixian", UInt64(11)), ("shangzhou", UInt64(12))])
    func workersAndMigrantWorkersAddIncome(name: String, seed: UInt64) throws {
        let blueprint = try #require(CountyBlueprint.named(name))
        let registry = CountyGenerator.generate(blueprint, households: 20_000, seed: seed)
        let model = try IncomeModel.fit(registry)
        let labour = try #require(model.regression.coefficient("labour"))
        let migrant = try #require(model.regression.coefficient("migrant_workers"))
        let size = try #require(model.regression.coefficient("size"))
        let expected = Self.implied(blueprint, registry.households)
        // Positive and significant (clustered by village).
        #expect(try #require(labour.statistic) > 5, "labour \(labour)")
        #expect(try #require(migrant.statistic) > 5, "migrant_workers \(migrant)")
        // Near what the parameters imply: the other sources move them by less than a third (the
        // old-age pension and 低保/五保 go to members who do not work, the transfers that lift exited
        // households over the line to households with few workers, ranger wages to households with one).
        #expect(abs(labour.estimate - expected.labour) < expected.labour / 3, "labour \(labour.estimate) vs \(expected.labour)")
        #expect(abs(migrant.estimate - expected.migrant) < expected.migrant / 3, "migrant \(migrant.estimate) vs \(expected.migrant)")
        // A worker adds more than a member who does not work.
        #expect(labour.estimate > size.estimate)
    }
}
