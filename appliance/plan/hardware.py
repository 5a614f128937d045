"""What the PBX box needs: CPU, RAM and disk, by a stated rule of thumb.

The figures are conservative rules for a current x86-64 core (2 GHz class), not
measurements of this tool; bench/ and the lab are where real figures come from.
Asterisk relays every RTP packet itself (no direct media, so recording and the queue
work), which makes concurrent calls the driver of CPU load:

- relaying G.711/G.722 between trunk and phone: about 150 calls per core;
- recording them too (MixMonitor mixes both sides and writes a file): about 75;
- transcoding (the phones' codec is not on the trunk, e.g. G.729 or Opus): about 30.
One more core for Debian, the database and the tools. RAM: 1 GB for the system plus
8 MB per call (channels, jitter buffers, recording buffers). Disk: 16 GB for the system
and logs plus the recordings kept for the retention period.
"""

from __future__ import annotations

import math

from appliance.plan.model import ApplianceNeeds, Finding
from appliance.plan.roster import minute_of_day
from appliance.profile.model import Profile, parse_days

CALLS_PER_CORE = {"relay": 150, "record": 75, "transcode": 30}
SYSTEM_CORES = 1
RAM_BASE_MB = 1024
RAM_PER_CALL_MB = 8
DISK_BASE_GB = 16
# Bytes per second of a mixed (both sides in one file) recording.
RECORDING_BYTES_PER_S = {"wav": 16000, "wav49": 1625, "gsm": 1650}
# An average open hour carries this share of the peak hour's calls.
AVERAGE_TO_PEAK = 0.6
# Without traffic figures: lines are assumed busy this share of the open hours.
LINE_USE_WITHOUT_TRAFFIC = 0.5
# Which line codecs carry the plan's codec without transcoding.
_FIELDS = {"appliance.cpu": "appliance.cpu_cores", "appliance.ram": "appliance.ram_mb",
           "appliance.disk": "appliance.disk_gb"}
LINE_CODECS = {"g711": {"alaw", "ulaw"}, "g722": {"g722"}, "g729": {"g729"}, "opus": {"opus"}}


def weekly_open_hours(profile: Profile) -> float:
    hours = profile.office.business_hours
    if not hours:
        return 24.0 * 7  # no hours given: always open
    minutes = sum(
        (minute_of_day(span.close) - minute_of_day(span.open)) * len(parse_days(span.days))
        for span in hours
    )
    return minutes / 60


def needs_transcoding(profile: Profile, codec: str) -> bool:
    wanted = LINE_CODECS[codec]
    return any(not wanted.intersection(line.codecs) for line in profile.lines)


def appliance_needs(profile: Profile, codec: str, peak: int) -> ApplianceNeeds:
    transcoding = needs_transcoding(profile, codec)
    recording = profile.recording.enabled
    mode = "transcode" if transcoding else "record" if recording else "relay"
    cores = SYSTEM_CORES + max(1, math.ceil(peak / CALLS_PER_CORE[mode]))
    ram = RAM_BASE_MB + RAM_PER_CALL_MB * peak
    ram = math.ceil(ram / 256) * 256

    daily_hours = weekly_open_hours(profile) / 7
    traffic = profile.traffic
    if traffic is not None:
        calls_per_day = traffic.peak_calls_per_hour * AVERAGE_TO_PEAK * daily_hours
        talk_s_per_day = calls_per_day * traffic.average_handle_time_s
    else:
        talk_s_per_day = profile.concurrent_calls * LINE_USE_WITHOUT_TRAFFIC * daily_hours * 3600
        calls_per_day = talk_s_per_day / 180  # a typical 3-minute call, for the count only
    recordings_gb = 0.0
    if recording:
        per_s = RECORDING_BYTES_PER_S[profile.recording.format]
        recordings_gb = talk_s_per_day * per_s * profile.recording.retention_days / 1e9
    have = profile.appliance
    return ApplianceNeeds(
        concurrent_calls=peak,
        transcoding=transcoding,
        recording=recording,
        recording_format=profile.recording.format,
        cpu_cores=cores,
        ram_mb=ram,
        disk_gb=round(DISK_BASE_GB + recordings_gb, 1),
        recordings_gb=round(recordings_gb, 1),
        calls_per_day=round(calls_per_day),
        have_cpu_cores=have.cpu_cores,
        have_ram_mb=have.ram_mb,
        have_disk_gb=have.disk_gb,
    )


def appliance_findings(needs: ApplianceNeeds, retention_days: int) -> list[Finding]:
    found: list[Finding] = []
    unknown = []
    checks = (
        ("appliance.cpu", "CPU cores", needs.have_cpu_cores, needs.cpu_cores, "cores"),
        ("appliance.ram", "RAM", needs.have_ram_mb, needs.ram_mb, "MB"),
        ("appliance.disk", "disk", needs.have_disk_gb, needs.disk_gb, "GB"),
    )
    why = {
        "appliance.cpu": f"{needs.concurrent_calls} calls"
        + (", transcoded" if needs.transcoding else "")
        + (", recorded" if needs.recording else ""),
        "appliance.ram": f"{needs.concurrent_calls} calls",
        "appliance.disk": f"system + {needs.recordings_gb:g} GB of recordings kept"
        f" {retention_days} days" if needs.recording else "system and logs, no recordings",
    }
    for code, what, have, need, unit in checks:
        if have is None:
            unknown.append(_FIELDS[code])
            continue
        said = f"{what}: {have} {unit}, {need:g} {unit} needed ({why[code]})"
        if have < need:
            fix = f"give the appliance at least {need:g} {unit}"
            if code == "appliance.disk" and needs.recording_format == "wav":
                fix += ", or record as wav49 (GSM, a tenth of the size)"
            found.append(Finding(severity="error", code=code, message=said, recommendation=fix))
        else:
            found.append(Finding(severity="ok", code=code, message=said))
    if unknown:
        found.append(Finding(
            severity="warn", code="appliance.unknown",
            message=f"the profile does not give {', '.join(unknown)}; the appliance needs"
            f" {needs.cpu_cores} cores, {needs.ram_mb} MB RAM and {needs.disk_gb:g} GB disk",
            recommendation="set them from the box's datasheet so the plan can check it",
        ))
    return found
