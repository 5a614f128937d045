"""Outbound campaigns: the progressive pacing rule, outcomes, the numbers file and the
CLI's errors. The dialing itself is proven in the lab (tests/lab/test_callcenter_campaign.py)."""

from __future__ import annotations

import shutil
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from appliance.assets import hardware_dir
from appliance.errors import InputError
from provision.campaign.model import NumberState, Outcome, Spec, State
from provision.campaign.numbers import NumbersError, read_numbers
from provision.campaign.pacing import outcome_of, record_result, to_dial
from provision.cli.main import main

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("UTC")).timestamp()


def _state(count: int = 5, pace: int = 6, retries: int = 1) -> State:
    spec = Spec(name="t", queue="support", line="city", pace_per_min=pace, opens=time(9),
                closes=time(18), timezone="UTC", retries=retries, retry_after_s=300)
    return State(spec=spec, numbers=[NumberState(number=f"0912000000{i}") for i in range(count)],
                 started_at=NOON)


def test_never_more_calls_under_way_than_free_agents() -> None:
    state = _state()
    assert to_dial(state, NOON, free_agents=2, recent_starts=[]) == [0, 1]
    state.numbers[0].outcome = Outcome.dialing
    assert to_dial(state, NOON, free_agents=2, recent_starts=[]) == [1]
    assert to_dial(state, NOON, free_agents=0, recent_starts=[]) == []


def test_the_pace_caps_starts_per_minute() -> None:
    state = _state(pace=2)
    assert to_dial(state, NOON, free_agents=5, recent_starts=[NOON - 10]) == [0]
    assert to_dial(state, NOON, free_agents=5, recent_starts=[NOON - 10, NOON - 5]) == []
    assert to_dial(state, NOON, free_agents=5, recent_starts=[NOON - 70, NOON - 61]) == [0, 1]


def test_nothing_is_dialed_outside_the_calling_hours_or_when_stopped() -> None:
    state = _state()
    evening = datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("UTC")).timestamp()
    assert to_dial(state, evening, free_agents=3, recent_starts=[]) == []
    state.stopped = True
    assert to_dial(state, NOON, free_agents=3, recent_starts=[]) == []


def test_a_busy_number_waits_for_its_retry_then_is_given_up() -> None:
    state = _state(count=1, retries=1)
    state.numbers[0].attempts = 1
    record_result(state, 0, Outcome.busy, "5", NOON)
    assert to_dial(state, NOON + 10, free_agents=1, recent_starts=[]) == []
    assert to_dial(state, NOON + 301, free_agents=1, recent_starts=[]) == [0]
    state.numbers[0].attempts = 2
    record_result(state, 0, Outcome.no_answer, "3", NOON + 302)
    assert state.finished
    assert to_dial(state, NOON + 1000, free_agents=1, recent_starts=[]) == []


def test_an_answered_number_is_done() -> None:
    state = _state(count=2)
    record_result(state, 0, Outcome.answered, "4", NOON)
    assert not state.finished
    assert to_dial(state, NOON, free_agents=2, recent_starts=[]) == [1]
    assert state.counts()["answered"] == 1


@pytest.mark.parametrize(("response", "reason", "expected"), [
    ("Success", "4", Outcome.answered), ("Failure", "5", Outcome.busy),
    ("Failure", "3", Outcome.no_answer), ("Failure", "8", Outcome.failed),
    ("Failure", "0", Outcome.failed), ("Failure", "", Outcome.failed),
])
def test_originate_reasons_map_to_outcomes(response: str, reason: str, expected: Outcome) -> None:
    assert outcome_of(response, reason) is expected


def test_numbers_file_drops_header_blanks_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("number,name\n0912 000 0001,Ali\n\n# skip\n+98912-000-0002\n09120000001\n")
    assert read_numbers(path) == ["09120000001", "+989120000002"]


def test_numbers_file_names_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("09120000001\nabc\n12\n")
    with pytest.raises(NumbersError) as caught:
        read_numbers(path)
    assert [p.path for p in caught.value.problems] == ["row 2", "row 3"]
    with pytest.raises(InputError):
        read_numbers(tmp_path / "missing.csv")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copy(hardware_dir() / "examples" / "shop.yaml", path)
    (tmp_path / "n.csv").write_text("09120000001\n")
    return path


@pytest.mark.parametrize(("args", "says"), [
    (["--queue", "nosuch"], "--queue 'nosuch': not a queue of the profile (queues: support)"),
    (["--queue", "support", "--line", "x"], "--line 'x': not a line of the profile"),
    (["--queue", "support", "--hours", "18:00-09:00"], "the end must be later than the start"),
    (["--queue", "support", "--hours", "nine"], "must be HH:MM-HH:MM"),
    (["--queue", "support", "--ami", "nohost"], "must be HOST:PORT"),
    (["--queue", "support", "--pace", "0"], "pace_per_min"),
])
def test_bad_campaign_input_exits_2_with_the_field_and_nothing_started(
    shop: Path, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["campaign", "start", str(shop), str(shop.parent / "n.csv"), *args,
                 "--ami", "127.0.0.1:1"] if "--ami" not in args else
                ["campaign", "start", str(shop), str(shop.parent / "n.csv"), *args])
    assert code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (shop.parent / "campaigns").exists()


def test_status_of_an_unknown_campaign_is_an_input_error(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["campaign", "status", str(shop), "--name", "nope"]) == 2
    assert "no campaign" in capsys.readouterr().err


def test_free_agents_are_members_not_in_use_and_not_paused() -> None:
    from provision.campaign.dialer import free_agents

    members = [
        {"Event": "QueueParams", "Queue": "support"},
        {"Event": "QueueMember", "Name": "Sara", "Status": "1", "Paused": "0"},
        {"Event": "QueueMember", "Name": "Reza", "Status": "1", "Paused": "1"},
        {"Event": "QueueMember", "Name": "Mina", "Status": "2", "Paused": "0"},
        {"Event": "QueueMember", "Name": "Ali", "Status": "5", "Paused": "0"},
        {"Event": "QueueEntry", "Position": "1"},
    ]
    assert free_agents(members) == 1


def test_a_dialer_is_known_only_by_its_own_pid_file_and_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from provision.campaign.store import dialer_alive

    folder = tmp_path / "c"
    folder.mkdir()
    assert dialer_alive(folder) is None
    (folder / "dialer.pid").write_text(f"{os.getpid()}\n")  # a live process, not a dialer
    assert dialer_alive(folder) is None
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)",
                                "provision.campaign.dialer", str(folder)])
    try:
        (folder / "dialer.pid").write_text(f"{sleeper.pid}\n")
        assert dialer_alive(folder) == sleeper.pid
    finally:
        sleeper.kill()
        sleeper.wait()
    assert dialer_alive(folder) is None
