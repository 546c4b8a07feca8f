// The Poverty module: poverty and inequality measures, their decompositions, design-based
// standard errors, and the programme's household / village / county exit rules.
//
// Conventions shared by every file:
//
// - Input is an `IncomeDistribution`: per-capita incomes in yuan a year with *person* weights
//   (household survey weight × household size), so every measure counts persons.
// - A person is poor when income < line (strictly below). The line is always an argument
//   (2,300 yuan at 2010 prices, adjusted yearly) — never a constant in this module.
// - Every measure returns a finite value or throws a `PovertyError`; NaN and infinity never
//   come out. What each does with zero or negative incomes:
//
//     measure                                   income = 0          income < 0
//     FGT(α), poor persons, aggregate gap       allowed             allowed (gap ratio > 1)
//     Sen, SST                                  allowed             allowed
//     Gini (needs mean > 0)                     allowed             allowed
//     Theil, GE(α > 0), Atkinson(0 < ε < 1)     allowed (0·ln 0=0)  throws .negativeIncome
//     Watts (poor only), MLD, GE(α ≤ 0),
//       Atkinson(ε ≥ 1)                         throws .nonPositiveIncome
//
//   Observations with zero weight are ignored by the entropy family. `PovertyProfile` turns
//   these errors into nil values with the reason, so one bad income does not hide the rest.
// - Cost: FGT, Watts, the entropy family and the subgroup decompositions are O(n) passes;
//   Gini, Sen and SST share one stable sort (`sortedByIncome()`); the Gini by source sorts
//   once per source more.
