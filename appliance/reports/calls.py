"""Assembling queue calls from their events, keeping only open calls in memory.

A call is keyed by (uniqueid, queue): the same channel may time out of one queue and
enter another. It is handed on when it ends; calls whose end never came (the log
stops, or Asterisk restarted: QUEUESTART) are handed on by `flush` as still waiting
or still talking. A call whose ENTERQUEUE lies before the log starts (a rotated-away
file) is rebuilt from the wait and talk times its later events carry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from appliance.reports.queue_log import Event

# Outcomes; every offered call ends in exactly one of them.
COMPLETED = "completed"  # answered and hung up or transferred
IN_TALK = "in_talk"  # answered, no end seen yet
ABANDONED = "abandoned"
TIMED_OUT = "timed_out"
EXITED_KEY = "exited_key"
EXITED_EMPTY = "exited_empty"
WAITING = "still_waiting"  # never left the queue as far as the log shows

_LEFT_WITHOUT_AGENT = {
    "ABANDON": (ABANDONED, 2),
    "EXITWITHTIMEOUT": (TIMED_OUT, 2),
    "EXITEMPTY": (EXITED_EMPTY, 2),
    "EXITWITHKEY": (EXITED_KEY, 3),
}  # event -> (outcome, index of the wait time in data)
_TRANSFERS = frozenset({"TRANSFER", "ATTENDEDTRANSFER", "BLINDTRANSFER"})
_COMPLETES = frozenset({"COMPLETECALLER", "COMPLETEAGENT"})


def number(data: list[str], index: int, default: int) -> int:
    """data[index] as whole seconds; `default` when absent or not a number."""
    try:
        value = data[index]
    except IndexError:
        return default
    if value.isdigit():
        return int(value)
    try:
        return max(0, int(float(value)))
    except (ValueError, OverflowError):
        return default


@dataclass(slots=True)
class Call:
    queue: str
    callid: str
    caller: str
    enter: int
    agent: str = ""  # raw queue_log agent of the CONNECT
    wait: int | None = None
    outcome: str = WAITING
    end: int | None = None
    talk: int | None = None
    transferred: bool = False
    rebuilt: bool = False  # its ENTERQUEUE was not in the log


class CallAssembler:
    def __init__(self) -> None:
        self.open: dict[tuple[str, str], Call] = {}
        self.rebuilt = 0

    def feed(self, ev: Event) -> Call | None:
        """Take one call event; return the call it ended, if any."""
        name, key = ev.name, (ev.callid, ev.queue)
        if name == "ENTERQUEUE":
            caller = ev.data[1] if len(ev.data) > 1 else ""
            previous = self.open.get(key)
            self.open[key] = Call(ev.queue, ev.callid, caller, ev.time)
            return previous  # entered twice without leaving: the first never ended
        if name == "CONNECT":
            call = self.open.get(key)
            wait = number(ev.data, 0, 0)
            if call is None:
                call = self._rebuild(ev, ev.time - wait)
                self.open[key] = call
            call.wait = number(ev.data, 0, ev.time - call.enter)
            call.agent = ev.agent
            call.outcome = IN_TALK
            return None
        if name in _COMPLETES or name in _TRANSFERS:
            hold_at, talk_at = (0, 1) if name in _COMPLETES else (-3, -2)
            talk = number(ev.data, talk_at, 0)
            call = self.open.pop(key, None)
            if call is None:
                call = self._rebuild(ev, ev.time - talk - number(ev.data, hold_at, 0))
            if call.wait is None:  # its CONNECT was lost
                call.wait = number(ev.data, hold_at, max(0, ev.time - talk - call.enter))
            call.agent = call.agent or ev.agent
            call.talk = talk
            call.transferred = name in _TRANSFERS
            return self._end(call, COMPLETED, ev.time)
        left = _LEFT_WITHOUT_AGENT.get(name)
        if left is not None:
            outcome, wait_at = left
            call = self.open.pop(key, None)
            wait = number(ev.data, wait_at, -1)
            if call is None:
                call = self._rebuild(ev, ev.time - max(wait, 0))
            call.wait = wait if wait >= 0 else max(0, ev.time - call.enter)
            call.agent = ""  # nobody took it (ABANDON may name the member it rang)
            return self._end(call, outcome, ev.time)
        return None

    def flush(self) -> Iterator[Call]:
        """Hand on every call still open (end of the log, or Asterisk restarted)."""
        calls, self.open = self.open, {}
        yield from calls.values()

    def _rebuild(self, ev: Event, enter: int) -> Call:
        self.rebuilt += 1
        return Call(ev.queue, ev.callid, "", enter, rebuilt=True)

    @staticmethod
    def _end(call: Call, outcome: str, when: int) -> Call:
        call.outcome = outcome
        call.end = when
        return call
