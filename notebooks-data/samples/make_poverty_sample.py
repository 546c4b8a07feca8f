#!/usr/bin/env python3
"""Writes poverty_households.csv: 300 synthetic registered households of Dai County (代县), for
`tuopin poverty` examples. Deterministic: Python's random.Random(20160) with no other input,
so running `python3 make_poverty_sample.py` again gives the same bytes.

Incomes are per capita, yuan a year; the four sources add up exactly to income_per_capita.
Shares follow the county's documents loosely (planting about a third, migrant work about half,
breeding and forestry the rest, plus transfers). Nothing here is real data.
"""
import math
import random

TOWNSHIPS = [  # (name, tier) as in DESIGN.md
    ("胡峪乡", 1), ("雁门关乡", 1), ("枣林镇", 1), ("滩上镇", 1), ("上磨坊乡", 1), ("聂营镇", 1),
    ("阳明堡镇", 2), ("新高乡", 2), ("峨口镇", 3), ("上馆镇", 3), ("峪口乡", 3),
]
CATEGORIES = ["达标户", "缺项户", "兜底户"]

rng = random.Random(20160)
rows = []
for household in range(1, 301):
    township, tier = TOWNSHIPS[rng.randrange(len(TOWNSHIPS))]
    size = 1 + min(5, int(rng.expovariate(0.45)))
    depth = {1: 0.8, 2: 0.95, 3: 1.1}[tier]
    planting = round(1100 * depth * math.exp(0.5 * rng.gauss(0, 1)))
    migrant = 0 if rng.random() < 0.3 else round(2000 * depth * math.exp(0.7 * rng.gauss(0, 1)))
    breeding = round(rng.uniform(-150, 900) * depth)
    category = CATEGORIES[0 if rng.random() < 0.6 else (1 if rng.random() < 0.6 else 2)]
    transfers = round(rng.uniform(300, 1200)) if category == "兜底户" else round(rng.uniform(0, 250))
    income = planting + migrant + breeding + transfers
    weight = rng.choice([20, 25, 40, 50])
    rows.append((household, township, tier, category, size, weight, income, planting, migrant, breeding, transfers))

with open("poverty_households.csv", "w", encoding="utf-8", newline="") as f:
    f.write("household,township,tier,category,size,weight,income_per_capita,planting,migrant_work,breeding,transfers\n")
    for r in rows:
        f.write(",".join(str(x) for x in r) + "\n")
