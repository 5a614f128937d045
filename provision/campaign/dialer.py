"""The dialer process: `python -m provision.campaign.dialer FOLDER HOST PORT USER`
(the AMI secret arrives on stdin, never on the command line or on disk).

Every second: count the queue's free agents (QueueStatus), pick the numbers to dial
(pacing.to_dial), Originate them asynchronously into Queue(); OriginateResponse events
give each number its outcome. The state file is rewritten after every change.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from pathlib import Path

from appliance.errors import AmiError
from appliance.monitor.ami.client import AmiConnection
from appliance.monitor.ami.frames import Message
from provision.campaign.model import Outcome, State
from provision.campaign.pacing import outcome_of, record_result, to_dial
from provision.campaign.store import load_state, save_state

POLL_S = 1.0


def free_agents(items: list[Message]) -> int:
    """Members not in use (Status 1) and not paused, from QueueStatus's QueueMember events."""
    return sum(
        1 for m in items
        if m.get("Event") == "QueueMember" and m.get("Status") == "1" and m.get("Paused") == "0"
    )


class Dialer:
    def __init__(self, folder: Path, state: State) -> None:
        self.folder, self.state = folder, state
        self.starts: list[float] = []
        self.by_action: dict[str, int] = {}
        self.early: dict[str, Message] = {}
        self.stop = asyncio.Event()

    def on_event(self, message: Message) -> None:
        if message.get("Event") != "OriginateResponse":
            return
        action_id = message.get("ActionID", "")
        index = self.by_action.pop(action_id, None)
        if index is None:
            # It may overtake the moment we learn its ActionID: keep it for then.
            self.early[action_id] = message
            return
        self.settle(index, message)

    def settle(self, index: int, message: Message) -> None:
        outcome = outcome_of(message.get("Response", ""), message.get("Reason", ""))
        record_result(self.state, index, outcome, message.get("Reason", ""), time.time())
        save_state(self.folder, self.state)

    async def originate(self, ami: AmiConnection, index: int) -> None:
        spec, item = self.state.spec, self.state.numbers[index]
        item.outcome, item.attempts = Outcome.dialing, item.attempts + 1
        self.starts.append(time.time())
        save_state(self.folder, self.state)
        fields = {
            "Channel": f"PJSIP/{item.number}@{spec.line}",
            "Application": "Queue",
            # The customer waits at most ten rings' worth for an agent.
            "Data": f"{spec.queue},,,,{spec.ring_s * 10}",
            "Timeout": str(spec.ring_s * 1000),
            "CallerID": f"<{spec.caller_id}>" if spec.caller_id else "",
            # The CDR names the campaign and the number (the channel name does not).
            "Variable": f"TAMAS_CAMPAIGN={spec.name},TAMAS_NUMBER={item.number},"
                        f"CDR(userfield)=campaign:{spec.name}:{item.number}",
            "Async": "true",
        }
        try:
            queued = await ami.action("Originate", {k: v for k, v in fields.items() if v})
        except AmiError as exc:
            record_result(self.state, index, Outcome.failed, str(exc), time.time())
            save_state(self.folder, self.state)
            return
        action_id = queued.get("ActionID", "")
        early = self.early.pop(action_id, None)
        if early is not None:
            self.settle(index, early)
        else:
            self.by_action[action_id] = index

    async def run(self, host: str, port: int, user: str, secret: str) -> None:
        ami = await AmiConnection.open(host, port, self.on_event)
        await ami.login(user, secret)
        try:
            while not self.stop.is_set() and not self.state.finished:
                members = await ami.action_list("QueueStatus", {"Queue": self.state.spec.queue})
                now = time.time()
                self.starts = [t for t in self.starts if now - t < 60]
                for index in to_dial(self.state, now, free_agents(members), self.starts):
                    await self.originate(ami, index)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop.wait(), POLL_S)
        finally:
            await ami.close()


def main(argv: list[str]) -> int:
    folder, host, port, user = Path(argv[0]), argv[1], int(argv[2]), argv[3]
    secret = sys.stdin.readline().strip()
    state = load_state(folder)
    dialer = Dialer(folder, state)
    log = folder / "dialer.log"

    async def go() -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, dialer.stop.set)
        await dialer.run(host, port, user, secret)

    try:
        asyncio.run(go())
    except AmiError as exc:
        state.last_error = str(exc)
        with log.open("a") as handle:
            handle.write(f"{time.strftime('%F %T')} {exc}\n")
    state.stopped = state.stopped or not state.finished
    save_state(folder, state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
