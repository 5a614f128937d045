"""The secrets store: SIP, AMI, router and provider passwords, kept out of the profile.

It lives beside the profile as `<profile>.secrets.yaml`, mode 0600. Passwords the tool
can choose (phones, AMI) are generated strong on first use and reused after, so that
rendering twice gives the same files. Passwords someone else chose (the provider's
trunk password, the router's admin password) are set with `tamas secrets set`.
Nothing here ever prints a secret; `redact()` hides them in text that leaves the box.
"""

from __future__ import annotations

import secrets as random
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from appliance.errors import SecretsError
from appliance.files import write_atomic
from appliance.profile.model import Profile

# 24 characters of a 62-symbol alphabet: about 143 bits; no symbols, so the value is
# safe in every config syntax we write (pjsip.conf, manager.conf, RouterOS scripts).
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
_LENGTH = 24


def generate_password() -> str:
    return "".join(random.choice(_ALPHABET) for _ in range(_LENGTH))


def secrets_path_for(profile_path: Path) -> Path:
    return profile_path.with_name(profile_path.stem + ".secrets.yaml")


@dataclass
class Secrets:
    """Every secret of one office. Keys of the maps are extensions and line names."""

    ami: str = ""
    phones: dict[str, str] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)
    router: str = ""

    def phone(self, extension: int) -> str:
        return self.phones[str(extension)]

    def line(self, name: str) -> str:
        return self.lines[name]

    def all_values(self) -> list[str]:
        values = [self.ami, self.router, *self.phones.values(), *self.lines.values()]
        return [v for v in values if v]

    def redact(self, text: str) -> str:
        for value in sorted(self.all_values(), key=len, reverse=True):
            text = text.replace(value, "********")
        return text

    def ensure(self, profile: Profile) -> bool:
        """Generate what is missing for this profile; True when anything was added."""
        added = False
        if not self.ami:
            self.ami, added = generate_password(), True
        for phone in profile.phones:
            if str(phone.extension) not in self.phones:
                self.phones[str(phone.extension)], added = generate_password(), True
        for line in profile.lines:
            if line.name not in self.lines:
                # A provider's password is theirs to give (`tamas secrets set`); until then a
                # strong placeholder keeps the config valid and never registers by accident.
                self.lines[line.name], added = generate_password(), True
        return added


def load_secrets(path: Path) -> Secrets:
    if not path.exists():
        return Secrets()
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SecretsError(
            f"{path} is readable by others (mode {mode:o}); run: chmod 600 {path}"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        kind = type(exc).__name__  # never the text: it may quote a secret
        raise SecretsError(f"{path} cannot be read as a secrets file: {kind}") from None
    if not isinstance(data, dict):
        raise SecretsError(f"{path} must hold a mapping")
    return Secrets(
        ami=str(data.get("ami") or ""),
        phones={str(k): str(v) for k, v in (data.get("phones") or {}).items()},
        lines={str(k): str(v) for k, v in (data.get("lines") or {}).items()},
        router=str(data.get("router") or ""),
    )


def save_secrets(path: Path, store: Secrets) -> None:
    """Write atomically with mode 0600 from the first byte."""
    data = {"ami": store.ami, "router": store.router, "phones": store.phones, "lines": store.lines}
    text = "# Tamas secrets: generated, mode 0600. Never commit or share this file.\n"
    text += yaml.safe_dump(data, sort_keys=True)
    write_atomic(path, text, mode=0o600)


def secrets_for(profile: Profile, profile_path: Path) -> Secrets:
    """The profile's secrets, generating and saving what is missing."""
    path = secrets_path_for(profile_path)
    store = load_secrets(path)
    if store.ensure(profile):
        save_secrets(path, store)
    return store
