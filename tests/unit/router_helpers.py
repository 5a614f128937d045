"""Shared by the router unit tests: the example shop profile pointed at a simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from appliance.profile.load import parse_profile
from appliance.profile.model import Profile

SHOP = Path(__file__).resolve().parents[2] / "hardware_profiles" / "examples" / "shop.yaml"


def shop(**router: Any) -> Profile:
    data = yaml.safe_load(SHOP.read_text(encoding="utf-8"))
    data["router"].update(router)
    return parse_profile(yaml.safe_dump(data))


def shop_data() -> dict[str, Any]:
    return yaml.safe_load(SHOP.read_text(encoding="utf-8"))
