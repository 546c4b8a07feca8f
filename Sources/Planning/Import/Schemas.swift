/// The columns of each file of a county folder (documented in notebooks-data/README.md).
enum Schemas {
    /// The schema of each file, by file name.
    static var byFile: [String: TableSchema] {
        Dictionary(uniqueKeysWithValues: [townships, villages, households, ordinaryHouseholds, projects, funds, sites, siteFlats, relocation].map { ($0.file, $0) })
    }

    static let townships = TableSchema("townships.csv", ["name", "tier", "name_en"], optional: ["name_en"])
    static let villages = TableSchema("villages.csv", [
        "id", "township", "name", "poor", "agricultural_population", "natural_villages",
        "road", "water", "electricity", "broadband", "clinic", "school", "collective_income",
        "planned_exit_year", "exit_year",
    ], optional: ["planned_exit_year", "exit_year"])
    static let households = TableSchema("households.csv", householdColumns(monitoring: true),
        optional: Set(["migrant_workers", "welfare", "exit_year"]).union(monitoringColumns))
    /// Households not on the registry (监测对象 that never registered): the columns of households.csv,
    /// with category, cause, welfare and the registration years optional (blank: never registered).
    static let ordinaryHouseholds = TableSchema("ordinary_households.csv", householdColumns(monitoring: true),
        optional: Set(["migrant_workers", "category", "cause", "welfare", "registered_year", "exit_year"]).union(monitoringColumns))
    /// The optional monitoring columns of the household files, last in their header.
    static let monitoringColumns: Set<String> = ["compliant_spending", "risk", "monitored_year"]
    /// The household files' columns in order; `monitoring` adds the monitoring columns at the end.
    static func householdColumns(monitoring: Bool) -> [String] {
        ["id", "village", "size", "labour", "migrant_workers", "category", "cause", "welfare",
         "registered_year", "exit_year", "income"]
            + IncomeSource.stored.map(\.column) + ["education", "medical", "housing", "water"]
            + (monitoring ? ["compliant_spending", "risk", "monitored_year"] : [])
    }
    static let projects = TableSchema("projects.csv", [
        "id", "type", "name", "township", "village", "year", "status", "cost", "households",
        "income_per_household", "income_sd", "capacity", "unit", "category",
    ], optional: ["status", "income_sd", "capacity", "unit", "category"])
    static let funds = TableSchema("funds.csv", [
        "id", "name", "kind", "amount", "eligible_types", "min_per_village", "max_per_village", "poor_villages_only",
        "share_category", "min_share",
    ], optional: ["min_per_village", "max_per_village", "poor_villages_only", "share_category", "min_share"])
    static let sites = TableSchema("sites.csv", [
        "id", "name", "township", "kind", "land_mu", "building_area_m2", "cost", "subsidy_per_person",
        "school_seats", "kindergarten_seats", "clinic", "distance_km",
    ])
    static let siteFlats = TableSchema("site_flats.csv", ["site", "flat_area_m2", "flats"])
    static let relocation = TableSchema("relocation.csv", [
        "id", "kind", "village", "natural_village", "household", "persons", "poor", "year",
    ])
}
