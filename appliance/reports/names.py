"""Who an agent is: queue_log names a member by its member name ("Sara") or its
interface ("PJSIP/101"), depending on log_membername_as_agent and on the event
(PAUSEALL always logs the interface). With a profile both map to the extension."""

from __future__ import annotations

import re

from appliance.profile.model import Profile

_INTERFACE = re.compile(r"^(?:PJSIP|SIP|IAX2|Local|Agent)/(\d{2,6})(?:@.*)?$", re.IGNORECASE)
NO_AGENT = frozenset({"", "NONE", "none"})


class AgentNames:
    """Raw queue_log agent field -> stable key (the extension when known) and a label."""

    def __init__(self, profile: Profile | None = None) -> None:
        self._by_name: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        if profile is not None:
            for phone in profile.phones:
                self._by_name[phone.name.casefold()] = str(phone.extension)
                self._labels[str(phone.extension)] = f"{phone.extension} {phone.name}"
            for agent in profile.agents:
                self._by_name[agent.name.casefold()] = str(agent.extension)
                self._labels[str(agent.extension)] = f"{agent.extension} {agent.name}"
        self._cache: dict[str, str] = {}

    def key(self, raw: str) -> str:
        found = self._cache.get(raw)
        if found is None:
            found = self._resolve(raw)
            self._cache[raw] = found
        return found

    def _resolve(self, raw: str) -> str:
        match = _INTERFACE.match(raw)
        if match:
            return match.group(1)
        if raw.isdigit():
            return raw
        return self._by_name.get(raw.casefold(), raw)

    def label(self, key: str) -> str:
        return self._labels.get(key, key)
