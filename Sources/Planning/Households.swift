/// The registered households (建档立卡户), stored column by column (structure of arrays) so that
/// 10⁶ households load fast and the simulation can sweep one attribute at a time.
///
/// Row `h` of every array describes the same household. Money is in yuan per year (net, 纯收入).
public struct HouseholdTable: Sendable {
    /// Household identifiers, unique in the county.
    public var ids: [String] = []
    /// Index into `CountyRegistry.villages`.
    public var village: [Int32] = []
    /// Persons in the household (≥ 1).
    public var size: [Int32] = []
    /// Persons able to work (0…size).
    public var labour: [Int32] = []
    /// Persons working away from home (0…labour).
    public var migrantWorkers: [Int32] = []
    public var category: [HouseholdCategory] = []
    public var cause: [PovertyCause] = []
    public var welfare: [Welfare] = []
    /// Year of registration.
    public var registeredYear: [Int32] = []
    /// Year the household exited poverty, 0 when it has not.
    public var exitYear: [Int32] = []
    /// Total net income of the household, yuan per year (the `income` column).
    public var income: [Double] = []
    /// Income by source, indexed by `IncomeSource.rawValue`; `.other` is derived as
    /// `income − Σ stored sources` on import.
    public var sourceIncome: [[Double]] = Array(repeating: [], count: IncomeSource.allCases.count)
    /// Three guarantees and safe water (三保障 + 饮水安全): true when the item is secured.
    public var education: [Bool] = []
    public var medical: [Bool] = []
    public var housing: [Bool] = []
    public var water: [Bool] = []
    /// Compliant out-of-pocket spending (合规自付支出: medical and schooling costs after insurance
    /// and assistance) over the last 12 months, yuan per household (`compliant_spending`, optional);
    /// empty when the file has no such column (then 0 for every household).
    public var compliantSpending: [Double] = []
    /// Outstanding monitoring risks (`risk`, optional): bits of `MonitoringRisk`; empty: none.
    public var risks: [UInt8] = []
    /// Year the household entered monitoring (`monitored_year`, optional), 0 when it is not
    /// monitored; empty: none is.
    public var monitoredYear: [Int32] = []

    public init() {}

    /// Compliant out-of-pocket spending of household `h` over 12 months, yuan (0 without the column).
    @inlinable public func compliantSpending(_ h: Int) -> Double { h < compliantSpending.count ? compliantSpending[h] : 0 }
    /// Outstanding monitoring risks of household `h` (`MonitoringRisk` bits).
    @inlinable public func risks(_ h: Int) -> UInt8 { h < risks.count ? risks[h] : 0 }
    /// Year household `h` entered monitoring, nil when it is not monitored.
    @inlinable public func monitoredYear(_ h: Int) -> Int? { h < monitoredYear.count && monitoredYear[h] != 0 ? Int(monitoredYear[h]) : nil }
    /// Whether the table holds any of the monitoring columns (compliant spending, risk, monitored year).
    public var hasMonitoringColumns: Bool { !compliantSpending.isEmpty || !risks.isEmpty || !monitoredYear.isEmpty }

    /// Number of households.
    public var count: Int { ids.count }

    /// Income of household `h` from `source`, yuan per year.
    @inlinable public func income(_ source: IncomeSource, _ h: Int) -> Double { sourceIncome[source.rawValue][h] }

    /// Per-capita net income of household `h`: `income / size`, yuan per person per year.
    @inlinable public func perCapitaIncome(_ h: Int) -> Double { income[h] / Double(size[h]) }

    /// True when household `h` had exited poverty by the end of `year` (exit year set and ≤ year).
    @inlinable public func hasExited(_ h: Int, by year: Int) -> Bool { exitYear[h] != 0 && Int(exitYear[h]) <= year }

    /// True when all three guarantees and safe drinking water hold for household `h`.
    @inlinable public func guaranteesHold(_ h: Int) -> Bool { education[h] && medical[h] && housing[h] && water[h] }

    /// Appends the households of `other` after these (every column; the monitoring columns when
    /// both tables have them, as tables read from one file do).
    mutating func append(contentsOf other: HouseholdTable) {
        ids += other.ids; village += other.village; size += other.size; labour += other.labour
        migrantWorkers += other.migrantWorkers; category += other.category; cause += other.cause; welfare += other.welfare
        registeredYear += other.registeredYear; exitYear += other.exitYear; income += other.income
        for k in sourceIncome.indices where k < other.sourceIncome.count { sourceIncome[k] += other.sourceIncome[k] }
        education += other.education; medical += other.medical; housing += other.housing; water += other.water
        compliantSpending += other.compliantSpending; risks += other.risks; monitoredYear += other.monitoredYear
    }

    mutating func reserve(_ n: Int) {
        ids.reserveCapacity(n); village.reserveCapacity(n); size.reserveCapacity(n); labour.reserveCapacity(n)
        migrantWorkers.reserveCapacity(n); category.reserveCapacity(n); cause.reserveCapacity(n); welfare.reserveCapacity(n)
        registeredYear.reserveCapacity(n); exitYear.reserveCapacity(n); income.reserveCapacity(n)
        for k in sourceIncome.indices { sourceIncome[k].reserveCapacity(n) }
        education.reserveCapacity(n); medical.reserveCapacity(n); housing.reserveCapacity(n); water.reserveCapacity(n)
    }
}
