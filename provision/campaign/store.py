"""Where a campaign keeps its state: `<profile folder>/campaigns/<name>/` holding
state.json (results per number), dialer.pid and dialer.log. No secret is written here."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from appliance.errors import InputError, TamasError
from provision.campaign.model import State


def campaign_dir(profile_path: Path, name: str) -> Path:
    return profile_path.resolve().parent / "campaigns" / name


def save_state(folder: Path, state: State) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".state-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(state.model_dump_json(indent=2))
    os.replace(tmp, folder / "state.json")


def load_state(folder: Path) -> State:
    path = folder / "state.json"
    if not path.exists():
        raise InputError(f"no campaign in {folder}: start one with `tamas campaign start`")
    try:
        return State.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise TamasError(f"{path} cannot be read: {type(exc).__name__}") from None


def read_pid(folder: Path) -> int | None:
    try:
        return int((folder / "dialer.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def dialer_alive(folder: Path) -> int | None:
    """The dialer's PID when the process in the PID file is still our dialer."""
    pid = read_pid(folder)
    if pid is None:
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    ours = b"provision.campaign.dialer" in cmdline and str(folder).encode() in cmdline
    return pid if ours else None
