"""The device catalogue: routers, phones and gateways the tool knows, from YAML data."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from appliance.assets import hardware_dir
from appliance.errors import CatalogueError


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cpu(_Data):
    arch: str
    mhz: int
    cores: int


class Ethernet(_Data):
    ports: int
    mbps: int


class RouterModel(_Data):
    name: str
    code: str
    cpu: Cpu
    ram_mb: int
    ethernet: Ethernet
    routeros: list[int]
    voice_vlan: bool
    voice_calls: int
    successor: str | None


class PhoneModel(_Data):
    vendor: str
    name: str
    format: Literal["yealink", "grandstream", "fanvil", "cisco_spa"]
    file_name: str
    accounts: int
    line_keys: int
    hd_voice: bool
    poe: bool
    gigabit: bool

    def file_for(self, mac: str) -> str:
        return self.file_name.format(mac=mac.replace(":", "").lower())


class GatewayModel(_Data):
    name: str
    vendor: str
    kind: Literal["fxo_gateway", "e1_gateway"]
    channels: int


class Catalogue(_Data):
    routers: dict[str, RouterModel]
    phones: dict[tuple[str, str], PhoneModel]
    gateways: dict[str, GatewayModel]

    def router(self, model: str) -> RouterModel | None:
        wanted = model.casefold()
        return next(
            (r for r in self.routers.values() if wanted in (r.name.casefold(), r.code.casefold())),
            None,
        )

    def phone(self, vendor: str, model: str) -> PhoneModel | None:
        return self.phones.get((vendor.casefold(), model.casefold()))


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"catalogue file {path} is unreadable: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"catalogue file {path} must hold a mapping")
    return data


def load_catalogue(folder: Path) -> Catalogue:
    try:
        routers = {
            name: RouterModel(name=name, **facts)
            for name, facts in _read(folder / "routers.yaml").items()
        }
        phones = {
            (vendor.casefold(), model.casefold()): PhoneModel(vendor=vendor, name=model, **facts)
            for vendor, models in _read(folder / "phones.yaml").items()
            for model, facts in models.items()
        }
        gateways = {
            name: GatewayModel(name=name, **facts)
            for name, facts in _read(folder / "gateways.yaml").items()
        }
    except (ValidationError, TypeError) as exc:
        raise CatalogueError(f"catalogue in {folder} is malformed: {exc}") from exc
    return Catalogue(routers=routers, phones=phones, gateways=gateways)


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the tool."""
    return load_catalogue(hardware_dir() / "catalogue")
