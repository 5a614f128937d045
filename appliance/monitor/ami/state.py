"""What AMI has told us, kept current by events. Pure: messages in, plain state out.

Full state comes from list actions (QueueStatus, PJSIPShowEndpoints, PJSIPShowContacts,
PJSIPShowRegistrationsOutbound, CoreShowChannels); events then change it in place.
Times are epoch seconds passed in by the caller, so replayed transcripts are repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from appliance.monitor.ami.frames import Message

# app_queue's member Status: Asterisk's device states (include/asterisk/devicestate.h).
DEVICE_STATES = {
    "0": "unknown", "1": "not_inuse", "2": "inuse", "3": "busy", "4": "invalid",
    "5": "unavailable", "6": "ringing", "7": "ringinuse", "8": "onhold",
}


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(float(value)) if value not in (None, "") else default
    except ValueError:
        return default


@dataclass
class MemberState:
    interface: str
    name: str
    status: str = "unknown"  # one of DEVICE_STATES' values
    paused: bool = False
    paused_reason: str = ""
    in_call: bool = False
    calls_taken: int = 0
    last_call: int = 0
    penalty: int = 0
    membership: str = ""  # static | dynamic | realtime

    def update(self, m: Message) -> None:
        self.name = m.get("MemberName") or m.get("Name") or self.name
        if "Status" in m:
            self.status = DEVICE_STATES.get(m["Status"], "unknown")
        if "Paused" in m:
            self.paused = m["Paused"] == "1"
            self.paused_reason = m.get("PausedReason", "") if self.paused else ""
        if "InCall" in m:
            self.in_call = m["InCall"] == "1"
        self.calls_taken = _int(m.get("CallsTaken"), self.calls_taken)
        self.last_call = _int(m.get("LastCall"), self.last_call)
        self.penalty = _int(m.get("Penalty"), self.penalty)
        self.membership = m.get("Membership", self.membership)


@dataclass
class Caller:
    channel: str
    caller_id: str
    joined_at: float


@dataclass
class QueueState:
    name: str
    params: Message = field(default_factory=dict)  # QueueParams: counters, service level
    members: dict[str, MemberState] = field(default_factory=dict)  # by interface
    callers: dict[str, Caller] = field(default_factory=dict)  # by Uniqueid


@dataclass
class ContactState:
    uri: str
    status: str  # Reachable, Unreachable, NonQualified, Unknown, Created
    rtt_us: int | None = None


@dataclass
class EndpointState:
    name: str
    device_state: str = "Unavailable"
    contacts: dict[str, ContactState] = field(default_factory=dict)
    listed_contacts: bool = False  # EndpointList named contacts (registered or static)


@dataclass
class ChannelState:
    channel: str
    uniqueid: str
    fields: Message
    created_at: float


@dataclass
class AmiState:
    queues: dict[str, QueueState] = field(default_factory=dict)
    endpoints: dict[str, EndpointState] = field(default_factory=dict)
    registrations: dict[str, str] = field(default_factory=dict)  # object name -> Status
    channels: dict[str, ChannelState] = field(default_factory=dict)  # by Uniqueid
    # Set by events whose effect we re-read instead of re-computing (counters, registrations).
    stale: set[str] = field(default_factory=set)

    # --- full state from list actions -------------------------------------------------
    def load_queue_status(self, events: list[Message], now: float,
                          only: str | None = None) -> None:
        fresh: dict[str, QueueState] = {}
        for m in events:
            kind, name = m.get("Event"), m.get("Queue", "")
            if kind == "QueueParams":
                fresh[name] = QueueState(name, params=dict(m))
            elif kind == "QueueMember" and name in fresh:
                member = MemberState(m.get("Location") or m.get("Interface", ""), "")
                member.update(m)
                fresh[name].members[member.interface] = member
            elif kind == "QueueEntry" and name in fresh:
                fresh[name].callers[m.get("Uniqueid", m.get("Channel", ""))] = Caller(
                    m.get("Channel", ""), m.get("CallerIDNum", ""),
                    now - _int(m.get("Wait"))
                )
        if only is None:
            self.queues = fresh
        else:
            self.queues.update(fresh)

    def load_endpoints(self, events: list[Message]) -> None:
        fresh: dict[str, EndpointState] = {}
        for m in events:
            if m.get("Event") == "EndpointList":
                name = m.get("ObjectName", "")
                old = self.endpoints.get(name)
                fresh[name] = EndpointState(name, m.get("DeviceState", "Unavailable"),
                                            old.contacts if old else {},
                                            bool(m.get("Contacts", "").strip(", ")))
        self.endpoints = fresh

    def load_contacts(self, events: list[Message]) -> None:
        for endpoint in self.endpoints.values():
            endpoint.contacts = {}
        for m in events:
            if m.get("Event") != "ContactList":
                continue
            self._store_contact(m, m.get("Endpoint", ""), m.get("Uri", ""))

    def load_contact_details(self, events: list[Message]) -> None:
        """ContactStatusDetail of PJSIPShowEndpoint: also the static contacts of a trunk's
        AOR, which PJSIPShowContacts leaves out."""
        for m in events:
            if m.get("Event") != "ContactStatusDetail":
                continue
            self._store_contact(m, m.get("EndpointName", ""), m.get("URI", ""))

    def _store_contact(self, m: Message, name: str, uri: str) -> None:
        """One contact of an endpoint; the two list events name the same fields differently."""
        endpoint = self.endpoints.setdefault(name, EndpointState(name))
        rtt = _int(m.get("RoundtripUsec"), -1)
        endpoint.contacts[uri] = ContactState(uri, m.get("Status", "Unknown"),
                                              rtt if rtt > 0 else None)

    def static_contact_endpoints(self) -> list[str]:
        """Endpoints whose AOR lists contacts PJSIPShowContacts did not report."""
        return [name for name, e in self.endpoints.items() if e.listed_contacts
                and not e.contacts]

    def load_registrations(self, events: list[Message]) -> None:
        self.registrations = {
            m.get("ObjectName", ""): m.get("Status", "Unregistered")
            for m in events if m.get("Event") == "OutboundRegistrationDetail"
        }

    def load_channels(self, events: list[Message], now: float) -> None:
        self.channels = {}
        for m in events:
            if m.get("Event") == "CoreShowChannel":
                seconds = sum(int(p) * 60 ** i for i, p in enumerate(
                    reversed(m.get("Duration", "0").split(":"))) if p.isdigit())
                self.channels[m.get("Uniqueid", m.get("Channel", ""))] = ChannelState(
                    m.get("Channel", ""), m.get("Uniqueid", ""), dict(m), now - seconds)

    # --- events -----------------------------------------------------------------------
    def apply(self, m: Message, now: float) -> None:
        handler = _HANDLERS.get(m.get("Event", ""))
        if handler is not None:
            handler(self, m, now)

    def _queue(self, m: Message) -> QueueState:
        name = m.get("Queue", "")
        return self.queues.setdefault(name, QueueState(name))

    def _member_event(self, m: Message, now: float) -> None:
        queue, interface = self._queue(m), m.get("Interface", "")
        member = queue.members.setdefault(interface, MemberState(interface, ""))
        member.update(m)

    def _member_removed(self, m: Message, now: float) -> None:
        self._queue(m).members.pop(m.get("Interface", ""), None)

    def _caller_join(self, m: Message, now: float) -> None:
        self._queue(m).callers[m.get("Uniqueid", m.get("Channel", ""))] = Caller(
            m.get("Channel", ""), m.get("CallerIDNum", ""), now)

    def _caller_leave(self, m: Message, now: float) -> None:
        self._queue(m).callers.pop(m.get("Uniqueid", m.get("Channel", "")), None)
        if m.get("Event") == "QueueCallerAbandon":
            self.stale.add("queues")

    def _agent_done(self, m: Message, now: float) -> None:
        self.stale.add("queues")  # Completed, TalkTime, ServicelevelPerf moved: re-read them

    def _new_channel(self, m: Message, now: float) -> None:
        uid = m.get("Uniqueid", m.get("Channel", ""))
        self.channels[uid] = ChannelState(m.get("Channel", ""), uid, dict(m), now)

    def _channel_changed(self, m: Message, now: float) -> None:
        known = self.channels.get(m.get("Uniqueid", ""))
        if known is not None:
            known.fields.update(m)

    def _hangup(self, m: Message, now: float) -> None:
        self.channels.pop(m.get("Uniqueid", m.get("Channel", "")), None)

    def _contact(self, m: Message, now: float) -> None:
        name = m.get("EndpointName", "")
        endpoint = self.endpoints.setdefault(name, EndpointState(name))
        uri, status = m.get("URI", m.get("Uri", "")), m.get("ContactStatus", "Unknown")
        if status == "Removed":
            endpoint.contacts.pop(uri, None)
            return
        rtt = _int(m.get("RoundtripUsec"), -1)
        endpoint.contacts[uri] = ContactState(uri, status, rtt if rtt > 0 else None)

    def _device_state(self, m: Message, now: float) -> None:
        device = m.get("Device", "")
        if device.startswith("PJSIP/") and device[6:] in self.endpoints:
            self.endpoints[device[6:]].device_state = _DEVICE_WORDS.get(
                m.get("State", ""), m.get("State", ""))

    def _registry(self, m: Message, now: float) -> None:
        self.stale.add("registrations")


# DeviceStateChange says NOT_INUSE where PJSIPShowEndpoints says "Not in use".
_DEVICE_WORDS = {
    "NOT_INUSE": "Not in use", "INUSE": "In use", "BUSY": "Busy", "INVALID": "Invalid",
    "UNAVAILABLE": "Unavailable", "RINGING": "Ringing", "RINGINUSE": "Ring+Inuse",
    "ONHOLD": "On Hold", "UNKNOWN": "Unknown",
}

_HANDLERS = {
    "QueueMemberStatus": AmiState._member_event,
    "QueueMemberPause": AmiState._member_event,
    "QueueMemberAdded": AmiState._member_event,
    "QueueMemberPenalty": AmiState._member_event,
    "QueueMemberRemoved": AmiState._member_removed,
    "QueueCallerJoin": AmiState._caller_join,
    "QueueCallerLeave": AmiState._caller_leave,
    "QueueCallerAbandon": AmiState._caller_leave,
    "AgentComplete": AmiState._agent_done,
    "AgentConnect": AmiState._agent_done,
    "Newchannel": AmiState._new_channel,
    "Newstate": AmiState._channel_changed,
    "NewConnectedLine": AmiState._channel_changed,
    "Newexten": AmiState._channel_changed,
    "Hangup": AmiState._hangup,
    "ContactStatus": AmiState._contact,
    "DeviceStateChange": AmiState._device_state,
    "Registry": AmiState._registry,
}
