#!/usr/bin/env python3
# Draws docs/performance.png from the results file `make bench` writes
# ($(BUILD)/benchmark/results.tsv): per operation, how many times faster cliquet
# is than libolm (with the goal of its family) and how close it is to the
# primitive floor (with the 1.15x goal). Needs Debian's python3-matplotlib
# (`make bench-chart` installs it).
# SPDX-License-Identifier: Apache-2.0
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FLOOR_GOAL = 1.15


def read_results(path):
    ops, info = [], ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "info":
                info = ", ".join(cols[1:])
            elif cols[0] == "op":
                name, _family, cq, olm, floor, goal, vs_olm, vs_floor, ceiling = cols[1:10]
                ops.append((name, float(vs_olm), float(vs_floor), float(ceiling),
                            float(goal)))
    return ops, info


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: chart.py RESULTS.tsv OUT.png")
    ops, info = read_results(sys.argv[1])
    if not ops:
        sys.exit("chart.py: no operations in " + sys.argv[1])
    names = [o[0] for o in ops][::-1]
    vs_olm = [o[1] for o in ops][::-1]
    vs_floor = [o[2] for o in ops][::-1]
    ceilings = [o[3] for o in ops][::-1]
    goals = [o[4] for o in ops][::-1]
    ys = range(len(ops))

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 0.36 * len(ops) + 1.8), sharey=True,
        gridspec_kw={"width_ratios": [3, 2]})

    colours = ["#2b8a3e" if g == 0 or r >= g else "#e67700"
               for r, g in zip(vs_olm, goals)]
    left.barh(ys, vs_olm, color=colours)
    for y, g in zip(ys, goals):
        if g > 0:
            left.plot([g, g], [y - 0.4, y + 0.4], color="black", linewidth=1.5)
    left.scatter(ceilings, list(ys), marker="|", s=120, color="#1864ab", zorder=3)
    for y, r, c in zip(ys, vs_olm, ceilings):
        left.text(max(r, c) + 0.05, y, " %.2fx" % r, va="center", fontsize=8)
    left.axvline(1.0, color="grey", linewidth=0.8)
    left.set_yticks(list(ys))
    left.set_yticklabels(names, fontsize=8)
    left.set_xlabel("libolm time / cliquet time (higher is better)\n"
                    "black tick: goal; blue tick: libolm / floor, the most the "
                    "primitives allow")
    left.set_xlim(0, max(max(vs_olm), max(goals), max(ceilings)) * 1.18)

    colours = ["#2b8a3e" if r <= FLOOR_GOAL else "#e67700" for r in vs_floor]
    right.barh(ys, vs_floor, color=colours)
    for y, r in zip(ys, vs_floor):
        right.text(r, y, " %.2fx" % r, va="center", fontsize=8)
    right.axvline(FLOOR_GOAL, color="black", linewidth=1, linestyle="--")
    right.axvline(1.0, color="grey", linewidth=0.8)
    right.set_xlabel("cliquet time / floor time (lower is better; "
                     "dashed: 1.15x goal)")
    right.set_xscale("log")
    right.set_xlim(0.5, max(max(vs_floor) * 1.6, 2))

    fig.suptitle("cliquet vs libolm and vs the primitive floor "
                 "(medians of per-batch ratios, one run)"
                 + ("\n" + info if info else ""), fontsize=10)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
