"""The secrets store: strong, stable, private, never shown."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from appliance.errors import SecretsError
from appliance.profile import load_profile
from appliance.secrets import generate_password, load_secrets, secrets_for, secrets_path_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def profile_path(tmp_path: Path) -> Path:
    target = tmp_path / "office.yaml"
    shutil.copy(ROOT / "hardware_profiles/examples/shop.yaml", target)
    return target


def test_first_use_generates_every_secret_with_mode_0600(profile_path: Path) -> None:
    profile = load_profile(profile_path)
    store = secrets_for(profile, profile_path)
    path = secrets_path_for(profile_path)
    assert path.name == "office.secrets.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(store.phones) == {str(p.extension) for p in profile.phones}
    assert set(store.lines) == {line.name for line in profile.lines}
    assert len(store.ami) == 24


def test_later_uses_reuse_the_same_secrets(profile_path: Path) -> None:
    profile = load_profile(profile_path)
    first = secrets_for(profile, profile_path)
    second = secrets_for(profile, profile_path)
    assert first == second


def test_a_secrets_file_readable_by_others_is_refused(profile_path: Path) -> None:
    secrets_for(load_profile(profile_path), profile_path)
    path = secrets_path_for(profile_path)
    path.chmod(0o644)
    with pytest.raises(SecretsError, match="chmod 600"):
        load_secrets(path)


def test_passwords_are_strong_and_distinct() -> None:
    values = {generate_password() for _ in range(200)}
    assert len(values) == 200
    assert all(len(v) == 24 and v.isalnum() for v in values)


def test_redact_hides_every_secret(profile_path: Path) -> None:
    store = secrets_for(load_profile(profile_path), profile_path)
    text = f"secret={store.phone(101)}\npassword = {store.ami}\n"
    redacted = store.redact(text)
    assert store.phone(101) not in redacted and store.ami not in redacted
    assert redacted.count("********") == 2
