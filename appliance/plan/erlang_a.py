"""Erlang A (M/M/n+M): agents, waiting callers who hang up after an exponential patience.

Palm's model, in the form of Garnett, Mandelbaum and Reiman (2002). With arrival rate
lambda, service rate mu = 1/aht, abandonment rate theta = 1/patience, x = n*mu/theta
and y = lambda/theta, the number of callers in the system is a birth-death chain:

    pi(k)   ~ a^k / k!                                 for k <= n   (a = lambda/mu)
    pi(n+q) = pi(n) * prod_{j=1..q} y / (x + j)        for q >= 0 callers waiting

We compute it relative to pi(n) = 1 (rescaled when it grows huge): the states below n sum to
1/B(n, a) - 1 (Erlang B again), and the waiting states form a series whose terms fall
geometrically once q > y - x; we add them until they no longer change the sum.

A caller who arrives to find q callers ahead leaves the queue (served or hung up) at
rate theta*(x + i + 1) while i are ahead, so by telescoping it is answered with
probability x/(x + q + 1), after a time S that is a sum of exponentials with rates
theta*(x + j), j = 1..q+1. exp(-theta*S) then has a Beta(x+1, q+1) law, so
P(S <= t) = P(NegBin(x+1, exp(-theta*t)) > q), a tail we carry along in log space.
Every figure below is an exact sum of that chain (to float precision), not an
approximation; tests compare it with a direct solution of the chain and with Erlang C.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from appliance.plan.erlang import MAX_SERVERS, erlang_b

# Stop adding waiting states when a term is this small against the sum so far.
_TAIL = 1e-17
# Only ratios of the sums matter: divide them all by this when the terms grow large.
_RESCALE = 1e200
# Hard stop for absurd inputs (y >> x means a queue of many thousands of callers).
_MAX_QUEUE = 2_000_000


@dataclass(frozen=True)
class ErlangA:
    """What callers see with n agents, per offered call."""

    agents: int
    p_wait: float  # finds every agent busy
    p_abandon: float  # hangs up before being answered
    service_level: float  # answered within t, over all offered calls
    asa_s: float  # mean wait of the answered calls
    mean_wait_s: float  # mean time in queue over all calls (answered or not)


def erlang_a(
    n: int, calls_per_hour: float, aht_s: float, patience_s: float, t_s: float
) -> ErlangA:
    """Erlang A figures for n agents."""
    if n < 1:
        raise ValueError(f"agents must be >= 1, got {n}")
    if calls_per_hour < 0 or aht_s <= 0 or patience_s <= 0:
        raise ValueError("calls must be >= 0; handle time and patience must be > 0 s")
    lam = calls_per_hour / 3600.0
    mu = 1.0 / aht_s
    theta = 1.0 / patience_s
    a = lam / mu
    x = n * mu / theta
    y = lam / theta
    b = erlang_b(n, a)
    below = (1.0 / b - 1.0) if b > 0 else math.inf  # states 0..n-1, relative to pi(n)

    # NegBin(x+1, u) with u = exp(-theta*t): log pmf at q, and 1 - cdf (the tail).
    theta_t = theta * max(t_s, 0.0)
    log_u = -theta_t
    log_1mu = math.log(-math.expm1(-theta_t)) if theta_t > 0 else -math.inf
    log_nb = (x + 1.0) * log_u  # q = 0
    nb_tail = 1.0 - math.exp(log_nb) if theta_t > 0 else 0.0

    term = 1.0  # pi(n+q) / pi(n)
    queued = abandon = served_by_t = served = wait_served = 0.0
    harmonic = 1.0 / (x + 1.0)  # sum_{j=1..q+1} 1/(x+j): mean time to answer * theta
    q = 0
    while True:
        answered = x / (x + q + 1.0)
        queued += term
        abandon += term * (1.0 - answered)
        served += term * answered
        served_by_t += term * answered * max(nb_tail, 0.0)
        wait_served += term * answered * harmonic / theta
        q += 1
        term *= y / (x + q)
        if term > _RESCALE:  # y >> x: the terms climb before they fall; keep them finite
            term, below = term / _RESCALE, below / _RESCALE
            queued, abandon, served = queued / _RESCALE, abandon / _RESCALE, served / _RESCALE
            served_by_t, wait_served = served_by_t / _RESCALE, wait_served / _RESCALE
        if q > y - x and term < _TAIL * queued:
            break
        if q >= _MAX_QUEUE:
            raise ValueError("queue too long to evaluate; check calls per hour and patience")
        harmonic += 1.0 / (x + q + 1.0)
        if theta_t > 0:
            log_nb += math.log((x + q) / q) + log_1mu
            nb_tail -= math.exp(log_nb)

    total = below + queued
    if math.isinf(total):  # so many agents that nobody waits
        return ErlangA(n, 0.0, 0.0, 1.0, 0.0, 0.0)
    p_wait = queued / total
    p_abandon = abandon / total
    answered_total = below + served
    return ErlangA(
        agents=n,
        p_wait=p_wait,
        p_abandon=p_abandon,
        service_level=(below + served_by_t) / total,
        asa_s=wait_served / answered_total,
        mean_wait_s=p_abandon * patience_s,  # abandonment = theta * E[wait] (exact here)
    )


def agents_erlang_a(
    calls_per_hour: float, aht_s: float, patience_s: float, percent: float, t_s: float
) -> ErlangA:
    """The fewest agents whose Erlang A service level reaches percent/100.

    The service level grows with n, so we gallop up from a low start until the target
    is met, then bisect: about 2*log2(distance) evaluations instead of one per agent.
    """
    if not 0 < percent < 100:
        raise ValueError(f"service level must be between 0 and 100 %, got {percent!r}")
    goal = percent / 100.0

    def at(n: int) -> ErlangA:
        return erlang_a(n, calls_per_hour, aht_s, patience_s, t_s)

    a = calls_per_hour * aht_s / 3600.0
    # Impatient callers leave, so fewer than a agents can meet the target: start low.
    low = max(1, int(a - 4.0 * math.sqrt(a) - 1))
    found = at(low)
    if found.service_level >= goal:  # even the start meets it: walk down
        while low > 1 and (lower := at(low - 1)).service_level >= goal:
            low, found = low - 1, lower
        return found
    step = 1
    while True:  # low fails; find a high that meets the goal
        high = low + step
        if high > MAX_SERVERS:
            raise ValueError(f"no agent count up to {MAX_SERVERS} meets {percent} %")
        found = at(high)
        if found.service_level >= goal:
            break
        low, step = high, step * 2
    while high - low > 1:  # low fails, high meets
        middle = (low + high) // 2
        result = at(middle)
        if result.service_level >= goal:
            high, found = middle, result
        else:
            low = middle
    return found
