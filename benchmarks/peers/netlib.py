"""The whole netlib LP set (benchmarks/models/netlib, xz-compressed MPS): `tuopin lp` (release build)
and HiGHS (highspy) on every model, on the same machine in the same run. Records status, objective,
relative error against the certified optimum of benchmarks/models/netlib/optima.tsv, iterations and
time; writes the table into benchmarks/results.md between the markers below (the rest of the file
is left as it is) and the same rows as benchmarks/netlib.json.

    benchmarks/peers/netlib.py --tuopin PATH [--quick] [--time-limit SECONDS] [--only a,b,c]

Exits non-zero when a model that `tuopin lp` reports `optimal` is off its certified value by more
than 1e-6 relative (a wrong `optimal`); a model it does not solve is listed with the reason.
"""
import argparse
import datetime
import json
import lzma
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(ROOT, "benchmarks", "models", "netlib")
DATA = os.path.join(ROOT, "benchmarks", ".data", "netlib")
BEGIN, END = "<!-- netlib: begin (written by scripts/bench-netlib) -->", "<!-- netlib: end -->"
TOLERANCE = 1e-6
# One-minute subset: small, medium and two of the hard ones.
# HiGHS's simplex needs more than ten minutes on qap12 (highly degenerate); its interior point (IPX) then.
HIGHS_SOLVER = {"qap12": "ipm"}
QUICK = ["afiro", "adlittle", "blend", "share2b", "sc205", "scfxm1", "bandm", "etamacro", "25fv47",
         "degen2", "pilot4", "greenbeb", "perold"]


def optima():
    """model -> (certified optimum, netlib readme value, source) from optima.tsv."""
    table = {}
    with open(os.path.join(MODELS, "optima.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, certified, readme, source = line.rstrip("\n").split("\t")
            table[name] = (float(certified), float(readme) if readme != "-" else None, source)
    return table


def decompressed(name):
    """Path of the model's MPS file under benchmarks/.data/netlib (decompressed once)."""
    os.makedirs(DATA, exist_ok=True)
    target = os.path.join(DATA, name + ".mps")
    source = os.path.join(MODELS, name + ".mps.xz")
    if not os.path.exists(target) or os.path.getmtime(target) < os.path.getmtime(source):
        with lzma.open(source) as f, open(target + ".tmp", "wb") as out:
            out.write(f.read())
        os.replace(target + ".tmp", target)
    return target


def relative_error(value, certified):
    if value is None:
        return None
    return abs(value - certified) / max(1.0, abs(certified))


def run_highs(path, time_limit, solver=None):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if solver:
        h.setOptionValue("solver", solver)
    h.setOptionValue("time_limit", float(time_limit))
    h.readModel(path)
    lp = h.getLp()
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    return dict(status=status, objective=info.objective_function_value if status == "Optimal" else None,
                iterations=info.simplex_iteration_count, seconds=seconds,
                rows=lp.num_row_, columns=lp.num_col_, nonzeros=len(lp.a_matrix_.value_))


def tuopin_lp(tuopin, path, time_limit):
    """Runs `tuopin lp PATH --format json`: (its JSON answer or None, wall seconds, the last stderr line)."""
    start = time.perf_counter()
    out = subprocess.run([tuopin, "lp", path, "--format", "json", "--time-limit", str(time_limit)],
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    try:
        return json.loads(out.stdout), wall, ""
    except json.JSONDecodeError:
        return None, wall, (out.stderr.strip().splitlines() or ["no output"])[-1][:120]


def run_tuopin(tuopin, path, time_limit):
    answer, wall, message = tuopin_lp(tuopin, path, time_limit)
    if answer is None:
        return dict(status="error", objective=None, iterations=None, seconds=wall, reason=message)
    crossover = answer.get("crossover") or {}
    return dict(status=answer.get("status"), objective=answer.get("objective"), iterations=answer.get("iterations"),
                seconds=answer.get("solve_seconds", wall), crossover=crossover.get("status"),
                crossover_seconds=crossover.get("seconds"),
                primal_infeasibility=answer.get("primal_infeasibility"),
                dual_infeasibility=answer.get("dual_infeasibility"), gap=answer.get("gap"))


def reason(row):
    """Why `tuopin lp` did not give the certified optimum (empty when it did)."""
    ours = row["tuopin"]
    if ours["status"] == "optimal":
        if row["tuopin_error"] is not None and row["tuopin_error"] > TOLERANCE:
            return f"wrong optimum ({row['tuopin_error']:.1e} relative)"
        return ""
    if ours["status"] == "error":
        return "error: " + ours.get("reason", "")
    parts = [ours["status"]]
    for key, label in (("primal_infeasibility", "pinf"), ("dual_infeasibility", "dinf"), ("gap", "gap")):
        v = ours.get(key)
        if isinstance(v, (int, float)):
            parts.append(f"{label} {v:.1e}")
    if row["tuopin_error"] is not None:
        parts.append(f"objective off {row['tuopin_error']:.1e}")
    return ", ".join(parts)


def fmt(v, spec):
    return "" if v is None else format(v, spec)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tuopin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--time-limit", type=float, default=None, help="per model for tuopin lp (default 120 s, 30 with --quick)")
    parser.add_argument("--only", default=None, help="comma-separated model names")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave results.md alone")
    args = parser.parse_args()
    time_limit = args.time_limit or (30.0 if args.quick else 120.0)
    reference = optima()
    names = sorted(reference) if not (args.quick or args.only) else (args.only.split(",") if args.only else QUICK)
    rows, failures = [], []
    for name in names:
        path = decompressed(name)
        certified, readme, source = reference[name]
        highs = run_highs(path, max(300.0, time_limit), HIGHS_SOLVER.get(name))
        ours = run_tuopin(args.tuopin, path, time_limit)
        row = dict(model=name, certified=certified, readme=readme, source=source, highs=highs, tuopin=ours,
                   highs_error=relative_error(highs["objective"], certified),
                   tuopin_error=relative_error(ours["objective"], certified))
        row["reason"] = reason(row)
        if ours["status"] == "optimal" and row["reason"]:
            failures.append(f"{name}: tuopin optimal at {ours['objective']!r}, certified {certified!r}")
        rows.append(row)
        print(f"{name:10s} tuopin {ours['status']:>16s} {fmt(row['tuopin_error'], '.1e'):>8s} {fmt(ours['iterations'], 'd'):>4s} it "
              f"{ours['seconds']:8.3f} s | HiGHS {highs['status']} {fmt(row['highs_error'], '.1e')} {highs['seconds']:.3f} s",
              file=sys.stderr, flush=True)

    rerun = ""
    saved = os.path.join(ROOT, "benchmarks", "netlib.json")
    if args.only and os.path.exists(saved):
        # Re-measured models replace their rows of the last full run; the table stays complete.
        measured = {r["model"]: r for r in rows}
        with open(saved, encoding="utf-8") as f:
            previous = json.load(f)
        rows = [measured.pop(r["model"], r) for r in previous] + list(measured.values())
        rerun = (f" Rows of {', '.join(names)} re-measured with `--only` at "
                 f"{datetime.datetime.now(datetime.timezone.utc):%H:%M UTC}, time limit {time_limit:g} s; the others from the last full run.")
    solved = [r for r in rows if r["tuopin"]["status"] == "optimal" and not r["reason"]]
    lines = [BEGIN, "", "## netlib LP set: `tuopin lp` against HiGHS", "",
             f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} on {platform.machine()}, {os.cpu_count()} cores "
             f"({'--quick subset' if args.quick else 'every model'}; `tuopin lp` release build, interior point + crossover, "
             f"time limit {time_limit:g} s a model; HiGHS {hversion()} defaults (its interior point on qap12, where its simplex "
             "takes more than ten minutes), the same machine and run). Models and "
             "certified optima: [models/netlib/README.md](models/netlib/README.md). Relative error = "
             "|objective − certified| / max(1, |certified|); `tuopin` iterations are interior-point iterations, HiGHS's are "
             "simplex iterations. Times are the solve alone (reading excluded for HiGHS; `solve_seconds` for tuopin)." + rerun,
             "",
             f"**{len(solved)} of {len(rows)}** models `optimal` within 1e-6 of the certified optimum; "
             f"HiGHS: {sum(1 for r in rows if r['highs_error'] is not None and r['highs_error'] <= TOLERANCE)} of {len(rows)}.",
             "",
             "| model | rows | cols | tuopin status | rel. error | iters | tuopin (s) | of which crossover (s) | HiGHS status | HiGHS rel. error | HiGHS (s) | tuopin ÷ HiGHS | not solved: why |",
             "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        o, h = r["tuopin"], r["highs"]
        ratio = o["seconds"] / h["seconds"] if h["seconds"] > 0 and not r["reason"] else None
        lines.append(f"| {r['model']} | {h['rows']} | {h['columns']} | {o['status']} | {fmt(r['tuopin_error'], '.1e')} | "
                     f"{fmt(o['iterations'], 'd')} | {o['seconds']:.3f} | {fmt(o.get('crossover_seconds'), '.3f')} | {h['status']} | {fmt(r['highs_error'], '.1e')} | "
                     f"{h['seconds']:.3f} | {fmt(ratio, '.2f')} | {r['reason']} |")
    lines += ["", END]
    section = "\n".join(lines)
    print(section)
    out = os.path.join(ROOT, "benchmarks", "netlib-quick.json" if args.quick else "netlib.json")
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    os.replace(out + ".tmp", out)
    if not args.no_write:
        write_section(section)
    if failures:
        print("wrong optimum:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


def hversion():
    try:
        import highspy
        h = highspy.Highs()
        return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    except Exception:
        return "?"


def write_section(section, begin=BEGIN, end=END):
    """Replaces the section between `begin` and `end` of benchmarks/results.md (appends it when
    absent); `section` holds both markers. Written to a temporary file, then renamed."""
    target = os.path.join(ROOT, "benchmarks", "results.md")
    text = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main()
