"""The AMI state fold and the snapshot, on a recorded session of the lab's Asterisk 22:
a caller from the city line waits in `support` (no agent reachable), an agent is paused
for lunch and unpaused, a temporary member is added and removed, the caller hangs up."""

from __future__ import annotations

from datetime import UTC, datetime

from appliance.monitor.ami.frames import Message, parse_messages
from appliance.monitor.ami.state import AmiState, MemberState
from appliance.monitor.build import alerts_for, build_snapshot, member_state
from appliance.monitor.snapshot import Host, Process, Router, Snapshot, SourceState
from appliance.monitor.watch import watch_for
from tests.fixtures.ami.replay import load_transcript
from tests.unit.router_helpers import shop

LOADERS = {
    "QueueStatus": lambda s, items, now: s.load_queue_status(items, now),
    "PJSIPShowEndpoints": lambda s, items, now: s.load_endpoints(items),
    "PJSIPShowContacts": lambda s, items, now: s.load_contacts(items),
    "PJSIPShowEndpoint": lambda s, items, now: s.load_contact_details(items),
    "PJSIPShowRegistrationsOutbound": lambda s, items, now: s.load_registrations(items),
    "CoreShowChannels": lambda s, items, now: s.load_channels(items, now),
}
T0 = 1_795_525_749.0  # when the recorded caller joined (its Uniqueid)


def fold(upto: int, now: float = T0) -> AmiState:
    """Feed the first `upto` recorded actions' answers into a state, in wire order."""
    state = AmiState()
    for segment in load_transcript("queue_call.ami")[:upto]:
        action_id = segment.fields.get("ActionID")
        items: list[Message] = []
        for message in parse_messages(segment.answer):
            if message.get("ActionID") == action_id and "Event" in message:
                if message.get("EventList", "").lower() == "complete":
                    if segment.action in LOADERS:  # the monitor does not use QueueSummary
                        LOADERS[segment.action](state, items, now)
                else:
                    items.append(message)
            elif message.get("ActionID") == action_id:
                if message.get("Response") == "Error" and segment.action in LOADERS:
                    LOADERS[segment.action](state, [], now)
            else:
                state.apply(message, now)
    return state


def fold_all_away() -> AmiState:
    state = fold(8)
    for member in state.queues["support"].members.values():
        member.status = "unavailable"
    return state


def snap(state: AmiState, now: float = T0 + 30, **extra: object) -> Snapshot:
    sources = [SourceState(name="ami", connected=True)]
    return build_snapshot(watch_for(shop()), state, sources, extra.get("host"),  # type: ignore[arg-type]
                          extra.get("router"), datetime.fromtimestamp(now, UTC))  # type: ignore[arg-type]


def test_full_state_then_a_caller_joins() -> None:
    s = snap(fold(8))  # login, lists; the call arrived after CoreShowChannels
    [support] = s.queues
    assert (support.name, support.waiting, support.longest_wait_s) == ("support", 1, 30)
    # Sara's phone (101) was registered; the others were not
    assert [(m.name, m.state) for m in support.members] == [
        ("Sara", "idle"), ("Reza", "unavailable"), ("Mina", "unavailable")]
    assert support.service_level_s == 20 and support.max_wait_s == 300
    # the caller, and app_queue dialling Sara (SIPp's phone never answers the INVITE)
    assert [(c.channel, c.state) for c in s.calls] == [
        ("PJSIP/city-00000002", "Up"), ("PJSIP/101-00000003", "Down")]
    [city] = s.lines
    # the recorded trunk points at a loopback address where nothing answers: its
    # registration times out (Asterisk says Rejected) and its static contact is Unreachable
    assert (city.registration, city.reachable, city.in_use, city.limit) == (
        "rejected", False, 1, 4)
    endpoints = {e.name: e for e in s.endpoints}
    assert set(endpoints) == {"101", "102", "103", "city"}
    # phone 101 was a registered SIPp phone answering qualify; 102 was not registered
    assert endpoints["101"].reachable is True and endpoints["101"].latency_ms is not None
    assert endpoints["102"].reachable is None and endpoints["102"].contacts == 0
    codes = [a.code for a in s.alerts]
    assert codes.count("trunk-down") == 1 and "queue-unstaffed" not in codes
    assert "queue-unstaffed" in [a.code for a in snap(fold_all_away()).alerts]


def test_a_contact_nobody_qualifies_is_not_called_reachable() -> None:
    state = fold(8)
    for status, reachable in (("NonQualified", None), ("Unknown", None),
                              ("Unreachable", False), ("Reachable", True)):
        for contact in state.endpoints["city"].contacts.values():
            contact.status = status
        [city] = snap(state).lines
        assert city.reachable is reachable, status


def test_pause_with_reason_then_the_caller_hangs_up() -> None:
    state = fold(12)  # ... QueuePause PJSIP/101 lunch; the caller hung up meanwhile
    sara = state.queues["support"].members["PJSIP/101"]
    assert (sara.paused, sara.paused_reason) == (True, "lunch")
    s = snap(state)
    assert [(m.state, m.paused_reason) for m in s.queues[0].members if m.name == "Sara"] == [
        ("paused", "lunch")]
    assert s.queues[0].waiting == 0 and s.calls == ()
    assert "queues" in state.stale  # the abandon moved app_queue's counters: re-read them


def test_unpause_add_and_remove_member() -> None:
    state = fold(15)  # unpaused; QueueRemove of static PJSIP/101 refused by Asterisk
    assert not state.queues["support"].members["PJSIP/101"].paused
    assert "PJSIP/101" in state.queues["support"].members
    state = fold(16)
    assert state.queues["support"].members["PJSIP/104"].name == "Temp"
    state = fold(17)
    assert "PJSIP/104" not in state.queues["support"].members


def test_reloaded_counters_after_the_abandon() -> None:
    support = snap(fold(13)).queues[0]  # QueueStatus for support after the abandon
    assert support.abandoned >= 1 and support.completed == 0
    assert support.service_level is None  # nothing answered: no service level figure


def test_an_agent_missing_from_asterisk_is_logged_out() -> None:
    state = fold(17)
    del state.queues["support"].members["PJSIP/103"]
    members = {m.name: m.state for m in snap(state).queues[0].members}
    assert members["Mina"] == "logged_out"


def test_member_states_from_device_state() -> None:
    def of(**kw: object) -> str:
        m = MemberState("PJSIP/1", "x")
        for k, v in kw.items():
            setattr(m, k, v)
        return member_state(m)

    assert of(status="not_inuse") == "idle"
    assert of(status="ringing") == "ringing"
    assert of(status="inuse") == "in_call"
    assert of(status="not_inuse", in_call=True) == "in_call"
    assert of(status="unavailable") == "unavailable"
    assert of(status="inuse", paused=True) == "paused"


def test_alerts_for_wait_disk_sources_and_wan() -> None:
    state = fold(8)
    host = Host(cpu_percent=5, memory_percent=20, load1=0.1, load5=0.1, load15=0.1,
                disk_path="/var/spool/asterisk/monitor", disk_percent=93.0,
                disk_free_bytes=10, asterisk=Process(pid=1, cpu_percent=1, rss_bytes=1))
    router = Router(reachable=True, wan_interface="ether1", wan_running=False)
    s = snap(state, now=T0 + 400, host=host, router=router)
    by_code = {a.code: a for a in s.alerts}
    assert "over its target 300 s" in by_code["queue-over-target"].text
    assert by_code["disk-filling"].severity == "error"
    assert by_code["wan-down"].text == "router WAN ether1 is down"
    assert s.alerts[0].severity == "error"  # worst first
    down = s.model_copy(update={"sources": (SourceState(name="router", connected=False,
                                                        error="refused"),)})
    assert any(a.code == "router-down" and "refused" in a.text for a in alerts_for(down))


def test_quiet_center_has_no_alerts() -> None:
    state = fold(17)
    state.registrations["city"] = "Registered"
    for contact in state.endpoints["city"].contacts.values():
        contact.status = "Reachable"
    for member in state.queues["support"].members.values():
        member.status = "not_inuse"
    s = snap(state)
    assert s.alerts == ()
    assert s.lines[0].registration == "registered"
