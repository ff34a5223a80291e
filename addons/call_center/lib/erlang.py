"""Erlang B / Erlang C / abandonment estimates for call-centre staffing.

Pure Python (no Odoo import) so it can be unit-tested in isolation.

Notation
--------
* ``calls``       number of calls offered in the interval
* ``interval``    interval length in seconds (3600 for an hourly plan)
* ``aht``         average handle time in seconds (talk + wrap-up)
* ``traffic``     offered load A in Erlangs = calls * aht / interval
* ``agents``      number of agents N (servers)
* ``target``      answer-time threshold T in seconds (e.g. 20 s)

Formulas (M/M/N queue, callers wait indefinitely):

* Erlang B, computed with the numerically stable recursion
  ``B(0) = 1; B(n) = A*B(n-1) / (n + A*B(n-1))``
* Erlang C (probability that a caller has to wait)
  ``C(N, A) = N*B / (N - A*(1 - B))`` for ``N > A`` (1.0 otherwise)
* Service level (share answered within T)
  ``SL = 1 - C * exp(-(N - A) * T / aht)``
* Average speed of answer ``ASA = C * aht / (N - A)``

Abandonment (documented simple estimate, not a full Erlang A model):
callers have an exponentially distributed patience with mean
``patience`` seconds.  In the Erlang C queue the wait of a delayed
caller is exponential with rate ``r = (N - A) / aht``; the probability
that the patience runs out first is ``(1/p) / (r + 1/p)``, therefore::

    P(abandon) ~= C(N, A) * aht / (aht + patience * (N - A))

It ignores the load relief produced by the abandoning callers, so it is
a slightly pessimistic (upper) estimate - good enough for planning.
"""

import math

__all__ = [
    "offered_traffic",
    "erlang_b",
    "erlang_c",
    "service_level",
    "average_speed_of_answer",
    "occupancy",
    "abandon_probability",
    "agents_needed",
    "staffing",
]


def offered_traffic(calls, aht, interval=3600.0):
    """Offered load in Erlangs."""
    if interval <= 0:
        raise ValueError("interval must be positive")
    if calls < 0 or aht < 0:
        raise ValueError("calls and aht must not be negative")
    return float(calls) * float(aht) / float(interval)


def erlang_b(agents, traffic):
    """Blocking probability of an M/M/N/N system (Erlang B)."""
    if agents < 0 or int(agents) != agents:
        raise ValueError("agents must be a non-negative integer")
    if traffic < 0:
        raise ValueError("traffic must not be negative")
    b = 1.0
    for n in range(1, int(agents) + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(agents, traffic):
    """Probability that an arriving call has to wait (Erlang C)."""
    if traffic < 0:
        raise ValueError("traffic must not be negative")
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1.0 - b))


def service_level(agents, traffic, aht, target):
    """Share of calls answered within ``target`` seconds."""
    if traffic == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    if aht <= 0:
        raise ValueError("aht must be positive")
    pw = erlang_c(agents, traffic)
    return 1.0 - pw * math.exp(-(agents - traffic) * float(target) / float(aht))


def average_speed_of_answer(agents, traffic, aht):
    """Mean waiting time (seconds) over all calls; ``inf`` if unstable."""
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * float(aht) / (agents - traffic)


def occupancy(agents, traffic):
    """Agent occupancy (utilisation), capped at 1."""
    if agents <= 0:
        return 1.0 if traffic > 0 else 0.0
    return min(1.0, float(traffic) / agents)


def abandon_probability(agents, traffic, aht, patience):
    """Estimated share of abandoned calls (see module docstring)."""
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    if patience <= 0:
        return erlang_c(agents, traffic)
    pw = erlang_c(agents, traffic)
    return pw * aht / (aht + patience * (agents - traffic))


def agents_needed(traffic, aht, target, sl_goal, max_occupancy=1.0, max_agents=10000):
    """Smallest N reaching the service-level goal (0 when there is no traffic)."""
    if not 0 < sl_goal < 1:
        raise ValueError("sl_goal must be between 0 and 1 (exclusive)")
    if traffic <= 0:
        return 0
    n = max(1, int(math.floor(traffic)) + 1)
    while n <= max_agents:
        if (
            service_level(n, traffic, aht, target) >= sl_goal
            and occupancy(n, traffic) <= max_occupancy
        ):
            return n
        n += 1
    raise ValueError("no staffing found below max_agents")


def staffing(calls, aht, target=20.0, sl_goal=0.8, interval=3600.0, patience=120.0,
             max_occupancy=1.0):
    """Complete staffing answer for one interval, as a dict."""
    traffic = offered_traffic(calls, aht, interval)
    n = agents_needed(traffic, aht, target, sl_goal, max_occupancy) if traffic else 0
    if not n:
        return {
            "traffic": 0.0, "agents": 0, "p_wait": 0.0, "service_level": 1.0,
            "asa": 0.0, "occupancy": 0.0, "abandon_rate": 0.0,
        }
    return {
        "traffic": traffic,
        "agents": n,
        "p_wait": erlang_c(n, traffic),
        "service_level": service_level(n, traffic, aht, target),
        "asa": average_speed_of_answer(n, traffic, aht),
        "occupancy": occupancy(n, traffic),
        "abandon_rate": abandon_probability(n, traffic, aht, patience),
    }
