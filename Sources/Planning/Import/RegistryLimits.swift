/// The largest numbers the county folder's readers take (documented in notebooks-data/README.md,
/// "Files"). A value beyond them is a typing or export error in every real registry, and taking it
/// would only move the failure later — to an integer conversion in a report, an LP the interior
/// point cannot scale, or a simulation whose spreads overflow — where it can no longer name the
/// file and line. The readers refuse it at its `file:line:column` instead.
public enum RegistryLimits {
    /// The largest magnitude of a decimal cell in the county folder's CSV files (incomes, costs,
    /// fund amounts, areas, distances): 10¹² (one trillion yuan — above China's entire spending on
    /// poverty alleviation from 2013 to 2020, and 10⁷ times the largest household income a county
    /// registry records). Sums over 2·10⁷ households then stay below 10²⁰, far inside a `Double`.
    public static let maximumMagnitude: Double = 1e12
    /// The largest `poverty_line` of `county.toml`, yuan per person per year: 10⁵, 25 times the
    /// line of 2020 (about 4,000 yuan; 2,300 at 2010 prices). The fund-allocation LP is built from
    /// the households' gaps to this line; at 10⁶ its gaps dwarf the budgets and the interior point
    /// ends `numerical_failure`, so a line no county has is refused at its key instead.
    public static let maximumPovertyLine: Double = 1e5
}
