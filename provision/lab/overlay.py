"""Rewrite a profile for the lab: every host becomes an address in the lab's loopback block.

Pure: the profile file is never touched. The appliance moves to .2 (sshd on 2222), the
router to the simulator on .4 (API 8728, no TLS), and line i to its SIPp provider .20+i,
so every example profile can be applied to the lab unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from appliance.profile.model import Profile
from appliance.secrets import Secrets
from provision.lab.addresses import ROUTER_API_PORT, SSH_PORT, LabAddresses


def overlay_profile(profile: Profile, lab: LabAddresses) -> Profile:
    data = profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["appliance"].update(host=lab.appliance, ssh_port=SSH_PORT, ssh_user="root")
    data["appliance"].pop("external_address", None)
    if "router" in data:
        data["router"].update(host=lab.router, api_port=ROUTER_API_PORT, api_ssl=False)
        data["router"].pop("ca_cert", None)
    for index, line in enumerate(data["lines"]):
        line.update(host=lab.provider(index), port=5060)
    return Profile.model_validate(data)


def overlay_secrets(secrets: Secrets, router_password: str) -> Secrets:
    """The lab's simulator password in place of the real router's, in memory only."""
    return replace(
        secrets, phones=dict(secrets.phones), lines=dict(secrets.lines), router=router_password
    )
