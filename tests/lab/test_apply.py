"""`tamas apply --target lab` end to end: real Asterisk, real SSH, real SIP from SIPp."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

import provision.apply.pipeline as pipeline
from appliance.profile.load import load_profile
from provision.apply import ApplyFailed, apply

from .conftest import SIPP_DIR, Applied, SippResult

pytestmark = pytest.mark.lab
HOLD = SIPP_DIR / "basic" / "uac_hold.xml"


def _rx(applied: Applied, command: str) -> str:
    done = applied.lab.exec(["asterisk", "-rx", command])
    assert done.returncode == 0, done.stderr
    return done.stdout


def _call_in(applied: Applied, sipp, hold_ms: int, out: list[SippResult]) -> threading.Thread:
    """A call from line 0's provider to the line's first number, held for hold_ms."""
    profile = load_profile(applied.profile_path)
    number = (profile.lines[0].numbers or ["s"])[0]
    lab = applied.lab

    def run() -> None:
        out.append(sipp(
            HOLD, local=lab.addresses.provider(0), remote=f"{lab.addresses.appliance}:5060",
            calls=1, timeout_s=hold_ms // 1000 + 30,
            extra=("-s", number, "-d", str(hold_ms), "-mi", lab.addresses.provider(0)),
        ))

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_first_apply_reports_json_and_changes_something(applied_lab: Applied) -> None:
    first = json.loads(applied_lab.first.stdout)
    assert first["failed"] == 0 and first["changed"] > 0 and "appliance" in first["hosts"]


def test_every_phone_line_and_queue_of_the_profile_is_live(applied_lab: Applied) -> None:
    profile = load_profile(applied_lab.profile_path)
    endpoints = _rx(applied_lab, "pjsip show endpoints")
    for phone in profile.phones:
        assert re.search(rf"Endpoint:\s+{phone.extension}[/\s]", endpoints), phone.extension
    for line in profile.lines:
        assert re.search(rf"Endpoint:\s+{line.name}[/\s]", endpoints), line.name
    queues = _rx(applied_lab, "queue show")
    for queue in profile.queues:
        assert re.search(rf"(?m)^{queue.name} has ", queues), queue.name
        assert f"'{queue.strategy}' strategy" in _rx(applied_lab, f"queue show {queue.name}")
    dialplan = _rx(applied_lab, "dialplan show")
    assert re.search(r"-= \d+ extensions? \(\d+ priorit", dialplan)


def test_second_apply_changes_nothing(applied_lab: Applied) -> None:
    again = json.loads(applied_lab.apply("--json").stdout)
    assert again["changed"] == 0 and again["failed"] == 0


def test_a_strategy_change_reloads_only_queues_and_a_call_stays_up(
    applied_lab: Applied, sipp
) -> None:
    text = applied_lab.profile_path.read_text()
    assert "strategy: rrmemory" in text
    results: list[SippResult] = []
    call = _call_in(applied_lab, sipp, hold_ms=15000, out=results)
    try:
        applied_lab.profile_path.write_text(text.replace("strategy: rrmemory", "strategy: linear"))
        changed = json.loads(applied_lab.apply("--json").stdout)
    finally:
        call.join(timeout=90)
    assert changed["failed"] == 0
    assert changed["reloaded"] == ["module reload app_queue.so"]
    assert "'linear' strategy" in _rx(applied_lab, "queue show support")
    assert results and results[0].successful == 1 and results[0].failed == 0, results


def test_a_broken_config_fails_clearly_and_the_previous_one_answers(
    applied_lab: Applied, sipp, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.render_all

    def broken(profile, secrets, site):
        tree = real(profile, secrets, site)
        # An option pjsip does not know: Asterisk itself rejects it on reload.
        tree["asterisk/pjsip.conf"] += "\n[broken-by-test]\ntype=endpoint\nno_such_option=1\n"
        return tree

    monkeypatch.setattr(pipeline, "render_all", broken)
    with pytest.raises(ApplyFailed) as failed:
        apply(applied_lab.profile_path, "lab", lab_name=applied_lab.lab.name)
    message = "\n".join(failed.value.lines())
    assert "Asterisk rejected the new configuration" in message
    assert "no_such_option" in message
    live = applied_lab.lab.root / "etc/asterisk/pjsip.conf"
    assert "broken-by-test" not in live.read_text()
    results: list[SippResult] = []
    _call_in(applied_lab, sipp, hold_ms=2000, out=results).join(timeout=60)
    assert results and results[0].successful == 1, results[0].output[-2000:]


def test_check_mode_changes_nothing(applied_lab: Applied, tmp_path: Path) -> None:
    text = applied_lab.profile_path.read_text()
    live = applied_lab.lab.root / "etc/asterisk/queues.conf"
    before = live.read_text()
    applied_lab.profile_path.write_text(text.replace("wrapup_s: 15", "wrapup_s: 20"))
    try:
        checked = json.loads(applied_lab.apply("--check", "--json").stdout)
        assert checked["failed"] == 0 and checked["changed"] > 0  # it sees the change...
        assert live.read_text() == before  # ...and makes none
    finally:
        applied_lab.profile_path.write_text(text)
