"""The simulator's wire format against librouteros's: two implementations, one protocol."""

from __future__ import annotations

import socket

import pytest
from librouteros import protocol as client

from provision.lab.routeros_sim.wire import (
    SentenceReader,
    WireError,
    decode_length,
    encode_length,
    encode_sentence,
)

# (length, encoded bytes): the edges of every prefix size, from the RouterOS API manual.
LENGTHS = [
    (0, b"\x00"),
    (0x7F, b"\x7f"),
    (0x80, b"\x80\x80"),
    (0x3FFF, b"\xbf\xff"),
    (0x4000, b"\xc0\x40\x00"),
    (0x1FFFFF, b"\xdf\xff\xff"),
    (0x200000, b"\xe0\x20\x00\x00"),
    (0xFFFFFFF, b"\xef\xff\xff\xff"),
    (0x10000000, b"\xf0\x10\x00\x00\x00"),
]


@pytest.mark.parametrize(("length", "encoded"), LENGTHS)
def test_length_encoding_at_the_boundaries(length: int, encoded: bytes) -> None:
    assert encode_length(length) == encoded
    assert decode_length(encoded) == length


@pytest.mark.parametrize(("length", "encoded"), LENGTHS[:-1])
def test_lengths_agree_with_librouteros(length: int, encoded: bytes) -> None:
    assert client.encode_length(length) == encoded
    assert client.decode_length(encoded) == length


def test_reserved_control_byte_is_refused() -> None:
    with pytest.raises(WireError):
        decode_length(b"\xf8\x00\x00\x00\x00")


def test_sentence_matches_librouteros() -> None:
    words = ["/ip/firewall/filter/add", "=chain=forward", "=comment=" + "x" * 300]
    assert encode_sentence(words) == client.encode_sentence(*words, encoding="ASCII")


@pytest.mark.parametrize("size", [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 70000])
def test_reader_reads_words_of_every_prefix_size(size: int) -> None:
    left, right = socket.socketpair()
    try:
        word = "a" * size
        sentence = [w for w in ("!re", f"=source={word}") if w]
        left.sendall(encode_sentence(sentence))
        assert SentenceReader(right).sentence() == sentence
    finally:
        left.close()
        right.close()


def test_reader_reports_a_closed_peer() -> None:
    left, right = socket.socketpair()
    left.sendall(b"\x05/lo")
    left.close()
    with pytest.raises(WireError):
        SentenceReader(right).sentence()
    right.close()
