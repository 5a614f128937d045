"""Which Debian releases get Tamas's Asterisk backport, and how a box's OS is classified (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from appliance.errors import InputError

SOURCE_SUITE = "sid"  # Debian's Asterisk 22 source package lives in sid (and forky)
DOCS = "docs/real-office.md"


@dataclass(frozen=True)
class Release:
    codename: str
    number: int
    # Build-Depends that sid names but the release spells differently (backport edits).
    build_dep_renames: tuple[tuple[str, str], ...] = ()

    @property
    def backports(self) -> str:
        return f"{self.codename}-backports"

    @property
    def version_suffix(self) -> str:
        """Appended to Debian's version: sorts below it, so Debian's own package wins later."""
        return f"~tamas{self.number}+1"

    def backport_version(self, source_version: str) -> str:
        return source_version + self.version_suffix


RELEASES: dict[str, Release] = {
    # bookworm's libjack-dev is JACK 1, which conflicts with the JACK 2 headers that
    # portaudio19-dev pulls in; sid's libjack-dev is JACK 2's.
    "bookworm": Release("bookworm", 12, (("libjack-dev", "libjack-jackd2-dev"),)),
    "trixie": Release("trixie", 13),
}


def rename_build_deps(control: str, renames: tuple[tuple[str, str], ...]) -> str:
    """debian/control with whole package names in Build-Depends replaced."""
    for old, new in renames:
        control = re.sub(rf"(?<![\w.+-]){re.escape(old)}(?![\w.+-])", new, control)
    return control


def release_named(name: str) -> Release:
    try:
        return RELEASES[name]
    except KeyError:
        raise InputError(
            f"--release {name!r}: must be one of {', '.join(RELEASES)}"
            " (Debian 12 bookworm, Debian 13 trixie)"
        ) from None


@dataclass(frozen=True)
class AsteriskSource:
    """Where a box gets Asterisk: its own archive, or Tamas's backport for its release."""

    kind: Literal["archive", "backport"]
    description: str  # e.g. "Debian 13 (trixie)"
    release: Release | None = None


def parse_os_release(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z_]+)=(.*)$", line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip().strip('"').strip("'")
    return found


def asterisk_source(os_release: str) -> AsteriskSource:
    """Classify a box from its /etc/os-release; raise with what to do when unsupported."""
    fields = parse_os_release(os_release)
    distro = fields.get("ID", "")
    codename = fields.get("VERSION_CODENAME", "")
    name = fields.get("PRETTY_NAME") or distro or "an unknown system"
    if distro == "debian":
        if codename in RELEASES:
            return AsteriskSource("backport", name, RELEASES[codename])
        # testing and unstable carry Asterisk 22 in the archive; VERSION_ID is absent there
        if "VERSION_ID" not in fields or codename in ("forky", "sid"):
            return AsteriskSource("archive", name)
    if distro == "ubuntu" and fields.get("VERSION_ID", "") >= "24.04":
        return AsteriskSource("archive", name)  # universe carries Asterisk
    raise InputError(
        f"the box runs {name}: Tamas provisions Debian 13 (trixie) or 12 (bookworm),"
        f" Debian testing/sid, or Ubuntu 24.04+; see {DOCS}"
    )
