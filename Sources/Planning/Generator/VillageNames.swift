/// Chinese-looking village and natural-village names for synthetic counties.
enum VillageNames {
    static let prefixes = ["王家", "李家", "张家", "刘家", "赵家", "陈家", "杨家", "郭家", "马家", "高家", "胡家", "韩家",
                           "白家", "石家", "田家", "吕家", "孙家", "贾家", "宋家", "段家", "东", "西", "南", "北", "上",
                           "下", "前", "后", "大", "小", "新", "红", "青", "白水", "黄土", "杏花", "枣园", "柳林", "桃园",
                           "梨园", "石门", "龙泉", "凤凰", "马鞍", "卧虎", "龙王", "太平", "安乐", "永和", "丰收"]
    static let suffixes = ["庄", "沟", "峪", "堡", "寨", "坪", "湾", "河", "窑", "岭", "洼", "梁", "口", "台", "营", "坡", "川", "塔"]
    static let naturalSuffixes = ["上庄", "下庄", "前沟", "后沟", "东坡", "西坡", "南洼", "北洼"]

    /// Every prefix+suffix stem (without 村), minus the stems of `reserved` full names.
    static func pool(reserved: Set<String>) -> [String] {
        var out: [String] = []
        for p in prefixes {
            for s in suffixes {
                let stem = p + s
                if !reserved.contains(stem + "村") { out.append(stem) }
            }
        }
        return out
    }

    /// Name of natural village `k` (0-based) of the village named `village`.
    static func natural(_ village: String, _ k: Int) -> String {
        let stem = village.hasSuffix("村") ? String(village.dropLast()) : village
        return stem + naturalSuffixes[k % naturalSuffixes.count] + (k >= naturalSuffixes.count ? "\(k / naturalSuffixes.count + 1)" : "")
    }
}
