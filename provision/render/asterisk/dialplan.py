"""Context of extensions.conf: everything the dialplan needs, as plain data.

Targets are turned into `Goto()` arguments here, business hours into GotoIfTime()
ranges, feature-code tables into lists, so the template only loops and branches.
"""

from __future__ import annotations

from typing import Any

from appliance.closed_days import closed_days
from appliance.errors import RenderError
from appliance.profile.model import WEEKDAYS, Hours, IvrTarget, Line, Profile, Queue
from provision.render.asterisk import codes
from provision.render.asterisk.pjsip import trunk_context_name
from provision.render.asterisk.queues import member_name, queue_keys_context
from provision.render.asterisk.system import RECORDINGS_DIR, VOICEMAIL_CONTEXT
from provision.render.tree import RenderInput

FEATURE_CODES = {
    "login": codes.AGENT_LOGIN, "pause": codes.AGENT_PAUSE, "unpause": codes.AGENT_UNPAUSE,
    "listen": codes.SPY_LISTEN, "whisper": codes.SPY_WHISPER, "barge": codes.SPY_BARGE,
    "voicemail": codes.VOICEMAIL, "callback": codes.CALLBACK_KEY,
}
# ChanSpy options per supervision mode: q quiet, E end with the agent's call, w whisper,
# B barge (talk to both).
SPY_MODES = {"listen": "qE", "whisper": "qEw", "barge": "qEB"}
EXTENSION_RING_S = 20
SURVEY_TIMEOUT_S = 6
CALLBACK_WAIT_S = 3600
# Stock prompts (asterisk-core-sounds); replace a file of the same name to customise.
PROMPTS = {
    "closed": "im-sorry&vm-nobodyavail",
    "invalid": "pm-invalid-option",
    "timeout": "one-moment-please",
    "survey": "beep",
    "thanks": "auth-thankyou",
    "callback": "auth-thankyou",
    "denied": "im-sorry",
}
_DAY_NAMES = dict(zip(WEEKDAYS, ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), strict=True))


def goto_target(target: IvrTarget) -> str:
    if target.queue is not None:
        return f"queue-{target.queue},s,1"
    if target.extension is not None:
        return f"internal,{target.extension},1"
    return f"vm-box,{target.voicemail},1"


def hours_ranges(hours: list[Hours]) -> list[dict[str, str]]:
    """GotoIfTime() arguments; 24:00 is written 23:59 (Asterisk's clock stops there)."""
    ranges = []
    for span in hours:
        close = "23:59" if span.close == "24:00" else span.close
        days = "&".join(_DAY_NAMES[d] for d in span.weekdays)
        ranges.append({"times": f"{span.open}-{close}", "days": days})
    return ranges


def _first_queue(profile: Profile) -> str | None:
    return profile.queues[0].name if profile.queues else None


def entry_target(profile: Profile) -> str:
    """Where an inbound call goes once the office is open."""
    if profile.ivr is not None and profile.ivr.options:
        return "ivr,s,1"
    first = _first_queue(profile)
    if first is not None:
        return f"queue-{first},s,1"
    return f"internal,{profile.phones[0].extension},1"


def closed_mailbox(profile: Profile) -> int | None:
    """The box after-hours callers leave a message in: the IVR default's, the first
    queue overflow's, a supervisor's, else the first phone with voicemail."""
    candidates: list[int | None] = []
    if profile.ivr is not None and profile.ivr.default is not None:
        candidates.append(profile.ivr.default.voicemail)
    candidates += [q.overflow.voicemail for q in profile.queues if q.overflow]
    candidates += [p.extension for p in profile.phones if p.supervisor and p.voicemail]
    candidates += [p.extension for p in profile.phones if p.voicemail]
    return next((c for c in candidates if c is not None), None)


def _boxes(profile: Profile) -> set[int]:
    return {p.extension for p in profile.phones if p.voicemail}


def _check_box(profile: Profile, box: int | None, where: str) -> None:
    if box is not None and box not in _boxes(profile):
        raise RenderError(f"{where}: voicemail {box} is not a phone with voicemail: true")


def ivr_context(profile: Profile) -> dict[str, Any] | None:
    ivr = profile.ivr
    if ivr is None or not ivr.options:
        return None
    for key, target in ivr.options.items():
        _check_box(profile, target.voicemail, f"ivr.options.{key}")
    default = goto_target(ivr.default) if ivr.default else f"queue-{_first_queue(profile)},s,1"
    if ivr.default is None and _first_queue(profile) is None:
        default = entry_target(profile.model_copy(update={"ivr": None}))
    prompt = "&".join(["hello", *(f"vm-press&digits/{k}" for k in sorted(ivr.options)
                                  if k.isdigit())])
    return {
        "timeout": ivr.timeout_s,
        "prompt": prompt,
        "options": [{"key": k, "goto": goto_target(t)} for k, t in sorted(ivr.options.items())],
        "default": default,
    }


def queue_context(profile: Profile, queue: Queue) -> dict[str, Any]:
    overflow = None
    if queue.overflow is not None:
        _check_box(profile, queue.overflow.voicemail, f"queues.{queue.name}.overflow")
        overflow = goto_target(IvrTarget(queue=queue.overflow.queue,
                                         voicemail=queue.overflow.voicemail))
    return {
        "name": queue.name,
        # t: the agent may transfer; c: the caller goes on (to the survey) when the agent
        # hangs up.
        "options": "tc" if queue.survey else "t",
        "max_wait": queue.max_wait_s,
        "overflow": overflow,
        "survey": queue.survey,
        "callback": queue.callback,
        "keys_context": queue_keys_context(queue),
    }


def agent_context(profile: Profile, extension: int) -> dict[str, Any]:
    """What *41/*42 do for one phone: the queues it is static in, the ones it may join."""
    static = [q.name for q in profile.queues
              if any(m.extension == extension for m in q.member_list)]
    dynamic = [q.name for q in profile.queues if q.name not in static]
    return {
        "extension": extension,
        "interface": f"PJSIP/{extension}",
        "name": member_name(profile, extension),
        "static": static,
        "dynamic": dynamic,
        # The queue whose paused flag tells whether *42 pauses or unpauses.
        "state_queue": next(iter(static + dynamic), None),
    }


def line_context(line: Line) -> dict[str, Any]:
    dids = list(line.numbers)
    if line.username and line.username not in dids:
        dids.append(line.username)
    return {
        "name": line.name,
        "context": trunk_context_name(line),
        "dids": dids,
        "channels": line.channels,
        "callerid": line.numbers[0] if line.numbers else None,
    }


def extensions_context(inp: RenderInput) -> dict[str, Any]:
    profile = inp.profile
    office = profile.office
    box = closed_mailbox(profile)
    ivr = ivr_context(profile)
    return {
        "globals": {
            "OFFICE_TZ": office.timezone,
            "CONCURRENT_CALLS": profile.concurrent_calls,
            "RECORDINGS": RECORDINGS_DIR,
            "RECORDING": "yes" if profile.recording.enabled else "no",
            "RECORDING_FORMAT": profile.recording.format,
            "CRM_URL": profile.crm_webhook or "",
            "VM_CONTEXT": VOICEMAIL_CONTEXT,
            **{f"PROMPT_{k.upper()}": v for k, v in PROMPTS.items()},
            "PAUSE_REASON": codes.DEFAULT_PAUSE_REASON,
            **{f"PAUSE_REASON_{k}": v for k, v in codes.PAUSE_REASONS.items()},
            **({"PROMPT_IVR": ivr["prompt"]} if ivr else {}),
        },
        "lines": [line_context(line) for line in profile.lines],
        "always_open": not office.business_hours,
        "hours": hours_ranges(office.business_hours),
        # The profile's holidays and, with holidays_from, the official ones of the year ahead.
        "holidays": [{"date": d.day.isoformat(), "name": d.name}
                     for d in closed_days(office, inp.today)],
        "closed_mailbox": box,
        "entry": entry_target(profile),
        "ivr": ivr,
        "queues": [queue_context(profile, q) for q in profile.queues],
        "phones": [{"extension": p.extension, "voicemail": p.voicemail}
                   for p in profile.phones],
        "agents": [agent_context(profile, p.extension) for p in profile.phones],
        "codes": FEATURE_CODES,
        "spy_modes": [{"code": FEATURE_CODES[m], "mode": m, "options": o}
                      for m, o in SPY_MODES.items()],
        "ring_s": EXTENSION_RING_S,
        "survey_timeout": SURVEY_TIMEOUT_S,
        "callback_wait": CALLBACK_WAIT_S,
    }
