"""Reaching a box: ssh's failures turned into the command that fixes them; host keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from appliance.errors import ApplyError, InputError
from provision.ssh import hostkeys
from provision.ssh.advice import Reach, advice
from provision.targets import SshOptions, Target

REACH = Reach("192.0.2.10", 2222, "installer", "/home/i/.ssh/box", "/home/i/.ssh/known_hosts")


@pytest.mark.parametrize(("stderr", "expected"), [
    ("No ED25519 host key is known for [192.0.2.10]:2222 and you have requested strict"
     " checking.\nHost key verification failed.",
     "ssh-keyscan -p 2222 192.0.2.10 | ssh-keygen -lf -"),
    ("@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed.",
     "ssh-keygen -f /home/i/.ssh/known_hosts -R '[192.0.2.10]:2222'"),
    ("installer@192.0.2.10: Permission denied (publickey).",
     "ssh-copy-id -i /home/i/.ssh/box.pub -p 2222 installer@192.0.2.10"),
    ("ssh: connect to host 192.0.2.10 port 2222: Connection refused",
     "apt-get install openssh-server"),
    ("ssh: connect to host 192.0.2.10 port 2222: Connection timed out",
     "192.0.2.10 did not answer on port 2222"),
    ("ssh: Could not resolve hostname pbx.office: Name or service not known",
     "not a name this machine can resolve"),
    ("sudo: a password is required", "--ask-become-pass"),
])
def test_each_ssh_failure_names_its_fix(stderr: str, expected: str) -> None:
    assert expected in advice(stderr, REACH)


def test_the_default_port_is_not_spelled_out() -> None:
    plain = Reach("box", 22, "root", None, "/root/.ssh/known_hosts")
    assert "ssh-keyscan box |" in advice("Host key verification failed.", plain)
    assert plain.known_name == "box"


def test_fingerprints_match_ssh_keygens(tmp_path: Path) -> None:
    key = tmp_path / "host"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text().split()
    listed = subprocess.run(["ssh-keygen", "-lf", str(key.with_suffix(".pub"))],
                            capture_output=True, text=True, check=True).stdout.split()[1]
    assert hostkeys.fingerprint_of(public[1]) == listed
    scanned = hostkeys.parse_scan(f"# box:22 SSH-2.0-OpenSSH\nbox {public[0]} {public[1]}\n")
    assert [(k.kind, k.fingerprint) for k in scanned] == [("ssh-ed25519", listed)]
    assert hostkeys.choose(scanned, listed) == scanned[0]
    with pytest.raises(ApplyError, match="do not go on"):
        hostkeys.choose(scanned, "SHA256:" + "A" * 43)


def test_a_trusted_key_is_recorded_so_ssh_accepts_it(tmp_path: Path) -> None:
    key = tmp_path / "host"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text().split()
    known = tmp_path / "ssh" / "known_hosts"
    assert not hostkeys.known(known, "127.9.0.2", 2222)
    hostkeys.record(known, hostkeys.parse_scan(f"[127.9.0.2]:2222 {public[0]} {public[1]}")[0])
    assert hostkeys.known(known, "127.9.0.2", 2222)
    assert not hostkeys.known(known, "127.9.0.2", 22)
    assert known.stat().st_mode & 0o777 == 0o600


def test_a_malformed_fingerprint_says_where_to_read_one() -> None:
    with pytest.raises(InputError, match=r"ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key\.pub"):
        hostkeys.check_fingerprint("ab:cd:ef")


def test_the_sudo_password_is_never_in_a_repr() -> None:
    target = Target(kind="ssh", host="box", port=22, user="installer",
                    become_password="s3cret-Pa55")
    options = SshOptions(become_password="s3cret-Pa55")
    assert "s3cret" not in repr(target) and "s3cret" not in repr(options)
    assert "s3cret" not in str(target.host_vars())


def test_sudos_password_goes_only_into_a_private_file(tmp_path: Path) -> None:
    from provision.apply.runner import PlaybookRun, command, write_inputs

    target = Target(kind="ssh", host="box", port=22, user="installer",
                    become_password="s3cret-Pa55")
    run = PlaybookRun(workdir=tmp_path / "w", tree=tmp_path / "t", target=target,
                      extra_vars={"tamas_lab": False})
    write_inputs(run)
    become = run.workdir / "become.json"
    assert become.stat().st_mode & 0o777 == 0o600
    assert "s3cret-Pa55" in become.read_text()
    for other in ("inventory.yml", "vars.json"):
        assert "s3cret" not in (run.workdir / other).read_text()
    assert f"@{become}" in command(run)
    assert "s3cret" not in " ".join(command(run))


def test_the_summary_line_counts_an_unreachable_box_as_failed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from provision.apply.summary import fold
    from provision.cli.apply_cmd import _show

    summary = fold([
        {"event": "unreachable", "role": "play", "task": "Gather", "msg": "ssh: refused"},
        {"event": "stats", "hosts": {"appliance": {"ok": 0, "changed": 0, "failed": 0,
                                                   "unreachable": 1, "skipped": 0}}},
    ])
    _show(summary, diff=False)
    assert "ok=0 changed=0 failed=1 unreachable=1 hosts=1" in capsys.readouterr().out


def test_relative_key_and_known_hosts_paths_are_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ansible runs from the playbooks folder: a relative --ssh-key would name nothing there.
    from appliance.profile.load import load_profile
    from provision.targets import ssh_target

    shop = Path(__file__).resolve().parents[2] / "hardware_profiles" / "examples" / "shop.yaml"
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "box").write_text("key")
    monkeypatch.chdir(tmp_path)
    target = ssh_target(load_profile(shop), options=SshOptions(
        key=Path("keys/box"), known_hosts=Path("kh")))
    assert target.key == tmp_path / "keys" / "box"
    assert target.known_hosts == tmp_path / "kh"
    assert f"UserKnownHostsFile={tmp_path / 'kh'}" in target.host_vars()["ansible_ssh_common_args"]
