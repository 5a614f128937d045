"""The AMI client against a recorded session of the lab's Asterisk 22, replayed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from appliance.errors import AmiError
from appliance.monitor.ami.client import AmiConnection
from appliance.monitor.ami.frames import FrameReader, encode_action, parse_messages
from tests.fixtures.ami.replay import ReplayServer, load_transcript


def test_frames_split_on_blank_lines_and_keep_repeated_keys() -> None:
    text = ("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: 1\r\n"
            "Output: line one\r\nOutput: line two\r\n\r\nEvent: FullyBooted\nStatus: ok\n\n"
            "Event: Partial\n")
    reader = FrameReader()
    messages = list(reader.feed_text(text))
    assert reader.banner == "Asterisk Call Manager/11.0.0"
    assert messages == [
        {"Response": "Success", "ActionID": "1", "Output": "line one\nline two"},
        {"Event": "FullyBooted", "Status": "ok"},
    ]  # the trailing message has no blank line yet: not complete


def test_values_keep_colons() -> None:
    assert parse_messages("Event: X\nURI: sip:101@127.0.0.5:5060\n\n") == [
        {"Event": "X", "URI": "sip:101@127.0.0.5:5060"}]


def test_an_action_field_cannot_inject_headers() -> None:
    assert encode_action("Ping", "7") == b"Action: Ping\r\nActionID: 7\r\n\r\n"
    with pytest.raises(ValueError, match="Reason"):
        encode_action("QueuePause", "8", {"Reason": "lunch\r\nAction: Originate"})


@pytest.fixture
async def replay() -> AsyncIterator[ReplayServer]:
    server = ReplayServer(load_transcript("queue_call.ami"))
    await server.start()
    yield server
    await server.stop()


async def _connect(server: ReplayServer, events: list[dict[str, str]]) -> AmiConnection:
    port = server._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return await AmiConnection.open(server.host, port, events.append)


async def test_login_lists_and_events(replay: ReplayServer) -> None:
    events: list[dict[str, str]] = []
    conn = await _connect(replay, events)
    await conn.login("tamas", "not-the-recorded-secret")
    assert conn.banner == "Asterisk Call Manager/11.0.0"
    queue = await conn.action_list("QueueStatus")
    assert [m["Event"] for m in queue] == ["QueueParams", "QueueMember", "QueueMember",
                                           "QueueMember"]
    assert {m["Name"] for m in queue[1:]} == {"Sara", "Reza", "Mina"}
    endpoints = await conn.action_list("PJSIPShowEndpoints")
    assert [m["ObjectName"] for m in endpoints] == ["101", "102", "103", "city"]
    # what the server got carries our own ActionIDs, one per action
    ids = [m["ActionID"] for m in replay.received]
    assert len(ids) == len(set(ids)) == 3
    assert any(e["Event"] == "FullyBooted" for e in events)  # unsolicited: fanned out
    await conn.close()


async def test_error_responses_raise_with_asterisks_words(replay: ReplayServer) -> None:
    conn = await _connect(replay, [])
    await conn.login("tamas", "x")
    with pytest.raises(AmiError, match="Member not dynamic"):  # a static member stays
        await conn.action("QueueRemove", {"Queue": "support", "Interface": "PJSIP/101"})
    with pytest.raises(AmiError, match="no recorded answer"):
        await conn.action("Originate", {"Channel": "PJSIP/101"})
    await conn.close()


async def test_a_dropped_connection_fails_pending_actions(replay: ReplayServer) -> None:
    conn = await _connect(replay, [])
    await conn.login("tamas", "x")
    replay.segments.clear()  # the next action gets no recorded answer...
    pending = asyncio.create_task(conn.action("Ping"))
    await asyncio.sleep(0.05)
    await replay.drop()  # ...and Asterisk goes away while we wait
    with pytest.raises(AmiError):
        await asyncio.wait_for(pending, 2)
    await asyncio.wait_for(conn.closed.wait(), 2)
    with pytest.raises(AmiError, match="closed"):
        await conn.action("Ping")
    await conn.close()


async def test_unreachable_ami_is_an_ami_error() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    with pytest.raises(AmiError, match="did not answer"):
        await AmiConnection.open("127.0.0.1", port, lambda m: None, timeout=1)


def test_transcripts_hold_no_secret() -> None:
    for name in ("queue_call.ami",):
        text = "".join(s.answer for s in load_transcript(name))
        for line in text.splitlines():
            key, _, value = line.partition(": ")
            if key in ("Secret", "Password", "Md5Cred"):
                assert value in ("", "********"), line
