"""Pure parts of `tamas apply`: the event fold, lint remarks, targets and the lab overlay."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.errors import InputError
from appliance.profile.load import load_profile
from appliance.secrets import Secrets
from provision.apply.lint import parse_remarks
from provision.apply.pipeline import redact
from provision.apply.summary import fold
from provision.lab.addresses import LabAddresses
from provision.lab.overlay import overlay_profile, overlay_secrets
from provision.targets import check_host, lab_target, ssh_target

SHOP = Path(__file__).resolve().parents[2] / "hardware_profiles" / "examples" / "shop.yaml"


def test_fold_counts_per_role_and_takes_totals_from_stats() -> None:
    events = [
        {"event": "task_start", "role": "pbx", "task": "Install"},
        {"event": "ok", "role": "pbx", "task": "Install", "changed": True},
        {"event": "ok", "role": "pbx", "task": "Move", "changed": True,
         "reloaded": ["dialplan reload"]},
        {"event": "failed", "role": "security", "task": "Check AMI", "msg": "port 5038 open"},
        {"event": "stats", "hosts": {"appliance": {"ok": 2, "changed": 2, "failed": 1,
                                                   "unreachable": 0, "skipped": 0}}},
    ]
    summary = fold(events)
    assert (summary.ok, summary.changed, summary.failed) == (2, 2, 1)
    assert summary.roles["pbx"].changed == 2
    assert summary.reloaded == ["dialplan reload"]
    assert summary.failures == ["[security] Check AMI: port 5038 open"]
    assert not summary.success


def test_a_run_without_stats_is_not_finished() -> None:
    assert not fold([{"event": "ok", "role": "base", "task": "x"}]).success


def test_redact_hides_secrets_in_failures_and_diffs() -> None:
    secrets = Secrets(ami="AmiSecret123456789", phones={"101": "PhoneSecret12345678"})
    summary = fold([
        {"event": "ok", "role": "pbx", "task": "t", "changed": True,
         "diff": [{"before": "password=PhoneSecret12345678", "after": "x"}]},
        {"event": "failed", "role": "pbx", "task": "t", "msg": "bad AmiSecret123456789"},
    ])
    redact(summary, secrets)
    assert "PhoneSecret" not in summary.diffs[0]["before"]
    assert "AmiSecret" not in summary.failures[0]


def test_lint_remarks_are_parsed_by_kind() -> None:
    out = (
        "/tmp/e.conf:8 E_APP_MISSING: app 'NoSuchApp' does not exist\n"
        "/tmp/e.conf:0 H_DP_GLOBALS_MISPLACED: [globals] context not found\n"
        "noise\n"
    )
    remarks = parse_remarks(out)
    assert [(r.kind, r.line, r.code) for r in remarks] == [
        ("E", 8, "APP_MISSING"), ("H", 0, "DP_GLOBALS_MISPLACED")
    ]


def test_overlay_moves_every_host_into_the_lab_block() -> None:
    profile = load_profile(SHOP)
    lab = overlay_profile(profile, LabAddresses(42))
    assert lab.appliance.host == "127.42.0.2" and lab.appliance.ssh_port == 2222
    assert lab.router is not None and lab.router.host == "127.42.0.4"
    assert lab.router.api_port == 8728 and not lab.router.uses_ssl
    assert [line.host for line in lab.lines] == ["127.42.0.20"]
    assert lab.phones == profile.phones and lab.queues == profile.queues
    assert profile.appliance.host == "192.168.88.10"  # the original is untouched


def test_secrets_overlay_replaces_only_the_router_password() -> None:
    store = Secrets(ami="a" * 24, router="real-router", phones={"101": "p" * 24})
    lab = overlay_secrets(store, "sim-password")
    assert lab.router == "sim-password" and store.router == "real-router"
    assert lab.phones == store.phones and lab.phones is not store.phones


def test_lab_target_binds_ami_to_the_lab_address() -> None:
    profile = overlay_profile(load_profile(SHOP), LabAddresses(42))
    target = lab_target(profile, "x", Path("/k"), Path("/kh"))
    assert (target.host, target.port, target.ami_host) == ("127.42.0.2", 2222, "127.42.0.2")
    hv = target.host_vars()
    assert hv["ansible_ssh_private_key_file"] == "/k"
    assert "UserKnownHostsFile=/kh" in hv["ansible_ssh_common_args"]
    assert hv["ansible_become"] is False


def test_ssh_target_uses_the_profile_and_keeps_ami_on_loopback() -> None:
    target = ssh_target(load_profile(SHOP))
    assert (target.host, target.user, target.ami_host) == ("192.168.88.10", "root", "127.0.0.1")


@pytest.mark.parametrize("bad", ["-x", "a..b", "999.1", "host name"])
def test_bad_target_hosts_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="--target"):
        check_host(bad)
