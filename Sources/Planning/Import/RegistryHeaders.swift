import Tabular

/// The column names county offices write — the national poverty information system's exports and
/// the usual hand-made tables — mapped to tuopin's columns, for CSV files and workbooks alike.
/// Matching ignores spaces, full-width parentheses and a trailing unit such as （元） or (人).
/// The table is documented in notebooks-data/README.md ("Column names as offices write them").
public enum RegistryHeaders {
    /// Office names → tuopin column, by tuopin file; ordinary_households.csv (households never
    /// registered, 排查农户) takes the names of households.csv.
    public static let aliases: [String: [String: String]] = [
        "households.csv": householdAliases,
        "ordinary_households.csv": householdAliases,
        "villages.csv": [
            "村编号": "id", "村代码": "id", "行政村编号": "id",
            "所属乡镇": "township", "乡镇": "township", "所在乡镇": "township",
            "村名称": "name", "村名": "name", "行政村": "name",
            "是否贫困村": "poor", "贫困村": "poor",
            "农业人口": "agricultural_population", "农业人口数": "agricultural_population",
            "自然村数": "natural_villages", "自然村个数": "natural_villages",
            "通硬化路": "road", "通水泥路": "road", "通自来水": "water", "安全饮水": "water", "通动力电": "electricity",
            "通宽带": "broadband", "标准化卫生室": "clinic", "卫生室": "clinic", "学校": "school", "有学校": "school",
            "村集体经济收入": "collective_income", "集体经济收入": "collective_income",
            "计划出列年度": "planned_exit_year", "计划退出年度": "planned_exit_year", "出列年度": "exit_year", "退出年度": "exit_year",
        ],
        "townships.csv": ["乡镇名称": "name", "乡镇": "name", "档次": "tier", "层级": "tier", "英文名": "name_en"],
        "projects.csv": [
            "项目编号": "id", "项目类型": "type", "项目名称": "name", "所属乡镇": "township", "所在村": "village", "实施年度": "year",
            "项目状态": "status", "投资额": "cost", "总投资": "cost", "带动户数": "households", "户均增收": "income_per_household",
            "增收标准差": "income_sd", "规模": "capacity", "单位": "unit",
        ],
        "funds.csv": ["资金编号": "id", "资金名称": "name", "资金类型": "kind", "金额": "amount", "资金规模": "amount",
                      "可用项目类型": "eligible_types", "每村最少": "min_per_village", "每村最多": "max_per_village", "仅限贫困村": "poor_villages_only"],
        "sites.csv": ["安置点编号": "id", "安置点名称": "name", "所属乡镇": "township", "安置方式": "kind", "占地面积": "land_mu",
                      "建筑面积": "building_area_m2", "投资": "cost", "总投资": "cost", "人均补助": "subsidy_per_person",
                      "小学学位": "school_seats", "幼儿园学位": "kindergarten_seats", "卫生室": "clinic", "距离": "distance_km"],
        "site_flats.csv": ["安置点": "site", "安置点编号": "site", "户型面积": "flat_area_m2", "套数": "flats"],
        "relocation.csv": ["搬迁编号": "id", "搬迁方式": "kind", "迁出村": "village", "自然村": "natural_village", "户编号": "household",
                           "搬迁人数": "persons", "是否贫困户": "poor", "搬迁年度": "year"],
    ]

    /// The household files' office names (households.csv and ordinary_households.csv).
    static let householdAliases: [String: String] = [
        "户编号": "id", "户码": "id", "户编码": "id", "户id": "id", "农户编号": "id",
        "所在村": "village", "所属村": "village", "行政村": "village", "村": "village", "村编号": "village", "所在行政村": "village",
        "家庭人口数": "size", "家庭人口": "size", "人口数": "size", "家庭成员数": "size", "户人口数": "size",
        "劳动力人数": "labour", "劳动力数": "labour", "劳动力": "labour",
        "外出务工人数": "migrant_workers", "务工人数": "migrant_workers",
        "户分类": "category", "三类户": "category", "户类型": "category",
        "致贫原因": "cause", "主要致贫原因": "cause",
        "低保五保": "welfare", "兜底保障": "welfare", "低保五保情况": "welfare",
        "识别年度": "registered_year", "识别年份": "registered_year", "纳入年度": "registered_year", "建档立卡年度": "registered_year",
        "脱贫年度": "exit_year", "脱贫年份": "exit_year", "脱贫时间": "exit_year", "标注脱贫年度": "exit_year",
        "家庭纯收入": "income", "家庭年纯收入": "income", "年纯收入": "income", "家庭总纯收入": "income",
        "种植业收入": "planting", "务工收入": "migrant", "工资性收入": "migrant", "养殖业收入": "breeding",
        "林果业收入": "forestry", "光伏收益": "pv_dividend", "公益岗位工资": "ecological_post", "生态护林员工资": "ecological_post",
        "资产收益": "asset_dividend", "资产收益分红": "asset_dividend", "转移性收入": "transfers",
        "义务教育保障": "education", "义务教育": "education", "基本医疗保障": "medical", "基本医疗": "medical",
        "住房安全保障": "housing", "住房安全": "housing", "饮水安全": "water", "安全饮水": "water",
        "合规自付支出": "compliant_spending", "合规自付医疗教育支出": "compliant_spending", "风险类型": "risk", "返贫致贫风险": "risk",
        "纳入监测年度": "monitored_year", "监测年度": "monitored_year",
    ]

    /// Columns offices keep that tuopin does not use: accepted and left out (names and ID numbers
    /// are not copied).
    public static let ignored: Set<String> = [
        "序号", "户主姓名", "姓名", "户主", "证件号码", "身份证号", "身份证号码", "联系电话", "电话", "开户银行", "银行账号", "备注",
        "县", "市", "省", "所属县", "组", "村民小组", "帮扶责任人", "帮扶单位", "人均纯收入",
    ]

    /// Each tuopin file's name as offices name the table (sheet names and file names).
    public static let tableNames: [String: String] = [
        "农户": "households.csv", "贫困户": "households.csv", "户": "households.csv", "户信息": "households.csv", "家庭": "households.csv",
        "村": "villages.csv", "行政村": "villages.csv", "村信息": "villages.csv", "贫困村": "villages.csv",
        "乡镇": "townships.csv", "乡": "townships.csv", "项目": "projects.csv", "项目库": "projects.csv", "资金": "funds.csv",
        "安置点": "sites.csv", "户型": "site_flats.csv", "安置房户型": "site_flats.csv", "搬迁": "relocation.csv",
        "搬迁对象": "relocation.csv", "易地扶贫搬迁": "relocation.csv",
        "一般农户": "ordinary_households.csv", "非贫困户": "ordinary_households.csv", "排查农户": "ordinary_households.csv",
        "边缘户": "ordinary_households.csv",
    ]

    /// A header as matched: spaces, full-width and half-width parentheses with a unit after the
    /// name, and a trailing colon removed; Latin letters lower-cased.
    public static func normalised(_ header: String) -> String {
        var s = header.trimmingSpaces
        for open in ["（", "("] {
            if let r = s.range(of: open), s.hasSuffix(open == "（" ? "）" : ")"), r.lowerBound != s.startIndex { s = String(s[..<r.lowerBound]) }
        }
        s = s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{3000}", with: "")
        if s.hasSuffix("：") || s.hasSuffix(":") { s.removeLast() }
        return s.lowercased()
    }

    /// The tuopin column `header` stands for in `file`: itself when it is one, an office alias, or
    /// nil (unknown). An ignored office column gives "".
    public static func canonical(_ header: String, file: String, columns: [String]) -> String? {
        let n = normalised(header)
        if columns.contains(n) { return n }
        if let c = aliases[file]?[n] ?? aliases[file]?[header.trimmingSpaces] { return c }
        if ignored.contains(n) { return "" }
        return nil
    }

    /// The tuopin file a table (sheet or file name without extension) holds, or nil.
    public static func file(forTable name: String) -> String? {
        let n = normalised(name)
        let english = n.hasSuffix(".csv") ? n : n + ".csv"
        if aliases[english] != nil { return english }
        return tableNames[n]
    }

    /// The known name closest to an unknown header: a tuopin column or an office alias.
    public static func suggestion(for header: String, file: String, columns: [String]) -> String? {
        // Sorted, so that a tie between names at the same distance is broken the same way every run.
        let known = columns + (aliases[file].map { $0.keys.sorted() } ?? [])
        return TOMLKeyLocator.closestKey(to: normalised(header), in: known)
    }
}
