/// Everything known about one county, as read from its folder: county → townships → villages →
/// households, and the programmes (projects, funds, resettlement sites, relocation).
///
/// References between tables are indices, checked on import, so later code never looks names up.
public struct CountyRegistry: Sendable {
    public var county: County
    public var townships: [Township]
    public var villages: [Village]
    public var households: HouseholdTable
    public var projects: [Project]
    public var funds: [Fund]
    public var sites: [Site]
    public var relocation: [Relocation]
    /// Households not on the poverty registry (`ordinary_households.csv`, optional): ordinary
    /// households the monitoring watches (边缘易致贫户, sudden hardship). Not part of `households`, so
    /// the profile, the plans and the simulations of the registry do not see them; empty when the
    /// folder has none.
    public var ordinaryHouseholds = HouseholdTable()
    /// Where the rows came from (file and CSV line of each village and household), set by
    /// `CountyFolder.load`; nil for a registry built in memory (the generator, tests). Code that
    /// reorders or filters `villages` or `households` must set it to nil (or reorder it alike).
    public var sourceLines: SourceLines?

    public init(county: County, townships: [Township], villages: [Village], households: HouseholdTable,
                projects: [Project] = [], funds: [Fund] = [], sites: [Site] = [], relocation: [Relocation] = []) {
        self.county = county
        self.townships = townships
        self.villages = villages
        self.households = households
        self.projects = projects
        self.funds = funds
        self.sites = sites
        self.relocation = relocation
    }

    /// Household `h` is poor in the registry's year: registered and not yet exited.
    @inlinable public func isPoor(_ h: Int) -> Bool { !households.hasExited(h, by: county.year) }
}

/// The files and CSV lines of the rows of a registry read from a county folder, so that checks made
/// after import (`RegistryAudit`) can name `file:line` as the importer's errors do.
public struct SourceLines: Sendable {
    /// Path of `villages.csv` as it was opened.
    public var villagesFile: String
    /// Path of `households.csv` as it was opened.
    public var householdsFile: String
    /// One-based line on which village `v`'s record starts.
    public var villages: [Int32]
    /// One-based line on which household `h`'s record starts.
    public var households: [Int32]

    public init(villagesFile: String, householdsFile: String, villages: [Int32], households: [Int32]) {
        self.villagesFile = villagesFile
        self.householdsFile = householdsFile
        self.villages = villages
        self.households = households
    }
}
