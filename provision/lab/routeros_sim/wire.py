"""The RouterOS API wire format: words with a 1-5 byte length prefix, sentences end
with an empty word. Written from the protocol description, not borrowed from the
client, so the protocol tests compare two independent implementations."""

from __future__ import annotations

import socket


class WireError(Exception):
    """The peer sent bytes that are not RouterOS API words, or went away."""


def encode_length(length: int) -> bytes:
    if length < 0:
        raise WireError(f"negative length {length}")
    if length < 0x80:
        return bytes([length])
    if length < 0x4000:
        return (length | 0x8000).to_bytes(2, "big")
    if length < 0x200000:
        return (length | 0xC00000).to_bytes(3, "big")
    if length < 0x10000000:
        return (length | 0xE0000000).to_bytes(4, "big")
    return b"\xf0" + length.to_bytes(4, "big")


def length_size(first: int) -> int:
    """How many bytes the length takes, from its first byte."""
    if first < 0x80:
        return 1
    if first < 0xC0:
        return 2
    if first < 0xE0:
        return 3
    if first < 0xF0:
        return 4
    if first == 0xF0:
        return 5
    raise WireError(f"control byte 0x{first:02x} is reserved")


def decode_length(data: bytes) -> int:
    size = length_size(data[0])
    if len(data) != size:
        raise WireError(f"length needs {size} bytes, got {len(data)}")
    if size == 5:
        return int.from_bytes(data[1:], "big")
    masks = {1: 0, 2: 0x8000, 3: 0xC00000, 4: 0xE0000000}
    return int.from_bytes(data, "big") ^ masks[size]


def encode_sentence(words: list[str]) -> bytes:
    out = bytearray()
    for word in words:
        raw = word.encode("utf-8")
        out += encode_length(len(raw)) + raw
    out += b"\x00"
    return bytes(out)


class SentenceReader:
    """Reads whole sentences from a connected socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def _exact(self, count: int) -> bytes:
        data = bytearray()
        while len(data) < count:
            chunk = self._sock.recv(count - len(data))
            if not chunk:
                raise WireError("connection closed by the peer")
            data += chunk
        return bytes(data)

    def word(self) -> str:
        first = self._exact(1)
        rest = self._exact(length_size(first[0]) - 1)
        length = decode_length(first + rest)
        return self._exact(length).decode("utf-8", errors="replace")

    def sentence(self) -> list[str]:
        words = []
        while (word := self.word()) != "":
            words.append(word)
        return words
