"""The Monte-Carlo microsimulation of `tuopin simulate`, written the way a researcher would
write it with numpy: one vectorised pass over the households per draw.

It reads the prepared model that tuopin writes (`tuopin-peer-harness simulate ... EXPORT_DIR`,
Swift `Simulation.PreparedExport`; format and model in that type's documentation): the same
households, the same income means and variances, the same common shocks, risks and exit rules.
Only the random numbers differ (numpy's PCG64 and its ziggurat normals instead of tuopin's
Philox4x32-10 and table normals), so the two agree in distribution, not draw by draw:
scripts/bench compares the mean and the 5 % / 95 % quantiles of the poor persons over the draws
within their Monte-Carlo error before a time counts.

Per draw it computes what the Swift engine computes per draw: poor persons and households,
returning (返贫) households and persons, persons lifted by the plan, the poverty gap, poor persons
by village and the village exits, the county exit, the Gini histogram and Gini, and each
household's count of poor draws (the early-warning list).

    python montecarlo_numpy.py EXPORT_DIR DRAWS [SEED]    prints a JSON summary
"""
import json
import os
import sys
import time

import numpy as np


def load(folder):
    with open(os.path.join(folder, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    n, s = meta["households"], meta["shocked_sources"]

    def column(name, dtype):
        return np.fromfile(os.path.join(folder, name), dtype=dtype)

    data = {
        "base_mean": column("base_mean.f64", "<f8"),
        "base_variance": column("base_variance.f64", "<f8"),
        "shocked_mean": column("shocked_mean.f64", "<f8").reshape(s, n),
        "shocked_variance": column("shocked_variance.f64", "<f8").reshape(s, n),
        "line_times_persons": column("line_times_persons.f64", "<f8"),
        "plan_income": column("plan_income.f64", "<f8"),
        "persons": column("persons.i64", "<i8"),
        "village": column("village.i64", "<i8"),
        "township": column("township.i64", "<i8"),
        "registered": column("registered.u8", "u1").astype(bool),
        "always_poor": column("always_poor.u8", "u1").astype(bool),
        "risk_mask": column("risk_mask.u8", "u1"),
        "village_can_exit": column("village_can_exit.u8", "u1").astype(bool),
        "village_exit_limit": column("village_exit_limit.f64", "<f8"),
    }
    return meta, data


def grouped_gini(persons, income, width):
    """Gini from a histogram of per-capita income (tuopin's GroupedGini): pairs across bins
    exactly, pairs inside a bin as if spread evenly over it (the last, open bin: none)."""
    occupied = persons != 0
    w, y = persons[occupied], income[occupied]
    if y.sum() <= 0:
        return 0.0
    before_w = np.cumsum(w) - w
    before_y = np.cumsum(y) - y
    pair = 2 * (before_w * y - w * before_y)
    inside = w * w * width / 3
    if occupied[-1]:
        inside[-1] = 0.0
    return float((pair.sum() + inside.sum()) / (2 * w.sum() * y.sum()))


def simulate(meta, data, draws, seed):
    n, townships, slots = meta["households"], meta["townships"], meta["shocked_sources"]
    villages = meta["villages"]
    rng = np.random.default_rng(seed)
    base_mean, base_variance = data["base_mean"], data["base_variance"]
    base_sd = np.sqrt(base_variance)
    a, v = data["shocked_mean"], data["shocked_variance"]
    line = data["line_times_persons"]
    rule_line = np.where(data["always_poor"], np.inf, line)
    plan = data["plan_income"]
    persons = data["persons"].astype(np.float64)
    village, township = data["village"], data["township"]
    unregistered = ~data["registered"]
    gini_scale = meta["gini_bins_per_line"] / line
    bins, last_bin = meta["gini_bins"], meta["gini_bins"] - 1
    width = meta["line"] / meta["gini_bins_per_line"]
    risks = meta["risks"]
    exposed = [np.flatnonzero((data["risk_mask"] >> k) & 1) for k in range(len(risks))]
    shocks = meta["shocks"]
    variance_matters = bool(slots) and bool(np.any(v))

    out = {key: np.zeros(draws) for key in (
        "poor_persons", "poor_households", "returning_households", "returning_persons",
        "lifted_persons", "poverty_gap", "village_exits", "county_exit", "gini")}
    poor_draws = np.zeros(n, dtype=np.int64)
    for d in range(draws):
        if slots:
            m = np.ones((townships, slots))
            for shock in shocks:
                hit_townships = np.asarray(shock["exposed_townships"], dtype=bool)
                if shock["scope"] == "county":
                    hit_townships &= rng.random() < shock["probability"]
                else:
                    hit_townships &= rng.random(townships) < shock["probability"]
                for j in shock["slots"]:
                    m[hit_townships, j] *= shock["keep"]
            mh = m[township]  # n × slots
            mean = base_mean + np.einsum("jh,hj->h", a, mh)
            if variance_matters:
                sd = np.sqrt(base_variance + np.einsum("jh,hj->h", v, mh * mh))
            else:
                sd = base_sd
        else:
            mean, sd = base_mean, base_sd
        y = mean + sd * rng.standard_normal(n)
        if risks:
            yuan = np.zeros(n)
            fraction = np.zeros(n)
            for k, risk in enumerate(risks):
                struck = exposed[k][rng.random(exposed[k].size) < risk["probability"]]
                yuan[struck] += risk["loss_yuan"]
                fraction[struck] += risk["loss_fraction"]
            y -= yuan + fraction * np.maximum(y, 0)
        poor = y < rule_line
        lifted = ~poor & (y - plan < rule_line)
        returning = poor & unregistered
        poor_draws += poor
        poor_persons = persons @ poor
        out["poor_persons"][d] = poor_persons
        out["poor_households"][d] = np.count_nonzero(poor)
        out["returning_households"][d] = np.count_nonzero(returning)
        out["returning_persons"][d] = persons @ returning
        out["lifted_persons"][d] = persons @ lifted
        out["poverty_gap"][d] = np.maximum(line - y, 0).sum() / meta["line"] / meta["total_persons"]
        village_poor = np.bincount(village, weights=persons * poor, minlength=villages)
        out["village_exits"][d] = np.count_nonzero(data["village_can_exit"] & (village_poor < data["village_exit_limit"]))
        out["county_exit"][d] = poor_persons < meta["county_exit_limit"]
        nonnegative = np.maximum(y, 0)
        bin_index = np.minimum(nonnegative * gini_scale, last_bin).astype(np.int64)
        out["gini"][d] = grouped_gini(np.bincount(bin_index, weights=persons, minlength=bins),
                                      np.bincount(bin_index, weights=nonnegative, minlength=bins), width)
    out["household_poor_probability"] = poor_draws / draws
    return out


def main():
    folder, draws = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20201231
    meta, data = load(folder)
    start = time.perf_counter()
    out = simulate(meta, data, draws, seed)
    seconds = time.perf_counter() - start
    poor = out["poor_persons"]
    print(json.dumps({
        "households": meta["households"], "draws": draws, "seconds": seconds,
        "poor_persons": {"mean": float(poor.mean()), "p05": float(np.quantile(poor, 0.05)),
                         "p95": float(np.quantile(poor, 0.95))},
        "village_exits_mean": float(out["village_exits"].mean()),
        "gini_mean": float(out["gini"].mean()),
    }))


if __name__ == "__main__":
    main()
