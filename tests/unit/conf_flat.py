"""Flatten an Asterisk .conf file to `section.option=value` lines, for readable diffs.

Repeated sections (pjsip's endpoint/auth/aor of one name) are told apart by their
`type=`, else by a #n suffix; comments and blank lines are dropped.
"""

from __future__ import annotations

import re

_SECTION = re.compile(r"^\[([^\]]+)\]")
_OPTION = re.compile(r"^([^=]+?)\s*=>?\s*(.*)$")


def flatten(text: str) -> dict[str, list[str]]:
    """Section key -> its `option=value` lines, in file order."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        header = _SECTION.match(line)
        if header:
            current = header.group(1)
            key, n = current, 1
            while key in sections:
                n += 1
                key = f"{current}#{n}"
            current = key
            sections[current] = []
            continue
        match = _OPTION.match(line)
        sections.setdefault(current, []).append(
            f"{match.group(1).strip()}={match.group(2).strip()}" if match else line
        )
    return {_typed(k, v): v for k, v in sections.items()}


def _typed(key: str, lines: list[str]) -> str:
    kind = next((line[5:] for line in lines if line.startswith("type=")), None)
    return f"{key.split('#')[0]}({kind})" if kind else key


def flat_lines(text: str) -> list[str]:
    return [f"{section}.{line}" for section, lines in flatten(text).items() for line in lines]
