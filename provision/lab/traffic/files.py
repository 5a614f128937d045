"""The traffic's working files: scenario copies with their values put in, the callers'
audio, and the list of SIPp processes started (so a stop finds every one).

Scenario copies that hold a password are written 0600 in the lab's state folder
(itself 0700): passwords never go on a command line, where `ps` would show them.
"""

from __future__ import annotations

import math
from importlib.resources import files
from pathlib import Path

from appliance.files import write_atomic

SCENARIOS = ("provider", "agent", "register", "feature_code", "caller_survey",
             "caller_abandon", "caller_callback")


def scenario_text(name: str) -> str:
    return (files("provision.lab.traffic.scenarios") / f"{name}.xml").read_text()


def write_scenario(workdir: Path, name: str, out: str, values: dict[str, str]) -> Path:
    """A copy of scenario `name` with each placeholder (e.g. TALK_MS) replaced."""
    text = scenario_text(name)
    for key, value in values.items():
        if key not in text:
            raise ValueError(f"scenario {name} has no {key}")
        text = text.replace(key, value)
    path = workdir / f"{out}.xml"
    write_atomic(path, text, mode=0o600)
    return path


def alaw_tone(seconds: float = 2.0, hz: float = 440.0) -> bytes:
    """Raw G.711 A-law samples of a tone: what the callers say (SIPp's rtp_stream loops it)."""
    out = bytearray()
    for n in range(int(8000 * seconds)):
        sample = int(8000 * math.sin(2 * math.pi * hz * n / 8000))
        sign = 0x80 if sample >= 0 else 0x00
        magnitude = min(abs(sample), 32635) >> 3
        exponent = max(magnitude.bit_length() - 5, 0)
        mantissa = (magnitude >> exponent if exponent else magnitude >> 1) & 0x0F
        out.append((sign | (exponent << 4) | mantissa) ^ 0x55)
    return bytes(out)


def write_pids(path: Path, pids: list[int]) -> None:
    write_atomic(path, "".join(f"{pid}\n" for pid in pids), mode=0o600)


def read_pids(path: Path) -> list[int]:
    try:
        return [int(word) for word in path.read_text().split() if word.isdigit()]
    except OSError:
        return []
