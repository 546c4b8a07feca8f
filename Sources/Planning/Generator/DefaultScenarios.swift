/// The scenario files `tuopin generate` writes into a new county's `scenarios/`, so that
/// `tuopin plan DIR` runs on a generated folder out of the box:
///
/// - `baseline.toml` — an ordinary next year (the year after `county.toml`'s), the funds of
///   `funds.csv` spread evenly over the poor villages (`allocation = "even"`, 平均主义);
/// - `optimised.toml` — the same year with the funds allocated by the optimiser of
///   `tuopin allocate` (`allocation = "optimised"`).
///
/// Both carry the sample county's growth and spread by income source, its local bad harvest
/// (one township in ten), illness and disaster risks, the infrastructure works of the villages
/// planned to exit, and the targets of `county.toml`'s `[[targets]]` for the simulated year (persons
/// and villages exiting) plus the county's exit. They are plain TOML in the schema of
/// `notebooks-data/README.md` ("Scenario files"), for the planner to edit or copy.
public enum DefaultScenarios {
    /// The scenario files for `registry`, generated like `blueprint`, as (file name, UTF-8 bytes),
    /// baseline first. The same registry gives the same bytes.
    public static func files(for registry: CountyRegistry, like blueprint: CountyBlueprint) -> [(name: String, bytes: [UInt8])] {
        [("baseline.toml", Array(text(registry, blueprint, optimised: false).utf8)),
         ("optimised.toml", Array(text(registry, blueprint, optimised: true).utf8))]
    }

    static func text(_ registry: CountyRegistry, _ blueprint: CountyBlueprint, optimised: Bool) -> String {
        let county = registry.county
        let year = county.year + 1
        let shangzhou = blueprint.key == "shangzhou"
        let title = county.englishName.map { "\(county.name) \($0)" } ?? county.name
        var t = "# \(title), \(year) (the registry describes \(county.year)): an ordinary year"
        t += optimised ? ", with the funds allocated by\n# the optimiser (tuopin allocate) instead of spread evenly over the poor villages.\n"
                       : ".\n"
        t += "# Written by `tuopin generate --like \(blueprint.key)`; generate never replaces a scenario file that exists.\n"
        t += "# Schema: notebooks-data/README.md, \"Scenario files\".\n"
        t += "name = \"\(optimised ? "optimised" : "baseline")\"\n\n"
        t += optimised
            ? "# The fund allocation of `tuopin allocate` (persons objective), on the same gap curves.\nallocation = \"optimised\"\n\n"
            : "# Even spreading of the funds in funds.csv (平均主义), the rule the optimised scenario is compared with.\nallocation = \"even\"\n\n"
        t += "# Growth and spread (standard deviation, a fraction of the income) of each source.\n"
        let sources: [(String, growth: String?, spread: String?)] = [
            ("planting", shangzhou ? "0.05" : "0.04", "0.20"), ("migrant", "0.06", "0.20"),
            ("breeding", shangzhou ? "0.04" : "0.05", "0.25"), ("forestry", "0.03", "0.15"),
            ("asset_dividend", nil, "0.10"), ("transfers", "0.05", nil), ("other", "0.02", "0.20"),
        ]
        for (source, growth, spread) in sources {
            t += "[sources.\(source)]\n"
            if let growth { t += "growth = \(growth)\n" }
            if let spread { t += "spread = \(spread)\n" }
        }
        t += """

            # A local bad harvest: each township independently, one year in ten.
            [[shocks]]
            name = "local bad harvest"
            sources = ["planting", "forestry"]
            scope = "township"
            probability = 0.10
            loss = 0.30

            # Serious illness or injury in the family (medical bills, lost work).
            [[risks]]
            name = "serious illness"
            causes = ["illness", "disability"]
            probability = 0.08
            loss_fraction = 0.10
            loss_yuan = 2000

            [[risks]]
            name = "\(shangzhou ? "landslide or flood" : "hail or flood")"
            causes = ["disaster"]
            probability = 0.05
            loss_fraction = 0.30

            # The county completes the infrastructure of the villages planned to exit this year.
            [policy]
            infrastructure_works = "planned"


            """
        t += "# The year's targets: county.toml [[targets]] year = \(year), and the county's exit (摘帽).\n[targets]\n"
        if let target = county.targets.first(where: { $0.year == year }) {
            t += "persons_exit = \(target.persons)\nvillages_exit = \(target.villages)\n"
        }
        t += "county_exit = true\n"
        return t
    }
}
