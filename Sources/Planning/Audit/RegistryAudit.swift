/// The consistency checks a county poverty-alleviation office runs on its registry (建档立卡数据
/// 核查, the 十查十补-style checks), after the folder has been imported (`CountyFolder.load`).
///
/// Each rule is a `AuditRule` with its id, its wording in Chinese and English, and the source it
/// comes from (a seed document in `shared/seeds/` or the national exit standard, 《关于建立贫困退出
/// 机制的意见》, 中办发〔2016〕16号). notebooks-data/README.md ("Registry audit") lists them.
public enum AuditRule: String, CaseIterable, Sendable {
    /// H01: nobody in the household can work (labour 0) and it receives neither 低保 nor 五保.
    /// Source: Dai County 2019 progress report (seeds/002): 兜底保障, "低保户与贫困户…两线合一,
    /// 政策兜底…应保尽保" — a household without labour must be under the welfare safety net.
    case noLabourNoWelfare = "H01"
    /// H02: main cause illness (因病) while basic medical insurance (`medical`) is not recorded.
    /// Source: seeds/002, 健康扶贫建档立卡 (the illness-poor are the health programme's targets);
    /// 两不愁三保障: 基本医疗有保障.
    case illnessWithoutMedical = "H02"
    /// H03: the household exited (exit_year ≤ the registry's year) while its per-capita net income
    /// is below the poverty line of `county.toml`. Source: national household-exit standard (中办发
    /// 〔2016〕16号): 人均纯收入稳定超过国家扶贫标准.
    case exitedBelowLine = "H03"
    /// H04: the household exited while compulsory education, basic medical care, safe housing or
    /// safe drinking water is not secured. Source: the same standard, 两不愁三保障 (+ 饮水安全).
    case exitedWithoutGuarantees = "H04"
    /// H05: a safety-net household (兜底户) that receives neither 低保 nor 五保. Source: seeds/002,
    /// 兜底保障 / 将低保户纳入建档立卡贫困户兜底扶贫类别.
    case safetyNetWithoutWelfare = "H05"
    /// H06: counts that contradict each other: size < labour, or migrant workers > labour.
    /// `CountyFolder.load` refuses such rows, so on a folder this rule never fires (the folder fails
    /// validation first); it guards registries built in memory.
    case inconsistentCounts = "H06"
    /// H07: registered after it exited (registered_year > exit_year). Refused on import as H06.
    case registeredAfterExit = "H07"
    /// H08: wage income from work (`migrant`, 务工收入) without anyone working (migrant_workers 0), or
    /// workers without any wage income. Source: seeds/001 十查十补, 查贫困户家庭收入核算结果是否真实
    /// (the income accounting must match the household's work).
    case wageIncomeWithoutWorkers = "H08"
    /// H09: main cause schooling (因学) while compulsory-education support (`education`) is not
    /// recorded. Source: seeds/001 十查十补, 查贫困户致贫原因、帮扶措施和享受政策是否准确; seeds/002
    /// 教育扶贫 (the schooling-poor are its targets).
    case schoolingWithoutEducation = "H09"
    /// V01: a village that exited (exit_year ≤ the registry's year) whose incidence (poor persons ÷
    /// agricultural population) is not below the region's threshold (2 %, 3 % in the west).
    /// Source: national village-exit standard (中办发〔2016〕16号): 贫困发生率降至2%以下(西部3%以下).
    case villageExitedAboveThreshold = "V01"
    /// V02: a village that exited while an infrastructure indicator (road, water, electricity,
    /// broadband, clinic, school) is missing. Source: seeds/002, 贫困村整村退出13项指标 (学校、电力、
    /// 互联网 … 住房、医疗、饮水、交通).
    case villageExitedMissingInfrastructure = "V02"

    /// True for the rules about a village row (villages.csv), false for household rows.
    public var isVillageRule: Bool { rawValue.hasPrefix("V") }

    /// Short name of the rule, Chinese.
    public var chinese: String {
        switch self {
        case .noLabourNoWelfare: return "无劳动力未纳入低保五保"
        case .illnessWithoutMedical: return "因病致贫未参加基本医疗保险"
        case .exitedBelowLine: return "已脱贫但人均纯收入低于贫困线"
        case .exitedWithoutGuarantees: return "已脱贫但三保障或饮水安全未落实"
        case .safetyNetWithoutWelfare: return "兜底户未纳入低保五保"
        case .inconsistentCounts: return "家庭人口、劳动力、外出务工人数矛盾"
        case .registeredAfterExit: return "识别年份晚于脱贫年份"
        case .wageIncomeWithoutWorkers: return "务工收入与务工人数不符"
        case .schoolingWithoutEducation: return "因学致贫未落实教育资助"
        case .villageExitedAboveThreshold: return "已退出村贫困发生率未达标"
        case .villageExitedMissingInfrastructure: return "已退出村基础设施缺项"
        }
    }

    /// Short name of the rule, English.
    public var english: String {
        switch self {
        case .noLabourNoWelfare: return "no labour and no dibao/wubao"
        case .illnessWithoutMedical: return "illness without medical insurance"
        case .exitedBelowLine: return "exited below the poverty line"
        case .exitedWithoutGuarantees: return "exited without the guarantees"
        case .safetyNetWithoutWelfare: return "safety net without dibao/wubao"
        case .inconsistentCounts: return "size, labour and migrant counts contradict"
        case .registeredAfterExit: return "registered after exit"
        case .wageIncomeWithoutWorkers: return "wage income and workers disagree"
        case .schoolingWithoutEducation: return "schooling cause without education support"
        case .villageExitedAboveThreshold: return "village exited above the incidence threshold"
        case .villageExitedMissingInfrastructure: return "village exited with infrastructure missing"
        }
    }

    /// Where the rule comes from (seed document or national standard), as printed in reports.
    public var source: String {
        switch self {
        case .noLabourNoWelfare, .safetyNetWithoutWelfare: return "seeds/002 兜底保障, 应保尽保"
        case .illnessWithoutMedical: return "seeds/002 健康扶贫; 两不愁三保障"
        case .exitedBelowLine: return "中办发〔2016〕16号 贫困户退出"
        case .exitedWithoutGuarantees: return "中办发〔2016〕16号 两不愁三保障"
        case .inconsistentCounts, .registeredAfterExit: return "notebooks-data/README.md households.csv"
        case .wageIncomeWithoutWorkers: return "seeds/001 十查十补 查收入核算"
        case .schoolingWithoutEducation: return "seeds/001 十查十补 查享受政策; seeds/002 教育扶贫"
        case .villageExitedAboveThreshold: return "中办发〔2016〕16号 贫困村退出"
        case .villageExitedMissingInfrastructure: return "seeds/002 贫困村整村退出13项指标"
        }
    }
}

/// One finding of the audit: a row of households.csv or villages.csv breaking one rule.
public struct AuditFinding: Sendable, Equatable {
    /// The rule broken.
    public var rule: AuditRule
    /// The file of the row (households.csv or villages.csv as opened; the bare name when the
    /// registry was built in memory).
    public var file: String
    /// One-based CSV line of the row's record; nil when the registry was built in memory.
    public var line: Int?
    /// The household id (household rules) or nil (village rules).
    public var household: String?
    /// The village id (the household's village for household rules).
    public var village: String
    /// What is wrong, Chinese.
    public var messageZH: String
    /// What is wrong, English.
    public var messageEN: String

    /// `file:line` (only `file` when the line is unknown).
    public var location: String { line.map { "\(file):\($0)" } ?? file }
}

/// The result of `RegistryAudit.run`: every finding in file order (households.csv rows, then
/// villages.csv rows), and the counts by rule and by village.
public struct AuditResult: Sendable {
    /// All findings: household rows in registry order (rule order within a row), then village rows.
    public var findings: [AuditFinding]
    /// Households and villages checked.
    public var householdsChecked: Int, villagesChecked: Int

    /// Number of findings of each rule, in the order of `AuditRule.allCases` (zeros included).
    public var countsByRule: [(rule: AuditRule, findings: Int)] {
        var n = [AuditRule: Int]()
        for f in findings { n[f.rule, default: 0] += 1 }
        return AuditRule.allCases.map { ($0, n[$0] ?? 0) }
    }

    /// Number of findings in each village that has any, in order of first appearance in the
    /// villages table (`villageOrder`: the registry's village ids).
    public func countsByVillage(villageOrder: [String]) -> [(village: String, findings: Int)] {
        var n = [String: Int]()
        for f in findings { n[f.village, default: 0] += 1 }
        return villageOrder.compactMap { id in n[id].map { (id, $0) } }
    }
}

/// Runs the rules of `AuditRule` over a registry.
public enum RegistryAudit {
    /// Checks every household and village of `registry` against every rule.
    /// - Parameter rules: the rules to apply (default all).
    /// - Returns: the findings, each naming its file and CSV line when `registry.sourceLines` is set.
    public static func run(_ registry: CountyRegistry, rules: Set<AuditRule> = Set(AuditRule.allCases)) -> AuditResult {
        let hh = registry.households
        let year = registry.county.year
        let line = registry.county.povertyLine
        let lines = registry.sourceLines
        let householdsFile = lines?.householdsFile ?? "households.csv"
        let villagesFile = lines?.villagesFile ?? "villages.csv"
        func villageID(_ v: Int) -> String { registry.villages.indices.contains(v) ? registry.villages[v].id : "" }
        var findings: [AuditFinding] = []
        var poorPersons = [Int](repeating: 0, count: registry.villages.count)
        for h in 0..<hh.count {
            let v = Int(hh.village[h])
            if registry.isPoor(h), poorPersons.indices.contains(v) { poorPersons[v] += Int(hh.size[h]) }
            let rowLine = lines.flatMap { $0.households.indices.contains(h) ? Int($0.households[h]) : nil }
            func add(_ rule: AuditRule, _ zh: String, _ en: String) {
                guard rules.contains(rule) else { return }
                findings.append(AuditFinding(rule: rule, file: householdsFile, line: rowLine, household: hh.ids[h],
                                             village: villageID(v), messageZH: zh, messageEN: en))
            }
            let size = Int(hh.size[h]), labour = Int(hh.labour[h]), migrants = Int(hh.migrantWorkers[h])
            let welfare = hh.welfare[h]
            if labour == 0 && welfare == .none {
                add(.noLabourNoWelfare, "无劳动力(labour 0),未享受低保或五保", "nobody able to work (labour 0) and neither dibao nor wubao")
            }
            if hh.cause[h] == .illness && !hh.medical[h] {
                add(.illnessWithoutMedical, "致贫原因为因病,基本医疗保障未落实(medical 0)", "cause illness but basic medical insurance not recorded (medical 0)")
            }
            let exited = hh.hasExited(h, by: year)
            if exited {
                let perCapita = hh.perCapitaIncome(h)
                if perCapita < line {
                    let yuan = Int(perCapita.rounded(.down))
                    add(.exitedBelowLine, "\(hh.exitYear[h])年已脱贫,人均纯收入 \(yuan) 元低于贫困线 \(Int(line)) 元",
                        "exited in \(hh.exitYear[h]) with per-capita income \(yuan) yuan below the line of \(Int(line)) yuan")
                }
                var missing: [(String, String)] = []
                if !hh.education[h] { missing.append(("义务教育", "education")) }
                if !hh.medical[h] { missing.append(("基本医疗", "medical")) }
                if !hh.housing[h] { missing.append(("住房安全", "housing")) }
                if !hh.water[h] { missing.append(("饮水安全", "water")) }
                if !missing.isEmpty {
                    add(.exitedWithoutGuarantees, "已脱贫但未保障:" + missing.map(\.0).joined(separator: "、"),
                        "exited but not secured: " + missing.map(\.1).joined(separator: ", "))
                }
            }
            if hh.category[h] == .safetyNet && welfare == .none {
                add(.safetyNetWithoutWelfare, "兜底户未享受低保或五保", "safety-net household with neither dibao nor wubao")
            }
            if size < labour || migrants > labour {
                add(.inconsistentCounts, "家庭人口 \(size)、劳动力 \(labour)、外出务工 \(migrants) 人相互矛盾",
                    "size \(size), labour \(labour) and migrant workers \(migrants) contradict (need migrants ≤ labour ≤ size)")
            }
            if hh.exitYear[h] != 0 && hh.registeredYear[h] > hh.exitYear[h] {
                add(.registeredAfterExit, "识别年份 \(hh.registeredYear[h]) 晚于脱贫年份 \(hh.exitYear[h])",
                    "registered in \(hh.registeredYear[h]), after its exit in \(hh.exitYear[h])")
            }
            let wages = hh.income(.migrant, h)
            if (migrants > 0) != (wages > 0) {
                let yuan = Int(wages.rounded(.down))
                add(.wageIncomeWithoutWorkers, "务工人数 \(migrants) 人,务工收入 \(yuan) 元,二者不符",
                    "\(migrants) migrant workers with wage income \(yuan) yuan (need both zero or both positive)")
            }
            if hh.cause[h] == .schooling && !hh.education[h] {
                add(.schoolingWithoutEducation, "致贫原因为因学,义务教育保障未落实(education 0)", "cause schooling but education support not recorded (education 0)")
            }
        }
        let threshold = registry.county.exitThreshold
        for (v, village) in registry.villages.enumerated() {
            guard let exit = village.exitYear, exit <= year else { continue }
            let rowLine = lines.flatMap { $0.villages.indices.contains(v) ? Int($0.villages[v]) : nil }
            func add(_ rule: AuditRule, _ zh: String, _ en: String) {
                guard rules.contains(rule) else { return }
                findings.append(AuditFinding(rule: rule, file: villagesFile, line: rowLine, household: nil, village: village.id,
                                             messageZH: zh, messageEN: en))
            }
            let population = village.agriculturalPopulation
            let incidence = population > 0 ? Double(poorPersons[v]) / Double(population) : (poorPersons[v] > 0 ? 1 : 0)
            if incidence >= threshold {
                let pct = (incidence * 10000).rounded() / 100
                add(.villageExitedAboveThreshold,
                    "\(exit)年已退出,贫困人口 \(poorPersons[v]) 人,发生率 \(pct)% 不低于 \(Int(threshold * 100))%",
                    "exited in \(exit) with \(poorPersons[v]) poor persons, incidence \(pct)% not below \(Int(threshold * 100))%")
            }
            let missing = village.missingInfrastructure
            if !missing.isEmpty {
                add(.villageExitedMissingInfrastructure, "\(exit)年已退出,基础设施缺项:" + missing.map(\.chinese).joined(separator: "、"),
                    "exited in \(exit) with infrastructure missing: " + missing.map(\.column).joined(separator: ", "))
            }
        }
        return AuditResult(findings: findings, householdsChecked: hh.count, villagesChecked: registry.villages.count)
    }
}
