#!/usr/bin/python3
"""Install staged Asterisk configs safely: backup, atomic move, narrowest reload, check.

Asterisk 22 answers "reloaded successfully" even when it rejected the new file; the
rejection only shows in its log. So around the reload a temporary logger channel
collects Asterisk's own WARNING/ERROR lines; any such line means the new config was
rejected: the backup goes back, the same reloads run again, and the task fails with
Asterisk's words.
"""

from __future__ import annotations

import grp
import hashlib
import os
import shutil
import subprocess
import time

from ansible.module_utils.basic import AnsibleModule

CHECK_CHANNEL = "tamas-reload-check"
LOG_DIR = "/var/log/asterisk"


def _digest(path):
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None


def _read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def _rx(command, timeout=30):
    done = subprocess.run(
        ["asterisk", "-rx", command], capture_output=True, text=True, timeout=timeout,
        check=False, env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")},
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def _running():
    try:
        code, out = _rx("core show uptime", timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return code == 0 and "Unable to connect" not in out


def _install(src, dest, owner_gid, mode):
    tmp = os.path.join(os.path.dirname(dest), "." + os.path.basename(dest) + ".tamas-new")
    shutil.copyfile(src, tmp)
    os.chown(tmp, 0, owner_gid)
    os.chmod(tmp, mode)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, dest)


def _restore(backups, dest_dir):
    for name, saved in backups.items():
        live = os.path.join(dest_dir, name)
        if saved is None:
            os.unlink(live)  # it did not exist before this apply
        else:
            tmp = live + ".tamas-restore"
            shutil.copy2(saved, tmp)
            os.replace(tmp, live)


def _reload_with_check(commands, ignore):
    """Run the reloads; return Asterisk's warning/error lines written meanwhile."""
    check_file = os.path.join(LOG_DIR, CHECK_CHANNEL)
    if os.path.exists(check_file):
        os.unlink(check_file)
    _rx(f"logger add channel {CHECK_CHANNEL} warning,error")
    outputs = []
    try:
        for command in commands:
            code, out = _rx(command, timeout=60)
            outputs.append(f"{command}: {out}")
            if code != 0:
                return outputs, [f"'{command}' failed: {out}"]
        time.sleep(0.5)  # the logger writes from its own thread
    finally:
        _rx(f"logger remove channel {CHECK_CHANNEL}")
    problems = []
    for line in _read(check_file).splitlines():
        if ("WARNING[" in line or "ERROR[" in line) and not any(i in line for i in ignore):
            problems.append(line.split("] ", 1)[-1])
    if os.path.exists(check_file):
        os.unlink(check_file)
    return outputs, problems


def _commands_for(changed, reloads, restart_files, default_reload):
    commands, restart = [], False
    for name in changed:
        if name in restart_files:
            restart = True
            continue
        for command in reloads.get(name, [default_reload]):
            if command not in commands:
                commands.append(command)
    return commands, restart


def main():
    module = AnsibleModule(
        argument_spec={
            "src": {"type": "path", "required": True},
            "dest": {"type": "path", "default": "/etc/asterisk"},
            "backup_root": {"type": "path", "default": "/var/lib/tamas/backup"},
            "reloads": {"type": "dict", "default": {}},
            "restart_files": {"type": "list", "elements": "str", "default": []},
            "default_reload": {"type": "str", "default": "core reload"},
            "group": {"type": "str", "default": "asterisk"},
            "mode": {"type": "raw", "default": "0640"},
            "ignore": {"type": "list", "elements": "str", "default": []},
        },
        supports_check_mode=True,
    )
    p = module.params
    names = sorted(n for n in os.listdir(p["src"]) if not n.startswith("."))
    changed = [
        n for n in names
        if _digest(os.path.join(p["src"], n)) != _digest(os.path.join(p["dest"], n))
    ]
    result = {"changed": bool(changed), "files": changed, "reloaded": [], "restart": False}
    if module._diff and changed:
        result["diff"] = [
            {
                "before_header": os.path.join(p["dest"], n),
                "after_header": os.path.join(p["dest"], n),
                "before": _read(os.path.join(p["dest"], n)),
                "after": _read(os.path.join(p["src"], n)),
            }
            for n in changed
        ]
    commands, restart = _commands_for(
        changed, p["reloads"], set(p["restart_files"]), p["default_reload"]
    )
    result["reloaded"], result["restart"] = commands, restart
    if not changed or module.check_mode:
        module.exit_json(**result)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup_dir = os.path.join(p["backup_root"], stamp)
    os.makedirs(backup_dir, mode=0o700, exist_ok=True)
    backups = {}
    for name in changed:
        live = os.path.join(p["dest"], name)
        if os.path.exists(live):
            shutil.copy2(live, os.path.join(backup_dir, name))
            backups[name] = os.path.join(backup_dir, name)
        else:
            backups[name] = None
    result["backup"] = backup_dir
    gid = grp.getgrnam(p["group"]).gr_gid
    mode = int(str(p["mode"]), 8)
    for name in changed:
        _install(os.path.join(p["src"], name), os.path.join(p["dest"], name), gid, mode)

    if not _running():
        result["reloaded"] = []  # nothing to reload: the service task starts it with these files
        module.exit_json(**result)
    outputs, problems = _reload_with_check(commands, p["ignore"])
    if problems:
        _restore(backups, p["dest"])
        _reload_with_check(commands, p["ignore"])
        module.fail_json(
            msg="Asterisk rejected the new configuration; the previous one is restored."
            " Asterisk said:\n" + "\n".join(problems),
            files=changed, asterisk=problems, reload_output=outputs, **{"changed": True},
        )
    if restart:
        # Modules load only at start: Asterisk restarts itself once no call is up.
        _rx("core restart when convenient")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
