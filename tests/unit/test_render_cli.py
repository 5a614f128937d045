"""`tamas render`: writes the tree, keeps secrets out of the output, bad input exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appliance.assets import hardware_dir
from appliance.secrets import load_secrets, secrets_path_for
from provision.cli.main import main


def _copy_shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copy(hardware_dir() / "examples" / "shop.yaml", path)
    return path


def test_render_writes_every_file_and_prints_no_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = _copy_shop(tmp_path)
    assert main(["render", str(profile), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr()
    assert (tmp_path / "out" / "asterisk" / "extensions.conf").is_file()
    count = sum(1 for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert f"{count} files written to" in printed.out
    secrets = load_secrets(secrets_path_for(profile))
    for value in secrets.all_values():
        assert value not in printed.out + printed.err
    assert secrets.phone(101) in (tmp_path / "out" / "asterisk" / "pjsip.conf").read_text()


def test_rendering_twice_reuses_the_secrets_and_gives_the_same_bytes(tmp_path: Path) -> None:
    profile = _copy_shop(tmp_path)
    for out in ("a", "b"):
        assert main(["render", str(profile), "--out", str(tmp_path / out)]) == 0
    first = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert first
    for relative in first:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()


def test_a_bad_profile_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = _copy_shop(tmp_path)
    profile.write_text(profile.read_text().replace("strategy: rrmemory", "strategy: fastest"))
    assert main(["render", str(profile), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "queues[0].strategy" in err or "strategy" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = _copy_shop(tmp_path)
    (tmp_path / "file").write_text("")
    assert main(["render", str(profile), "--out", str(tmp_path / "file")]) == 2
    assert "--out" in capsys.readouterr().err
