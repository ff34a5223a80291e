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

Abandonment: exact Erlang A (Palm's M/M/N+M queue).  Callers have an exponentially
distributed patience of mean ``patience`` seconds (rate theta = 1/patience) and hang up when
it runs out before an agent answers.  The stationary distribution of the number of callers
in the system is, relative to the state "all N agents busy, nobody waiting",

    pi(N - j) / pi(N) = N! / ((N - j)! A^j)                  (Erlang B part)
    pi(N + m) / pi(N) = prod_{k=1..m} lambda / (N mu + k theta)

computed in log space (no overflow for thousands of agents or overloads).  A caller who
finds all agents busy and ``m`` callers waiting (PASTA) is answered with probability
``N mu / (N mu + (m + 1) theta)``; when answered, its wait is a sum of exponential stages of
rates ``N mu + k theta`` (k = 1..m+1), and ``exp(-theta W)`` then follows a
Beta(N mu / theta + 1, m + 1) law, so P(W <= T) is a regularised incomplete beta function
with an integer parameter: a finite sum evaluated in log space.  This gives exactly (up to
truncation below 1e-16 of the probability mass):

* P(wait), P(abandon) (= theta E[queue] / lambda, checked by the tests),
* the service level "answered within T" over all offered calls,
* ASA = mean wait of the answered calls, and the mean wait of all callers.

(Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn, "The Palm/Erlang-A queue".)
With theta -> 0 it tends to Erlang C; with theta = mu it is an M/M/inf queue (tested).
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
    "erlang_a",
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


MAX_TRAFFIC = 1e6  # Erlangs; far beyond any contact centre, keeps the sums bounded


def _check(traffic, aht=None, patience=None):
    if not (isinstance(traffic, (int, float)) and math.isfinite(traffic)) or traffic < 0:
        raise ValueError("traffic must be a finite non-negative number")
    if traffic > MAX_TRAFFIC:
        raise ValueError(
            "traffic of %.0f Erlangs is out of range (max %.0f)" % (traffic, MAX_TRAFFIC)
        )
    if aht is not None and not (math.isfinite(aht) and aht > 0):
        raise ValueError("aht must be a positive number of seconds")
    if patience is not None and not (math.isfinite(patience) and patience >= 0):
        raise ValueError("patience must be a non-negative number of seconds")


def _log_inv_erlang_b(agents, traffic):
    """log(1 / B(N, A)) by the recursion 1/B(n) = 1 + n/A * 1/B(n-1), in log space."""
    if traffic <= 0:
        return math.inf
    lin = 0.0
    la = math.log(traffic)
    for n in range(1, int(agents) + 1):
        x = math.log(n) - la + lin
        lin = x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))
    return lin


def _logsumexp(values):
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(math.fsum(math.exp(v - top) for v in values))


def erlang_a(agents, traffic, aht, patience, target=20.0):
    """Exact Erlang A (M/M/N+M) figures for ``agents`` agents and ``traffic`` Erlangs.

    Returns a dict: ``p_wait`` (share of callers who find all agents busy), ``p_abandon``
    (share of callers who hang up before being answered), ``service_level`` (share of all
    offered calls answered within ``target`` seconds), ``asa`` (mean wait of the answered
    calls, s), ``wait_all`` (mean wait of all callers, s), ``occupancy`` (busy agents / N,
    the answered traffic over N) and ``queue`` (mean callers waiting).
    ``patience`` 0 means callers never wait (Erlang B loss system)."""
    _check(traffic, aht, patience)
    if agents < 0 or int(agents) != agents:
        raise ValueError("agents must be a non-negative integer")
    n = int(agents)
    if traffic == 0:
        return {
            "p_wait": 0.0,
            "p_abandon": 0.0,
            "service_level": 1.0,
            "asa": 0.0,
            "wait_all": 0.0,
            "occupancy": 0.0,
            "queue": 0.0,
        }
    if n == 0:
        return {
            "p_wait": 1.0,
            "p_abandon": 1.0,
            "service_level": 0.0,
            "asa": 0.0,
            "wait_all": float(patience),
            "occupancy": 0.0,
            "queue": traffic * patience / aht,
        }
    if patience == 0:  # nobody waits: Erlang B
        b = erlang_b(n, traffic)
        return {
            "p_wait": b,
            "p_abandon": b,
            "service_level": 1.0 - b,
            "asa": 0.0,
            "wait_all": 0.0,
            "occupancy": traffic * (1.0 - b) / n,
            "queue": 0.0,
        }
    mu = 1.0 / aht
    theta = 1.0 / patience
    lam = traffic * mu
    nmu = n * mu
    # log q_m = log pi(N+m)/pi(N), m = 0, 1, ... until negligible and decreasing
    logq = [0.0]
    log_lam = math.log(lam)
    m = 0
    peak = 0.0
    while True:
        m += 1
        nxt = logq[-1] + log_lam - math.log(nmu + m * theta)
        logq.append(nxt)
        peak = max(peak, nxt)
        if nxt < peak - 45.0 and lam < nmu + m * theta:
            break
        if m > 50_000_000:
            raise ValueError("queue too long to evaluate (traffic far above the agents)")
    log_z = _logsumexp([_log_inv_erlang_b(n, traffic), _logsumexp(logq[1:]) if m else -math.inf])
    # probabilities of the waiting states n+m (m >= 0) as seen by arrivals
    probs = [math.exp(v - log_z) for v in logq]
    p_wait = math.fsum(probs)
    # stage sums for the wait of answered callers
    x = math.exp(-theta * float(target))  # P(W <= T) = P(exp(-theta W) >= x)
    alpha = nmu / theta + 1.0
    log_x = -theta * float(target)
    log_1mx = math.log(-math.expm1(log_x)) if target > 0 else -math.inf
    p_ab = wait_served = queue = 0.0
    acc_h = 0.0  # sum_{k=1..m+1} 1/(N mu + k theta)
    tail = 0.0  # sum_{j=0..m} x^alpha C_j (1-x)^j  (= P(Beta(alpha, m+1) <= x))
    log_c = 0.0  # log Gamma(alpha + j) / (Gamma(alpha) j!)
    terms = []
    for mm, pm in enumerate(probs):
        k = mm + 1
        rate = nmu + k * theta
        served = nmu / rate
        acc_h += 1.0 / rate
        if target > 0:
            if mm:
                log_c += math.log(alpha + mm - 1) - math.log(mm)
            tail += (
                math.exp(alpha * log_x + log_c + mm * log_1mx)
                if log_1mx > -math.inf
                else (math.exp(alpha * log_x) if mm == 0 else 0.0)
            )
            within = max(0.0, 1.0 - tail)
        else:
            within = 0.0
        p_ab += pm * (1.0 - served)
        wait_served += pm * served * acc_h
        queue += pm * mm
        terms.append(pm * served * within)
    sl = (1.0 - p_wait) + math.fsum(terms)
    answered = 1.0 - p_ab
    del x
    return {
        "p_wait": min(1.0, p_wait),
        "p_abandon": min(1.0, max(0.0, p_ab)),
        "service_level": min(1.0, max(0.0, sl)),
        "asa": wait_served / answered if answered > 0 else math.inf,
        "wait_all": queue / lam,
        "occupancy": min(1.0, traffic * answered / n),
        "queue": queue,
    }


def abandon_probability(agents, traffic, aht, patience):
    """Share of abandoned calls: exact Erlang A (see :func:`erlang_a`)."""
    return erlang_a(agents, traffic, aht, patience)["p_abandon"]


def min_agents_for_occupancy(traffic, max_occupancy):
    """Smallest N with traffic / N <= max_occupancy (exact at the boundary: 387.6 Erlangs at
    85 % need 456 agents, although 387.6 / 0.85 = 456.00000000000006 in floating point)."""
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    if traffic <= 0:
        return 0
    ratio = traffic / max_occupancy
    n = math.ceil(ratio - 1e-9 * max(1.0, ratio))
    while n > 0 and traffic / (n - 1 if n > 1 else 1) <= max_occupancy * (1 + 1e-12) and n > 1:
        n -= 1
    while traffic / n > max_occupancy * (1 + 1e-12):
        n += 1
    return n


def agents_needed(traffic, aht, target, sl_goal, max_occupancy=1.0, max_agents=None):
    """Smallest N reaching the Erlang C service-level goal and the occupancy cap
    (0 when there is no traffic).  Erlang B is updated incrementally (one step per agent),
    starting at the occupancy bound; there is no fixed ceiling on N (``max_agents``
    optionally sets one)."""
    if not 0 < sl_goal < 1:
        raise ValueError("sl_goal must be between 0 and 1 (exclusive)")
    _check(traffic, aht)
    if traffic <= 0:
        return 0
    start = max(int(math.floor(traffic)) + 1, min_agents_for_occupancy(traffic, max_occupancy))
    b = erlang_b(start, traffic)
    n = start
    factor = float(target) / float(aht)
    while True:
        if max_agents is not None and n > max_agents:
            raise ValueError("no staffing found below max_agents")
        pw = n * b / (n - traffic * (1.0 - b))
        if 1.0 - pw * math.exp(-(n - traffic) * factor) >= sl_goal:
            return n
        n += 1
        b = traffic * b / (n + traffic * b)


def staffing(
    calls, aht, target=20.0, sl_goal=0.8, interval=3600.0, patience=120.0, max_occupancy=1.0
):
    """Complete staffing answer for one interval, as a dict.

    Agents, P(wait), service level and ASA are Erlang C (callers who wait indefinitely, the
    planning convention); ``abandon_rate`` is the exact Erlang A abandonment with the given
    mean ``patience``, and ``erlang_a`` holds the full Erlang A figures for those agents."""
    traffic = offered_traffic(calls, aht, interval)
    _check(traffic, aht if traffic else None, patience)
    n = agents_needed(traffic, aht, target, sl_goal, max_occupancy) if traffic else 0
    if not n:
        return {
            "traffic": 0.0,
            "agents": 0,
            "p_wait": 0.0,
            "service_level": 1.0,
            "asa": 0.0,
            "occupancy": 0.0,
            "abandon_rate": 0.0,
        }
    ea = erlang_a(n, traffic, aht, patience, target)
    return {
        "traffic": traffic,
        "agents": n,
        "p_wait": erlang_c(n, traffic),
        "service_level": service_level(n, traffic, aht, target),
        "asa": average_speed_of_answer(n, traffic, aht),
        "occupancy": occupancy(n, traffic),
        "abandon_rate": ea["p_abandon"],
        "erlang_a": ea,
    }
