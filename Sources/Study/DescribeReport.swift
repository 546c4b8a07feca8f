import Foundation
import Reports
import Planning

/// Turns a `CountyProfile` into the printed tables and the JSON of `tuopin describe`.
public struct DescribeReport: Sendable {
    /// The county's profile (`CountyProfile` of the registry).
    public var profile: CountyProfile
    /// The labels' language.
    public var lang: Language

    public init(profile: CountyProfile, lang: Language) {
        self.profile = profile
        self.lang = lang
    }

    func label(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }

    /// One line: the county, its poor persons and households, incidence, registered persons, poor villages and the line.
    public func headline() -> String {
        let p = profile
        let name = lang == .zh ? p.county.name : (p.county.englishName ?? p.county.name)
        return label(
            "\(name) \(p.county.year)年:贫困人口 \(p.poorPersons) 人(\(p.poorHouseholds) 户),贫困发生率 \(String(format: "%.2f", p.incidence * 100))%;建档立卡 \(p.registeredPersons) 人(\(p.households) 户,\(String(format: "%.1f", p.registeredIncidence * 100))%);贫困村 \(p.poorVillages)/\(p.villages);贫困线 \(NumberFormat.whole(p.county.povertyLine, grouped: false)) 元",
            "\(name) \(p.county.year): \(p.poorPersons) poor persons in \(p.poorHouseholds) households, incidence \(String(format: "%.2f", p.incidence * 100))%; registered \(p.registeredPersons) persons in \(p.households) households (\(String(format: "%.1f", p.registeredIncidence * 100))%); \(p.poorVillages) of \(p.villages) villages poor; line \(NumberFormat.whole(p.county.povertyLine, grouped: false)) yuan")
    }

    /// The profile in `format`: the JSON of the CLI contract, the tables as CSV blocks, or the
    /// headline and the tables as Markdown or aligned text (HTML: text; `describe` offers no page).
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .json: return json().rendered()
        case .csv, .excelCSV: return tables().map { $0.csv(lang) }.joined(separator: "\n")
        case .markdown: return "# " + headline() + "\n" + tables().map { $0.markdown(lang) }.joined(separator: "\n")
        case .text, .html: return headline() + "\n" + tables().map { $0.text(lang) }.joined(separator: "\n")
        }
    }

    /// The profile as printed tables, in the order `describe` prints them.
    public func tables() -> [ReportTable] {
        let p = profile
        var out: [ReportTable] = []
        out.append(ReportTable(
            key: "by_township", title: ("各乡镇贫困人口与发生率", "Poor persons and incidence by township"),
            columns: [("乡镇", "township"), ("梯次", "tier"), ("行政村", "villages"), ("贫困村", "poor villages"),
                      ("农业人口", "agricultural pop."), ("建档立卡人口", "registered"), ("贫困户", "poor households"),
                      ("贫困人口", "poor persons"), ("发生率", "incidence")],
            rows: p.byTownship.map { [.text(lang == .en ? $0.englishName ?? $0.township : $0.township), .int($0.tier), .int($0.villages), .int($0.poorVillages),
                                      .int($0.agriculturalPopulation), .int($0.registeredPersons), .int($0.poorHouseholds),
                                      .int($0.poorPersons), .percent($0.incidence, 2)] }))
        out.append(ReportTable(
            key: "by_tier", title: ("按梯次", "By tier"),
            columns: [("梯次", "tier"), ("乡镇", "townships"), ("行政村", "villages"), ("贫困村", "poor villages"),
                      ("农业人口", "agricultural pop."), ("贫困人口", "poor persons"), ("发生率", "incidence")],
            rows: p.byTier.map { [.int($0.tier), .int($0.townships), .int($0.villages), .int($0.poorVillages),
                                  .int($0.agriculturalPopulation), .int($0.poorPersons), .percent($0.incidence, 2)] }))
        let e = p.villageExit
        out.append(ReportTable(
            key: "village_exit", title: ("贫困村退出状态(发生率低于 \(Int(e.threshold * 100))%)", "Poor villages by exit status (incidence below \(Int(e.threshold * 100))%)"),
            columns: [("状态", "status"), ("村数", "villages")],
            rows: [[.text(label("已退出", "exited")), .int(e.exited)],
                   [.text(label("具备退出条件", "eligible now")), .int(e.eligible)],
                   [.text(label("发生率达标但基础设施缺项", "incidence met, infrastructure missing")), .int(e.infrastructureMissing)],
                   [.text(label("发生率未达标", "incidence too high")), .int(e.notReady)]]))
        out.append(ReportTable(
            key: "exit_plan", title: ("年度退出计划与目标", "Yearly exit plan and targets"),
            columns: [("年份", "year"), ("计划退出村", "villages planned"), ("已退出村", "villages exited"),
                      ("目标村数", "target villages"), ("目标人数", "target persons"), ("已脱贫人数", "persons exited")],
            rows: e.plan.map { [.int($0.year), .int($0.plannedVillages), .int($0.exitedVillages),
                                $0.targetVillages.map(Cell.int) ?? .text(""), $0.targetPersons.map(Cell.int) ?? .text(""),
                                $0.exitedPersons.map(Cell.int) ?? .text("")] }))
        out.append(ReportTable(
            key: "income_sources", title: ("收入结构(元/年)", "Income structure by source (yuan a year)"),
            columns: [("来源", "source"), ("贫困户合计", "poor: total"), ("贫困户占比", "poor: share"),
                      ("建档立卡户合计", "registered: total"), ("建档立卡户占比", "registered: share")],
            rows: p.incomeSources.map { [.text(lang == .zh ? $0.source.chinese : $0.source.english), .number($0.poorTotal, 0),
                                         .percent($0.poorShare, 1), .number($0.registeredTotal, 0), .percent($0.registeredShare, 1)] }))
        if let gini = p.giniBySource {
            out.append(ReportTable(
                key: "gini_by_source", title: ("分来源基尼系数分解", "Gini decomposition by income source"),
                columns: [("来源", "source"), ("收入占比", "share"), ("基尼系数", "Gini"), ("相关系数", "correlation"), ("贡献率", "contribution")],
                rows: gini.map { [.text(lang == .zh ? $0.source.chinese : $0.source.english), .percent($0.share, 1),
                                  .number($0.gini, 3), .number($0.correlation, 3), .percent($0.contribution, 1)] }))
        }
        for (key, zh, en, list) in [("categories", "户分三类(贫困户)", "Household categories", p.categories),
                                    ("causes", "致贫原因", "Causes of poverty", p.causes)] {
            out.append(ReportTable(
                key: key, title: (zh, en),
                columns: [("类别", "code"), ("名称", "label"), ("贫困户", "poor households"), ("贫困人口", "poor persons"),
                          ("建档立卡户", "registered households"), ("建档立卡人口", "registered persons")],
                rows: list.map { [.text($0.code), .text(lang == .zh ? $0.chinese : $0.english), .int($0.poorHouseholds),
                                  .int($0.poorPersons), .int($0.registeredHouseholds), .int($0.registeredPersons)] }))
        }
        out.append(ReportTable(
            key: "guarantee_gaps", title: ("十查十补:各村缺项(贫困户数与基础设施)", "Gaps by village (poor households lacking each item; missing infrastructure)"),
            columns: [("村", "village"), ("村名", "name"), ("乡镇", "township"), ("贫困户", "poor households"),
                      ("义务教育", "education"), ("基本医疗", "medical"), ("住房安全", "housing"), ("饮水安全", "water"),
                      ("基础设施缺项", "missing infrastructure")],
            rows: p.guaranteeGaps.map { [.text($0.village), .text($0.name), .text($0.township), .int($0.poorHouseholds),
                                         .int($0.education), .int($0.medical), .int($0.housing), .int($0.water),
                                         .text($0.infrastructure.joined(separator: ";"))] }))
        let r = p.relocation
        out.append(ReportTable(
            key: "relocation", title: ("易地扶贫搬迁需求", "Relocation demand"),
            columns: [("项目", "item"), ("户", "households"), ("人", "persons")],
            rows: [[.text(label("合计", "total")), .int(r.households), .int(r.persons)],
                   [.text(label("其中建档立卡贫困人口", "of whom registered poor")), .text(""), .int(r.poorPersons)],
                   [.text(label("整村搬迁(\(r.wholeVillageNaturalVillages)个自然村,\(r.wholeVillageTownships)个乡镇)", "whole villages (\(r.wholeVillageNaturalVillages) natural villages in \(r.wholeVillageTownships) townships)")),
                    .int(r.wholeVillageHouseholds), .int(r.wholeVillagePersons)],
                   [.text(label("插花搬迁(\(r.scatteredVillages)个行政村)", "scattered (\(r.scatteredVillages) villages)")),
                    .int(r.scatteredHouseholds), .int(r.scatteredPersons)]]
                + r.byYear.map { [.text(label("\($0.year)年", "in \($0.year)")), .int($0.households), .int($0.persons)] }))
        out.append(ReportTable(
            key: "sites", title: ("安置点容量与需求", "Site capacity against demand"),
            columns: [("安置点", "site"), ("名称", "name"), ("方式", "kind"), ("套数", "flats"), ("户型(㎡×套)", "flat types (m² × flats)"),
                      ("可入住户", "households that fit"), ("搬迁户", "relocating households"), ("小学学位", "school seats"),
                      ("幼儿园学位", "kindergarten seats"), ("人均补助", "subsidy per person"), ("投资", "cost")],
            rows: r.sites.map { s in
                [.text(s.site), .text(s.name), .text(lang == .zh ? s.kind.chinese : s.kind.english), .int(s.flats),
                 .text(s.flatTypes.map { "\(Cell.number($0.area, 0).display)×\($0.count)" }.joined(separator: ";")),
                 .int(s.fittingHouseholds), .int(r.households), .int(s.schoolSeats), .int(s.kindergartenSeats),
                 .number(s.subsidyPerPerson, 0), .number(s.cost, 0)]
            }))
        return out
    }

    /// The JSON of the CLI contract: county, townships, villages, poor_villages, households,
    /// poor_households, poor_persons, incidence, by_township, then the other profile tables.
    public func json() -> JSON {
        let p = profile
        func codeCounts(_ list: [CountyProfile.CodeCount]) -> JSON {
            .array(list.map { .object([("code", .string($0.code)), ("label_zh", .string($0.chinese)), ("label_en", .string($0.english)),
                                       ("poor_households", .int($0.poorHouseholds)), ("poor_persons", .int($0.poorPersons)),
                                       ("registered_households", .int($0.registeredHouseholds)),
                                       ("registered_persons", .int($0.registeredPersons))]) })
        }
        let r = p.relocation
        return .object([
            ("county", .string(p.county.name)),
            ("county_en", p.county.englishName.map(JSON.string) ?? .null),
            ("region", .string(p.county.region.rawValue)),
            ("year", .int(p.county.year)),
            ("poverty_line", .number(p.county.povertyLine)),
            ("agricultural_population", .int(p.county.agriculturalPopulation)),
            ("townships", .int(p.townships)),
            ("villages", .int(p.villages)),
            ("poor_villages", .int(p.poorVillages)),
            ("households", .int(p.households)),
            ("poor_households", .int(p.poorHouseholds)),
            ("poor_persons", .int(p.poorPersons)),
            ("incidence", .number(p.incidence)),
            ("registered_persons", .int(p.registeredPersons)),
            ("registered_incidence", .number(p.registeredIncidence)),
            ("exits", .array(p.exits.map { .object([("year", .int($0.year)), ("households", .int($0.households)), ("persons", .int($0.persons))]) })),
            ("by_township", .array(p.byTownship.map {
                .object([("township", .string($0.township)), ("township_en", $0.englishName.map { .string($0) } ?? .null),
                         ("tier", .int($0.tier)), ("poor_persons", .int($0.poorPersons)),
                         ("incidence", .number($0.incidence)), ("villages", .int($0.villages)), ("poor_villages", .int($0.poorVillages)),
                         ("agricultural_population", .int($0.agriculturalPopulation)), ("registered_persons", .int($0.registeredPersons)),
                         ("poor_households", .int($0.poorHouseholds))])
            })),
            ("by_tier", .array(p.byTier.map {
                .object([("tier", .int($0.tier)), ("townships", .int($0.townships)), ("villages", .int($0.villages)),
                         ("poor_villages", .int($0.poorVillages)), ("agricultural_population", .int($0.agriculturalPopulation)),
                         ("poor_persons", .int($0.poorPersons)), ("incidence", .number($0.incidence))])
            })),
            ("village_exit", .object([
                ("threshold", .number(p.villageExit.threshold)), ("exited", .int(p.villageExit.exited)),
                ("eligible", .int(p.villageExit.eligible)), ("infrastructure_missing", .int(p.villageExit.infrastructureMissing)),
                ("not_ready", .int(p.villageExit.notReady)),
                ("plan", .array(p.villageExit.plan.map {
                    .object([("year", .int($0.year)), ("planned_villages", .int($0.plannedVillages)), ("exited_villages", .int($0.exitedVillages)),
                             ("target_villages", $0.targetVillages.map(JSON.int) ?? .null),
                             ("target_persons", $0.targetPersons.map(JSON.int) ?? .null),
                             ("exited_persons", $0.exitedPersons.map(JSON.int) ?? .null)])
                })),
            ])),
            ("income_sources", .array(p.incomeSources.map {
                .object([("source", .string($0.source.column)), ("label_zh", .string($0.source.chinese)),
                         ("poor_total", .number($0.poorTotal)), ("poor_share", .number($0.poorShare)),
                         ("registered_total", .number($0.registeredTotal)), ("registered_share", .number($0.registeredShare))])
            })),
            ("gini_by_source", p.giniBySource.map { list in
                .array(list.map { .object([("source", .string($0.source.column)), ("share", .number($0.share)), ("gini", .number($0.gini)),
                                           ("correlation", .number($0.correlation)), ("contribution", .number($0.contribution))]) })
            } ?? .null),
            ("categories", codeCounts(p.categories)),
            ("causes", codeCounts(p.causes)),
            ("guarantee_gaps", .array(p.guaranteeGaps.map {
                .object([("village", .string($0.village)), ("name", .string($0.name)), ("township", .string($0.township)),
                         ("poor_households", .int($0.poorHouseholds)), ("education", .int($0.education)), ("medical", .int($0.medical)),
                         ("housing", .int($0.housing)), ("water", .int($0.water)),
                         ("infrastructure", .array($0.infrastructure.map(JSON.string)))])
            })),
            ("relocation", .object([
                ("households", .int(r.households)), ("persons", .int(r.persons)), ("poor_persons", .int(r.poorPersons)),
                ("whole_village_natural_villages", .int(r.wholeVillageNaturalVillages)),
                ("whole_village_townships", .int(r.wholeVillageTownships)),
                ("whole_village_households", .int(r.wholeVillageHouseholds)), ("whole_village_persons", .int(r.wholeVillagePersons)),
                ("scattered_households", .int(r.scatteredHouseholds)), ("scattered_persons", .int(r.scatteredPersons)),
                ("scattered_villages", .int(r.scatteredVillages)),
                ("by_year", .array(r.byYear.map { .object([("year", .int($0.year)), ("households", .int($0.households)), ("persons", .int($0.persons))]) })),
                ("concentrated_flats", .int(r.concentratedFlats)),
                ("sites", .array(r.sites.map { s in
                    .object([("site", .string(s.site)), ("name", .string(s.name)), ("kind", .string(s.kind.rawValue)),
                             ("flats", .int(s.flats)),
                             ("flat_types", .array(s.flatTypes.map { .object([("area_m2", .number($0.area)), ("flats", .int($0.count)),
                                                                              ("minimum_persons", .int($0.minimumPersons))]) })),
                             ("fitting_households", .int(s.fittingHouseholds)), ("school_seats", .int(s.schoolSeats)),
                             ("kindergarten_seats", .int(s.kindergartenSeats)), ("subsidy_per_person", .number(s.subsidyPerPerson)),
                             ("cost", .number(s.cost))])
                })),
            ])),
        ])
    }
}
