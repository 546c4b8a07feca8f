"""Writes income_survey.csv: a small synthetic household survey for trying `tuopin regress`.

Deterministic (fixed seed, Python's own random module, no third-party packages), so running it
again gives the same bytes. The households are invented; the structure follows DESIGN.md's
domain facts for Dai County (代县): three township tiers, income from planting, migrant work and
breeding, a poverty line of 4,000 yuan per person per year.

    python3 notebooks-data/samples/make_income_survey.py
"""
import csv
import math
import os
import random

rng = random.Random(20200101)
townships = [("胡峪乡", 1), ("雁门关乡", 1), ("枣林镇", 1), ("滩上镇", 1), ("上磨坊乡", 1), ("聂营镇", 1),
             ("阳明堡镇", 2), ("新高乡", 2), ("峨口镇", 3), ("上馆镇", 3), ("峪口乡", 3)]
LINE = 4000.0  # yuan per person per year (a parameter of the county, here only for the 0/1 outcome)
rows = []
hid = 0
for t, (township, tier) in enumerate(townships):
    for v in range(6):
        village = f"{township}{v + 1:02d}村"
        village_effect = rng.gauss(0, 1500) - 800 * (3 - tier)
        for _ in range(30):
            hid += 1
            size = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
            labour = max(0, min(size, round(rng.gauss(size * 0.55, 0.8))))
            land_mu = round(max(0.0, rng.gauss(4 + 0.8 * size, 2.0)), 1)
            migrant_days = 0 if labour == 0 else max(0, round(rng.gauss(120 * labour, 80)))
            livestock = max(0, round(rng.expovariate(1 / 3.0))) if rng.random() < 0.45 else 0
            # Yuan per mu, per migrant day and per head, with heteroskedastic noise.
            income = (2500 + village_effect + 420 * land_mu + 95 * migrant_days + 610 * livestock
                      + rng.gauss(0, 900 + 0.06 * 95 * migrant_days))
            income = round(max(income, 300.0), 2)
            per_capita = income / size
            exited = 1 if per_capita + rng.gauss(0, 400) > LINE else 0
            rows.append([f"H{hid:05d}", township, tier, village, size, labour, land_mu, migrant_days, livestock,
                         f"{income:.2f}", f"{per_capita:.2f}", exited])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "income_survey.csv")
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["household_id", "township", "tier", "village", "size", "labour", "land_mu", "migrant_days",
                "livestock", "net_income", "per_capita_income", "exited"])
    w.writerows(rows)
print(f"wrote {len(rows)} households to {path}")
