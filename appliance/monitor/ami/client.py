"""One AMI connection: login, actions correlated by ActionID, event lists, event fan-out.

No reconnecting here (the probe does that); when the connection drops, every pending
action fails with AmiError and `closed` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable, Mapping

from appliance.errors import AmiError
from appliance.monitor.ami.frames import FrameReader, Message, encode_action

EventHandler = Callable[[Message], None]


ListHandler = Callable[[list[Message]], None]


class _Pending:
    def __init__(self, future: asyncio.Future[list[Message]],
                 on_list: ListHandler | None = None) -> None:
        self.future = future
        self.on_list = on_list
        self.items: list[Message] = []
        self.listing = False


class AmiConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 on_event: EventHandler, prefix: str = "tamas") -> None:
        self._reader, self._writer, self._on_event = reader, writer, on_event
        self._frames = FrameReader()
        self._ids = (f"{prefix}-{n}" for n in itertools.count(1))
        self._pending: dict[str, _Pending] = {}
        self.closed = asyncio.Event()
        self.close_reason = ""
        self._task = asyncio.create_task(self._read_loop(), name="ami-read")

    @classmethod
    async def open(cls, host: str, port: int, on_event: EventHandler,
                   timeout: float = 5.0) -> AmiConnection:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (OSError, TimeoutError) as exc:
            raise AmiError(f"AMI at {host}:{port} did not answer: {exc or 'timed out'}") from None
        return cls(reader, writer, on_event)

    @property
    def banner(self) -> str | None:
        return self._frames.banner

    async def login(self, username: str, secret: str, timeout: float = 5.0) -> None:
        try:
            await self.action("Login", {"Username": username, "Secret": secret,
                                        "Events": "on"}, timeout=timeout)
        except AmiError as exc:
            # Asterisk says "Authentication failed"; never repeat what was sent.
            raise AmiError(f"AMI login as {username!r} refused: {exc}") from None

    async def action(self, name: str, fields: Mapping[str, str] | None = None,
                     timeout: float = 10.0) -> Message:
        """Send one action; its Response (raises AmiError on `Response: Error`)."""
        return (await self._send(name, fields, timeout))[0]

    async def action_list(self, name: str, fields: Mapping[str, str] | None = None,
                          timeout: float = 10.0,
                          on_list: ListHandler | None = None) -> list[Message]:
        """Send an action that answers with an event list; the events, without the
        response and the closing `...Complete` event.

        `on_list` gets them the moment the list completes, before any event that came
        after it on the wire is dispatched: state loaded from the list is then never
        newer than the events applied on top of it.
        """
        messages = await self._send(name, fields, timeout, on_list)
        return _list_items(messages)

    async def command(self, text: str, timeout: float = 10.0) -> str:
        """A CLI command (`Action: Command`): its output lines."""
        return (await self.action("Command", {"Command": text}, timeout)).get("Output", "")

    async def _send(self, name: str, fields: Mapping[str, str] | None,
                    timeout: float, on_list: ListHandler | None = None) -> list[Message]:
        if self.closed.is_set():
            raise AmiError(f"AMI connection is closed: {self.close_reason}")
        action_id = next(self._ids)
        pending = _Pending(asyncio.get_running_loop().create_future(), on_list)
        self._pending[action_id] = pending
        try:
            self._writer.write(encode_action(name, action_id, fields))
            await self._writer.drain()
            return await asyncio.wait_for(pending.future, timeout)
        except TimeoutError:
            raise AmiError(f"AMI action {name} got no answer in {timeout:g} s") from None
        except (ConnectionError, OSError) as exc:
            raise AmiError(f"AMI connection lost during {name}: {exc}") from None
        finally:
            self._pending.pop(action_id, None)

    async def _read_loop(self) -> None:
        reason = "closed by Asterisk"
        try:
            while raw := await self._reader.readline():
                message = self._frames.feed_line(raw.decode("utf-8", "replace"))
                if message is not None:
                    self._dispatch(message)
        except (ConnectionError, OSError) as exc:
            reason = str(exc) or type(exc).__name__
        finally:
            self.close_reason = reason
            self.closed.set()
            for pending in self._pending.values():
                if not pending.future.done():
                    pending.future.set_exception(AmiError(f"AMI connection lost: {reason}"))

    def _dispatch(self, message: Message) -> None:
        pending = self._pending.get(message.get("ActionID", ""))
        if pending is None or pending.future.done():
            if "Event" in message:
                self._on_event(message)
            return
        if "Response" in message and not pending.items:
            if message["Response"].lower() == "error":
                pending.future.set_exception(AmiError(message.get("Message", "error")))
                return
            pending.items.append(message)
            pending.listing = message.get("EventList", "").lower() == "start"
            if not pending.listing:
                if pending.on_list is not None:
                    pending.on_list([])
                pending.future.set_result(pending.items)
            return
        pending.items.append(message)
        if message.get("EventList", "").lower() == "complete":
            if pending.on_list is not None:
                pending.on_list(_list_items(pending.items))
            pending.future.set_result(pending.items)

    async def close(self) -> None:
        if not self.closed.is_set():
            with contextlib.suppress(AmiError):
                await self.action("Logoff", timeout=1.0)
        self._writer.close()
        with contextlib.suppress(ConnectionError, OSError, TimeoutError):
            await asyncio.wait_for(self._writer.wait_closed(), 2.0)  # never hang on a close
        self._task.cancel()


def _list_items(messages: list[Message]) -> list[Message]:
    return [m for m in messages[1:] if m.get("EventList", "").lower() != "complete"]
