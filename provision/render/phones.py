"""One provisioning file per desk phone, in its vendor's format, named as the phone asks
(the catalogue's file_name: Yealink `<mac>.cfg`, Grandstream `cfg<mac>.xml`...), and the
web server's site that serves them (provision.render.phones_web).

Agents' phones (queue members) get two speed-dial keys for the call-center feature
codes: log in/out of the queues and pause/unpause.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from appliance.catalogue import PhoneModel
from appliance.errors import RenderError
from appliance.profile.model import Phone, Profile
from provision.render.asterisk import codes
from provision.render.environment import header, render
from provision.render.phones_web import generate_site
from provision.render.tree import RenderInput

# Feature codes the call-center dialplan answers, read from the one place the dialplan
# reads them too, so a key can never dial a code the dialplan does not know.
AGENT_KEYS = (("Log in/out", codes.AGENT_LOGIN), ("Pause", codes.AGENT_PAUSE))
NTP_SERVER = "pool.ntp.org"
SIP_PORT = 5060
# Codec names per vendor format.
CODECS = {
    "g722": {"yealink": "g722", "grandstream": "9", "fanvil": "G722", "cisco": "G722"},
    "alaw": {"yealink": "pcma", "grandstream": "8", "fanvil": "G711A", "cisco": "G711a"},
    "ulaw": {"yealink": "pcmu", "grandstream": "0", "fanvil": "G711U", "cisco": "G711u"},
}
_XML_FORMATS = ("grandstream", "cisco_spa")
# A fixed instant for the zone's offset, so rendering twice gives the same bytes.
_REFERENCE = datetime(2025, 1, 15, 12, 0)


def _offset_minutes(zone: str) -> int:
    offset = ZoneInfo(zone).utcoffset(_REFERENCE)
    return int(offset.total_seconds() // 60) if offset is not None else 0


@cache
def _posix_tz(zone: str) -> str:
    """The POSIX TZ rule at the end of the system's TZif file (e.g. '<+0330>-3:30')."""
    for base in ("/usr/share/zoneinfo",):
        path = Path(base) / zone
        if path.is_file():
            tail = path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
            return tail.decode("ascii", errors="replace")
    minutes = _offset_minutes(zone)
    sign = "-" if minutes >= 0 else "+"  # POSIX counts west of Greenwich as positive
    return f"UTC{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"


def _agents(profile: Profile) -> set[int]:
    return {m.extension for q in profile.queues for m in q.member_list}


def phone_context(inp: RenderInput, phone: Phone, model: PhoneModel) -> dict[str, Any]:
    profile = inp.profile
    xml = model.format in _XML_FORMATS
    text = (lambda s: escape(s, {'"': "&quot;"})) if xml else (lambda s: " ".join(s.split()))
    codec_names = (["g722"] if model.hd_voice else []) + ["alaw", "ulaw"]
    minutes = _offset_minutes(profile.office.timezone)
    keys = []
    if phone.extension in _agents(profile):
        room = max(model.line_keys - 1, 0)  # the first key is the line itself
        for index0, (label, code) in enumerate(AGENT_KEYS[:room]):
            keys.append({"index": index0 + 2, "index0": index0, "label": label, "code": code})
    router = profile.router
    return {
        "user": str(phone.extension),
        "label": text(f"{phone.extension} {phone.name}"),
        "name": text(phone.name),
        "password": inp.secrets.phone(phone.extension),
        "server": inp.site.address,
        "port": SIP_PORT,
        "codecs": [{"name": c, **CODECS[c]} for c in codec_names],
        "ntp": NTP_SERVER,
        "tz_offset_minutes": minutes,
        "tz_offset_hours": f"{minutes / 60:+g}",
        "tz_gmt": f"GMT{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:"
                  f"{abs(minutes) % 60:02d}",
        "tz_posix": text(_posix_tz(profile.office.timezone)),
        "vlan": router.voice_vlan if router is not None else None,
        "keys": keys,
        "mac_plain": (phone.mac or "").replace(":", ""),
    }


def _header(model: PhoneModel, phone: Phone, template: str, office: str) -> str:
    source = f"the profile of {office}, phone {phone.extension}"
    if model.format in _XML_FORMATS:
        lines = header(template, source, "").splitlines()
        return "\n".join(line.strip() for line in lines) + "\n"
    return header(template, source, "#").rstrip("\n")


def generate(inp: RenderInput) -> dict[str, str]:
    files = generate_site(inp.site, inp.catalogue, inp.profile.office.name)
    for phone in inp.profile.phones:
        if phone.softphone or phone.mac is None or phone.vendor is None or phone.model is None:
            continue
        model = inp.catalogue.phone(phone.vendor, phone.model)
        if model is None:
            raise RenderError(f"phone {phone.extension}: {phone.vendor} {phone.model} is not"
                              " in the catalogue")
        template = f"phones/{model.format}.j2"
        context = phone_context(inp, phone, model)
        context["header"] = _header(model, phone, template, inp.profile.office.name)
        files[f"phones/{model.file_for(phone.mac)}"] = render(template, context)
    return files
