"""`tamas plan` on the example offices, and the checks that turn figures into findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from appliance.plan import Plan, plan
from appliance.plan.bandwidth import codec_rate
from appliance.plan.erlang import erlang_b, lines_for_blocking
from appliance.plan.roster import most_on_shift, staffed_agents, thinnest_cover
from appliance.profile import parse_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "hardware_profiles" / "examples"
SHOP = yaml.safe_load((EXAMPLES / "shop.yaml").read_text("utf-8"))


def shop_plan(**changes: Any) -> Plan:
    """Plan the shop with top-level sections replaced (None removes a section)."""
    data = {**SHOP, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return plan(parse_profile(yaml.safe_dump(data), source="shop-variant"))


def finding(result: Plan | dict, code: str) -> dict:
    findings = result["findings"] if isinstance(result, dict) else [
        f.model_dump() for f in result.findings
    ]
    matches = [f for f in findings if f["code"] == code]
    assert matches, f"no finding {code}: {[f['code'] for f in findings]}"
    return matches[0]


def plan_json(tamas, name: str, *extra: str) -> dict:
    result = tamas("plan", str(EXAMPLES / name), "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- the three example offices through the CLI -----------------------------------------


def test_shop_is_short_of_agents_lines_and_disk(tamas) -> None:
    doc = plan_json(tamas, "shop.yaml")
    sizing = doc["sizing"]
    assert sizing["erlangs"] == 3.0  # 60 calls/h x 180 s
    assert sizing["agents"] == 5  # Erlang C, 80 % in 20 s
    assert sizing["agents_erlang_a"] == 5
    assert sizing["staffed"]["agents"] == 3  # the support queue's members
    assert sizing["service_level"] >= 0.80
    assert sizing["asa_s"] > 0
    # talk alone would be 3 E -> 8 lines; IVR and queue wait push the line to 9
    assert sizing["line_holding_s"] > 180
    assert sizing["lines"] == 9
    assert sizing["channels"] == 4
    blocking = finding(doc, "lines.blocking")
    assert blocking["severity"] == "error"
    assert "4 channels give" in blocking["message"]
    assert blocking["recommendation"] == "ask the provider for 9 channels (5 more)"
    ram = finding(doc, "router.ram")
    assert ram["severity"] == "warn" and "32 MB" in ram["message"]
    assert "hAP ax2" in ram["recommendation"]
    assert finding(doc, "agents.too_few")["severity"] == "error"
    assert finding(doc, "appliance.disk")["severity"] == "error"
    assert doc["bandwidth"]["per_call"][0] == {
        "codec": "g711", "payload_kbps": 64.0, "ip_kbps": 80.0, "wan_kbps": 87.2,
        "lan_kbps": 95.2,
    }


def test_support_desk_is_one_agent_and_five_channels_short(tamas) -> None:
    doc = plan_json(tamas, "support-desk.yaml")
    sizing = doc["sizing"]
    assert sizing["erlangs"] == pytest.approx(10.667, abs=0.001)
    assert (sizing["agents"], sizing["agents_erlang_a"]) == (14, 13)
    assert sizing["staffed"]["agents"] == 12  # distinct members of both queues
    assert sizing["staffed"]["service_level"] < 0.80
    assert (sizing["lines"], sizing["channels"]) == (19, 14)
    assert "19 in all" in finding(doc, "lines.blocking")["recommendation"]  # FXO + trunk
    assert finding(doc, "router.voice_vlan")["severity"] == "warn"  # 12 desk phones, no VLAN
    assert finding(doc, "router.ports")["severity"] == "warn"
    assert doc["bandwidth"]["wan_calls"] == 15  # the FXO gateway takes 4 of the 19 on the LAN


def test_blended_center_is_sound_but_its_upload_is_thin(tamas) -> None:
    doc = plan_json(tamas, "blended-center.yaml")
    sizing = doc["sizing"]
    assert sizing["staffed"]["agents"] == 30  # both shifts overlap 12:00-16:00
    assert sizing["agents"] <= 30
    assert sizing["blocking_at_channels"] <= sizing["blocking_target"]
    assert [f for f in doc["findings"] if f["severity"] == "error"] == []
    assert finding(doc, "bandwidth.wan_up")["severity"] == "warn"
    assert finding(doc, "router.voice_vlan")["severity"] == "ok"
    assert finding(doc, "agents.enough")["severity"] == "ok"


def test_the_three_offices_get_different_findings(tamas) -> None:
    seen = {
        name: {(f["code"], f["severity"]) for f in plan_json(tamas, name)["findings"]}
        for name in ("shop.yaml", "support-desk.yaml", "blended-center.yaml")
    }
    assert len({frozenset(s) for s in seen.values()}) == 3


def test_table_output_shows_findings_and_exits_0_with_errors(tamas) -> None:
    result = tamas("plan", str(EXAMPLES / "shop.yaml"))
    assert result.exit_code == 0
    assert "lines.blocking" in result.stdout
    assert "ask the provider for 9 channels" in result.stdout
    assert "Erlang C" in result.stdout


def test_strict_exits_1_only_when_there_are_errors(tamas) -> None:
    assert tamas("plan", str(EXAMPLES / "shop.yaml"), "--strict").exit_code == 1
    assert tamas("plan", str(EXAMPLES / "blended-center.yaml"), "--strict").exit_code == 0


def test_bad_profile_exits_2_without_traceback(tamas, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    traffic = {**SHOP["traffic"], "peak_calls_per_hour": -5}
    bad.write_text(yaml.safe_dump({**SHOP, "traffic": traffic}))
    result = tamas("plan", str(bad))
    assert result.exit_code == 2
    assert "traffic.peak_calls_per_hour" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- findings for situations the examples do not show ----------------------------------


def test_without_traffic_the_plan_still_checks_network_and_hardware() -> None:
    result = shop_plan(traffic=None, concurrent_calls=6)
    assert result.sizing is None
    assert finding(result, "traffic.missing")["severity"] == "warn"
    concurrent = finding(result, "lines.concurrent")  # 4 channels, 6 calls asked for
    assert concurrent["severity"] == "error"
    assert result.bandwidth.peak_calls == 6
    assert result.bandwidth.wan_calls == 6  # planned for the channels it is told to buy
    assert finding(result, "router.capacity")["severity"] == "ok"


def test_voice_vlan_on_a_hap_lite_is_an_error_naming_its_successor() -> None:
    result = shop_plan(router={**SHOP["router"], "voice_vlan": 20})
    vlan = finding(result, "router.voice_vlan")
    assert vlan["severity"] == "error"
    assert "hAP ax2" in vlan["recommendation"]


def test_router_too_small_for_the_calls_names_a_model_that_fits() -> None:
    traffic = {**SHOP["traffic"], "peak_calls_per_hour": 600}  # 30 E
    lines = [{**SHOP["lines"][0], "channels": 60}]
    result = shop_plan(traffic=traffic, lines=lines)
    capacity = finding(result, "router.capacity")
    assert capacity["severity"] == "error"
    assert "hAP ax2" in capacity["recommendation"]  # 120 calls; the hAP lite does 15


def test_upload_too_thin_is_an_error_with_the_bandwidth_to_buy() -> None:
    router = {**SHOP["router"], "wan": {"interface": "ether1", "down_mbps": 20, "up_mbps": 0.3}}
    up = finding(shop_plan(router=router), "bandwidth.wan_up")
    assert up["severity"] == "error"
    assert "G.729" in up["recommendation"]


def test_g722_with_a_narrowband_phone_is_flagged() -> None:
    result = shop_plan(traffic={**SHOP["traffic"], "codec": "g722"})
    hd = finding(result, "phones.hd_voice")
    assert "GXP1610" in hd["message"]
    assert result.appliance.transcoding  # the trunk offers only alaw/ulaw


def test_missing_appliance_facts_are_asked_for() -> None:
    result = shop_plan(appliance={"host": "192.168.88.10"})
    unknown = finding(result, "appliance.unknown")
    assert "appliance.disk_gb" in unknown["message"]


def test_no_router_is_a_warning_not_a_crash() -> None:
    result = shop_plan(router=None)
    assert finding(result, "router.missing")["severity"] == "warn"
    assert result.bandwidth.wan_up_mbps is None


def test_findings_are_sorted_errors_first() -> None:
    order = {"error": 0, "warn": 1, "ok": 2}
    severities = [order[f.severity] for f in shop_plan().findings]
    assert severities == sorted(severities)


# --- the parts on their own --------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "ip", "lan"),
    [("g711", 80.0, 95.2), ("g722", 80.0, 95.2), ("g729", 24.0, 39.2), ("opus", 48.0, 63.2)],
)
def test_codec_bandwidth_with_headers(codec: str, ip: float, lan: float) -> None:
    rate = codec_rate(codec)
    assert (rate.ip_kbps, rate.lan_kbps) == (ip, lan)
    assert rate.wan_kbps == pytest.approx(ip + 18 * 8 * 50 / 1000)


def test_line_count_covers_ivr_and_queue_time() -> None:
    sizing = shop_plan().sizing
    assert sizing is not None
    assert sizing.line_erlangs == pytest.approx(60 * sizing.line_holding_s / 3600, abs=0.001)
    assert sizing.lines == lines_for_blocking(60 * sizing.line_holding_s / 3600, 0.01)
    assert sizing.blocking_at_channels == pytest.approx(erlang_b(4, sizing.line_erlangs), abs=1e-4)


def test_most_on_shift_counts_overlap_and_not_back_to_back_shifts() -> None:
    data = yaml.safe_load((EXAMPLES / "blended-center.yaml").read_text("utf-8"))
    profile = parse_profile(yaml.safe_dump(data))
    assert most_on_shift(profile) == 30
    for agent in data["agents"]:  # late shift now starts when the early one ends
        for shift in agent["shifts"]:
            if shift["start"] == "12:00":
                shift["start"] = "16:00"
    assert most_on_shift(parse_profile(yaml.safe_dump(data))) == 15


def test_staffing_falls_back_to_queue_members() -> None:
    profile = parse_profile((EXAMPLES / "shop.yaml").read_text("utf-8"))
    assert staffed_agents(profile) == 3


def test_thinnest_cover_finds_the_thursday_half_shift_and_a_hole() -> None:
    data = yaml.safe_load((EXAMPLES / "blended-center.yaml").read_text("utf-8"))
    assert thinnest_cover(parse_profile(yaml.safe_dump(data))) == (10, "thu", "09:00-14:00")
    for agent in data["agents"]:  # nobody works Thursdays any more
        agent["shifts"] = [s for s in agent["shifts"] if s["days"] != "thu"]
    profile = parse_profile(yaml.safe_dump(data))
    assert thinnest_cover(profile) == (0, "thu", "09:00-14:00")
    hole = finding(plan(profile), "agents.coverage")
    assert hole["severity"] == "warn" and "nobody is on shift on thu" in hole["message"]


def test_blended_center_warns_about_thin_thursdays(tamas) -> None:
    cover = finding(plan_json(tamas, "blended-center.yaml"), "agents.coverage")
    assert cover["message"] == (
        "only 10 agents are on shift on thu 09:00-14:00; the peak hour needs 29"
    )


def test_staffing_met_only_through_abandonment_is_a_warning() -> None:
    data = yaml.safe_load((EXAMPLES / "support-desk.yaml").read_text("utf-8"))
    data["queues"][1]["members"].append({"extension": 290, "penalty": 10})  # the team lead
    result = plan(parse_profile(yaml.safe_dump(data)))
    assert result.sizing is not None and result.sizing.staffed is not None
    assert result.sizing.staffed.agents == 13  # Erlang A needs 13, Erlang C 14
    tight = finding(result, "agents.tight")
    assert tight["severity"] == "warn"
    assert tight["recommendation"].startswith("plan 14 agents")
