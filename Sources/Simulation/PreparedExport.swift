import Foundation

/// The simulation's prepared inputs written to a folder, so another implementation of the same
/// model (the numpy peer in `benchmarks/peers/montecarlo_numpy.py`) runs on exactly the same
/// numbers. A developer tool: `scripts/bench` uses it through the peer harness.
///
/// **Format.** `meta.json` holds the sizes and the scenario constants; every per-household or
/// per-village column is a raw little-endian file named `COLUMN.f64` (Double), `.i64` (Int64) or
/// `.u8` (UInt8), of `households` (or `villages`) elements; the shocked-source columns
/// `shocked_mean.f64` and `shocked_variance.f64` hold `shocked_sources × households` values,
/// source by source.
///
/// Per household h (yuan a year unless said): `base_mean` and `base_variance` (the parts no
/// common shock scales: Σ aₛ + plan + lever, and σ²_ε + Σ (aₛ·spreadₛ)²), `shocked_mean` aⱼ and
/// `shocked_variance` (aⱼ·spreadⱼ)² of each shocked source j, `line_times_persons` (line × n),
/// `plan_income`, `persons`, `village`, `township` (indices), `registered` (1 if registered
/// poor now), `always_poor` (1 if registered with a guarantee unmet), `risk_mask` (bit k: risk k
/// applies). Per village: `village_can_exit` (u8), `village_exit_limit` (persons).
///
/// The model those numbers define, per draw: Mⱼ,ₜ = product over the common shocks k that hit
/// source j in township t of (1 − lossₖ) (a shock hits with probability pₖ, once for the county
/// or once per exposed township); mean = base_mean + Σⱼ aⱼ·Mⱼ, variance = base_variance +
/// Σⱼ (aⱼ·spreadⱼ)²·Mⱼ², Y = mean + √variance·z with z standard normal; each applicable risk k
/// strikes with probability pₖ, and Y −= Σ loss_yuanₖ + Σ loss_fractionₖ·max(Y, 0) over the
/// risks that struck. Poor ⇔ Y < line × n or always_poor.
public enum PreparedExport {
    /// Writes the prepared model of `input` under `scenario` into `directory` (created if needed).
    /// - Throws: `SimulationInputError` for an inconsistent input; file errors from Foundation.
    public static func write(input: SimulationInput, scenario: Scenario, options: SimulationOptions, to directory: URL) throws {
        try input.validate()
        try Simulation.validate(scenario)
        let model = PreparedModel(input: input, scenario: scenario, giniBinsPerLine: options.giniBinsPerLine)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func raw<T>(_ name: String, _ values: [T]) throws {
            let data = values.withUnsafeBytes { Data($0) }
            try data.write(to: directory.appendingPathComponent(name), options: .atomic)
        }
        try raw("base_mean.f64", model.baseMean)
        try raw("base_variance.f64", model.baseVariance)
        try raw("shocked_mean.f64", model.shockedMean.flatMap { $0 })
        try raw("shocked_variance.f64", model.shockedVariance.flatMap { $0 })
        try raw("line_times_persons.f64", model.lineTimesPersons)
        try raw("plan_income.f64", model.planIncome)
        try raw("persons.i64", model.persons.map(Int64.init))
        try raw("village.i64", model.village.map(Int64.init))
        try raw("township.i64", model.township.map(Int64.init))
        try raw("registered.u8", model.flags.map { $0 & PreparedModel.registeredBit })
        try raw("always_poor.u8", model.flags.map { ($0 & PreparedModel.alwaysPoorBit) >> 1 })
        try raw("risk_mask.u8", model.riskMask)
        try raw("village_can_exit.u8", model.villageCanExit.map { UInt8($0 ? 1 : 0) })
        try raw("village_exit_limit.f64", model.villageExitLimit)

        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        func list(_ xs: [String]) -> String { "[" + xs.joined(separator: ", ") + "]" }
        let shocks = zip(scenario.shocks, model.shocks).map { shock, prepared in
            "{\"scope\": \"\(prepared.scope == .county ? "county" : "township")\", \"probability\": \(number(shock.probability)), "
                + "\"keep\": \(number(prepared.keep)), \"exposed_townships\": \(list(prepared.exposed.map { $0 ? "true" : "false" })), "
                + "\"slots\": \(list(prepared.slots.map { "\($0)" }))}"
        }
        let risks = scenario.risks.map { risk in
            "{\"probability\": \(number(risk.probability)), \"loss_fraction\": \(number(risk.lossFraction)), "
                + "\"loss_yuan\": \(number(risk.lossYuan))}"
        }
        let meta = """
            {"households": \(model.households), "villages": \(model.villages), "townships": \(model.townships), \
            "line": \(number(model.line)), "shocked_sources": \(model.shockedSources.count), \
            "county_exit_limit": \(number(model.countyExitLimit)), \
            "county_agricultural_population": \(number(model.countyAgriculturalPopulation)), \
            "registered_persons": \(model.registeredPersons), "registered_households": \(model.registeredHouseholds), \
            "total_persons": \(number(model.totalPersons)), "gini_bins_per_line": \(options.giniBinsPerLine), \
            "gini_bins": \(options.giniBinCount), \
            "shocks": \(list(shocks)), "risks": \(list(risks))}

            """
        try Data(meta.utf8).write(to: directory.appendingPathComponent("meta.json"), options: .atomic)
    }
}
