"""Context of queues.conf: one queue per profile queue, static members with penalties
(skills), the caller's keys (callback) and the service level from the traffic goal."""

from __future__ import annotations

from typing import Any

from appliance.profile.model import Profile, Queue
from provision.render.tree import RenderInput

CALLBACK_KEY = "1"
# How often a waiting caller hears the position / the callback offer.
ANNOUNCE_FREQUENCY_S = 30
PERIODIC_ANNOUNCE_S = 45


def member_name(profile: Profile, extension: int) -> str:
    """The name queue_log shows as the agent: the phone's name (the reports map it back)."""
    phone = profile.phone(extension)
    return " ".join(phone.name.replace(",", " ").split()) if phone else str(extension)


def queue_keys_context(queue: Queue) -> str:
    return f"queue-keys-{queue.name}"


def queue_entry(profile: Profile, queue: Queue, service_level_s: int) -> dict[str, Any]:
    return {
        "name": queue.name,
        "strategy": queue.strategy.value,
        "timeout": queue.ring_timeout_s,
        "wrapup": queue.wrapup_s,
        "weight": queue.weight,
        "music": queue.music,
        "announce_position": queue.announce_position,
        "announce_holdtime": queue.announce_holdtime,
        "announce_frequency": ANNOUNCE_FREQUENCY_S,
        "callback": queue.callback,
        "keys_context": queue_keys_context(queue),
        "periodic_announce_s": PERIODIC_ANNOUNCE_S,
        "servicelevel": service_level_s,
        "members": [
            {"interface": f"PJSIP/{m.extension}", "penalty": m.penalty,
             "name": member_name(profile, m.extension)}
            for m in queue.member_list
        ],
    }


def queues_context(inp: RenderInput) -> dict[str, Any]:
    profile = inp.profile
    level = profile.traffic.service_level.within_s if profile.traffic else 20
    return {"queues": [queue_entry(profile, q, level) for q in profile.queues]}
