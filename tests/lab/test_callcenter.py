"""The call-center features, proven with real SIP calls from SIPp against the lab's
Asterisk; every assertion reads what Asterisk itself recorded (queue_log, Master.csv,
recordings on disk), never what our code says it did."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from provision.lab import Lab

from .callcenter_lab import (
    CRM_PORT,
    TINY_DID,
    CallCenter,
    CrmRecorder,
    callcenter_profile,
    cc_lab_name,
    in_background,
    wait_for,
)
from .conftest import lab_unavailable, tamas

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def crm() -> Iterator[CrmRecorder]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    lab = Lab.named(cc_lab_name())
    server = CrmRecorder(lab.addresses.phone(150), CRM_PORT)
    yield server
    server.close()


@pytest.fixture(scope="module")
def cc(crm: CrmRecorder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CallCenter]:
    lab = Lab.named(cc_lab_name())
    lab.up()
    folder = tmp_path_factory.mktemp("callcenter")
    center = CallCenter(lab, folder / "center.yaml", None, folder)  # type: ignore[arg-type]
    try:
        url = f"http://{crm.server_address[0]}:{CRM_PORT}/crm"
        center.apply(callcenter_profile(url))
        yield center
    finally:
        center.stop_all()
        lab.down()


def _since(cc: CallCenter, mark: int) -> list[list[str]]:
    return cc.queue_log()[mark:]


def test_a_caller_nobody_answers_is_logged_as_abandoned(cc: CallCenter) -> None:
    result = cc.call("caller_key.xml", "09120000001", key="1", hold_ms=4000)
    assert result.successful == 1, result.output[-1500:]  # Asterisk never hung up on them
    callid = wait_for(lambda: cc.callid_of("09120000001"), 5, "ENTERQUEUE")
    events = wait_for(lambda: "ABANDON" in cc.events_for(callid) and cc.events_for(callid),
                      5, "ABANDON")
    assert events[0] == "ENTERQUEUE" and "CONNECT" not in events


def test_a_wrong_ivr_key_is_said_once_then_the_default_queue(cc: CallCenter) -> None:
    result = cc.call("caller_key.xml", "09120000002", key="7", hold_ms=7000)
    assert result.successful == 1, result.output[-1500:]
    callid = wait_for(lambda: cc.callid_of("09120000002"), 5, "ENTERQUEUE after a wrong key")
    assert next(row[2] for row in cc.queue_log() if row[1] == callid) == "support"
    cdr = [row for row in cc.cdrs() if row[1] == "09120000002"]
    assert cdr and cdr[-1][-1] == "ivr:invalid", cdr


def test_a_call_above_the_line_limit_is_refused_busy_and_counted(cc: CallCenter) -> None:
    holding = cc.call_async("caller_hold.xml", "09120000003", did=TINY_DID, line=1,
                            hold_ms=6000, port=5070)
    time.sleep(2)
    refused = cc.call("caller_refused.xml", "09120000004", did=TINY_DID, line=1, port=5071)
    assert refused.successful == 1, refused.output[-1500:]
    assert holding().successful == 1
    blocked = [row for row in cc.queue_log() if len(row) > 6 and row[4] == "BLOCKED"]
    assert any(row[2:4] == ["NONE", "NONE"] and row[5:7] == ["line:tiny", "09120000004"]
               for row in blocked), blocked
    assert not any(row[6:7] == ["09120000003"] for row in blocked)


def test_an_answered_call_is_recorded_logged_and_posted_to_the_crm(
    cc: CallCenter, crm: CrmRecorder
) -> None:
    with cc.answering(101):
        result = cc.call("caller_key.xml", "09120000005", key="1", hold_ms=5000)
    assert result.successful == 1, result.output[-1500:]
    callid = cc.callid_of("09120000005")
    events = wait_for(lambda: "COMPLETECALLER" in cc.events_for(callid) and cc.events_for(callid),
                      5, "COMPLETECALLER")
    connect = [row for row in cc.queue_log() if row[1] == callid and row[4] == "CONNECT"]
    assert connect and connect[0][3] == "Sara", events
    monitor = cc.lab.root / "var/spool/asterisk/monitor/support"
    files = list(monitor.glob(f"*/*-09120000005-101-{callid}.wav"))
    assert len(files) == 1 and files[0].stat().st_size > 44, list(monitor.rglob("*"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", files[0].parent.name)
    posts = wait_for(lambda: [p for p in crm.posts if callid in p], 5, "the CRM POST")
    assert "queue=support" in posts[0] and "caller=09120000005" in posts[0]


def test_the_survey_score_is_written_to_queue_log(cc: CallCenter) -> None:
    with cc.answering(101, "agent_hangup.xml", talk_ms=2000):
        result = cc.call("caller_survey.xml", "09120000006", key="4", hold_ms=4500)
    assert result.successful == 1, result.output[-1500:]
    callid = cc.callid_of("09120000006")
    survey = [row for row in cc.queue_log() if row[1] == callid and row[4] == "SURVEY"]
    assert len(survey) == 1 and survey[0][2:4] == ["support", "Sara"] and survey[0][5] == "4"
    assert "COMPLETEAGENT" in cc.events_for(callid)


def test_dynamic_login_and_pause_with_a_reason_from_the_phone(cc: CallCenter) -> None:
    mark = len(cc.queue_log())
    for code in ("*41", "*425", "*43", "*41"):
        result = cc.dial(110, code)
        assert result.successful == 1, (code, result.output[-1500:])
    # Pausing in every queue also writes PAUSEALL/UNPAUSEALL (queue NONE); per queue:
    rows = [row for row in _since(cc, mark) if row[2:4] == ["support", "Supervisor"]]
    assert [row[4] for row in rows] == ["ADDMEMBER", "PAUSE", "UNPAUSE", "REMOVEMEMBER"], rows
    assert rows[1][5] == "acw"


def test_a_supervisor_listens_to_an_agents_call_and_an_agent_may_not(cc: CallCenter) -> None:
    # The agent's call is an internal one (102 calls agent 101), so this test proves the
    # supervision rules alone; the queue path to an agent is proven by the answered-call
    # test above.
    with cc.answering(101):
        call = in_background(lambda: cc.dial(102, "101", hold_ms=12000))
        agent_up = re.compile(r"(?m)^PJSIP/101-\w+!.*!Up!")
        wait_for(lambda: agent_up.search(cc.rx("core show channels concise")), 15,
                 "agent 101 to be in a call")
        listened = cc.dial(110, "*44101", hold_ms=3000)
        denied = cc.dial(103, "*44101")
        assert call().successful == 1
    assert listened.successful == 1, listened.output[-1500:]
    assert denied.successful == 1, denied.output[-1500:]
    spy = [row for row in cc.cdrs() if row[1] == "110" and row[2] == "*44101"]
    assert spy and spy[-1][7] == "ChanSpy" and int(spy[-1][13]) >= 2, spy
    agent = [row for row in cc.cdrs() if row[1] == "103" and row[2] == "*44101"]
    assert agent and agent[-1][7] != "ChanSpy", agent


def test_a_callback_keeps_one_request_per_number_and_is_placed_when_an_agent_is_free(
    cc: CallCenter,
) -> None:
    # Asterisk's database outlives a lab run: a number of its own keeps a pending request
    # from an earlier run out of this one.
    number = f"0915{int(time.time()) % 10**7:07d}"
    mark = len(cc.queue_log())
    for port in (5072, 5073):  # the second request for the same number is not a new one
        result = cc.call("caller_callback.xml", number, hold_ms=4000, port=port)
        assert result.successful == 1, result.output[-1500:]
    requests = [row for row in _since(cc, mark) if row[4:5] == ["CALLBACKREQ"]]
    assert len(requests) == 1 and requests[0][5] == number, requests
    # An agent becomes free; the customer's side is played by the line's provider.
    with cc.answering(101), cc.answering(0, "agent_hangup.xml", talk_ms=2000,
                                         address=cc.lab.addresses.provider(0), register=False):
        done = wait_for(lambda: [r for r in _since(cc, mark) if r[4:5] == ["CALLBACKDONE"]],
                        30, "CALLBACKDONE")
    assert done[0][5:7] == [number, "ANSWER"], done
    assert done[0][1] == requests[0][1]  # logged against the original call


def test_a_campaign_dials_three_numbers_into_the_queue(cc: CallCenter, tmp_path: Path) -> None:
    numbers = ["09130000001", "09130000002", "09130000003"]
    csv_file = tmp_path / "numbers.csv"
    csv_file.write_text("number\n" + "\n".join(numbers) + "\n")
    mark = len(cc.queue_log())
    wanted = {f"campaign:t3:{n}" for n in numbers}
    with cc.answering(101), cc.answering(0, "agent_hangup.xml", talk_ms=1500,
                                         address=cc.lab.addresses.provider(0), register=False):
        tamas("campaign", "start", str(cc.profile_path), str(csv_file), "--queue", "support",
              "--name", "t3", "--pace", "60", "--hours", "00:00-23:59", "--retries", "0",
              "--lab", cc.lab.name)
        try:
            wait_for(lambda: '"finished"' in tamas(
                "campaign", "status", str(cc.profile_path), "--name", "t3", "--json").stdout,
                90, "the campaign to finish")
            # A CDR is written when its call ends: the customers (SIPp) hang up after
            # 1.5 s, so wait for that before they are stopped.
            wait_for(lambda: wanted <= {r[-1] for r in cc.cdrs() if r[14] == "ANSWERED"}, 30,
                     f"ANSWERED CDRs for {sorted(wanted)}")
        finally:
            tamas("campaign", "stop", str(cc.profile_path), "--name", "t3")
    status = tamas("campaign", "status", str(cc.profile_path), "--name", "t3", "--json").stdout
    assert '"answered": 3' in status, status
    connects = [row for row in _since(cc, mark) if row[4:5] == ["CONNECT"]]
    assert len(connects) == 3, _since(cc, mark)


def test_after_hours_a_caller_hears_the_message_and_reaches_voicemail(
    cc: CallCenter, crm: CrmRecorder
) -> None:
    url = f"http://{crm.server_address[0]}:{CRM_PORT}/crm"
    cc.apply(callcenter_profile(url, holiday_today=True))
    result = cc.call("caller_hold.xml", "09120000009", hold_ms=6000)
    assert result.successful == 1, result.output[-1500:]
    cdr = [row for row in cc.cdrs() if row[1] == "09120000009"]
    assert cdr and cdr[-1][7] == "VoiceMail" and cdr[-1][-1] == "closed", cdr
    assert not cc.callid_of("09120000009")  # never queued
