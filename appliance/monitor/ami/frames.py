"""AMI wire format: `Key: Value` lines, a blank line ends a message. Pure, no I/O.

Asterisk sends CRLF; recorded transcripts may hold LF only, so both are accepted.
A repeated key (ChanVariable, Output of Command) keeps every value, joined by newlines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

Message = dict[str, str]


def encode_action(action: str, action_id: str, fields: Mapping[str, str] | None = None) -> bytes:
    lines = [f"Action: {action}", f"ActionID: {action_id}"]
    for key, value in (fields or {}).items():
        if "\n" in value or "\r" in value:
            raise ValueError(f"AMI field {key} must be one line")  # no header injection
        lines.append(f"{key}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class FrameReader:
    """Feed it decoded lines; it yields complete messages.

    The first line of a session is the banner (`Asterisk Call Manager/11.0.0`), which
    has no blank line after it; `banner` holds it once seen.
    """

    def __init__(self) -> None:
        self.banner: str | None = None
        self._current: Message = {}

    def feed_line(self, line: str) -> Message | None:
        line = line.rstrip("\r\n")
        if self.banner is None and line.startswith("Asterisk Call Manager/"):
            self.banner = line
            return None
        if not line:
            done, self._current = self._current, {}
            return done or None
        key, sep, value = line.partition(":")
        if not sep:
            key, value = "Output", line  # `Command` output lines without a key (old style)
        key, value = key.strip(), value.strip()
        if key in self._current:
            self._current[key] += "\n" + value
        else:
            self._current[key] = value
        return None

    def feed_text(self, text: str) -> Iterator[Message]:
        for line in text.splitlines():
            message = self.feed_line(line)
            if message is not None:
                yield message
        # a trailing message without its blank line is not complete: it stays buffered


def is_event(message: Message) -> bool:
    return "Event" in message


def parse_messages(text: str) -> list[Message]:
    """Every complete message of a transcript (tests, and the doctor reading recordings)."""
    return list(FrameReader().feed_text(text))
