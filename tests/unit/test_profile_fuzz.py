"""Property tests: malformed profiles never crash the loader, they give a ProfileError."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appliance.errors import ProfileError
from appliance.profile import parse_profile

ROOT = Path(__file__).resolve().parents[2]
SHOP = yaml.safe_load((ROOT / "hardware_profiles/examples/shop.yaml").read_text("utf-8"))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(SHOP)


def _mutate(data: dict, path: tuple, action: str, value: Any) -> dict:
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "set":
        parent[last] = value
    elif action == "add" and isinstance(parent, dict):
        parent[f"unknown_{last}"] = value
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from(PATHS), st.sampled_from(["delete", "set", "add"]), junk),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_profiles_load_or_raise_profile_error(mutations: list) -> None:
    data = SHOP
    for path, action, value in mutations:
        try:
            data = _mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    try:
        parse_profile(yaml.safe_dump(data))
    except ProfileError as exc:
        assert exc.problems, "a ProfileError must name at least one field"
        for problem in exc.problems:
            assert problem.path and problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    try:
        parse_profile(text)
    except ProfileError as exc:
        assert exc.problems
