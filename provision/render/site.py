"""Where the rendered configs will run: the addresses each service binds to.

A real appliance listens for SIP on every interface and keeps AMI on 127.0.0.1.
An appliance whose address is itself a loopback address (the lab) binds every
listener, RTP included, to that one address, so several labs and SIPp peers can
share one machine without ever leaving 127.0.0.0/8.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from appliance.profile.model import Profile


@dataclass(frozen=True)
class Site:
    address: str  # how phones and trunks reach the appliance
    sip_bind: str
    media_address: str | None  # RTP bound here when set (the lab)
    ami_bind: str
    ami_port: int
    http_bind: str
    http_port: int
    rtp_start: int = 10000
    rtp_end: int = 20000

    @property
    def provisioning_url(self) -> str:
        port = "" if self.http_port == 80 else f":{self.http_port}"
        return f"http://{self.address}{port}/provisioning/"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def site_for(profile: Profile) -> Site:
    host = profile.appliance.host
    if _is_loopback(host):
        return Site(
            address=host, sip_bind=host, media_address=host, ami_bind=host, ami_port=5038,
            http_bind=host, http_port=80,
        )
    return Site(
        address=host, sip_bind="0.0.0.0", media_address=None,  # noqa: S104 - a PBX serves its LAN
        ami_bind="127.0.0.1", ami_port=5038, http_bind="0.0.0.0", http_port=80,  # noqa: S104
    )
