"""The `router` role and `tamas_router` module, run by ansible-playbook against the simulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from appliance.secrets import Secrets, save_secrets, secrets_path_for
from provision.lab.routeros_sim import Simulator, SimulatorOptions
from tests.unit.router_helpers import shop_data

REPO = Path(__file__).resolve().parents[2]
PLAYBOOK = """\
- hosts: localhost
  connection: local
  gather_facts: false
  roles: [router]
  post_tasks:
    - name: Keep the module's result for the test
      ansible.builtin.copy:
        content: "{{{{ tamas_router_result | to_json }}}}"
        dest: "{out}"
"""


def _play(tmp: Path, profile: Path, *flags: str) -> tuple[int, dict, str]:
    out = tmp / "result.json"
    out.unlink(missing_ok=True)
    (tmp / "play.yml").write_text(PLAYBOOK.format(out=out))
    env = {**os.environ, "ANSIBLE_ROLES_PATH": str(REPO / "playbooks" / "roles"),
           "ANSIBLE_LIBRARY": str(REPO / "playbooks" / "library"),
           "ANSIBLE_LOCALHOST_WARNING": "false",
           "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false"}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), str(tmp / "play.yml"),
         "-e", f"tamas_profile={profile}", "-e", f"tamas_controller_python={sys.executable}",
         *flags], capture_output=True, text=True, env=env, timeout=120)
    # In check mode the copy task is skipped too, so read what exists.
    data = json.loads(out.read_text()) if out.exists() else {}
    return result.returncode, data, result.stdout + result.stderr


def test_check_apply_and_idempotence(tmp_path: Path) -> None:
    with Simulator(SimulatorOptions(routeros=7, password="pw-for-ansible")) as sim:
        host, port = sim.address
        data = shop_data()
        data["router"].update(host=host, api_port=port)
        profile = tmp_path / "shop.yaml"
        profile.write_text(yaml.safe_dump(data))
        save_secrets(secrets_path_for(profile), Secrets(router="pw-for-ansible"))

        code, _, text = _play(tmp_path, profile, "--check", "--diff")
        assert code == 0, text
        assert "changed: [localhost]" in text and "+++ after: /ip/firewall/filter" in text
        assert sim.state.rows["/ip/firewall/service-port"][3]["disabled"] == "false"

        code, applied, text = _play(tmp_path, profile)
        assert code == 0 and applied["changed"] is True, text
        assert sim.state.rows["/ip/firewall/service-port"][3]["disabled"] == "true"

        code, again, text = _play(tmp_path, profile)
        assert code == 0 and again["changed"] is False, text


def test_wrong_password_fails_with_advice_and_no_secret(tmp_path: Path) -> None:
    with Simulator(SimulatorOptions(routeros=6, password="right")) as sim:
        host, port = sim.address
        data = shop_data()
        data["router"].update(host=host, api_port=port)
        profile = tmp_path / "shop.yaml"
        profile.write_text(yaml.safe_dump(data))
        save_secrets(secrets_path_for(profile), Secrets(router="wrong-one"))
        code, _, text = _play(tmp_path, profile)
        assert code != 0 and "tamas secrets set" in text
        assert "wrong-one" not in text
