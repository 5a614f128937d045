"""Voice bandwidth per codec and at the peak, against the WAN.

Every codec is sent in 20 ms packets (50 per second, each way). On top of the codec's
payload each packet carries RTP 12 + UDP 8 + IPv4 20 bytes; on an Ethernet link add the
header and FCS (18 bytes), and on the wire itself preamble and inter-frame gap (20).
"""

from __future__ import annotations

from appliance.plan.model import Bandwidth, CodecRate, Finding
from appliance.profile.model import LineKind, Profile

PACKETS_PER_S = 50  # 20 ms packetization
IP_UDP_RTP = 20 + 8 + 12
ETHERNET = 14 + 4  # header + FCS
WIRE = 8 + 12  # preamble + inter-frame gap
# Payload bitrates. Opus is variable; 32 kbit/s is a common wideband voice setting
# (the plan says so in its assumptions).
PAYLOAD_KBPS = {"g711": 64.0, "g722": 64.0, "g729": 8.0, "opus": 32.0}
# Above this share of a WAN direction, data bursts start to hurt voice even with QoS.
WAN_WARN_SHARE = 0.5


def codec_rate(codec: str) -> CodecRate:
    payload = PAYLOAD_KBPS[codec]
    payload_bytes = payload * 1000 / 8 / PACKETS_PER_S

    def kbps(extra: int) -> float:
        return round((payload_bytes + extra) * 8 * PACKETS_PER_S / 1000, 1)

    return CodecRate(
        codec=codec,
        payload_kbps=payload,
        ip_kbps=kbps(IP_UDP_RTP),
        wan_kbps=kbps(IP_UDP_RTP + ETHERNET),
        lan_kbps=kbps(IP_UDP_RTP + ETHERNET + WIRE),
    )


def plan_bandwidth(
    profile: Profile, codec: str, peak: int, router_voice_calls: int | None
) -> Bandwidth:
    rate = codec_rate(codec)
    # Calls on SIP trunks reach the provider over the WAN; gateway lines stay on the LAN.
    # The peak may exceed today's channels (the plan says to buy more): calls the
    # gateways cannot take then go to a trunk, if there is one.
    trunk = sum(line.channels for line in profile.lines if line.kind == LineKind.sip_trunk)
    gateways = sum(line.channels for line in profile.lines if line.kind != LineKind.sip_trunk)
    wan_calls = min(peak, max(trunk, peak - gateways)) if trunk else 0
    router = profile.router
    return Bandwidth(
        codec=codec,
        per_call=[codec_rate(name) for name in PAYLOAD_KBPS],
        peak_calls=peak,
        wan_calls=wan_calls,
        wan_kbps=round(wan_calls * rate.wan_kbps, 1),
        lan_kbps=round(peak * rate.lan_kbps, 1),
        wan_up_mbps=router.wan.up_mbps if router else None,
        wan_down_mbps=router.wan.down_mbps if router else None,
        router_model=router.model if router else None,
        router_voice_calls=router_voice_calls,
    )


def wan_findings(bw: Bandwidth) -> list[Finding]:
    if bw.wan_up_mbps is None or bw.wan_down_mbps is None:
        return []
    found = []
    g729 = codec_rate("g729").wan_kbps * bw.wan_calls
    for code, name, mbps in (
        ("bandwidth.wan_up", "upload", bw.wan_up_mbps),
        ("bandwidth.wan_down", "download", bw.wan_down_mbps),
    ):
        share = bw.wan_kbps / (mbps * 1000)
        said = (f"{bw.wan_calls} trunk calls of {bw.codec} take {bw.wan_kbps / 1000:.2f} Mbit/s,"
                f" {share * 100:.0f} % of the {mbps:g} Mbit/s {name}")
        need = bw.wan_kbps / 1000 / WAN_WARN_SHARE
        if share > 1:
            found.append(Finding(
                severity="error", code=code, message=said,
                recommendation=f"get at least {need:.1f} Mbit/s {name}, or use G.729"
                f" on the trunk ({g729 / 1000:.2f} Mbit/s)",
            ))
        elif share > WAN_WARN_SHARE:
            found.append(Finding(
                severity="warn", code=code, message=said + "; data bursts will cut into calls",
                recommendation=f"keep voice under half the link: {need:.1f} Mbit/s {name},"
                " or G.729 on the trunk; the router role adds voice QoS either way",
            ))
        else:
            found.append(Finding(severity="ok", code=code, message=said))
    return found
