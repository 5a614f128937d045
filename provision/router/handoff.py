"""What `tamas apply` hands the router role: the profile as applied, with its secrets.

The router module runs on the controller and reads a profile file and the secrets store
beside it. For the lab that profile is the overlaid one (router = the simulator) and the
router password the lab's, which exist only in memory; so both are written into the
apply's private work folder (0700, deleted after the run), never into Ansible variables
or the office's own secrets file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from appliance.profile.model import Profile
from appliance.secrets import Secrets, save_secrets, secrets_path_for


def write_profile(profile: Profile, secrets: Secrets, folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "profile.yaml"
    data = profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    path.write_text("# Written by tamas apply for this run only.\n" + yaml.safe_dump(data))
    save_secrets(secrets_path_for(path), secrets)  # 0600 from the first byte
    return path


def router_vars(profile: Profile, secrets: Secrets, folder: Path) -> dict[str, Any]:
    """Extra variables of the router role; the role is skipped without a router section."""
    if profile.router is None:
        return {"tamas_router_enabled": False}
    path = write_profile(profile, secrets, folder)
    return {"tamas_router_enabled": True, "tamas_profile": str(path)}
