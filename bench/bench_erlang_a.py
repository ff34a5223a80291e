#!/usr/bin/env python3
"""Erlang A (exact M/M/N+M) vs the former abandonment heuristic vs a simulation.

For hourly scenarios staffed with Erlang C at 80/20 (the planner's rule), prints the
abandonment, service level and ASA of the answered calls as given by
``call_center/tools/erlang.py`` (exact Erlang A), by the heuristic the planner used before
(``C * aht / (aht + patience * (N - A))``, 100 % when N <= A) and by a seeded discrete-event
simulation of the same queue.  Then times a capped week grid (7 x 24 cells, 85 % occupancy)
with the former search (scan from floor(A) + 1 recomputing Erlang B per step) and the current
one (incremental Erlang B from the occupancy bound).

Usage: python3 bench/bench_erlang_a.py [--calls 200000]
"""

import argparse
import heapq
import importlib.util
import math
import pathlib
import random
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "cc_erlang", ROOT / "addons" / "call_center" / "tools" / "erlang.py"
)
erlang = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(erlang)

# (label, calls per hour, AHT s, mean patience s, agents or None = Erlang C 80/20)
SCENARIOS = [
    ("10 Erl, 14 agents (textbook)", 200, 180, 120, None),
    ("León 072 peak", 420, 240, 120, None),
    ("impatient callers", 420, 240, 45, None),
    ("under-staffed: N = A", 150, 240, 120, 10),
    ("under-staffed: N < A", 180, 240, 90, 10),
    ("large centre", 5814, 240, 180, None),
]


def heuristic(n, a, aht, patience):
    if a == 0:
        return 0.0
    if n <= a:
        return 1.0
    pw = erlang.erlang_c(n, a)
    return pw * aht / (aht + patience * (n - a))


def simulate(n, lam, mu, theta, target, calls, seed):
    """M/M/n+M, FIFO, exponential patience: (P(abandon), SL answered <= T / offered, ASA)."""
    rnd = random.Random(seed)
    t = 0.0
    free = n
    busy = []
    queue = []
    head = 0
    answered = abandoned = in_target = 0
    wait_answered = 0.0
    for _i in range(calls):
        t += rnd.expovariate(lam)
        while busy and busy[0] <= t:
            now = heapq.heappop(busy)
            while head < len(queue) and queue[head][1] < now:
                head += 1
                abandoned += 1
            if head < len(queue):
                arrival = queue[head][0]
                head += 1
                answered += 1
                wait_answered += now - arrival
                in_target += now - arrival <= target
                heapq.heappush(busy, now + rnd.expovariate(mu))
            else:
                free += 1
        if free:
            free -= 1
            answered += 1
            in_target += 1
            heapq.heappush(busy, t + rnd.expovariate(mu))
        else:
            queue.append((t, t + rnd.expovariate(theta)))
    done = answered + abandoned
    return abandoned / done, in_target / done, wait_answered / answered


def old_agents_needed(traffic, aht, target, sl_goal, max_occupancy):
    n = max(1, int(math.floor(traffic)) + 1)
    while n <= 10000:
        if (
            erlang.service_level(n, traffic, aht, target) >= sl_goal
            and min(1.0, traffic / n) <= max_occupancy
        ):
            return n
        n += 1
    raise ValueError("no staffing found below max_agents")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200_000, help="simulated calls per scenario")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        f"{'scenario':32s}{'A':>7s}{'N':>5s} | {'abandon: heur':>13s}{'Erl A':>8s}{'sim':>8s}"
        f" | {'SL: Erl A':>9s}{'sim':>7s} | {'ASA: Erl A':>10s}{'sim':>7s}"
    )
    for label, calls, aht, patience, agents in SCENARIOS:
        a = erlang.offered_traffic(calls, aht)
        n = agents or erlang.agents_needed(a, aht, 20, 0.8)
        r = erlang.erlang_a(n, a, aht, patience, target=20)
        ab, sl, asa = simulate(n, calls / 3600.0, 1 / aht, 1 / patience, 20, args.calls, args.seed)
        print(
            f"{label:32s}{a:7.1f}{n:5d} | {100 * heuristic(n, a, aht, patience):12.2f}%"
            f"{100 * r['p_abandon']:7.2f}%{100 * ab:7.2f}% | {100 * r['service_level']:8.1f}%"
            f"{100 * sl:6.1f}% | {r['asa']:9.1f}s{asa:6.1f}s"
        )
    # capped week grid: 7 x 24 cells, 85 % occupancy, volumes from 50 to 6,000 calls/hour
    volumes = [50 + (6000 - 50) * k // 167 for k in range(168)]
    for name, fn in (("former scan", old_agents_needed), ("incremental", erlang.agents_needed)):
        t0 = time.process_time()
        res = [fn(erlang.offered_traffic(c, 240), 240, 20, 0.8, 0.85) for c in volumes]
        print(
            f"capped week grid (168 cells, up to {max(res)} agents), {name}: "
            f"{time.process_time() - t0:.2f} s CPU"
        )
    a = erlang.offered_traffic(5814, 240)
    print(
        f"{a:.1f} Erlangs at 85 % occupancy: former {old_agents_needed(a, 240, 20, 0.5, 0.85)} "
        f"agents, exact {erlang.agents_needed(a, 240, 20, 0.5, 0.85)}"
    )


if __name__ == "__main__":
    main()
