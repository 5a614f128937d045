"""Erlang B and Erlang C: blocking on lines, waiting for agents.

Pure functions over floats. Erlang B uses the stable recurrence
B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)), which never forms a factorial or a
power and so stays exact for thousands of servers; Erlang C is derived from B.

Symbols: `a` is the offered traffic in Erlangs (calls per second x holding time),
`n` the number of servers (lines or agents), `aht` the mean holding time in seconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

# A search that has not met its target by this many servers is asking for the
# impossible (e.g. a blocking target of 1e-300); stop rather than loop forever.
MAX_SERVERS = 100_000


def _check_traffic(a: float) -> None:
    if not (a >= 0 and math.isfinite(a)):
        raise ValueError(f"traffic must be a finite number of Erlangs >= 0, got {a!r}")


def erlang_b_series(a: float) -> Iterator[tuple[int, float]]:
    """(n, B(n, a)) for n = 0, 1, 2, ... by the stable recurrence."""
    _check_traffic(a)
    n, b = 0, 1.0
    while True:
        yield n, b
        n += 1
        b = a * b / (n + a * b)


def erlang_b(n: int, a: float) -> float:
    """Probability that a call finds all n lines busy (blocked calls cleared)."""
    if n < 0:
        raise ValueError(f"servers must be >= 0, got {n}")
    _check_traffic(a)
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c_from_b(n: int, a: float, b: float) -> float:
    """Probability of waiting in M/M/n from B(n, a); 1.0 when n <= a (unstable queue)."""
    if n <= a:
        return 1.0
    return n * b / (n - a * (1.0 - b))


def erlang_c(n: int, a: float) -> float:
    """Probability that a caller waits at all (M/M/n, infinitely patient callers)."""
    return erlang_c_from_b(n, a, erlang_b(n, a))


def service_level(n: int, a: float, aht: float, t: float) -> float:
    """P(wait <= t) in M/M/n: 1 - C * exp(-(n - a) * t / aht); 0 when n <= a."""
    if n <= a:
        return 0.0
    c = erlang_c(n, a)
    return 1.0 - c * math.exp(-(n - a) * t / aht)


def asa(n: int, a: float, aht: float) -> float:
    """Average speed of answer over all callers, C * aht / (n - a); inf when n <= a."""
    if n <= a:
        return math.inf
    return erlang_c(n, a) * aht / (n - a)


def lines_for_blocking(a: float, target: float) -> int:
    """Smallest n with B(n, a) <= target."""
    if not 0 < target < 1:
        raise ValueError(f"blocking target must be between 0 and 1, got {target!r}")
    for n, b in erlang_b_series(a):
        if b <= target:
            return n
        if n >= MAX_SERVERS:
            break
    raise ValueError(f"no line count up to {MAX_SERVERS} meets blocking {target} at {a} E")


def agents_for_service_level(a: float, aht: float, percent: float, t: float) -> int:
    """Smallest n > a with P(wait <= t) >= percent/100 in M/M/n (Erlang C)."""
    if not 0 < percent < 100:
        raise ValueError(f"service level must be between 0 and 100 %, got {percent!r}")
    if aht <= 0:
        raise ValueError(f"handle time must be > 0 s, got {aht!r}")
    goal = percent / 100.0
    for n, b in erlang_b_series(a):
        if n > a:
            c = erlang_c_from_b(n, a, b)
            if 1.0 - c * math.exp(-(n - a) * t / aht) >= goal:
                return max(n, 1)
        if n >= MAX_SERVERS:
            break
    raise ValueError(f"no agent count up to {MAX_SERVERS} meets {percent} % at {a} E")
