/// The JSON of the CLI contract: `scenarios` (names, baseline first) and `rows` [{`key`, `label`,
/// `values` (one per scenario)}], plus `scenario_labels`, `baseline`, `title`, and per row `section`,
/// `unit`, `preferred`, `intervals` ([low, high] or null, one per scenario) and `differences` (to the
/// baseline, one per scenario; 0 for the baseline itself). Numbers are unformatted (fractions as
/// fractions). A breakdown requested with `--by` adds `by_township` or `by_tier` with the same row shape.
struct ContractJSONRenderer {
    var comparison: Comparison
    var language: Language

    func render(main: ComparisonTable, breakdown: BreakdownDimension?) -> JSON {
        var pairs: [(String, JSON)] = [
            ("title", .string(comparison.title.text(in: language))),
            ("language", .string(language.rawValue)),
            ("scenarios", .array(comparison.scenarios.map { .string($0.name) })),
            ("scenario_labels", .array(comparison.scenarios.map { .string($0.label.text(in: language)) })),
            ("baseline", .string(comparison.scenarios.first?.name ?? "")),
            ("rows", rows(main)),
            ("sections", sections(main)),
        ]
        if let breakdown, let table = comparison.table(by: breakdown) {
            pairs.append(("by_\(breakdown.rawValue)", .object([("sections", sections(table)), ("rows", rows(table))])))
        }
        pairs.append(("notes", .array(comparison.notes.map { .string($0.text(in: language)) })))
        return .object(pairs)
    }

    private func sections(_ table: ComparisonTable) -> JSON {
        .array(table.grouped.map { .object([("key", .string($0.section.key)), ("label", .string($0.section.label.text(in: language)))]) })
    }

    private func rows(_ table: ComparisonTable) -> JSON {
        .array(table.grouped.flatMap(\.rows).map { row in
            .object([
                ("key", .string(row.key)),
                ("label", .string(row.label.text(in: language))),
                ("values", .array(row.values.map { JSON.finite($0?.value) })),
                ("section", .string(row.section)),
                ("unit", .string(row.unit.rawValue)),
                ("preferred", .string(row.preferred.rawValue)),
                ("intervals", .array(row.values.map { value in
                    value?.interval.map { JSON.array([.finite($0.low), .finite($0.high)]) } ?? .null
                })),
                ("differences", .array(row.values.indices.map { JSON.finite(row.difference(at: $0)) })),
            ])
        })
    }
}
