"""The lab's pure parts: loopback blocks per name, addresses, mirror discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.errors import InputError
from provision.lab.addresses import LabAddresses
from provision.lab.base_image import mirror_from_sources
from provision.lab.registry import (
    block_for,
    check_name,
    choose_block,
    listening_blocks,
    preferred_block,
)


def test_a_name_keeps_its_preferred_block_when_free() -> None:
    assert choose_block("render", {}) == preferred_block("render")


def test_a_clash_moves_to_the_next_free_block_and_never_to_zero() -> None:
    first = preferred_block("render")
    taken = {"other": first}
    chosen = choose_block("render", taken)
    assert chosen != first
    assert 1 <= chosen <= 254


def test_a_registered_name_keeps_its_block() -> None:
    assert choose_block("render", {"render": 77}) == 77


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "machine" / "lab-blocks.json"
    monkeypatch.setenv("TAMAS_LAB_REGISTRY", str(path))
    return path


def test_registry_persists_and_separates_names(tmp_path: Path, registry: Path) -> None:
    blocks = {name: block_for(name, tmp_path) for name in ("default", "render", "router")}
    assert len(set(blocks.values())) == 3
    assert block_for("render", tmp_path) == blocks["render"]


def test_two_checkouts_default_labs_get_different_blocks(tmp_path: Path, registry: Path) -> None:
    first = block_for("default", tmp_path / "clone-a" / ".lab")
    second = block_for("default", tmp_path / "clone-b" / ".lab")
    assert first != second
    assert block_for("default", tmp_path / "clone-a" / ".lab") == first


def test_a_deleted_lab_home_frees_its_block(tmp_path: Path, registry: Path) -> None:
    home = tmp_path / "gone" / ".lab"
    block = block_for("default", home)
    home.rmdir()
    assert block_for("default", tmp_path / "other" / ".lab") == block


def test_a_block_where_something_listens_is_passed_over() -> None:
    # 0100007F = 127.0.0.1; 02002A7F = 127.42.0.2 listening on port 0x08AE (2222).
    table = (
        "  sl  local_address rem_address   st\n"
        "   0: 0100007F:1F90 00000000:0000 0A\n"
        "   1: 02002A7F:08AE 00000000:0000 0A\n"
    )
    assert listening_blocks([table]) == {0, 42}
    name = next(n for n in (f"lab{i}" for i in range(999)) if preferred_block(n) == 42)
    assert choose_block(name, {}, busy={42}) == 43


@pytest.mark.parametrize("bad", ["", "Render", "1lab", "a b", "x" * 30, "../etc"])
def test_bad_lab_names_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="lab name"):
        check_name(bad)


def test_addresses_follow_the_documented_layout() -> None:
    lab = LabAddresses(42)
    assert lab.network == "127.42.0.0/24"
    assert lab.appliance == "127.42.0.2"
    assert lab.router == "127.42.0.4"
    assert lab.provider(0) == "127.42.0.20"
    assert lab.phone(3) == "127.42.0.103"
    with pytest.raises(ValueError):
        lab.phone(200)


def test_mirror_is_read_from_deb822_sources_skipping_security() -> None:
    text = (
        "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: x-security\n\n"
        "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n"
    )
    assert mirror_from_sources([text]) == "http://mirror.example/debian"


def test_mirror_is_read_from_one_line_sources() -> None:
    text = "deb [arch=amd64] http://mirror.example/debian bookworm main\n"
    assert mirror_from_sources([text]) == "http://mirror.example/debian"
    assert mirror_from_sources(["# nothing\n"]) is None


def test_stock_roots_are_customer_boxes_and_sid_is_the_fast_lab() -> None:
    from provision.lab.base_image import lab_root_spec

    sid, trixie = lab_root_spec("sid"), lab_root_spec("trixie")
    assert not sid.stock and "python3" in sid.packages
    # A minimal install: systemd as init, sshd, and no python3 (the apply bootstraps it).
    assert trixie.stock and "systemd-sysv" in trixie.packages
    assert "python3" not in trixie.packages
    assert lab_root_spec("bookworm").tarball_name == "bookworm-base.tar"
    with pytest.raises(InputError, match="sid, trixie, bookworm"):
        lab_root_spec("buster")


def test_stock_sources_name_the_release_its_updates_and_security(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from provision.lab import base_image

    monkeypatch.setattr(base_image, "host_mirror", lambda: "http://mirror.example/debian")
    monkeypatch.setattr(base_image, "security_mirror",
                        lambda: "http://mirror.example/debian-security")
    assert base_image.stock_sources("trixie").splitlines() == [
        "deb http://mirror.example/debian trixie main",
        "deb http://mirror.example/debian trixie-updates main",
        "deb http://mirror.example/debian-security trixie-security main",
    ]


def test_the_security_archive_is_read_from_sources_not_from_comments() -> None:
    from provision.lab.base_image import security_from_sources

    deb822 = (
        "Types: deb\n# http://snapshot.example/archive/debian-security/20250520T000000Z\n"
        "URIs: http://mirror.example/debian-security\nSuites: bookworm-security\n"
    )
    assert security_from_sources([deb822]) == "http://mirror.example/debian-security"
    one_line = (
        "# deb http://old.example/debian-security x main\n"
        "deb [arch=amd64] http://m.example/debian-security/ bookworm-security main\n"
    )
    assert security_from_sources([one_line]) == "http://m.example/debian-security"
    assert security_from_sources(["deb http://m.example/debian bookworm main\n"]) is None
