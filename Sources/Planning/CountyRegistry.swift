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
