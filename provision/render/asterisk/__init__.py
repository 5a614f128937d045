"""The Asterisk generator: one context builder per /etc/asterisk file, dumb templates.

`generate(inp)` renders `asterisk/<file>.conf`, whole files we own (the pbx role moves
them into /etc/asterisk/ and reloads the narrowest module), each from
`templates/asterisk/<file>.conf.j2`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provision.render.asterisk import dialplan, pjsip, queues, system
from provision.render.asterisk.common import banner
from provision.render.environment import render
from provision.render.tree import RenderInput

Builder = Callable[[RenderInput], dict[str, Any]]

# File name -> its context builder.
FILES: dict[str, Builder] = {
    "modules.conf": system.modules_context,
    "logger.conf": system.logger_context,
    "manager.conf": system.manager_context,
    "http.conf": system.http_context,
    "ari.conf": system.plain_context,
    "rtp.conf": system.rtp_context,
    "udptl.conf": system.plain_context,
    "features.conf": system.plain_context,
    "cdr.conf": system.plain_context,
    "cel.conf": system.plain_context,
    "cel_custom.conf": system.plain_context,
    "musiconhold.conf": system.musiconhold_context,
    "voicemail.conf": system.voicemail_context,
    "pjsip.conf": pjsip.pjsip_context,
    "queues.conf": queues.queues_context,
    "extensions.conf": dialplan.extensions_context,
}


def render_file(name: str, inp: RenderInput) -> str:
    context = FILES[name](inp)
    context["header"] = banner(inp, name).rstrip("\n")
    return render(f"asterisk/{name}.j2", context)


def generate(inp: RenderInput) -> dict[str, str]:
    return {f"asterisk/{name}": render_file(name, inp) for name in FILES}
