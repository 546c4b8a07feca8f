/// The two sample counties. Every figure marked "published" is from the programme documents
/// (shared/seeds); the others are assumptions, listed in notebooks-data/README.md.
extension CountyBlueprint {
    /// 代县 Dai County, Shanxi, in 2018 (the year of the progress report).
    public static let daixian = CountyBlueprint(
        key: "daixian", name: "代县", englishName: "Dai County", province: "山西省", region: .central, year: 2018,
        povertyLine: 3535,  // assumption: the line used in county exit checks in 2018
        registeredYear: 2014,
        agriculturalPopulation: 172_000, totalPopulation: 216_000,  // published
        townships: [  // names and tiers published; village counts per township assumed (sum 377 / 236 published)
            .init(name: "胡峪乡", englishName: "Huyu Township", tier: 1, villages: 36, poorVillages: 30),
            .init(name: "雁门关乡", englishName: "Yanmenguan Township", tier: 1, villages: 38, poorVillages: 32),
            .init(name: "枣林镇", englishName: "Zaolin Town", tier: 1, villages: 40, poorVillages: 30),
            .init(name: "滩上镇", englishName: "Tanshang Town", tier: 1, villages: 34, poorVillages: 27),
            .init(name: "上磨坊乡", englishName: "Shangmofang Township", tier: 1, villages: 32, poorVillages: 26),
            .init(name: "聂营镇", englishName: "Nieying Town", tier: 1, villages: 30, poorVillages: 25),
            .init(name: "阳明堡镇", englishName: "Yangmingbao Town", tier: 2, villages: 45, poorVillages: 22),
            .init(name: "新高乡", englishName: "Xingao Township", tier: 2, villages: 40, poorVillages: 18),
            .init(name: "峨口镇", englishName: "Ekou Town", tier: 3, villages: 30, poorVillages: 10),
            .init(name: "上馆镇", englishName: "Shangguan Town", tier: 3, villages: 28, poorVillages: 9),
            .init(name: "峪口乡", englishName: "Yukou Township", tier: 3, villages: 24, poorVillages: 7),
        ],
        households: 21_471, persons: 49_417,  // published
        // Published: 8,047 and 8,150 exited in 2016 and 2017 (33,220 remained, 19.3 %, and 196 poor
        // villages at the start of 2018); the 2018 task, 61 villages and 14,000 persons, was met
        // ("今年脱贫的61个村全部达到五有标准"), so the registry of 2018 records it: 19,220 remain.
        exitedPersons: [(2016, 8_047), (2017, 8_150), (2018, 14_000)],
        exitedVillages: [(2017, 40), (2018, 61)],  // published; 135 poor villages remain
        targets: [  // published yearly plan
            YearTarget(year: 2017, villages: 40, persons: 8_150), YearTarget(year: 2018, villages: 61, persons: 14_000),
            YearTarget(year: 2019, villages: 90, persons: 14_000), YearTarget(year: 2020, villages: 45, persons: 6_612),
        ],
        plannedVillageExits: [(2019, 90), (2020, 45)],  // published plan
        dibaoPersons: 1_819, wubaoPersons: 308,  // published: 2,127 safety-net persons
        illnessHouseholds: 5_145, illnessPersons: 9_286,  // published
        earnedShares: (0.35, 0.50, 0.15),  // published (shares of income growth)
        migrantRate: 0.45, migrantWorkers: nil,
        poorVillageShare: 0.85,
        pvHouseholds: 1_563, pvDividend: 3_000, pvInPoorVillagesOnly: false,  // published: 40 MW station
        rangerPosts: 465, rangerWage: 6_000,  // published: 465 of 534 posts
        housingGaps: 480,  // 330 dilapidated houses + 150 cave dwellings (published)
        villagesWithoutWater: 43, villagesWithoutRoad: 17, villagesWithoutClinic: 16,  // published
        villagesWithoutSignal: ["殷家会村", "上阳花村", "下阳花村", "西沟村"],  // published
        villagesWithCollectiveIncome: 309,  // published
        projects: [  // counts by type published (72); costs/reach assumed except the PV lines
            .init(type: .breeding, name: "养殖项目", count: 35, cost: 200_000...800_000, households: 15...60,
                  income: 1_500...3_000, incomeSpread: 0.4, capacity: 50...300, unit: "head", level: .village),
            .init(type: .planting, name: "种植项目", count: 9, cost: 150_000...500_000, households: 20...80,
                  income: 800...2_000, incomeSpread: 0.3, capacity: 100...600, unit: "mu", level: .village),
            .init(type: .processing, name: "农产品加工项目", count: 6, cost: 500_000...2_000_000, households: 40...150,
                  income: 600...1_500, incomeSpread: 0.3, capacity: 500...3_000, unit: "t", level: .township),
            .init(type: .machinery, name: "农机购置项目", count: 13, cost: 80_000...300_000, households: 20...60,
                  income: 400...900, incomeSpread: 0.2, capacity: 2...10, unit: "sets", level: .village),
            .init(type: .assetIncome, name: "村级光伏扶贫电站(100千瓦)", count: 8, cost: 793_000...793_000, households: 0...0,
                  income: 600...1_200, incomeSpread: 0.15, capacity: 100...100, unit: "kW", level: .village),
            .init(type: .pv, name: "宝通光能光伏扶贫电站一期(40兆瓦)", count: 1, cost: 350_000_000...350_000_000,
                  households: 1_563...1_563, income: 3_000...3_000, incomeSpread: 0, capacity: 40_000...40_000, unit: "kW", level: .county),
        ],
        projectsStarted: 59,  // published: 81.9 % started
        funds: [  // amounts assumed except micro-credit (published task 107.1 million yuan)
            .init(name: "中央财政专项扶贫资金", kind: .central, amount: 45_000_000,
                  eligible: [.breeding, .planting, .processing, .machinery, .assetIncome, .pv, .training, .labourTransfer],
                  minPerVillage: nil, maxPerVillage: 2_000_000, poorVillagesOnly: false),
            .init(name: "省级财政专项扶贫资金", kind: .provincial, amount: 18_000_000,
                  eligible: [.breeding, .planting, .processing, .machinery, .assetIncome, .training],
                  minPerVillage: nil, maxPerVillage: 1_000_000, poorVillagesOnly: true),
            .init(name: "县级财政扶贫资金", kind: .county, amount: 12_000_000, eligible: nil,
                  minPerVillage: nil, maxPerVillage: nil, poorVillagesOnly: false),
            .init(name: "统筹整合涉农资金", kind: .integrated, amount: 60_000_000,
                  eligible: [.infrastructure, .planting, .breeding, .machinery, .processing],
                  minPerVillage: nil, maxPerVillage: 3_000_000, poorVillagesOnly: false),
            .init(name: "村集体经济发展资金", kind: .collective, amount: 11_800_000, eligible: [.collective, .assetIncome],
                  minPerVillage: nil, maxPerVillage: 500_000, poorVillagesOnly: true),
            .init(name: "扶贫小额信贷", kind: .credit, amount: 107_100_000, eligible: [.microCredit],
                  minPerVillage: nil, maxPerVillage: nil, poorVillagesOnly: false),
        ],
        sites: [
            .init(name: "滨河移民区(南区二期)", township: "上馆镇", kind: .concentrated,
                  landMu: 540, buildingArea: 36_068.6, cost: 49_401_200,  // published
                  subsidyPerPerson: 25_000,  // published payments: 402.5万 for 161 persons
                  schoolSeats: 500,  // published: 12 classes, 500 pupils
                  kindergartenSeats: 180,  // published 6 classes; 30 per class assumed
                  clinic: true, distanceKm: 3,
                  flats: [(50, 60), (75, 100), (100, 100), (125, 60)]),  // 320 flats published; sizes assumed
            .init(name: "分散安置", township: nil, kind: .dispersed, landMu: 0, buildingArea: 0, cost: 0,
                  subsidyPerPerson: 18_000,  // published payments: 144万 for 80 persons
                  schoolSeats: 0, kindergartenSeats: 0, clinic: false, distanceKm: 0, flats: []),
        ],
        relocationPersons: 9_005, relocationPoorPersons: 6_605,  // published
        wholeVillageNaturalVillages: 79, wholeVillageTownships: 8,  // published
        wholeVillagesByYear: [(2016, 23), (2017, 40), (2018, 16)],  // published
        scatteredVillages: 64,  // published
        wholeVillagePoorShare: 0.6,  // approved lists: 1,690 of 2,837 poor persons in whole villages
        villageStationDividend: 600...1_200,
        earnings: .init(migrantWage: 18_000, wageSpread: 0.2,  // assumed: about 2,000 yuan a month for 9 months
                        plantingWorker: 1, plantingMigrant: 0.3, plantingDependant: 0.15,
                        breedingChance: 0.5, forestryChance: 0.4, forestryWeight: 0.6, sidelineSpread: 0.3,
                        farmSpread: 0.25, villageSpread: 0.2, depthPerPlanYear: 0.15, depthPerTier: 0.1,
                        otherPerPerson: 100...400, pension: 1_200, pensionChance: 0.5),
        registrationDepthPerPlanYear: 0.15, labourDepthPerPlanYear: 0.2, labourRate: 0.62, exitPreference: 3.0, exitNoise: 0.3, noLabourExitBonus: 3, exitedIncomeFloor: 1.5...2.0,
        welfareStandard: 1.1...1.4, welfareNoise: 0.2)
        .with(monitoring: MonitoringPlan(
            rule: MonitoringRule(threshold: 5400, spendingThreshold: 10_000, stableYears: 1, riskProbability: 0.2,
                                 source: "中农发〔2021〕7号《关于健全防止返贫动态监测和帮扶机制的指导意见》: 监测范围 about 1.5 × the poverty standard of the campaign period (5,400 ≈ 1.5 × 3,535); spending threshold, stable years and cut-off are assumptions"),
            screenedShare: 0.1, ordinaryIncomeMedian: 1.8, ordinaryIncomeSigma: 0.35,
            spendingChance: 0.08, spending: 2_000...25_000, disasterChance: 0.02, jobLossChance: 0.03, monitoredChance: 0.05))

    /// 商州区 Shangzhou District, Shaanxi (Qinba mountains, western region), at the end of 2018: the
    /// 2019 documents give the state after the 2018 exits and the 2019 task.
    public static let shangzhou = CountyBlueprint(
        key: "shangzhou", name: "商州区", englishName: "Shangzhou District", province: "陕西省", region: .west, year: 2018,
        povertyLine: 3535,  // assumption: the line used in exit checks in 2018
        registeredYear: 2014,
        agriculturalPopulation: 430_000, totalPopulation: 560_000,  // assumed
        townships: [  // names: the district's towns and subdistricts; tiers and village counts assumed (124 poor published)
            .init(name: "牧护关镇", englishName: "Muhuguan Town", tier: 1, villages: 20, poorVillages: 10), .init(name: "黑山镇", englishName: "Heishan Town", tier: 1, villages: 20, poorVillages: 10),
            .init(name: "杨斜镇", englishName: "Yangxie Town", tier: 1, villages: 20, poorVillages: 10), .init(name: "北宽坪镇", englishName: "Beikuanping Town", tier: 1, villages: 20, poorVillages: 10),
            .init(name: "三岔河镇", englishName: "Sanchahe Town", tier: 1, villages: 20, poorVillages: 10), .init(name: "板桥镇", englishName: "Banqiao Town", tier: 1, villages: 20, poorVillages: 10),
            .init(name: "腰市镇", englishName: "Yaoshi Town", tier: 1, villages: 20, poorVillages: 10),
            .init(name: "大荆镇", englishName: "Dajing Town", tier: 2, villages: 15, poorVillages: 7), .init(name: "麻街镇", englishName: "Majie Town", tier: 2, villages: 15, poorVillages: 7),
            .init(name: "夜村镇", englishName: "Yecun Town", tier: 2, villages: 15, poorVillages: 7), .init(name: "沙河子镇", englishName: "Shahezi Town", tier: 2, villages: 15, poorVillages: 7),
            .init(name: "金陵寺镇", englishName: "Jinlingsi Town", tier: 2, villages: 15, poorVillages: 7), .init(name: "闫村镇", englishName: "Yancun Town", tier: 2, villages: 15, poorVillages: 7),
            .init(name: "杨峪河镇", englishName: "Yangyuhe Town", tier: 2, villages: 15, poorVillages: 7),
            .init(name: "城关街道", englishName: "Chengguan Subdistrict", tier: 3, villages: 9, poorVillages: 2), .init(name: "大赵峪街道", englishName: "Dazhaoyu Subdistrict", tier: 3, villages: 9, poorVillages: 1),
            .init(name: "陈塬街道", englishName: "Chenyuan Subdistrict", tier: 3, villages: 9, poorVillages: 1), .init(name: "刘湾街道", englishName: "Liuwan Subdistrict", tier: 3, villages: 8, poorVillages: 1),
        ],
        households: 25_517, persons: 73_998,  // 53,100 exited (published "5.3万多") + 20,898 remaining (4.86 % published)
        exitedPersons: [(2016, 14_000), (2017, 17_500), (2018, 21_600)],  // split by year assumed
        exitedVillages: [(2017, 30), (2018, 38)],  // 68 published; split assumed
        targets: [YearTarget(year: 2019, villages: 56, persons: 14_000)],  // published
        plannedVillageExits: [(2019, 56)],
        dibaoPersons: 1_700, wubaoPersons: 420,  // assumed
        illnessHouseholds: 4_600, illnessPersons: 9_800,  // assumed
        earnedShares: (0.30, 0.55, 0.15),  // assumed
        migrantRate: 0.7, migrantWorkers: 34_693,  // published: labour transfer of 34,693 poor workers
        poorVillageShare: 0.93,
        pvHouseholds: 20_547, pvDividend: 1_500, pvInPoorVillagesOnly: true,  // households published; dividend assumed
        rangerPosts: 800, rangerWage: 6_000,  // assumed
        housingGaps: 150,
        villagesWithoutWater: 10, villagesWithoutRoad: 8, villagesWithoutClinic: 6,
        villagesWithoutSignal: [],
        villagesWithCollectiveIncome: nil,
        projects: [
            .init(type: .pv, name: "村级光伏扶贫电站", count: 60, cost: 3_000_000...9_000_000, households: 200...500,
                  income: 1_500...1_500, incomeSpread: 0.1, capacity: 500...1_500, unit: "kW", level: .village,
                  totalCapacity: 62_700, totalHouseholds: 20_547),  // published: 60 stations, 62.7 MW, 20,547 households
            .init(type: .fungi, name: "食用菌产业基地", count: 7, cost: 5_000_000...20_000_000, households: 1_500...3_000,
                  income: 2_000...4_000, incomeSpread: 0.5, capacity: 8_000_000...14_000_000, unit: "bags", level: .township,
                  totalCapacity: 80_000_000, totalHouseholds: 16_322),  // published: 80 million bags, 16,322 households
            .init(type: .planting, name: "菊芋订单种植", count: 1, cost: 12_000_000...12_000_000, households: 6_000...6_000,
                  income: 1_200...1_200, incomeSpread: 0.4, capacity: 42_000...42_000, unit: "mu", level: .county),
            .init(type: .planting, name: "果蔬菜药特色种植", count: 20, cost: 200_000...600_000, households: 20...80,
                  income: 800...2_000, incomeSpread: 0.3, capacity: 100...500, unit: "mu", level: .village),
            .init(type: .breeding, name: "土蜂家禽养殖", count: 30, cost: 150_000...600_000, households: 15...50,
                  income: 1_000...2_500, incomeSpread: 0.4, capacity: 50...300, unit: "head", level: .village),
            .init(type: .labourTransfer, name: "贫困劳动力转移就业", count: 1, cost: 3_000_000...3_000_000,
                  households: 18_000...18_000, income: 9_000...9_000, incomeSpread: 0.3, capacity: 34_693...34_693,
                  unit: "persons", level: .county),
            .init(type: .training, name: "实用技术培训", count: 18, cost: 100_000...300_000, households: 100...400,
                  income: 300...800, incomeSpread: 0.5, capacity: 100...400, unit: "persons", level: .township),
        ],
        projectsStarted: 137,
        funds: [
            .init(name: "中省专项扶贫资金", kind: .central, amount: 80_000_000,
                  eligible: [.pv, .fungi, .planting, .breeding, .processing, .training, .labourTransfer],
                  minPerVillage: nil, maxPerVillage: 3_000_000, poorVillagesOnly: false),
            .init(name: "区级财政扶贫资金", kind: .county, amount: 30_000_000, eligible: nil,
                  minPerVillage: nil, maxPerVillage: nil, poorVillagesOnly: false),
            .init(name: "统筹整合涉农资金", kind: .integrated, amount: 120_000_000,
                  eligible: [.infrastructure, .planting, .breeding, .fungi, .processing],
                  minPerVillage: nil, maxPerVillage: 4_000_000, poorVillagesOnly: false),
            // published rule: 300,000 yuan per poor village and 200,000 per other village for the collective economy
            .init(name: "村集体经济注入资金", kind: .collective, amount: 68_400_000, eligible: [.collective],
                  minPerVillage: 200_000, maxPerVillage: 300_000, poorVillagesOnly: false),
            .init(name: "扶贫小额信贷", kind: .credit, amount: 150_000_000, eligible: [.microCredit],
                  minPerVillage: nil, maxPerVillage: nil, poorVillagesOnly: false),
        ],
        sites: [  // assumed
            .init(name: "城区移民安置社区", township: "城关街道", kind: .concentrated, landMu: 200, buildingArea: 70_000,
                  cost: 150_000_000, subsidyPerPerson: 25_000, schoolSeats: 1_000, kindergartenSeats: 270, clinic: true,
                  distanceKm: 2, flats: [(50, 200), (75, 300), (100, 250), (125, 50)]),
            .init(name: "大荆镇移民安置点", township: "大荆镇", kind: .concentrated, landMu: 60, buildingArea: 19_000,
                  cost: 38_000_000, subsidyPerPerson: 25_000, schoolSeats: 300, kindergartenSeats: 90, clinic: true,
                  distanceKm: 35, flats: [(50, 60), (75, 100), (100, 60)]),
            .init(name: "分散安置", township: nil, kind: .dispersed, landMu: 0, buildingArea: 0, cost: 0,
                  subsidyPerPerson: 18_000, schoolSeats: 0, kindergartenSeats: 0, clinic: false, distanceKm: 0, flats: []),
        ],
        relocationPersons: 6_400, relocationPoorPersons: 5_100,  // assumed
        wholeVillageNaturalVillages: 30, wholeVillageTownships: 6,
        wholeVillagesByYear: [(2017, 10), (2018, 12), (2019, 8)],
        scatteredVillages: 45,
        wholeVillagePoorShare: 0.5,
        villageStationDividend: 400...900,
        earnings: .init(migrantWage: 9_000, wageSpread: 0.2,  // assumed: about 1,000 yuan a month for 9 months (much of it local or part-time)
                        plantingWorker: 1, plantingMigrant: 0.5, plantingDependant: 0.2,  // migrants' families keep more land farmed
                        breedingChance: 0.45, forestryChance: 0.45, forestryWeight: 0.6, sidelineSpread: 0.3,
                        farmSpread: 0.25, villageSpread: 0.2, depthPerPlanYear: 0.15, depthPerTier: 0.1,
                        otherPerPerson: 100...400, pension: 1_200, pensionChance: 0.5),
        registrationDepthPerPlanYear: 0.15, labourDepthPerPlanYear: 0.2, labourRate: 0.85, exitPreference: 3.0, exitNoise: 0.3, noLabourExitBonus: 3, exitedIncomeFloor: 1.5...2.0,
        welfareStandard: 1.1...1.4, welfareNoise: 0.2)
}
