import Foundation

/// A hand-made county for the monitoring tests (`tuopin monitor`), whose probabilities are known in
/// closed form: no growth, no spread, and (with a transitory share of 0) no residual, so every
/// household's income next year is this year's, except that households whose cause is `illness`
/// lose all of it with probability `illnessProbability`, and those whose cause is `disability` with
/// probability `disabilityProbability` (the scenario's two risks). Registry year
/// 2020, line 4,000, monitoring threshold 6,000 yuan a person, spending threshold 10,000 yuan,
/// stable years 2, cut-off 0.2. The planted households and what the rules make of them in 2021:
///
/// | id | file | per capita | what | expected |
/// | --- | --- | --- | --- | --- |
/// | P1–P5 | households, poor | 1,500–3,000 | registered poor (P5: 4,500, above the line) | not examined |
/// | E1 | households, exited 2019 | 5,500 | below the threshold | unstable |
/// | E2 | households, exited, monitored since 2017, 2 workers | 9,000 | nothing left | risk eliminated |
/// | E3 | as E2, no worker | 9,000 | cannot work | unstable, refused `cannot_work` |
/// | E4 | as E2, monitored since 2020 | 9,000 | too recent | unstable, refused `too_recent` |
/// | E5 | households, exited, illness | 8,000 | P(below) = p | sudden hardship |
/// | E6 | households, exited, disability | 12,000 | P(below) = q < cut-off | not listed (an exclusion) |
/// | O1 | ordinary, illness | 7,000 | P(below) = p | sudden hardship |
/// | O2 | ordinary | 5,000 | below the threshold | marginal |
/// | O3 | ordinary, spending 12,000 | 7,000 | rigid spending, 1,000 left a person | sudden hardship |
/// | O4 | ordinary, risk disaster | 8,000 | recorded risk | sudden hardship |
/// | O5 | ordinary | 10,000 | nothing | not listed |
public enum MonitoringFixture {
    /// Probability of the illness risk in the fixture's scenario.
    public static let illnessProbability = 0.3
    /// Probability of the disability risk (below the cut-off: its households are not listed).
    public static let disabilityProbability = 0.1

    /// Writes the county folder (with `scenarios/baseline.toml`) into a new temporary folder; `monitoring`
    /// false leaves out the `[monitoring]` table.
    public static func write(monitoring: Bool = true) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-monitor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var county = """
            name = "测试县"
            name_en = "Test County"
            region = "central"
            year = 2020
            poverty_line = 4000
            agricultural_population = 1000

            """
        if monitoring {
            county += """

                [monitoring]
                threshold = 6000
                spending_threshold = 10000
                stable_years = 2
                risk_probability = 0.2
                source = "hand-made test county"

                """
        }
        try put("county.toml", county)
        try put("townships.csv", "name,tier,name_en\n一乡,1,Yi Township\n")
        try put("villages.csv", """
            id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income,planned_exit_year,exit_year
            V1,一乡,一村,1,600,1,1,1,1,1,1,1,0,2021,
            V2,一乡,二村,0,400,1,1,1,1,1,1,1,0,,

            """)
        let header = "id,village,size,labour,migrant_workers,category,cause,welfare,registered_year,exit_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water,compliant_spending,risk,monitored_year\n"
        /// A row whose whole income is transfers (no earned income: no residual spread either way).
        func row(_ id: String, _ village: String, size: Int, labour: Int, cause: String, registered: String, exit: String,
                 perCapita: Double, planting: Double = 0, spending: Double = 0, risk: String = "", monitored: String = "", migrants: Int = 0) -> String {
            let income = perCapita * Double(size)
            let transfers = income - planting
            return "\(id),\(village),\(size),\(labour),\(migrants),\(registered.isEmpty ? "" : "standard"),\(cause),none,\(registered),\(exit),\(Int(income)),\(Int(planting)),0,0,0,0,0,0,\(Int(transfers)),1,1,1,1,\(Int(spending)),\(risk),\(monitored)\n"
        }
        var households = header
        households += row("P1", "V1", size: 3, labour: 2, cause: "lack_skills", registered: "2016", exit: "", perCapita: 1500, planting: 3000, migrants: 1)
        households += row("P2", "V1", size: 4, labour: 2, cause: "lack_capital", registered: "2016", exit: "", perCapita: 2000, planting: 6000)
        households += row("P3", "V1", size: 2, labour: 1, cause: "lack_skills", registered: "2017", exit: "", perCapita: 2500, planting: 2000)
        households += row("P4", "V2", size: 5, labour: 3, cause: "lack_land", registered: "2016", exit: "", perCapita: 3000, planting: 9000, migrants: 2)
        households += row("P5", "V2", size: 2, labour: 2, cause: "lack_skills", registered: "2017", exit: "", perCapita: 4500, planting: 5000)
        households += row("E1", "V1", size: 3, labour: 2, cause: "lack_skills", registered: "2016", exit: "2019", perCapita: 5500, planting: 4000)
        households += row("E2", "V1", size: 2, labour: 2, cause: "lack_skills", registered: "2016", exit: "2018", perCapita: 9000, monitored: "2017")
        households += row("E3", "V1", size: 2, labour: 0, cause: "lack_labour", registered: "2016", exit: "2018", perCapita: 9000, monitored: "2017")
        households += row("E4", "V2", size: 2, labour: 1, cause: "lack_skills", registered: "2016", exit: "2018", perCapita: 9000, monitored: "2020")
        households += row("E5", "V2", size: 4, labour: 2, cause: "illness", registered: "2016", exit: "2019", perCapita: 8000)
        households += row("E6", "V2", size: 3, labour: 2, cause: "disability", registered: "2016", exit: "2018", perCapita: 12000, planting: 10000, migrants: 1)
        try put("households.csv", households)
        var ordinary = header
        ordinary += row("O1", "V1", size: 4, labour: 2, cause: "illness", registered: "", exit: "", perCapita: 7000)
        ordinary += row("O2", "V1", size: 3, labour: 2, cause: "", registered: "", exit: "", perCapita: 5000)
        ordinary += row("O3", "V2", size: 2, labour: 1, cause: "", registered: "", exit: "", perCapita: 7000, spending: 12000, risk: "medical")
        ordinary += row("O4", "V2", size: 3, labour: 2, cause: "", registered: "", exit: "", perCapita: 8000, risk: "disaster")
        ordinary += row("O5", "V2", size: 2, labour: 2, cause: "", registered: "", exit: "", perCapita: 10000)
        try put("ordinary_households.csv", ordinary)
        try put("projects.csv", """
            id,type,name,township,village,year,status,cost,households,income_per_household,income_sd,capacity,unit
            J1,breeding,养殖,一乡,V1,2020,planned,100000,10,1500,0,0,head
            J2,pv,光伏,一乡,V1,2020,planned,300000,20,1000,0,0,kW

            """)
        try put("funds.csv", """
            id,name,kind,amount,eligible_types,min_per_village,max_per_village,poor_villages_only
            F1,衔接资金,central,30000,*,,,0

            """)
        try put("scenarios/baseline.toml", """
            name = "baseline"
            allocation = "even"

            [[risks]]
            name = "serious illness"
            causes = ["illness"]
            probability = \(illnessProbability)
            loss_fraction = 1.0

            [[risks]]
            name = "disability"
            causes = ["disability"]
            probability = \(disabilityProbability)
            loss_fraction = 1.0

            """)
        return folder.path
    }
}
