"""The hardware profile of one office: what an installer knows on site.

The top-level names follow `shared/profile-sketch.yaml` so that profiles written
today keep loading. Every field rejects what Asterisk or RouterOS could not use,
with a message that says what would be right. Checks that span several fields
(duplicate extensions, queue members that are no phone...) live in `checks.py`.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from appliance.calendar import Calendar, default_calendar
from appliance.profile.fields import (
    LANGUAGES,
    WEEKDAYS,
    Extension,
    Host,
    Mac,
    Name,
    PhoneNumber,
    Port,
    parse_clock,
    parse_days,
)

__all__ = ["LANGUAGES", "WEEKDAYS", "parse_clock", "parse_days"]  # re-exported for callers

class Strict(BaseModel):
    """Base for every profile section: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Hours(Strict):
    """Opening hours on some weekdays."""

    days: str = Field(description="weekdays, e.g. 'sat-wed', 'thu' or 'mon,wed,fri'")
    open: str = Field(description="opening time, HH:MM")
    close: str = Field(description="closing time, HH:MM; after 'open'")

    @field_validator("days")
    @classmethod
    def _days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("open", "close")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @model_validator(mode="after")
    def _order(self) -> Hours:
        if parse_clock(self.close) <= parse_clock(self.open):
            raise ValueError(
                f"closes at {self.close}, not after it opens at {self.open}:"
                " 'close' must be later than 'open' on the same day"
            )
        return self

    @property
    def weekdays(self) -> tuple[str, ...]:
        return parse_days(self.days)


class Office(Strict):
    name: str = Field(min_length=1, max_length=80, description="the business's name")
    timezone: str = Field(default="UTC", description="IANA time zone, e.g. Asia/Tehran")
    language: Literal[LANGUAGES] = Field(  # type: ignore[valid-type]
        default="en", description="language of the stock prompts"
    )
    business_hours: list[Hours] = Field(
        default_factory=list, description="when calls reach agents; empty means always open"
    )
    holidays: list[date] = Field(default_factory=list, description="days closed all day")
    calendar: Calendar = Field(
        default="gregorian",
        description="dates shown in reports and screens; default: jalali for Asia/Tehran",
    )
    holidays_from: Literal["IR"] | None = Field(
        default=None,
        description="country whose official holidays close the office too (IR: Iran's)",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_calendar(cls, data: object) -> object:
        # The default depends on the zone, so it is filled in before the fields are read.
        if isinstance(data, dict) and "calendar" not in data:
            zone = data.get("timezone", "UTC")
            zone = zone.strip() if isinstance(zone, str) else ""
            return {**data, "calendar": default_calendar(zone)}
        return data

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                "is not a known time zone; use an IANA name such as Asia/Tehran or Europe/Berlin"
            ) from None
        return value


class ApplianceHost(Strict):
    """The Debian box that runs the PBX."""

    host: Host = Field(description="address the phones and the installer reach it at")
    ssh_user: str = Field(default="root", min_length=1)
    ssh_port: Port = 22
    cpu_cores: int | None = Field(default=None, ge=1, le=256)
    ram_mb: int | None = Field(default=None, ge=256)
    disk_gb: int | None = Field(default=None, ge=1)
    external_address: Host | None = Field(
        default=None, description="public address the trunk sees, when behind NAT"
    )
    ntp_servers: list[Host] = Field(
        default_factory=list,
        description="time servers for chrony, e.g. the office router; empty: Debian's pool",
    )


class Wan(Strict):
    interface: str = Field(default="ether1", min_length=1)
    down_mbps: float = Field(default=20, gt=0)
    up_mbps: float = Field(default=5, gt=0)


class Router(Strict):
    vendor: Literal["mikrotik"] = "mikrotik"
    model: str = Field(description="a model from the catalogue, e.g. 'hAP lite'")
    host: Host
    api_port: Port = 8728
    api_ssl: bool | None = Field(default=None, description="default: true on port 8729")
    ca_cert: str | None = Field(default=None, description="CA file to check api-ssl against")
    username: str = Field(default="admin", min_length=1)
    lan: ipaddress.IPv4Network = Field(description="the office LAN, e.g. 192.168.88.0/24")
    voice_vlan: int | None = Field(default=None, ge=2, le=4094)
    wan: Wan = Field(default_factory=Wan)

    @field_validator("lan", mode="before")
    @classmethod
    def _lan(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return ipaddress.IPv4Network(value, strict=True)
            except ValueError:
                raise ValueError(
                    "must be an IPv4 network with its prefix and no host bits, e.g. 192.168.88.0/24"
                ) from None
        return value

    @property
    def uses_ssl(self) -> bool:
        return self.api_ssl if self.api_ssl is not None else self.api_port == 8729


class LineKind(StrEnum):
    sip_trunk = "sip_trunk"
    fxo_gateway = "fxo_gateway"
    e1_gateway = "e1_gateway"


class Line(Strict):
    """A city line: a SIP trunk, or an analog/E1 gateway that speaks SIP to us."""

    name: Name
    kind: LineKind = LineKind.sip_trunk
    host: Host
    port: Port = 5060
    username: str | None = Field(default=None, min_length=1)
    # `register` is the profile's key; the attribute is renamed because BaseModel owns that name.
    registration: bool | None = Field(
        default=None,
        alias="register",
        description="register to the provider; default: yes when a username is set",
    )
    channels: int = Field(ge=1, le=1000, description="concurrent calls the line allows")
    numbers: list[PhoneNumber] = Field(default_factory=list)
    codecs: list[Literal["alaw", "ulaw", "g722", "g729", "opus"]] = Field(
        default_factory=lambda: ["alaw", "ulaw"]
    )
    gateway_model: str | None = Field(default=None, description="catalogue model of a gateway")

    @property
    def registers(self) -> bool:
        return self.registration if self.registration is not None else self.username is not None


class ClassOfService(StrEnum):
    """What an extension may dial out to; international and premium need asking for."""

    internal = "internal"
    local = "local"
    national = "national"
    international = "international"


class Phone(Strict):
    extension: Extension
    name: str = Field(min_length=1, max_length=40)
    mac: Mac | None = None
    vendor: str | None = None
    model: str | None = None
    softphone: bool = False
    supervisor: bool = Field(default=False, description="may listen, whisper and barge")
    cos: ClassOfService = ClassOfService.national
    voicemail: bool = True
    email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+$",
        description="voicemail is e-mailed here when the profile has a mail relay",
    )

    @model_validator(mode="after")
    def _hardware(self) -> Phone:
        if not self.softphone and (self.mac is None or self.vendor is None or self.model is None):
            raise ValueError(
                "a desk phone needs mac, vendor and model (from the catalogue);"
                " set softphone: true for a softphone"
            )
        return self


class Strategy(StrEnum):
    ringall = "ringall"
    leastrecent = "leastrecent"
    fewestcalls = "fewestcalls"
    random = "random"
    rrmemory = "rrmemory"
    rrordered = "rrordered"
    linear = "linear"
    wrandom = "wrandom"


class Member(Strict):
    extension: Extension
    penalty: int = Field(default=0, ge=0, le=100, description="higher rings later (skills)")


class Overflow(Strict):
    """Where a caller goes after max_wait_s: another queue or a voicemail box."""

    queue: Name | None = None
    voicemail: Extension | None = None

    @model_validator(mode="after")
    def _one(self) -> Overflow:
        if (self.queue is None) == (self.voicemail is None):
            raise ValueError("give exactly one of 'queue' or 'voicemail'")
        return self


class Queue(Strict):
    name: Name
    strategy: Strategy = Strategy.rrmemory
    members: list[Member] = Field(
        default_factory=list, description="extensions, or {extension, penalty} for skills"
    )
    wrapup_s: int = Field(default=10, ge=0, le=600)
    ring_timeout_s: int = Field(default=15, ge=5, le=120)
    max_wait_s: int = Field(default=300, ge=10, le=7200)
    overflow: Overflow | None = None
    weight: int = Field(default=0, ge=0, le=100, description="priority against other queues")
    announce_position: bool = True
    announce_holdtime: bool = True
    callback: bool = False
    survey: bool = False
    music: str = Field(default="default", min_length=1)

    @field_validator("members", mode="before")
    @classmethod
    def _plain_extensions(cls, value: object) -> object:
        # `members: [101, 102]` is the common case; a mapping adds a penalty.
        if isinstance(value, list):
            return [{"extension": m} if isinstance(m, int | str) else m for m in value]
        return value

    @property
    def member_list(self) -> list[Member]:
        return list(self.members)


class IvrTarget(Strict):
    queue: Name | None = None
    extension: Extension | None = None
    voicemail: Extension | None = None

    @model_validator(mode="after")
    def _one(self) -> IvrTarget:
        if sum(x is not None for x in (self.queue, self.extension, self.voicemail)) != 1:
            raise ValueError("give exactly one of 'queue', 'extension' or 'voicemail'")
        return self


class Ivr(Strict):
    greeting: str = Field(default="", max_length=300, description="what the greeting says")
    options: dict[str, IvrTarget] = Field(default_factory=dict)
    default: IvrTarget | None = Field(
        default=None, description="after a timeout or a wrong key; default: the first queue"
    )
    timeout_s: int = Field(default=5, ge=1, le=30)

    @field_validator("options")
    @classmethod
    def _keys(cls, value: dict[str, IvrTarget]) -> dict[str, IvrTarget]:
        for key in value:
            if not re.fullmatch(r"[0-9*#]", key):
                raise ValueError(f"key {key!r} must be one keypad key: 0-9, * or #")
        return value


class Recording(Strict):
    enabled: bool = False
    retention_days: int = Field(default=90, ge=1, le=3650)
    format: Literal["wav", "wav49", "gsm"] = "wav"


class ServiceLevel(Strict):
    percent: float = Field(default=80, gt=0, lt=100)
    within_s: int = Field(default=20, ge=1, le=600)


class Traffic(Strict):
    peak_calls_per_hour: float = Field(gt=0, le=100000)
    average_handle_time_s: float = Field(gt=0, le=7200)
    service_level: ServiceLevel = Field(default_factory=ServiceLevel)
    average_patience_s: float = Field(default=120, gt=0, le=3600)
    blocking_target: float = Field(default=0.01, gt=0, lt=0.5)
    ivr_time_s: float = Field(
        default=15, ge=0, le=600, description="time a caller spends in the IVR"
    )
    codec: Literal["g711", "g722", "g729", "opus"] = "g711"


class Shift(Strict):
    days: str
    start: str
    end: str

    @field_validator("days")
    @classmethod
    def _days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value


class Agent(Strict):
    """A person on the roster: for schedule adherence, absenteeism and turnover."""

    extension: Extension
    name: str = Field(min_length=1, max_length=40)
    started: date | None = None
    left: date | None = None
    shifts: list[Shift] = Field(default_factory=list)


class Mail(Strict):
    relay: Host
    port: Port = 25
    sender: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class Profile(Strict):
    """One office, complete."""

    office: Office
    appliance: ApplianceHost
    router: Router | None = None
    lines: list[Line] = Field(min_length=1, description="at least one city line or trunk")
    concurrent_calls: int = Field(ge=1, le=10000)
    phones: list[Phone] = Field(min_length=1)
    queues: list[Queue] = Field(default_factory=list)
    ivr: Ivr | None = None
    recording: Recording = Field(default_factory=Recording)
    traffic: Traffic | None = None
    agents: list[Agent] = Field(default_factory=list, description="roster, optional")
    mail: Mail | None = Field(default=None, description="relay for voicemail-to-email")
    crm_webhook: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="POSTed on every answered queue call"
    )

    def phone(self, extension: int) -> Phone | None:
        return next((p for p in self.phones if p.extension == extension), None)

    def queue(self, name: str) -> Queue | None:
        return next((q for q in self.queues if q.name == name), None)
