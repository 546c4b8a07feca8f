import Foundation
import Testing
import Optimization
@testable import Planning

@Suite("Resettlement: known optimum, MPS round trip, shortage, Dai sample")
struct ResettlementTests {
    /// Site C (concentrated): one 50 m² and one 100 m² flat, 20,000 yuan a person, built for 200,000
    /// (an empty flat wastes 100,000). Site D (dispersed): 10,000 a person. Natural village A: households
    /// of 4 and 1; scattered households of 2 and 4. A 100 m² flat needs 4 persons (25 m² each); the 50 m²
    /// flat, the smallest, takes anyone. By hand (distance free):
    ///   all dispersed                     11·10,000 + 2 empty flats      = 310,000
    ///   village A to C, scattered to D     5·20,000 + 6·10,000           = 160,000  ← optimum
    ///   scattered to C, village A to D     6·20,000 + 5·10,000           = 170,000
    ///   one scattered household in C       best 80,000 + 70,000 + 100,000 = 250,000
    static func handInstance(flats: [FlatType] = [FlatType(area: 50, count: 1), FlatType(area: 100, count: 1)],
                             dispersed: Bool = true) -> CountyRegistry {
        var registry = AllocationFixture(villages: [(1, true)], households: [], projects: [], funds: []).registry
        var sites = [Site(id: "C", name: "集中点", township: 0, kind: .concentrated, landMu: 0, buildingArea: 0, cost: 200_000,
                          subsidyPerPerson: 20_000, schoolSeats: 0, kindergartenSeats: 0, hasClinic: false, distanceKm: 0, flats: flats)]
        if dispersed {
            sites.append(Site(id: "D", name: "分散", township: nil, kind: .dispersed, landMu: 0, buildingArea: 0, cost: 0,
                              subsidyPerPerson: 10_000, schoolSeats: 0, kindergartenSeats: 0, hasClinic: false, distanceKm: 0))
        }
        registry.sites = sites
        registry.relocation = [
            Relocation(id: "R1", kind: .wholeVillage, village: 0, naturalVillage: "甲庄", household: nil, persons: 4, isPoor: true, year: 2018),
            Relocation(id: "R2", kind: .wholeVillage, village: 0, naturalVillage: "甲庄", household: nil, persons: 1, isPoor: true, year: 2018),
            Relocation(id: "R3", kind: .scattered, village: 0, naturalVillage: "乙庄", household: nil, persons: 2, isPoor: true, year: 2018),
            Relocation(id: "R4", kind: .scattered, village: 0, naturalVillage: "丙庄", household: nil, persons: 4, isPoor: false, year: 2018),
        ]
        return registry
    }

    static var freeDistance: ResettlementOptions {
        var o = ResettlementOptions()
        o.yuanPerPersonKm = 0
        return o
    }

    @Test func handSolvedOptimum() throws {
        let result = try Resettlement.solve(Self.handInstance(), options: Self.freeDistance)
        #expect(result.status == .optimal)
        #expect(abs(result.objective - 160_000) < 1e-3)
        #expect(result.groupSites == [0])
        #expect(result.placedPersons == 11 && result.unplacedPersons == 0)
        #expect(abs(result.sites[0].occupancy - 1) < 1e-6)
        #expect(result.sites[0].persons == 5 && result.sites[1].persons == 6)
        // Real money by hand: subsidies 5·20,000 + 6·10,000, no travel, site C built for 200,000.
        #expect(result.cost.subsidiesYuan == 160_000 && result.cost.travelYuan == 0)
        #expect(result.cost.constructionYuan == 200_000 && result.cost.emptyFlatsYuan == 0 && result.cost.totalYuan == 360_000)
        #expect(result.sites[0].flats.map(\.taken) == [1, 1])
        // One more 100 m² flat: the scattered household of 4 moves from D into it (4·10,000 more
        // subsidy) and the flat costs 200,000 ÷ 2 to build: nobody more placed, 140,000 yuan more.
        let oneMore = result.sites[0].flats[1].oneMore
        #expect(oneMore.binds && oneMore.solved && oneMore.personsPlaced == 0)
        #expect(abs(oneMore.costYuan - 140_000) < 1e-6, "\(result.sites[0].flats)")
    }

    /// Flats short, no dispersed resettlement: the model's objective carries 1,000,000 yuan per
    /// unplaced person, the real cost does not, and one more flat is worth persons placed.
    /// By hand: the two flats go to the scattered households of 4 (100 m²) and 2 (50 m²), 6 persons;
    /// village A (5 persons, two households) stays unplaced.
    ///   cost = 6·20,000 + 200,000 = 320,000; objective = 6·20,000 + 5·1,000,000 = 5,120,000
    ///   one more 50 m² flat:  village A in the two 50 m² flats (the smallest type takes anyone) and the
    ///                         household of 4 in the 100 m² one: 9 persons (the best alternative, village A
    ///                         and the household of 2, places 7), 9·20,000 + 300,000 = 480,000: +3 persons, +160,000 yuan
    ///   one more 100 m² flat: village A and the household of 4 (a 100 m² flat each for the two of 4, 50 m² for 1):
    ///                         9 persons, 480,000 yuan: +3 persons, +160,000 yuan
    @Test func shortFlatsAreValuedInPersonsAndRealYuan() throws {
        let result = try Resettlement.solve(Self.handInstance(dispersed: false), options: Self.freeDistance)
        #expect(result.status == .optimal)
        #expect(result.placedPersons == 6 && result.unplacedPersons == 5)
        #expect(result.cost.totalYuan == 320_000 && result.cost.emptyFlatsYuan == 0)
        #expect(abs(result.objective - 5_120_000) < 1e-3)
        let small = result.sites[0].flats[0].oneMore, large = result.sites[0].flats[1].oneMore
        #expect(small.personsPlaced == 3 && abs(small.costYuan - 160_000) < 1e-6, "\(small)")
        #expect(large.personsPlaced == 3 && abs(large.costYuan - 160_000) < 1e-6, "\(large)")
    }

    /// The re-solves' time limit: a tenth of the time limit, at most twice the base solve's time,
    /// at least a second (the rule of `Resettlement.resolveTimeLimit`, worked by hand). A base solve
    /// slower than that limit skips the re-solves: the short flats of the instance above (each worth
    /// +3 persons when solved) show as not solved, the limits that do not bind stay not binding, as
    /// the full computation says.
    @Test func reSolvesAreBoundedByTheBaseSolve() throws {
        var options = Self.freeDistance
        options.solver.timeLimit = 30
        #expect(Resettlement.resolveTimeLimit(options, baseSeconds: 0.01) == 1)
        #expect(Resettlement.resolveTimeLimit(options, baseSeconds: 0.8) == 1.6)
        #expect(Resettlement.resolveTimeLimit(options, baseSeconds: 5) == 3)
        options.solver.timeLimit = 5
        #expect(Resettlement.resolveTimeLimit(options, baseSeconds: 5) == 1)
        options.solver.timeLimit = 30
        let registry = Self.handInstance(dispersed: false)
        let model = try ResettlementModel(registry: registry, options: options)
        let full = Resettlement.solve(model, registry: registry, options: options)
        let solution = LPSolver.solve(model.model, options: options.solver)
        let fast = Resettlement.limitValues(model, options: options, base: full, baseSeconds: 0.01, activities: solution.rowActivities,
                                            sites: registry.sites)
        let slow = Resettlement.limitValues(model, options: options, base: full, baseSeconds: 4, activities: solution.rowActivities,
                                            sites: registry.sites)
        #expect(fast.count == slow.count && fast.contains { $0.binds && $0.solved })
        for (f, s) in zip(fast, slow) {
            #expect(s.binds == f.binds)
            #expect(s.binds ? (!s.solved && s.personsPlaced.isNaN) : s == .notBinding)
        }
    }

    /// No dispersed resettlement, flats enough for everyone, one pupil per person (so seats count
    /// persons) and 6 school seats at C. By hand: 6 seats place the scattered households of 2 and 4
    /// (village A has 5 persons and no household of 1 to add); 7 seats place village A and the
    /// household of 2. One more seat: +1 person, +20,000 yuan of subsidy (construction is fixed).
    /// Second method: the whole model built and solved again with 7 seats.
    @Test func oneMoreSchoolSeatIsWorthWhatSevenSeatsPlace() throws {
        var registry = Self.handInstance(flats: [FlatType(area: 50, count: 3), FlatType(area: 100, count: 2)], dispersed: false)
        registry.sites[0].schoolSeats = 6
        var options = Self.freeDistance
        options.pupilsPerPerson = 1
        let base = try Resettlement.solve(registry, options: options)
        #expect(base.status == .optimal && base.placedPersons == 6)
        let seat = base.sites[0].oneMoreSchoolSeat
        #expect(seat.binds && seat.solved)
        #expect(seat.personsPlaced == 1 && abs(seat.costYuan - 20_000) < 1e-6, "\(seat)")
        registry.sites[0].schoolSeats = 7
        let more = try Resettlement.solve(registry, options: options)
        #expect(more.placedPersons == 7)
        #expect(Double(more.placedPersons - base.placedPersons) == seat.personsPlaced)
        #expect(abs((more.cost.totalYuan - base.cost.totalYuan) - seat.costYuan) < 1e-6)
    }

    /// A subsidy budget of 120,000 yuan at 20,000 a person (no dispersed site, flats enough): 6
    /// persons (households of 2 and 4). The value is found by raising the budget one step of
    /// max(10,000, largest subsidy per person) = 20,000 yuan: 140,000 place village A and the
    /// household of 2, 7 persons; per 10,000 yuan that is +0.5 persons and +10,000 yuan. Second
    /// method: the model solved again with a budget of 140,000.
    @Test func tenThousandYuanOfBudgetIsWorthHalfAPerson() throws {
        let registry = Self.handInstance(flats: [FlatType(area: 50, count: 3), FlatType(area: 100, count: 2)], dispersed: false)
        var options = Self.freeDistance
        options.subsidyBudget = 120_000
        let base = try Resettlement.solve(registry, options: options)
        #expect(base.status == .optimal && base.placedPersons == 6)
        let budget = try #require(base.oneMoreBudget)
        #expect(budget.binds && budget.solved)
        #expect(abs(budget.personsPlaced - 0.5) < 1e-12 && abs(budget.costYuan - 10_000) < 1e-6, "\(budget)")
        options.subsidyBudget = 140_000
        let more = try Resettlement.solve(registry, options: options)
        #expect(more.placedPersons == 7)
        #expect(abs(Double(more.placedPersons - base.placedPersons) * 10_000 / 20_000 - budget.personsPlaced) < 1e-12)
        #expect(abs((more.cost.totalYuan - base.cost.totalYuan) * 10_000 / 20_000 - budget.costYuan) < 1e-6)
    }

    /// Whole flats by maximum flow: households of 1, 2 and 4 persons into 50 m² (anyone) and
    /// 100 m² (4 persons or more) flats; the 100 m² flats take only the households of 4.
    @Test func flatsAreAssignedInWholeNumbers() {
        // Sizes 0…4: one household of 1, two of 2, three of 4; 5 flats of 50 m², 2 of 100 m².
        let flow = FlatAssignment.maximumFlow(demand: [0, 1, 2, 0, 3], capacity: [5, 2], allowed: [[], [0], [0], [0], [0, 1]])
        #expect(flow.housed == 6 && flow.taken.reduce(0, +) == 6 && flow.taken[0] <= 5 && flow.taken[1] <= 2, "\(flow)")
        // Too few flats: only what fits is housed.
        let short = FlatAssignment.maximumFlow(demand: [0, 1, 2, 0, 3], capacity: [1, 2], allowed: [[], [0], [0], [0], [0, 1]])
        #expect(short.housed == 3 && short.taken == [1, 2])
    }

    @Test func exportedModelRoundTrips() throws {
        let built = try ResettlementModel(registry: Self.handInstance(), options: Self.freeDistance)
        let reread = try MPSReader.parse(MPSWriter.text(built.model))
        let again = LPSolver.solve(reread)
        #expect(again.status == .optimal)
        #expect(abs(again.objective - 160_000) < 1e-3)
        #expect(reread.variables.filter(\.isInteger).count == built.model.variables.filter(\.isInteger).count)
    }

    /// Four households, two flats, no dispersed resettlement, everyone must be placed: infeasible, and the
    /// report says two flats are short.
    @Test func moreHouseholdsThanFlatsIsReported() throws {
        var options = Self.freeDistance
        options.requireAll = true
        let result = try Resettlement.solve(Self.handInstance(dispersed: false), options: options)
        #expect(result.status == .infeasible)
        #expect(result.unplaced.first?.reason.contains("short 2 flats") == true, "\(result.unplaced)")
    }

    /// Without the rule, the same instance places what fits and says why the rest is not placed.
    @Test func unplacedCarryTheirReason() throws {
        let result = try Resettlement.solve(Self.handInstance(dispersed: false), options: Self.freeDistance)
        #expect(result.status == .optimal)
        #expect(result.placedHouseholds == 2 && result.unplacedHouseholds == 2)
        #expect(result.unplaced.allSatisfy { $0.reason.contains("flat at C is taken") })
    }

    /// The Dai sample: every natural village moves whole to one site, no flat type over its count, and
    /// the optimum equals the cost recomputed from the assignment.
    @Test func daixianAssignmentKeepsTheRules() throws {
        let registry = try CountyFolder.load(sampleFolder("daixian"))
        let options = ResettlementOptions()
        let built = try ResettlementModel(registry: registry, options: options)
        let result = Resettlement.solve(built, registry: registry, options: options)
        #expect(result.status == .optimal)
        #expect(result.placedPersons + result.unplacedPersons == registry.relocation.reduce(0) { $0 + $1.persons })
        #expect(built.groups.count == 79)
        #expect(built.groups.reduce(0) { $0 + $1.members.count } == registry.relocation.filter { $0.kind == .wholeVillage }.count)
        var cost = Double(result.unplacedPersons) * options.unplacedCostPerPerson
        for (s, site) in registry.sites.enumerated() {
            let outcome = result.sites[s]
            cost += Double(outcome.persons) * (site.subsidyPerPerson + options.yuanPerPersonKm * site.distanceKm)
            for f in outcome.flats { #expect(f.taken <= f.flats) }
            let taken = outcome.flats.reduce(0) { $0 + $1.taken }
            if !site.flats.isEmpty { #expect(taken == outcome.households) }
            cost += Double(site.flatCount - taken) * built.emptyFlatCost[s]
        }
        #expect(abs(cost - result.objective) < 1e-6 * result.objective)
        // The real money, recomputed from the registry and the placed persons: no penalties.
        var real = 0.0
        for (s, site) in registry.sites.enumerated() {
            real += Double(result.sites[s].persons) * (site.subsidyPerPerson + options.yuanPerPersonKm * site.distanceKm) + site.cost
        }
        #expect(abs(result.cost.totalYuan - real) < 1e-9 * real)
    }

    /// Every relocation row gets the site of its natural village, or (scattered) one of the
    /// `scatteredPlaced` places of its size in file order; placed rows add up to the placed totals.
    @Test func rowSitesFollowTheAssignment() throws {
        var registry = try CountyFolder.load(sampleFolder("daixian"))
        // Fewer flats than households, so some scattered households stay unplaced.
        registry.sites = registry.sites.filter { !$0.flats.isEmpty }
        let options = ResettlementOptions()
        let built = try ResettlementModel(registry: registry, options: options)
        let result = Resettlement.solve(built, registry: registry, options: options)
        #expect(result.rowSites.count == registry.relocation.count)
        for (g, group) in built.groups.enumerated() {
            for k in group.members { #expect(result.rowSites[k] == result.groupSites[g]) }
        }
        var persons = 0, households = 0
        var scatteredCount: [String: Int] = [:]
        for (k, row) in registry.relocation.enumerated() {
            guard let s = result.rowSites[k] else { continue }
            persons += row.persons
            households += 1
            if row.kind != .wholeVillage { scatteredCount["\(row.persons)@\(s)", default: 0] += 1 }
        }
        #expect(persons == result.placedPersons && households == result.placedHouseholds)
        #expect(result.unplacedPersons > 0)
        for n in result.scatteredPlaced.indices {
            for (s, count) in result.scatteredPlaced[n].enumerated() { #expect(scatteredCount["\(n)@\(s)", default: 0] == count) }
            // File order: a placed scattered row of n persons never follows an unplaced one.
            let rows = built.scatteredMembers[n].map { result.rowSites[$0] }
            if let firstUnplaced = rows.firstIndex(where: { $0 == nil }) { #expect(rows[firstUnplaced...].allSatisfy { $0 == nil }) }
        }
    }
}
