"""Erlang B, C and A against published tables and against independent computations.

The independent versions here are written the slow, obvious way (exact fractions with
factorials; the birth-death chain summed state by state; the tagged caller's ODE
integrated step by step), so they share no algorithm with appliance/plan.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appliance.plan.erlang import (
    agents_for_service_level,
    asa,
    erlang_b,
    erlang_c,
    lines_for_blocking,
    service_level,
)
from appliance.plan.erlang_a import agents_erlang_a, erlang_a


def exact_b(n: int, a: Fraction) -> Fraction:
    terms = [a**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def exact_c(n: int, a: Fraction) -> Fraction:
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


# --- published tables -----------------------------------------------------------------


def test_issue_figure_10_erlangs_80_in_20_needs_14_agents_at_88_8_percent() -> None:
    assert agents_for_service_level(10, 180, 80, 20) == 14
    assert service_level(14, 10, 180, 20) == pytest.approx(0.888, abs=0.0005)
    assert service_level(13, 10, 180, 20) < 0.80  # so 13 agents are one too few
    assert erlang_c(14, 10) == pytest.approx(0.1741, abs=0.0001)
    assert asa(14, 10, 180) == pytest.approx(7.8, abs=0.05)


def test_issue_figure_3_erlangs_at_1_percent_needs_8_lines() -> None:
    assert lines_for_blocking(3, 0.01) == 8
    assert erlang_b(7, 3) > 0.01 >= erlang_b(8, 3)


# Erlang B table (traffic carried at a blocking probability, by lines).
@pytest.mark.parametrize(
    ("lines", "blocking", "erlangs"),
    [
        (5, 0.01, 1.36),
        (10, 0.01, 4.46),
        (20, 0.01, 12.03),
        (50, 0.01, 37.90),
        (10, 0.02, 5.08),
        (10, 0.001, 3.09),
        (30, 0.05, 24.80),
    ],
)
def test_erlang_b_table(lines: int, blocking: float, erlangs: float) -> None:
    assert erlang_b(lines, erlangs) == pytest.approx(blocking, rel=0.03)
    assert lines_for_blocking(erlangs - 0.02, blocking) == lines


def test_erlang_b_matches_exact_fractions_up_to_500_lines() -> None:
    cases = ((1, Fraction(1, 2)), (37, Fraction(30)), (200, Fraction(180)), (500, Fraction(480)))
    for n, a in cases:
        assert erlang_b(n, float(a)) == pytest.approx(float(exact_b(n, a)), rel=1e-12)


def test_erlang_c_matches_exact_fractions() -> None:
    for n, a in ((2, Fraction(1)), (14, Fraction(10)), (120, Fraction(110)), (500, Fraction(470))):
        assert erlang_c(n, float(a)) == pytest.approx(float(exact_c(n, a)), rel=1e-12)


def test_unstable_queue_never_meets_a_target() -> None:
    assert service_level(10, 10, 180, 20) == 0.0
    assert math.isinf(asa(9, 10, 180))
    assert agents_for_service_level(10, 180, 80, 20) > 10


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="blocking target"):
        lines_for_blocking(3, 0)
    with pytest.raises(ValueError, match="service level"):
        agents_for_service_level(3, 180, 100, 20)
    with pytest.raises(ValueError, match="traffic"):
        erlang_b(3, -1)


# --- properties ------------------------------------------------------------------------


traffic = st.floats(min_value=0.01, max_value=300)


@given(a=traffic, n=st.integers(min_value=0, max_value=400))
def test_blocking_falls_as_lines_are_added(a: float, n: int) -> None:
    assert 0 <= erlang_b(n + 1, a) <= erlang_b(n, a) <= 1


@given(a=traffic, n=st.integers(min_value=1, max_value=400), t=st.integers(1, 120))
def test_more_agents_never_lower_the_service_level(a: float, n: int, t: int) -> None:
    assert service_level(n + 1, a, 180, t) >= service_level(n, a, 180, t)


@given(a=traffic, percent=st.floats(min_value=50, max_value=99), t=st.integers(5, 60))
def test_agent_count_is_the_fewest_that_meets_the_target(a: float, percent: float, t: int) -> None:
    n = agents_for_service_level(a, 180, percent, t)
    assert service_level(n, a, 180, t) >= percent / 100
    assert n == 1 or service_level(n - 1, a, 180, t) < percent / 100


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=60),
    cph=st.floats(min_value=1, max_value=1500),
    patience=st.floats(min_value=5, max_value=600),
)
def test_erlang_a_more_agents_serve_better_and_lose_fewer(
    n: int, cph: float, patience: float
) -> None:
    fewer, more = (erlang_a(k, cph, 180, patience, 20) for k in (n, n + 1))
    assert more.service_level >= fewer.service_level - 1e-12
    assert more.p_abandon <= fewer.p_abandon + 1e-12
    assert 0 <= more.p_abandon <= more.p_wait <= 1


@settings(max_examples=40, deadline=None)
@given(cph=st.floats(min_value=10, max_value=3000), patience=st.floats(min_value=10, max_value=900))
def test_impatient_callers_never_need_more_agents_than_erlang_c(
    cph: float, patience: float
) -> None:
    a = cph * 180 / 3600
    with_a = agents_erlang_a(cph, 180, patience, 80, 20)
    assert with_a.agents <= agents_for_service_level(a, 180, 80, 20)
    assert with_a.service_level >= 0.80
    if with_a.agents > 1:
        assert erlang_a(with_a.agents - 1, cph, 180, patience, 20).service_level < 0.80


# --- Erlang A against its limits and a direct solution of the chain ---------------------


@pytest.mark.parametrize(("n", "a"), [(1, 0.5), (14, 10), (60, 55), (500, 480)])
def test_erlang_a_with_endless_patience_is_erlang_c(n: int, a: float) -> None:
    aht, t = 180.0, 20.0
    result = erlang_a(n, a * 3600 / aht, aht, 1e9, t)
    assert result.p_wait == pytest.approx(erlang_c(n, a), rel=1e-5)
    assert result.service_level == pytest.approx(service_level(n, a, aht, t), abs=1e-6)
    assert result.asa_s * (1 - result.p_abandon) == pytest.approx(asa(n, a, aht), rel=1e-4)
    assert result.p_abandon < 1e-5


def brute_force(n: int, lam: float, mu: float, theta: float, t: float) -> dict[str, float]:
    """Solve the truncated M/M/n+M chain state by state; integrate the tagged caller."""
    depth = 400
    weights = [1.0]
    for k in range(1, n + depth):
        down = k * mu if k <= n else n * mu + (k - n) * theta
        weights.append(weights[-1] * lam / down)
    total = sum(weights)
    p = [w / total for w in weights]
    queue = sum((k - n) * p[k] for k in range(n, len(p)))
    # Tagged caller with i ahead: f_i(t) = P(answered by t). RK4 on the backward equations
    # f_i' = (n mu + i theta)(f_{i-1} - f_i) - theta f_i, with f_{-1} = 1.
    q_max = depth - 1

    def deriv(f: list[float]) -> list[float]:
        return [
            (n * mu + i * theta) * ((f[i - 1] if i else 1.0) - f[i]) - theta * f[i]
            for i in range(q_max)
        ]

    f = [0.0] * q_max
    steps = 1500
    h = t / steps
    for _ in range(steps):
        k1 = deriv(f)
        k2 = deriv([x + h / 2 * d for x, d in zip(f, k1, strict=True)])
        k3 = deriv([x + h / 2 * d for x, d in zip(f, k2, strict=True)])
        k4 = deriv([x + h * d for x, d in zip(f, k3, strict=True)])
        f = [x + h / 6 * (d1 + 2 * d2 + 2 * d3 + d4)
             for x, d1, d2, d3, d4 in zip(f, k1, k2, k3, k4, strict=True)]
    within = sum(p[:n]) + sum(p[n + q] * f[q] for q in range(q_max))
    return {
        "p_wait": sum(p[n:]),
        "p_abandon": theta * queue / lam,  # abandonments per second / arrivals per second
        "mean_wait_s": queue / lam,  # Little's law on the queue
        "service_level": within,
    }


@pytest.mark.parametrize(
    ("n", "cph", "aht", "patience", "t"),
    [
        (1, 20, 120, 60, 10),
        (2, 60, 150, 90, 20),
        (3, 60, 180, 120, 20),  # the shop's staffing
        (4, 150, 100, 30, 15),  # overloaded, impatient callers
        (5, 60, 180, 600, 20),
    ],
)
def test_erlang_a_matches_the_chain_solved_directly(
    n: int, cph: float, aht: float, patience: float, t: float
) -> None:
    ours = erlang_a(n, cph, aht, patience, t)
    direct = brute_force(n, cph / 3600, 1 / aht, 1 / patience, t)
    assert ours.p_wait == pytest.approx(direct["p_wait"], rel=1e-9)
    assert ours.p_abandon == pytest.approx(direct["p_abandon"], rel=1e-9)
    assert ours.mean_wait_s == pytest.approx(direct["mean_wait_s"], rel=1e-9)
    assert ours.service_level == pytest.approx(direct["service_level"], abs=1e-9)


def test_erlang_a_stays_finite_for_500_agents_and_extreme_inputs() -> None:
    big = erlang_a(500, 9600, 180, 120, 20)
    assert 0 < big.service_level < 1 and 0 < big.p_abandon < 1
    idle = erlang_a(500, 10, 180, 120, 20)  # Erlang B underflows: nobody waits
    assert idle.service_level == 1.0 and idle.p_wait == 0.0
    swamped = erlang_a(1, 3600, 600, 3600, 20)  # 600 E on one agent: almost all give up
    assert swamped.p_abandon > 0.99
