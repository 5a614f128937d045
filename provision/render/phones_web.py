"""The provisioning web server's site (nginx): phones fetch their files from here.

The URL is the one DHCP option 66 hands out (Site.provisioning_url). Only names that
match a catalogue file-name pattern with a MAC in it are served: a phone's file holds its
SIP password, so nothing may be listed or guessed by another name.
"""

from __future__ import annotations

import re

from appliance.catalogue import Catalogue
from provision.render.environment import header, render
from provision.render.site import Site

TEMPLATE = "phones/nginx-provisioning.conf.j2"
SITE_FILE = "web/tamas-provisioning.conf"
# Where the role puts the files on the appliance; nginx serves /provisioning/ from here.
WEB_ROOT = "/srv/tamas"
ACCESS_LOG = "/var/log/nginx/tamas-provisioning.log"
MAC = "[0-9a-f]{12}"  # catalogue file names hold the MAC as 12 lower-case hex digits


def name_pattern(file_names: set[str]) -> str:
    """One regex alternative per catalogue file-name pattern, {mac} as 12 hex digits."""
    parts = sorted(re.escape(name).replace(re.escape("{mac}"), MAC) for name in file_names)
    return "(?:" + "|".join(parts) + ")"


def site_context(site: Site, cat: Catalogue) -> dict[str, str | int]:
    listen = site.http_bind if site.http_bind != "0.0.0.0" else ""  # noqa: S104 - all = port only
    return {
        "listen": f"{listen}:{site.http_port}" if listen else str(site.http_port),
        "root": WEB_ROOT,
        "access_log": ACCESS_LOG,
        "names": name_pattern({model.file_name for model in cat.phones.values()}),
        "url": site.provisioning_url,
    }


def generate_site(site: Site, cat: Catalogue, office: str) -> dict[str, str]:
    context = site_context(site, cat)
    context["header"] = header(TEMPLATE, f"the profile of {office}", "#")
    return {SITE_FILE: render(TEMPLATE, context)}
