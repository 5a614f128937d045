"""Context of pjsip.conf: the transport, one endpoint/auth/aor per phone, one trunk per
line (registration when the line registers, identified by the provider's address)."""

from __future__ import annotations

from typing import Any

from appliance.profile.model import Line, Phone
from provision.render.tree import RenderInput

PHONE_CODECS = ("g722", "alaw", "ulaw")
QUALIFY_PHONE_S = 30
# Many providers never answer OPTIONS, and chan_pjsip will not dial a contact that
# qualify marked unreachable: line health comes from registration instead.
QUALIFY_LINE_S = 0


def phone_context_name(phone: Phone) -> str:
    """The dialplan context a phone's calls start in: its class of service."""
    return f"from-phone-{phone.cos.value}"


def trunk_context_name(line: Line) -> str:
    return f"from-trunk-{line.name}"


def _media(inp: RenderInput) -> dict[str, Any]:
    return {"media_address": inp.site.media_address}


def phone_endpoint(inp: RenderInput, phone: Phone) -> dict[str, Any]:
    return {
        "name": str(phone.extension),
        "display": " ".join(phone.name.replace('"', "").split()),
        "context": phone_context_name(phone),
        "codecs": ",".join(PHONE_CODECS),
        "password": inp.secrets.phone(phone.extension),
        "mailbox": f"{phone.extension}@default" if phone.voicemail else None,
        "supervisor": phone.supervisor,
        "language": inp.profile.office.language,
    }


def line_trunk(inp: RenderInput, line: Line) -> dict[str, Any]:
    server = f"sip:{line.host}:{line.port}"
    return {
        "name": line.name,
        "kind": line.kind.value,
        "context": trunk_context_name(line),
        "codecs": ",".join(line.codecs),
        "host": line.host,
        "server": server,
        "username": line.username,
        "password": inp.secrets.line(line.name) if line.username else None,
        "registers": line.registers and line.username is not None,
        "client": f"sip:{line.username}@{line.host}:{line.port}" if line.username else None,
        "from_user": line.username or (line.numbers[0] if line.numbers else None),
        "channels": line.channels,
        "language": inp.profile.office.language,
    }


def pjsip_context(inp: RenderInput) -> dict[str, Any]:
    site = inp.site
    return {
        "bind": f"{site.sip_bind}:5060",
        "external": inp.profile.appliance.external_address,
        "local_net": str(inp.profile.router.lan) if inp.profile.router else None,
        **_media(inp),
        "phones": [phone_endpoint(inp, p) for p in inp.profile.phones],
        "lines": [line_trunk(inp, line) for line in inp.profile.lines],
        "qualify_phone": QUALIFY_PHONE_S,
        "qualify_line": QUALIFY_LINE_S,
    }
