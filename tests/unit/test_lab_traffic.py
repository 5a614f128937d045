"""`tamas lab traffic`'s pure parts: who plays which party, what callers do, the scenarios."""

from __future__ import annotations

import random
import xml.dom.minidom
from collections import Counter
from pathlib import Path

import pytest
import yaml

from appliance.assets import hardware_dir
from appliance.errors import InputError
from appliance.profile.model import Profile
from provision.lab.addresses import LabAddresses
from provision.lab.traffic import files, mix

LAB = LabAddresses(42)


def shop(callback: bool = True) -> Profile:
    data = yaml.safe_load((hardware_dir() / "examples" / "shop.yaml").read_text())
    data["queues"][0]["callback"] = callback
    return Profile.model_validate(data)


def test_the_agents_are_the_queue_members_on_their_phones_addresses() -> None:
    setup = mix.traffic_setup(shop(), LAB)
    # shop.yaml: support = 101, 102, 103, the first three phones; 110 is no member
    assert [(a.extension, a.name, a.address) for a in setup.agents] == [
        (101, "Sara", "127.42.0.100"), (102, "Reza", "127.42.0.101"),
        (103, "Mina", "127.42.0.102")]
    assert (setup.queue, setup.ivr_key, setup.survey, setup.callback) == (
        "support", "1", True, True)
    [line] = setup.lines
    assert (line.name, line.address, line.did, line.registers) == (
        "city", "127.42.0.20", "02188776655", True)


def test_agents_limits_how_many_phones_come_up() -> None:
    assert [a.extension for a in mix.traffic_setup(shop(), LAB, agents=2).agents] == [101, 102]


@pytest.mark.parametrize("agents", [0, 4])
def test_more_agents_than_members_is_bad_input(agents: int) -> None:
    with pytest.raises(InputError, match=rf"--agents {agents}: queue support has 3 member"):
        mix.traffic_setup(shop(), LAB, agents=agents)


def test_the_mix_has_every_kind_and_never_scores_with_the_callback_key() -> None:
    setup = mix.traffic_setup(shop(), LAB)
    rng = random.Random(5)
    calls = [mix.next_call(rng, setup, n) for n in range(1, 401)]
    kinds = Counter(c.kind for c in calls)
    assert set(kinds) == {"survey", "abandon", "callback"}
    assert kinds["survey"] > kinds["abandon"] > kinds["callback"] > 0
    assert all(c.score in (2, 3, 4, 5) for c in calls if c.kind == "survey")
    assert all(8_000 <= c.patience_ms <= 45_000 for c in calls if c.kind != "survey")
    assert len({c.caller for c in calls}) > 390  # a callback is asked once per number


def test_no_callback_callers_when_the_queue_offers_none() -> None:
    setup = mix.traffic_setup(shop(callback=False), LAB)
    rng = random.Random(1)
    assert {mix.next_call(rng, setup, n).kind for n in range(200)} == {"survey", "abandon"}


def test_arrivals_average_the_rate() -> None:
    rng = random.Random(3)
    gaps = [mix.arrival_gap(rng, 120) for _ in range(4000)]
    assert 28 < sum(gaps) / len(gaps) < 32  # 120 an hour: one every 30 s on average


def test_every_scenario_is_well_formed_xml_and_placeholders_are_put_in(tmp_path: Path) -> None:
    for name in files.SCENARIOS:
        xml.dom.minidom.parseString(files.scenario_text(name).encode("iso-8859-1"))
    path = files.write_scenario(tmp_path, "provider", "p",
                                {"LINE_USER": "021", "LINE_PASSWORD": "s3cret"})
    text = path.read_text()
    assert 'username="021" password="s3cret"' in text and "LINE_" not in text
    assert path.stat().st_mode & 0o777 == 0o600  # it holds a password
    with pytest.raises(ValueError, match="has no NOPE"):
        files.write_scenario(tmp_path, "agent", "a", {"NOPE": "1"})


def test_pid_list_round_trip(tmp_path: Path) -> None:
    files.write_pids(tmp_path / "pids", [3, 1])
    assert files.read_pids(tmp_path / "pids") == [3, 1]
    assert files.read_pids(tmp_path / "missing") == []
