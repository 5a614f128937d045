#!/usr/bin/python
"""Ansible module: bring a MikroTik router to the state a Tamas profile asks for.

Runs on the controller (delegate_to: localhost, with the Tamas venv's python) and uses
the same code as `tamas router apply`: read the router, plan, arm a rollback on the
router, change, prove a fresh login works, disarm. Check mode plans only.
"""

from __future__ import annotations

DOCUMENTATION = r"""
module: tamas_router
short_description: Configure a MikroTik router over the RouterOS API for a Tamas profile
options:
  profile: {description: Path of the office's hardware profile., required: true, type: path}
  password:
    description: Router password; default is the profile's secrets store (tamas secrets set).
    type: str
    no_log: true
  rollback_after: {description: RouterOS time before the armed rollback fires., type: str,
                   default: 5m}
  timeout: {description: Seconds to wait for the router., type: float, default: 10}
"""

from pathlib import Path  # noqa: E402 - Ansible wants DOCUMENTATION first

from ansible.module_utils.basic import AnsibleModule  # noqa: E402


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "profile": {"type": "path", "required": True},
            "password": {"type": "str", "no_log": True},
            "rollback_after": {"type": "str", "default": "5m"},
            "timeout": {"type": "float", "default": 10.0},
        },
        supports_check_mode=True,
    )
    try:
        from appliance.errors import TamasError
        from appliance.profile import load_profile
        from appliance.secrets import secrets_for
        from provision.router.service import run
    except ImportError as exc:
        module.fail_json(msg=f"the Tamas package is not importable by {exc.name!r}: run this"
                             " module with the Tamas venv's python (ansible_python_interpreter)")
        return
    path = Path(module.params["profile"])
    try:
        profile = load_profile(path)
        secrets = secrets_for(profile, path)
        if module.params["password"]:
            secrets.router = module.params["password"]
        result = run(profile, secrets, change=not module.check_mode,
                     rollback_after=module.params["rollback_after"],
                     timeout=module.params["timeout"])
    except TamasError as exc:
        module.fail_json(msg="\n".join(exc.lines()))
        return
    plan = result.plan
    output = {
        "changed": plan.changed,
        "routeros": result.facts.version,
        "board": result.facts.board,
        "changes": [change.describe() for change in plan.changes],
        "notes": plan.notes,
    }
    if module._diff and plan.changed:
        output["diff"] = [{
            "before_header": f"{c.menu} [{c.label}]", "after_header": f"{c.menu} [{c.label}]",
            "before": "".join(f"{k}={v}\n" for k, v in c.before.items()),
            "after": "".join(f"{k}={v}\n" for k, v in c.fields.items()),
        } for c in plan.changes]
    module.exit_json(**output)


if __name__ == "__main__":
    main()
