import Foundation

/// Writes a registry back to the files of a county folder (the same schema the importer reads),
/// deterministically: the same registry gives the same bytes.
public enum CountyWriter {
    /// The files of the folder as (file name, UTF-8 bytes), in a fixed order.
    public static func files(_ r: CountyRegistry) -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = [("county.toml", Array(countyTOML(r.county).utf8))]
        out.append(("townships.csv", townships(r)))
        out.append(("villages.csv", villages(r)))
        out.append(("households.csv", households(r, r.households)))
        if r.ordinaryHouseholds.count > 0 { out.append(("ordinary_households.csv", households(r, r.ordinaryHouseholds))) }
        out.append(("projects.csv", projects(r)))
        out.append(("funds.csv", funds(r)))
        out.append(("sites.csv", sites(r)))
        out.append(("site_flats.csv", siteFlats(r)))
        out.append(("relocation.csv", relocation(r)))
        return out
    }

    static func countyTOML(_ c: County) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var t = "# County of the registry; see notebooks-data/README.md for every key.\n"
        t += "name = \(quoted(c.name))\n"
        if let e = c.englishName { t += "name_en = \(quoted(e))\n" }
        if let p = c.province { t += "province = \(quoted(p))\n" }
        t += "region = \(quoted(c.region.rawValue))  # east | central | west: exit threshold 2 % (3 % in the west)\n"
        t += "year = \(c.year)\n"
        var line = ByteText()
        line.number(c.povertyLine)
        t += "poverty_line = \(String(decoding: line.bytes, as: UTF8.self))  # yuan per person per year\n"
        t += "agricultural_population = \(c.agriculturalPopulation)\n"
        if let p = c.totalPopulation { t += "total_population = \(p)\n" }
        for target in c.targets {
            t += "\n[[targets]]\nyear = \(target.year)\nvillages = \(target.villages)\npersons = \(target.persons)\n"
        }
        if let m = c.monitoring {
            func number(_ v: Double) -> String { var b = ByteText(); b.number(v); return String(decoding: b.bytes, as: UTF8.self) }
            t += "\n# The monitoring rule of the transition period (防返贫动态监测); see notebooks-data/README.md.\n[monitoring]\n"
            t += "threshold = \(number(m.threshold))  # yuan per person per year\n"
            if let s = m.spendingThreshold { t += "spending_threshold = \(number(s))  # yuan of compliant out-of-pocket spending per household over 12 months\n" }
            t += "stable_years = \(m.stableYears)\n"
            t += "risk_probability = \(number(m.riskProbability))\n"
            if let s = m.source { t += "source = \(quoted(s))\n" }
            for y in m.years {
                t += "\n[[monitoring.years]]\nyear = \(y.year)\nthreshold = \(number(y.threshold))\n"
                if let s = y.spendingThreshold { t += "spending_threshold = \(number(s))\n" }
            }
        }
        return t
    }

    static func townships(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText()
        w.header(Schemas.townships.columns)
        for t in r.townships {
            w.field(t.name); w.comma(); w.int(t.tier); w.comma()
            if let english = t.englishName { w.field(english) }
            w.newline()
        }
        return w.bytes
    }

    static func villages(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText(capacity: r.villages.count * 80)
        w.header(Schemas.villages.columns)
        for v in r.villages {
            w.field(v.id); w.comma(); w.field(r.townships[v.township].name); w.comma(); w.field(v.name); w.comma()
            w.flag(v.isPoor); w.comma(); w.int(v.agriculturalPopulation); w.comma(); w.int(v.naturalVillages); w.comma()
            for f in [v.road, v.water, v.electricity, v.broadband, v.clinic, v.school] { w.flag(f); w.comma() }
            w.number(v.collectiveIncome); w.comma()
            if let y = v.plannedExitYear { w.int(y) }
            w.comma()
            if let y = v.exitYear { w.int(y) }
            w.newline()
        }
        return w.bytes
    }

    /// A household file: households.csv, or ordinary_households.csv (blank registration years for
    /// households never registered). The monitoring columns are written when the table has them.
    static func households(_ r: CountyRegistry, _ h: HouseholdTable) -> [UInt8] {
        var w = ByteText(capacity: h.count * 110)
        let monitoring = h.hasMonitoringColumns
        w.header(Schemas.householdColumns(monitoring: monitoring))
        let villageIDs = r.villages.map(\.id)
        let stored = IncomeSource.stored.map(\.rawValue)
        for i in 0..<h.count {
            w.field(h.ids[i]); w.comma(); w.field(villageIDs[Int(h.village[i])]); w.comma()
            w.int(Int(h.size[i])); w.comma(); w.int(Int(h.labour[i])); w.comma(); w.int(Int(h.migrantWorkers[i])); w.comma()
            w.text(h.category[i].rawValue); w.comma(); w.text(h.cause[i].rawValue); w.comma(); w.text(h.welfare[i].rawValue); w.comma()
            if h.registeredYear[i] != 0 { w.int(Int(h.registeredYear[i])) }
            w.comma()
            if h.exitYear[i] != 0 { w.int(Int(h.exitYear[i])) }
            w.comma()
            w.number(h.income[i])
            for k in stored { w.comma(); w.number(h.sourceIncome[k][i]) }
            for f in [h.education[i], h.medical[i], h.housing[i], h.water[i]] { w.comma(); w.flag(f) }
            if monitoring {
                w.comma(); w.number(h.compliantSpending(i)); w.comma()
                w.text(MonitoringRisk.list(h.risks(i)).map(\.rawValue).joined(separator: ";")); w.comma()
                if let y = h.monitoredYear(i) { w.int(y) }
            }
            w.newline()
        }
        return w.bytes
    }

    static func projects(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText()
        let categories = r.projects.contains { $0.category != $0.type.defaultCategory }
        w.header(categories ? Schemas.projects.columns : Schemas.projects.columns.filter { $0 != "category" })
        for p in r.projects {
            w.field(p.id); w.comma(); w.text(p.type.rawValue); w.comma(); w.field(p.name); w.comma()
            if let t = p.township { w.field(r.townships[t].name) }
            w.comma()
            if let v = p.village { w.field(r.villages[v].id) }
            w.comma()
            w.int(p.year); w.comma(); w.text(p.status.rawValue); w.comma(); w.number(p.cost); w.comma(); w.int(p.households); w.comma()
            w.number(p.incomePerHousehold); w.comma(); w.number(p.incomeSD); w.comma(); w.number(p.capacity); w.comma(); w.field(p.unit)
            if categories { w.comma(); w.text(p.category.rawValue) }
            w.newline()
        }
        return w.bytes
    }

    static func funds(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText()
        let rules = r.funds.contains { $0.shareRule != nil }
        w.header(rules ? Schemas.funds.columns : Schemas.funds.columns.filter { $0 != "share_category" && $0 != "min_share" })
        for f in r.funds {
            w.field(f.id); w.comma(); w.field(f.name); w.comma(); w.text(f.kind.rawValue); w.comma(); w.number(f.amount); w.comma()
            if let types = f.eligibleTypes {
                w.text(ProjectType.allCases.filter { types.contains($0) }.map(\.rawValue).joined(separator: ";"))
            } else {
                w.text("*")
            }
            w.comma()
            if let m = f.minPerVillage { w.number(m) }
            w.comma()
            if let m = f.maxPerVillage { w.number(m) }
            w.comma(); w.flag(f.poorVillagesOnly)
            if rules {
                w.comma()
                if let rule = f.shareRule { w.text(rule.category.rawValue); w.comma(); w.number(rule.minimumShare) } else { w.comma() }
            }
            w.newline()
        }
        return w.bytes
    }

    static func sites(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText()
        w.header(Schemas.sites.columns)
        for s in r.sites {
            w.field(s.id); w.comma(); w.field(s.name); w.comma()
            if let t = s.township { w.field(r.townships[t].name) }
            w.comma(); w.text(s.kind.rawValue); w.comma(); w.number(s.landMu); w.comma(); w.number(s.buildingArea); w.comma()
            w.number(s.cost); w.comma(); w.number(s.subsidyPerPerson); w.comma(); w.int(s.schoolSeats); w.comma()
            w.int(s.kindergartenSeats); w.comma(); w.flag(s.hasClinic); w.comma(); w.number(s.distanceKm); w.newline()
        }
        return w.bytes
    }

    static func siteFlats(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText()
        w.header(Schemas.siteFlats.columns)
        for s in r.sites {
            for f in s.flats { w.field(s.id); w.comma(); w.number(f.area); w.comma(); w.int(f.count); w.newline() }
        }
        return w.bytes
    }

    static func relocation(_ r: CountyRegistry) -> [UInt8] {
        var w = ByteText(capacity: r.relocation.count * 50)
        w.header(Schemas.relocation.columns)
        for m in r.relocation {
            w.field(m.id); w.comma(); w.text(m.kind.rawValue); w.comma(); w.field(r.villages[m.village].id); w.comma()
            w.field(m.naturalVillage); w.comma()
            if let hh = m.household { w.field(r.households.ids[hh]) }
            w.comma(); w.int(m.persons); w.comma(); w.flag(m.isPoor); w.comma(); w.int(m.year); w.newline()
        }
        return w.bytes
    }

    /// Writes the folder without ever leaving it half-written: all files go into a temporary folder
    /// beside `path` first. A new folder is then renamed into place in one step; into an existing
    /// folder each file is renamed over its old version (other files there are kept).
    ///
    /// `scenarios` (file name, bytes) go into `scenarios/`: all of them in a new folder; in an
    /// existing folder only those whose name is not taken yet, so a planner's edited scenario is
    /// never replaced.
    /// - Throws: `CocoaError`/POSIX errors from the file system, with the temporary folder removed.
    public static func write(_ r: CountyRegistry, to path: String, scenarios: [(name: String, bytes: [UInt8])] = []) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temporary)
        try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        let contents = files(r)
        do {
            for (name, bytes) in contents {
                try Data(bytes).write(to: temporary.appendingPathComponent(name))
            }
            let temporaryScenarios = temporary.appendingPathComponent("scenarios")
            if !scenarios.isEmpty {
                try fm.createDirectory(at: temporaryScenarios, withIntermediateDirectories: false)
                for (name, bytes) in scenarios { try Data(bytes).write(to: temporaryScenarios.appendingPathComponent(name)) }
            }
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: target.path])
                }
                for (name, _) in contents {
                    let from = temporary.appendingPathComponent(name).path
                    let to = target.appendingPathComponent(name).path
                    if rename(from, to) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                }
                if !scenarios.isEmpty {
                    let targetScenarios = target.appendingPathComponent("scenarios")
                    try fm.createDirectory(at: targetScenarios, withIntermediateDirectories: true)
                    for (name, _) in scenarios where !fm.fileExists(atPath: targetScenarios.appendingPathComponent(name).path) {
                        let from = temporaryScenarios.appendingPathComponent(name).path
                        if rename(from, targetScenarios.appendingPathComponent(name).path) != 0 {
                            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                        }
                    }
                }
                try fm.removeItem(at: temporary)
            } else if rename(temporary.path, target.path) != 0 {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }
}
