"""The profile: every example loads, every bad profile gives its one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from appliance.assets import example_profiles
from appliance.errors import ProfileError
from appliance.profile import load_profile, parse_profile
from appliance.profile.load import field_path
from appliance.profile.model import parse_days

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = example_profiles()
BAD = sorted((ROOT / "tests" / "fixtures" / "bad_profiles").glob("*.yaml"))


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <message>'"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_profile_is_valid(path: Path) -> None:
    profile = load_profile(path)
    assert profile.phones and profile.lines


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_profile_names_the_field_and_what_is_right(path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    lines = [str(problem) for problem in caught.value.problems]
    wanted = expected_message(path)
    assert any(line.startswith(wanted) for line in lines), lines


@pytest.mark.parametrize("path", BAD[:5] + BAD[-3:], ids=lambda p: p.stem)
def test_cli_exits_2_with_one_line_per_field_and_no_traceback(path: Path, tamas) -> None:
    result = tamas("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert expected_message(path) in result.stderr


def test_all_problems_are_reported_at_once() -> None:
    text = (ROOT / "hardware_profiles" / "examples" / "shop.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["phones"][0]["mac"] = "nonsense"
    data["queues"][0]["strategy"] = "roundrobin"
    data["lines"][0]["channels"] = -1
    with pytest.raises(ProfileError) as caught:
        parse_profile(yaml.safe_dump(data))
    paths = {problem.path for problem in caught.value.problems}
    assert paths == {"phones[0].mac", "queues[0].strategy", "lines[0].channels"}


def test_cross_checks_report_every_problem_together() -> None:
    data = yaml.safe_load((ROOT / "hardware_profiles/examples/shop.yaml").read_text("utf-8"))
    data["phones"][1]["extension"] = 101
    data["queues"][0]["members"] = [101, 999]
    with pytest.raises(ProfileError) as caught:
        parse_profile(yaml.safe_dump(data))
    paths = [problem.path for problem in caught.value.problems]
    assert "phones[1].extension" in paths
    assert "queues[0].members[1]" in paths


def test_mac_is_normalised_from_common_spellings() -> None:
    data = yaml.safe_load((ROOT / "hardware_profiles/examples/shop.yaml").read_text("utf-8"))
    data["phones"][0]["mac"] = "80-5E-C0-11-22-01"
    data["phones"][1]["mac"] = "805EC0112202"
    profile = parse_profile(yaml.safe_dump(data))
    assert [p.mac for p in profile.phones[:2]] == ["80:5e:c0:11:22:01", "80:5e:c0:11:22:02"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("sat-wed", ("sat", "sun", "mon", "tue", "wed")),
        ("thu", ("thu",)),
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("fri-mon", ("fri", "sat", "sun", "mon")),
    ],
)
def test_weekday_ranges_wrap_around_the_week(text: str, days: tuple[str, ...]) -> None:
    assert parse_days(text) == days


def test_field_path_reads_like_the_yaml() -> None:
    assert field_path(("phones", 2, "mac")) == "phones[2].mac"
    assert field_path(("ivr", "options", "1", "queue")) == "ivr.options.1.queue"
    assert field_path(()) == "(top)"
