#!/usr/bin/python3
"""Ansible module: a service enabled at boot and running, whatever init the box has.

A customer's Debian boots with systemd; the lab's roots (and boxes in a container or a
chroot) have systemd installed but not running, or only init.d scripts. This module asks
what the box has, instead of trusting Ansible's guess from PID 1:
- systemd running (/run/systemd/system): `systemctl enable` and `systemctl start`;
- systemd installed, not running: `systemctl enable` still writes the boot links (that is
  what a real boot will use), and the init.d script starts the service now;
- init.d only: `update-rc.d NAME defaults` and the init.d script.
"""

from __future__ import annotations

DOCUMENTATION = r"""
module: tamas_service
short_description: Enable a service at boot and start (or restart) it, systemd or init.d
options:
  name: {description: The service (unit and init.d script name)., required: true, type: str}
  state: {description: started, restarted or reloaded (reload starts it if down)., type: str,
          default: started, choices: [started, restarted, reloaded]}
  enabled: {description: Start at boot., type: bool, default: true}
"""

import os  # noqa: E402 - Ansible wants DOCUMENTATION first
import shutil  # noqa: E402
import subprocess  # noqa: E402

from ansible.module_utils.basic import AnsibleModule  # noqa: E402

_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"}


def _run(argv):
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=_ENV,
                          stdin=subprocess.DEVNULL, timeout=120)
    return done.returncode, (done.stdout + done.stderr).strip()


def _systemd_running():
    return os.path.isdir("/run/systemd/system")


def _has_unit(name):
    return any(os.path.exists(os.path.join(d, name + ".service"))
               for d in ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"))


def _enable(module, name):
    """Returns (changed, how)."""
    if shutil.which("systemctl") and _has_unit(name):
        code, out = _run(["systemctl", "is-enabled", name])
        if code == 0 and out.splitlines()[-1:] in (["enabled"], ["static"], ["alias"]):
            return False, "systemd"
        if module.check_mode:
            return True, "systemd"
        code, out = _run(["systemctl", "enable", name])
        if code != 0:
            module.fail_json(msg=f"systemctl enable {name} failed: {out}")
        return True, "systemd"
    if os.path.exists(f"/etc/init.d/{name}"):
        links = [f for level in "2345" for f in os.listdir(f"/etc/rc{level}.d")
                 if f.startswith("S") and f[3:] == name] if os.path.isdir("/etc/rc2.d") else []
        if links:
            return False, "init.d"
        if module.check_mode:
            return True, "init.d"
        code, out = _run(["update-rc.d", name, "defaults"])
        if code != 0:
            module.fail_json(msg=f"update-rc.d {name} defaults failed: {out}")
        return True, "init.d"
    module.fail_json(msg=f"{name}: neither a systemd unit nor an init.d script is installed")
    return False, ""


def _control(name, action):
    if _systemd_running():
        return _run(["systemctl", action, name])
    return _run([f"/etc/init.d/{name}", action])


def _is_running(name):
    if _systemd_running():
        return _run(["systemctl", "is-active", "--quiet", name])[0] == 0
    if not os.path.exists(f"/etc/init.d/{name}"):
        return False
    return _run([f"/etc/init.d/{name}", "status"])[0] == 0


def main():
    module = AnsibleModule(
        argument_spec={
            "name": {"type": "str", "required": True},
            "state": {"type": "str", "default": "started",
                      "choices": ["started", "restarted", "reloaded"]},
            "enabled": {"type": "bool", "default": True},
        },
        supports_check_mode=True,
    )
    name, state = module.params["name"], module.params["state"]
    changed, how = False, "systemd" if _systemd_running() else "init.d"
    if module.params["enabled"]:
        changed, how = _enable(module, name)
    running = _is_running(name)
    asked = {"restarted": "restart", "reloaded": "reload"}.get(state)
    action = asked if running else "start"
    if action:
        changed = True
        if not module.check_mode:
            code, out = _control(name, action)
            if code != 0 or not _is_running(name):
                module.fail_json(msg=f"{name} did not {action}: {out or 'no output'}",
                                 boot=how)
    module.exit_json(changed=changed, boot=how, running=True if action else running)


if __name__ == "__main__":
    main()
