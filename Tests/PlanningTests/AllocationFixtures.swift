import Foundation
@testable import Planning

/// A small hand-made county for the allocation tests: villages (township tier, poor flag), households
/// (village, size, income, category), one project per type (cost, households, income per household)
/// and funds. Poverty line 3,000 yuan; every household registered and not exited.
struct AllocationFixture {
    struct Household { var village: Int; var size: Int; var income: Double; var category: HouseholdCategory = .standard }
    var villages: [(tier: Int, poor: Bool)]
    var households: [Household]
    var projects: [(type: ProjectType, cost: Double, households: Int, income: Double)]
    var funds: [Fund]

    var registry: CountyRegistry {
        let county = County(name: "测试县", region: .central, year: 2018, povertyLine: 3000, agriculturalPopulation: 10_000)
        let townships = [Township(name: "一乡", tier: 1), Township(name: "二乡", tier: 2), Township(name: "三乡", tier: 3)]
        let villageList = villages.enumerated().map { k, v in
            Village(id: "V\(k)", township: v.tier - 1, name: "村\(k)", isPoor: v.poor, agriculturalPopulation: 500, naturalVillages: 1,
                    road: true, water: true, electricity: true, broadband: true, clinic: true, school: true,
                    collectiveIncome: 0, plannedExitYear: nil, exitYear: nil)
        }
        var table = HouseholdTable()
        for (k, h) in households.enumerated() {
            table.ids.append("H\(k)"); table.village.append(Int32(h.village)); table.size.append(Int32(h.size))
            table.labour.append(1); table.migrantWorkers.append(0); table.category.append(h.category)
            table.cause.append(.lackCapital); table.welfare.append(.none); table.registeredYear.append(2014)
            table.exitYear.append(0); table.income.append(h.income)
            for s in table.sourceIncome.indices { table.sourceIncome[s].append(0) }
            table.education.append(true); table.medical.append(true); table.housing.append(true); table.water.append(true)
        }
        let projectList = projects.enumerated().map { k, p in
            Project(id: "P\(k)", type: p.type, name: "项目", township: nil, village: nil, year: 2018, status: .planned,
                    cost: p.cost, households: p.households, incomePerHousehold: p.income, incomeSD: 0, capacity: 0, unit: "")
        }
        return CountyRegistry(county: county, townships: townships, villages: villageList, households: table,
                              projects: projectList, funds: funds)
    }

    static func fund(_ id: String, _ amount: Double, types: Set<ProjectType>? = nil, min: Double? = nil, max: Double? = nil,
                     poorOnly: Bool = false) -> Fund {
        Fund(id: id, name: "资金\(id)", kind: .county, amount: amount, eligibleTypes: types, minPerVillage: min,
             maxPerVillage: max, poorVillagesOnly: poorOnly)
    }
}

/// Unit weights: the tests compare persons with independent counts.
func unweightedOptions() -> FundAllocationOptions {
    var options = FundAllocationOptions()
    options.tier1Weight = 1
    options.poorVillageWeight = 1
    return options
}
