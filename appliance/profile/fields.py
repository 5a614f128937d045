"""Field types of the profile: names, hosts, MACs, phone numbers, times and weekdays.

Each validator's message says what would be right, because it is what the installer
reads on screen (`phones[2].mac: must be a MAC address of six hex pairs...`).
"""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from typing import Annotated

from pydantic import AfterValidator, Field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Prompt languages whose Asterisk core sounds Debian packages (asterisk-core-sounds-*).
LANGUAGES = ("en", "fr", "es", "it", "ru", "ja", "sv")

_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_MAC_RE = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_RE = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_DIGITS_RE = re.compile(r"^\+?[0-9]{2,20}$")


def _name(value: str) -> str:
    if not _NAME_RE.match(value):
        raise ValueError(
            "must be a short lower-case name: a letter, then letters, digits, '-' or '_'"
            " (at most 32), e.g. 'support'"
        )
    return value


def is_host(value: str) -> bool:
    """An IP address, or a DNS name that is not a mistyped dotted quad."""
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return not re.fullmatch(r"[0-9.]+", value) and bool(_HOST_RE.match(value))


def _host(value: str) -> str:
    if not is_host(value):
        raise ValueError("must be an IP address or a host name, e.g. 192.168.88.10")
    return value


def _mac(value: str) -> str:
    normal = value.strip().lower().replace("-", ":")
    if re.fullmatch(r"[0-9a-f]{12}", normal):
        normal = ":".join(normal[i : i + 2] for i in range(0, 12, 2))
    if not _MAC_RE.match(normal):
        raise ValueError("must be a MAC address of six hex pairs, e.g. 80:5e:c0:11:22:01")
    return normal


def _phone_number(value: str) -> str:
    if not _DIGITS_RE.match(value):
        raise ValueError("must be a phone number of 2 to 20 digits, e.g. '02188776655'")
    return value


Name = Annotated[str, AfterValidator(_name)]
Host = Annotated[str, AfterValidator(_host)]
Mac = Annotated[str, AfterValidator(_mac)]
PhoneNumber = Annotated[str, AfterValidator(_phone_number)]
Extension = Annotated[int, Field(ge=100, le=99999, description="an internal number, 3 to 5 digits")]
Port = Annotated[int, Field(ge=1, le=65535)]


def parse_clock(value: str) -> time:
    """'08:00' -> time(8, 0); '24:00' is the end of the day."""
    match = re.fullmatch(r"([01]?[0-9]|2[0-4]):([0-5][0-9])", value)
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValueError("must be a time of day as HH:MM, e.g. 08:00")
    hour, minute = int(match.group(1)), int(match.group(2))
    return time.max if hour == 24 else time(hour, minute)


def parse_days(value: str) -> tuple[str, ...]:
    """'sat-wed' or 'mon,wed,fri' or 'thu' -> the weekdays in week order from the first."""
    days: list[str] = []
    for part in value.lower().replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            raise ValueError(
                "must be weekdays like 'sat-wed', 'thu' or 'mon,wed,fri'"
                f" (days: {', '.join(WEEKDAYS)})"
            )
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        span = (last - first) % 7
        days.extend(WEEKDAYS[(first + i) % 7] for i in range(span + 1))
    if len(set(days)) != len(days):
        raise ValueError("names a day twice")
    return tuple(days)
