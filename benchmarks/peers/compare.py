"""Runs the same work in tuopin and in its peers, checks that the answers agree, and writes
benchmarks/results.md with the times and the ratio tuopin ÷ peer.

Called by scripts/bench, which builds the harness and sets up the Python environment.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "benchmarks", ".data")


def best_of(repeats, work):
    fastest, value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = work()
        fastest = min(fastest, time.perf_counter() - start)
    return value, fastest


def regression_data(rows):
    """n rows × 10 regressors, heteroskedastic errors, 500 clusters; written once per size, numbers with
    10 significant digits (registry data have fewer: yuan with two decimals)."""
    path = os.path.join(DATA, f"regression_{rows}.csv")
    if not os.path.exists(path):
        os.makedirs(DATA, exist_ok=True)
        rng = np.random.default_rng(20201231)
        x = rng.normal(size=(rows, 10))
        y = x @ np.arange(1, 11) + rng.normal(size=rows) * (1 + np.abs(x[:, 0]))
        g = rng.integers(0, 500, size=rows)
        frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(1, 11)])
        frame.insert(0, "y", y)
        frame["g"] = g
        frame.to_csv(path + ".tmp", index=False, float_format="%.10g")
        os.replace(path + ".tmp", path)
    return path


def harness(args, *command):
    out = subprocess.run([args.harness, *command], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def relative_gap(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def bench_regression(args, rows, results, failures):
    path = regression_data(rows)
    formula = "y ~ " + " + ".join(f"x{i}" for i in range(1, 11))
    frame = pd.read_csv(path)
    exog = sm.add_constant(frame[[f"x{i}" for i in range(1, 11)]].to_numpy())
    endog = frame["y"].to_numpy()
    groups = frame["g"].to_numpy()
    cases = [
        ("OLS + HC1", "hc1", lambda: sm.OLS(endog, exog).fit(cov_type="HC1")),
        ("OLS + cluster", "cluster:g", lambda: sm.OLS(endog, exog).fit(cov_type="cluster", cov_kwds={"groups": groups})),
    ]
    for label, cov, peer in cases:
        ours = harness(args, "regress", path, formula, cov, str(args.repeats))
        fitted, peer_seconds = best_of(args.repeats, peer)
        gap_b = relative_gap(ours["estimates"], fitted.params)
        gap_se = relative_gap(ours["std_errors"], fitted.bse)
        agree = gap_b <= 1e-8 and gap_se <= 1e-8
        if not agree:
            failures.append(f"{label} {rows}: coefficients differ by {gap_b:.2e}, standard errors by {gap_se:.2e}")
        results.append((f"{label}, {rows:,} × 10", "statsmodels", ours["fit_seconds"], peer_seconds,
                        f"max rel. diff: β {gap_b:.1e}, se {gap_se:.1e}", agree))
    # numpy lstsq (coefficients only) against the same HC1 fit's time.
    ours = harness(args, "regress", path, formula, "classical", str(args.repeats))
    solution, peer_seconds = best_of(args.repeats, lambda: np.linalg.lstsq(exog, endog, rcond=None)[0])
    gap = relative_gap(ours["estimates"], solution)
    agree = gap <= 1e-8
    if not agree:
        failures.append(f"OLS {rows}: numpy lstsq differs by {gap:.2e}")
    results.append((f"OLS (classical), {rows:,} × 10", "numpy lstsq", ours["fit_seconds"], peer_seconds, f"max rel. diff: β {gap:.1e}", agree))
    # CSV import of the same file.
    ours = harness(args, "read", path, str(max(1, args.repeats // 2)))
    table, peer_seconds = best_of(max(1, args.repeats // 2), lambda: pd.read_csv(path))
    agree = ours["rows"] == len(table)
    if not agree:
        failures.append(f"CSV import {rows}: {ours['rows']} rows against pandas {len(table)}")
    size = os.path.getsize(path) / 1e6
    results.append((f"CSV import, {rows:,} rows ({size:.0f} MB)", "pandas read_csv", ours["read_seconds"], peer_seconds, f"{ours['rows']:,} rows both", agree))


def bench_lp(args, results, failures):
    """netlib and MIPLIB models from ../shared/reference: tuopin lp against HiGHS (highspy), best of
    the repetitions each; objectives must agree to 1e-6 relative before a time counts."""
    import highspy
    reference = os.path.join(os.path.dirname(ROOT), "shared", "reference")
    models = [os.path.join(reference, "netlib", f) for f in sorted(os.listdir(os.path.join(reference, "netlib")))]
    models.append(os.path.join(reference, "miplib", "p0033.mps"))
    logs = []
    for path in models:
        name = os.path.basename(path)[:-4]

        def highs_run():
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.readModel(path)
            start = time.perf_counter()
            h.run()
            return h.getInfo().objective_function_value, time.perf_counter() - start
        peer = [highs_run() for _ in range(args.repeats)]
        peer_value, peer_seconds = peer[-1][0], min(t for _, t in peer)
        ours_seconds, ours_value = float("inf"), None
        for _ in range(args.repeats):
            out = subprocess.run([args.tuopin, "lp", path, "--format", "json"], capture_output=True, text=True)
            try:
                answer = json.loads(out.stdout)
            except json.JSONDecodeError:
                answer = {}
            if answer.get("status") == "optimal":
                ours_value = answer["objective"]
                ours_seconds = min(ours_seconds, answer["solve_seconds"])
        gap = abs(ours_value - peer_value) / max(1.0, abs(peer_value)) if ours_value is not None else float("inf")
        agree = gap <= 1e-6
        if not agree:
            failures.append(f"LP {name}: tuopin {ours_value} against HiGHS {peer_value}")
        else:
            logs.append(np.log(ours_seconds / peer_seconds))
        results.append((f"LP {name}", "HiGHS", ours_seconds, peer_seconds, f"objective rel. diff {gap:.1e}", agree))
    if logs:
        ratio = float(np.exp(np.mean(logs)))
        results.append(("LP geometric mean of time ratios", "HiGHS", float("nan"), float("nan"), f"{ratio:.2f}× over {len(logs)} models", True))


def simulation_county(args, households):
    """A synthetic county of `households` registered households (`tuopin generate`, like Dai County), written once."""
    folder = os.path.join(DATA, f"county_{households}")
    if not os.path.exists(os.path.join(folder, "households.csv")):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([args.tuopin, "generate", folder, "--households", str(households), "--seed", "2019"],
                       check=True, capture_output=True)
    return folder


def bench_simulation(args, households, draws, results, failures):
    """tuopin's Monte-Carlo engine (1 and 2 threads) against the same model in numpy
    (peers/montecarlo_numpy.py) on the prepared inputs tuopin exports. The random numbers differ,
    so the poor-person distributions must agree within Monte-Carlo error (mean and 5 %/95 %
    quantiles within 4 standard errors of their difference) before a time counts."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import montecarlo_numpy

    folder = simulation_county(args, households)
    scenario = os.path.join(ROOT, "notebooks-data", "daixian", "scenarios", "baseline.toml")
    export = os.path.join(DATA, f"prepared_{households}")
    ours = {threads: harness(args, "simulate", folder, scenario, str(draws), str(threads), str(min(args.repeats, 3)), export)
            for threads in (1, 2)}
    meta, data = montecarlo_numpy.load(export)
    peer_repeats = 1 if households * draws > 10**8 else min(args.repeats, 3)
    peer, peer_seconds = best_of(peer_repeats, lambda: montecarlo_numpy.simulate(meta, data, draws, 20201231))
    a = np.asarray(ours[1]["poor_persons"])
    b = peer["poor_persons"]
    spread = max(np.std(a, ddof=1), np.std(b, ddof=1), 1e-9)
    checks, agree = [], True
    for label, p in (("mean", None), ("p05", 0.05), ("p95", 0.95)):
        if p is None:
            x, y = a.mean(), b.mean()
            se = spread * np.sqrt(2 / draws)
        else:
            x, y = np.quantile(a, p), np.quantile(b, p)
            # normal approximation of a sample quantile's error: √(p(1−p)/N) ÷ density at the quantile
            density = np.exp(-0.5 * 1.6448536269514722 ** 2) / np.sqrt(2 * np.pi) / spread
            se = np.sqrt(2 * p * (1 - p) / draws) / density
        ok = abs(x - y) <= 4 * se
        agree &= bool(ok)
        checks.append(f"{label} {x:,.0f} vs {y:,.0f}")
    if not agree:
        failures.append(f"Monte Carlo {households}: poor persons differ beyond Monte-Carlo error ({'; '.join(checks)})")
    work = households * draws
    for threads in (1, 2):
        seconds = ours[threads]["simulate_seconds"]
        results.append((f"Monte Carlo {households:,} households × {draws:,} draws, {threads} thread{'s' if threads > 1 else ''}",
                        "numpy", seconds, peer_seconds,
                        f"{work / seconds:.3g} household-draws/s (numpy {work / peer_seconds:.3g}), {peer_seconds / seconds:.1f}× numpy; "
                        f"poor persons tuopin vs numpy: {', '.join(checks)}", agree))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--harness", required=True)
    parser.add_argument("--tuopin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows_list = [100_000] if args.quick else [100_000, 1_000_000]
    results, failures = [], []
    for rows in rows_list:
        bench_regression(args, rows, results, failures)
    bench_lp(args, results, failures)
    for households in ([100_000] if args.quick else [100_000, 1_000_000]):
        bench_simulation(args, households, 1000, results, failures)

    lines = [
        "# Benchmarks: tuopin against its peers",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} on {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.platform()}; Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, statsmodels {sm.__version__ if hasattr(sm, '__version__') else ''}.",
        "Times are the best of the repetitions, in seconds, same data and same run. A time counts only",
        "when the answers agree (regression: coefficients and standard errors to 1e-8 relative; Monte Carlo: poor persons'",
        "mean and 5 %/95 % quantiles within 4 Monte-Carlo standard errors, the random numbers being different).",
        "",
        "| task | peer | tuopin (s) | peer (s) | tuopin ÷ peer | check |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for task, peer, ours, theirs, check, agree in results:
        if ours != ours:  # a summary row
            lines.append(f"| {task} | {peer} | | | | {check} |")
            continue
        ratio = ours / theirs if theirs > 0 else float("nan")
        lines.append(f"| {task} | {peer} | {ours:.4f} | {theirs:.4f} | {ratio:.3f} | {check}{'' if agree else ' **DISAGREE**'} |")
    report = "\n".join(lines) + "\n"
    target = os.path.join(ROOT, "benchmarks", "results.md")
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        f.write(report)
    os.replace(target + ".tmp", target)
    print(report)
    if failures:
        print("answers disagree:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
