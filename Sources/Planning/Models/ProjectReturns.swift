/// What one yuan spent on a project type brings, estimated from the county's project list
/// (`projects.csv`): the unit the fund-allocation model prices projects in.
public struct ProjectTypeReturn: Sendable, Equatable {
    public var type: ProjectType
    /// Projects of this type in the list.
    public var projects: Int
    /// Cost of reaching one household, yuan: `Σ cost / Σ households`.
    public var costPerHousehold: Double
    /// Extra net income of one reached household, yuan per year: households-weighted mean of
    /// `income_per_household`.
    public var incomePerHousehold: Double
    /// Average cost of one project, yuan (to express a sum of yuan as a number of projects to start).
    public var averageProjectCost: Double

    /// Yearly income per yuan spent: `incomePerHousehold / costPerHousehold` (yuan per yuan).
    public var returnPerYuan: Double { costPerHousehold > 0 ? incomePerHousehold / costPerHousehold : 0 }

    public init(type: ProjectType, projects: Int, costPerHousehold: Double, incomePerHousehold: Double, averageProjectCost: Double) {
        self.type = type; self.projects = projects; self.costPerHousehold = costPerHousehold
        self.incomePerHousehold = incomePerHousehold; self.averageProjectCost = averageProjectCost
    }
}

public enum ProjectReturns {
    /// One `ProjectTypeReturn` per project type that has at least one project with a positive cost and
    /// positive households reached, in `ProjectType.allCases` order. Types without such projects have no
    /// estimate, so the allocation model cannot fund them.
    public static func estimate(_ projects: [Project]) -> [ProjectTypeReturn] {
        var out: [ProjectTypeReturn] = []
        for type in ProjectType.allCases {
            let list = projects.filter { $0.type == type && $0.cost > 0 && $0.households > 0 }
            guard !list.isEmpty else { continue }
            let cost = list.reduce(0) { $0 + $1.cost }
            let households = Double(list.reduce(0) { $0 + $1.households })
            let income = list.reduce(0) { $0 + $1.incomePerHousehold * Double($1.households) }
            out.append(ProjectTypeReturn(type: type, projects: list.count, costPerHousehold: cost / households,
                                         incomePerHousehold: income / households, averageProjectCost: cost / Double(list.count)))
        }
        return out
    }
}
