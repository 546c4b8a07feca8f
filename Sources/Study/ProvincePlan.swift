import Foundation
import Planning
import Reports
import Simulation
import Tabular

/// The main job on a province: every county's scenarios compared (as `tuopin plan` does for one),
/// and the province's figures summed draw by draw across the counties, so its ranges and the
/// probability that every county exits are joint figures, not sums of ranges.
///
/// County k (0-based, in province.toml's order) simulates with the seed `ProvincePlan.countySeed`
/// (the province's seed mixed with k), so counties do not share random numbers; each county's
/// column equals `tuopin plan COUNTY --seed` with that seed. The province's rows cover the
/// scenarios every county has (matched by name, in the first county's order).
public struct ProvincePlan: Sendable {
    public var province: Province
    /// Each county's name and comparison, in province.toml's order.
    public var counties: [(name: String, run: ComparisonRun)]
    /// The scenarios every county has, by name, and their summed figures.
    public var scenarios: [ProvinceScenario]
    public var settings: StudySettings
    /// `--through`: the last projected year, each county's projection (`tuopin plan COUNTY --through`,
    /// with the county's seed) in province.toml's order, and the province's years; nil/empty without.
    public var through: Int? = nil
    public var countyProjections: [ProjectionReport] = []
    public var years: [ProvinceYear] = []

    /// The seed of county `index`: splitmix64 of seed + index·golden ratio (a bijection, so two
    /// counties never share a seed).
    public static func countySeed(_ seed: UInt64, county index: Int) -> UInt64 {
        var z = seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Runs every county of `province` with `settings` (each with its own seed, the same draws and
    /// draw source, in order) and sums the province's figures draw by draw.
    /// - Throws: the errors of `CountyWorkspace` and `compare` for the first county that fails,
    ///   prefixed by nothing: the errors already name the county's files.
    ///
    /// With `countyShard` (index, count) only the counties k with k mod count = index run: a shard
    /// of the province's counties (with a `.shard` draw source, whose totals the merge needs; the
    /// plan returned then holds those counties only). Each county's runs form the draw source's
    /// group "county k".
    ///
    /// With `through`, every county's scenarios are also projected year by year through that year
    /// (`CountyWorkspace.project`, reusing the county's comparison, with the county's seed: its
    /// by-year section is `tuopin plan COUNTY --through` with that seed), and the province's years
    /// sum them draw by draw (`ProvinceYear`).
    /// - Throws: also `InputError` naming the county's folder when `through` is not one of its
    ///   projection years (its registry's year + 1 … + 30).
    public static func run(_ province: Province, settings: StudySettings, through: Int? = nil, countyShard: (index: Int, count: Int)? = nil,
                           progress: StudyProgress.Handler? = nil) throws -> ProvincePlan {
        var counties: [(name: String, run: ComparisonRun)] = []
        var projections: [ProjectionReport] = []
        for (k, folder) in province.counties.enumerated() {
            if let shard = countyShard, k % shard.count != shard.index { continue }
            settings.drawSource?.beginGroup("county \(k)")
            if let source = settings.drawSource, source.mode == .merged, !source.mergedGroups.contains("county \(k)") {
                throw InputError(file: folder, message: "no part to merge holds this county's draws (county \(k + 1) of province.toml)")
            }
            var countySettings = settings
            countySettings.seed = countySeed(settings.seed, county: k)
            let workspace = try CountyWorkspace(folder: folder)
            if let through, !workspace.projectionYears.contains(through) {
                let years = workspace.projectionYears
                throw InputError(file: folder, message: "--through must be a year from \(years.lowerBound) (the registry's year \(years.lowerBound - 1) + 1) to \(years.upperBound) for this county, found \(through)")
            }
            let run = try workspace.compare(settings: countySettings, progress: progress)
            counties.append((workspace.registry.county.name, run))
            if let through {
                projections.append(try workspace.project(scenarioPaths: run.scenarioPaths, through: through, settings: countySettings,
                                                         progress: progress, reusing: run).report)
            }
        }
        // Counties of one name (generated ones, or two 新城区) are told apart by their folder.
        let names = counties.map(\.name)
        for k in counties.indices where names.filter({ $0 == names[k] }).count > 1 {
            counties[k].name += "（\((province.counties[k] as NSString).lastPathComponent)）"
        }
        var shared: [String] = counties.first?.run.result.scenarios.map(\.name) ?? []
        for county in counties.dropFirst() {
            let names = Set(county.run.result.scenarios.map(\.name))
            shared = shared.filter { names.contains($0) }
        }
        let scenarios = shared.map { name in
            ProvinceScenario(name: name, draws: settings.draws, target: province.countiesExitTarget,
                             results: counties.compactMap { county in
                                 county.run.result.scenarios.firstIndex { $0.name == name }.map { county.run.result.runs[$0].result }
                             })
        }
        var plan = ProvincePlan(province: province, counties: counties, scenarios: scenarios, settings: settings)
        if let through {
            plan.through = through
            plan.countyProjections = projections
            plan.years = ProvinceYear.sum(shared, projections: projections, draws: settings.draws)
        }
        return plan
    }
}

/// One scenario's province figures in one projected year: per-draw sums over the counties'
/// projections (`ProjectionYearResult.drawPoorPersons`, `drawCountyExitedByYear`). Counties whose
/// first projected year is later than `year` (a later registry) are left out of that year.
public struct ProvinceYear: Sendable, Equatable {
    public var scenario: String
    public var year: Int
    /// Σ over counties of poor persons at the end of the year, by draw.
    public var poorPersons: Interval
    /// Counties exited (摘帽: the county's rule held in some year up to this one), by draw.
    public var countiesExitedByYear: Interval
    /// Fraction of draws in which every county has exited by the year.
    public var everyCountyExitedByYear: Double
    /// The counties the year sums.
    public var counties: Int

    /// The years of every shared scenario (in `scenarios`' order), each year from the earliest
    /// first projected year of the counties to the last.
    static func sum(_ scenarios: [String], projections: [ProjectionReport], draws: Int) -> [ProvinceYear] {
        var out: [ProvinceYear] = []
        for name in scenarios {
            let results = projections.compactMap { report in report.projections.first { $0.scenario.name == name }?.result }
            let years = Set(results.flatMap { $0.years.map(\.year) }).sorted()
            for year in years {
                var poor = [Double](repeating: 0, count: draws), exited = poor
                var every = 0
                let rows = results.compactMap { r in r.years.first { $0.year == year } }
                for d in 0..<draws {
                    var p = 0, c = 0
                    for row in rows where d < row.drawPoorPersons.count {
                        p += row.drawPoorPersons[d]
                        c += row.drawCountyExitedByYear[d] ? 1 : 0
                    }
                    poor[d] = Double(p)
                    exited[d] = Double(c)
                    if c == rows.count { every += 1 }
                }
                out.append(ProvinceYear(scenario: name, year: year, poorPersons: Interval(poor), countiesExitedByYear: Interval(exited),
                                        everyCountyExitedByYear: Double(every) / Double(draws), counties: rows.count))
            }
        }
        return out
    }
}

/// One scenario's province figures: per-draw sums over the counties.
public struct ProvinceScenario: Sendable, Equatable {
    public var name: String
    /// Σ over counties of poor persons, persons exiting, villages exiting, counties exiting (0/1
    /// each), by draw.
    public var poorPersons: Interval
    public var exitingPersons: Interval
    public var villagesExiting: Interval
    public var countiesExiting: Interval
    /// Fraction of draws in which every county exits.
    public var everyCountyExitProbability: Double
    /// Fraction of draws in which at least the target number of counties exits; nil without a target.
    public var targetProbability: Double?

    /// Sums `results` (one per county, same draws) draw by draw.
    init(name: String, draws: Int, target: Int?, results: [SimulationResult]) {
        self.name = name
        var poor = [Double](repeating: 0, count: draws), exiting = poor, villages = poor, counties = poor
        var every = 0, met = 0
        for d in 0..<draws {
            var p = 0, e = 0, v = 0, c = 0
            for r in results where d < r.perDraw.count {
                let o = r.perDraw[d]
                p += o.poorPersons; e += o.exitingPersons; v += o.villagesExiting; c += o.countyExit ? 1 : 0
            }
            poor[d] = Double(p); exiting[d] = Double(e); villages[d] = Double(v); counties[d] = Double(c)
            if c == results.count { every += 1 }
            if let target, c >= target { met += 1 }
        }
        self.name = name
        poorPersons = Interval(poor)
        exitingPersons = Interval(exiting)
        villagesExiting = Interval(villages)
        countiesExiting = Interval(counties)
        everyCountyExitProbability = Double(every) / Double(draws)
        targetProbability = target.map { _ in Double(met) / Double(draws) }
    }
}

extension ProvincePlan {
    /// The province table (one row per shared scenario) and the by-county table (one row per
    /// county and scenario).
    public var tables: [ReportTable] {
        var province = ReportTable(
            key: "province", title: ("\(self.province.name)：各方案全省汇总（\(settings.draws) 次模拟）", "\(self.province.name): scenarios summed over the counties (\(settings.draws) draws)"),
            columns: [("方案", "scenario"), ("贫困人口", "poor persons"), ("5%", "5%"), ("95%", "95%"),
                      ("脱贫人口", "persons exiting"), ("出列村", "villages exiting"), ("摘帽县", "counties exiting"),
                      ("全部摘帽概率", "P(every county exits)")],
            rows: [])
        if self.province.countiesExitTarget != nil { province.columns.append(("达到摘帽目标概率", "P(counties target met)")) }
        for s in scenarios {
            var row: [Cell] = [.text(s.name), .number(s.poorPersons.mean, 0), .number(s.poorPersons.p05, 0), .number(s.poorPersons.p95, 0),
                               .number(s.exitingPersons.mean, 0), .number(s.villagesExiting.mean, 1), .number(s.countiesExiting.mean, 2),
                               .percent(s.everyCountyExitProbability, 1)]
            if let t = s.targetProbability { row.append(.percent(t, 1)) }
            province.rows.append(row)
        }
        var byCounty = ReportTable(
            key: "by_county", title: ("分县", "By county"),
            columns: [("县", "county"), ("方案", "scenario"), ("贫困人口", "poor persons"), ("5%", "5%"), ("95%", "95%"),
                      ("摘帽概率", "P(county exit)")],
            rows: [])
        for county in counties {
            for (k, scenario) in county.run.result.scenarios.enumerated() {
                let r = county.run.result.runs[k].result
                byCounty.rows.append([.text(county.name), .text(scenario.name), .number(r.poorPersons.mean, 0),
                                      .number(r.poorPersons.p05, 0), .number(r.poorPersons.p95, 0), .percent(r.countyExitProbability, 1)])
            }
        }
        guard through != nil else { return [province, byCounty] }
        let years = ReportTable(
            key: "province_by_year", title: ("\(self.province.name)：逐年全省汇总", "\(self.province.name): year by year, summed over the counties"),
            columns: [("方案", "scenario"), ("年份", "year"), ("贫困人口", "poor persons"), ("5%", "5%"), ("95%", "95%"),
                      ("已摘帽县", "counties exited by the year"), ("全部摘帽概率", "P(every county exited by the year)")],
            rows: self.years.map { y in
                [.text(y.scenario), .int(y.year), .number(y.poorPersons.mean, 0), .number(y.poorPersons.p05, 0), .number(y.poorPersons.p95, 0),
                 .number(y.countiesExitedByYear.mean, 2), .percent(y.everyCountyExitedByYear, 1)]
            })
        var byCountyYear = ReportTable(
            key: "by_county_year", title: ("分县逐年", "By county, year by year"),
            columns: [("县", "county"), ("方案", "scenario"), ("年份", "year"), ("贫困人口", "poor persons"), ("5%", "5%"), ("95%", "95%"),
                      ("摘帽概率(截至当年)", "P(county exited by the year)")],
            rows: [])
        for (k, report) in countyProjections.enumerated() {
            for projection in report.projections {
                for y in projection.result.years {
                    byCountyYear.rows.append([.text(counties[k].name), .text(projection.scenario.name), .int(y.year), .number(y.poorPersons.mean, 0),
                                              .number(y.poorPersons.p05, 0), .number(y.poorPersons.p95, 0), .percent(y.countyExitByYear, 1)])
                }
            }
        }
        return [province, byCounty, years, byCountyYear]
    }

    /// The JSON of `tuopin plan PROVINCE --format json`: `province`, `draws`, `seed`, `counties`
    /// (name, seed, folder), `scenarios` (name, `poor_persons`, `exiting_persons`,
    /// `villages_exiting`, `counties_exiting` as {mean, p05, p95, standard_error},
    /// `every_county_exit_probability`, `counties_exit_target_probability` when a target is set),
    /// and `by_county` (county, scenario, `poor_persons`, `county_exit_probability`); with
    /// `--through` also `through`, `years` (scenario, year, `counties`, `poor_persons`,
    /// `counties_exited_by_year`, `every_county_exited_by_year_probability`) and `by_county_year`
    /// (county, scenario, year, `poor_persons`, `county_exit_by_year_probability`).
    public var json: JSON {
        func interval(_ i: Interval) -> JSON {
            .object([("mean", .number(i.mean)), ("p05", .number(i.p05)), ("p95", .number(i.p95)), ("standard_error", .number(i.standardError))])
        }
        let counties: [JSON] = self.counties.enumerated().map { k, c in
            .object([("name", .string(c.name)), ("folder", .string(province.counties[k])),
                     ("seed", .string(String(ProvincePlan.countySeed(settings.seed, county: k))))])
        }
        let scenarios: [JSON] = self.scenarios.map { s in
            var fields: [(String, JSON)] = [("name", .string(s.name)), ("poor_persons", interval(s.poorPersons)),
                                            ("exiting_persons", interval(s.exitingPersons)), ("villages_exiting", interval(s.villagesExiting)),
                                            ("counties_exiting", interval(s.countiesExiting)),
                                            ("every_county_exit_probability", .number(s.everyCountyExitProbability))]
            if let t = s.targetProbability { fields.append(("counties_exit_target_probability", .number(t))) }
            return .object(fields)
        }
        var byCounty: [JSON] = []
        for c in self.counties {
            for (k, scenario) in c.run.result.scenarios.enumerated() {
                let r = c.run.result.runs[k].result
                byCounty.append(.object([("county", .string(c.name)), ("scenario", .string(scenario.name)),
                                         ("poor_persons", interval(r.poorPersons)), ("county_exit_probability", .number(r.countyExitProbability))]))
            }
        }
        var top: [(String, JSON)] = [("province", .string(province.name)), ("draws", .int(settings.draws)),
                                     ("seed", .string(String(settings.seed))), ("counties", .array(counties)),
                                     ("scenarios", .array(scenarios)), ("by_county", .array(byCounty))]
        if let target = province.countiesExitTarget { top.append(("counties_exit_target", .int(target))) }
        if let through {
            top.append(("through", .int(through)))
            top.append(("years", .array(years.map { y in
                .object([("scenario", .string(y.scenario)), ("year", .int(y.year)), ("counties", .int(y.counties)),
                         ("poor_persons", interval(y.poorPersons)), ("counties_exited_by_year", interval(y.countiesExitedByYear)),
                         ("every_county_exited_by_year_probability", .number(y.everyCountyExitedByYear))])
            })))
            var rows: [JSON] = []
            for (k, report) in countyProjections.enumerated() {
                for projection in report.projections {
                    for y in projection.result.years {
                        rows.append(.object([("county", .string(self.counties[k].name)), ("scenario", .string(projection.scenario.name)),
                                             ("year", .int(y.year)), ("poor_persons", interval(y.poorPersons)),
                                             ("county_exit_by_year_probability", .number(y.countyExitByYear))]))
                    }
                }
            }
            top.append(("by_county_year", .array(rows)))
        }
        return .object(top)
    }
}
