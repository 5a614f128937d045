"""Read the AMI login from a live manager.conf: the credentials Asterisk really uses.

On the appliance itself (and in the lab, whose root we can read) this is more reliable
than the profile's secrets file, which may sit on another machine. Pure: text in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ManagerLogin:
    username: str
    secret: str
    bind: str = "127.0.0.1"
    port: int = 5038

    def __repr__(self) -> str:  # never show the secret, even in a traceback
        return f"ManagerLogin(username={self.username!r}, bind={self.bind!r}, port={self.port})"


def parse_manager_conf(text: str, prefer: str | None = None) -> ManagerLogin | None:
    """The `prefer` user's login (else the first user with a secret), with [general]'s
    bindaddr and port; None when AMI is disabled or no user has a secret."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip()
        if line.startswith("[") and "]" in line:
            name = line[1:line.index("]")].strip()
            current = sections.setdefault(name, {})
        elif current is not None and "=" in line:
            key, _, value = line.partition("=")
            current[key.strip().lower()] = value.strip().lstrip(">").strip()
    general = sections.pop("general", {})
    if general.get("enabled", "no").lower() not in ("yes", "true", "1", "on"):
        return None
    users = [(n, s) for n, s in sections.items() if s.get("secret")]
    if not users:
        return None
    name, user = next(((n, s) for n, s in users if n == prefer), users[0])
    bind = general.get("bindaddr", "0.0.0.0")  # noqa: S104 - Asterisk's own default
    return ManagerLogin(
        username=name, secret=user["secret"],
        bind="127.0.0.1" if bind in ("0.0.0.0", "::", "") else bind,  # noqa: S104
        port=int(general.get("port", "5038") or 5038),
    )
