"""`tamas phones list PROFILE`: each desk phone, whether it fetched its file and registered.

Fetches come from the provisioning web server's access log; registrations from
Asterisk's `pjsip show contacts`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Annotated, Any

import typer

from appliance.catalogue import catalogue
from appliance.errors import InputError
from appliance.profile import load_profile
from provision.cli.options import JsonOpt, ProfileArg, TargetOpt
from provision.cli.output import console, print_json

phones_app = typer.Typer(help="The office's IP phones and their provisioning.",
                         no_args_is_help=True)

LabOpt = Annotated[
    str | None, typer.Option("--lab", help="Which lab, with --target lab (default: $TAMAS_LAB).")
]
ACCESS_LOG = Path("var/log/nginx/tamas-provisioning.log")  # relative to the appliance root
_FETCH = re.compile(r'"GET /provisioning/([A-Za-z0-9._-]+) HTTP/[0-9.]+" 200 ')
_CONTACT = re.compile(r"^\s*Contact:\s+([^/\s]+)/\S+\s+\S+\s+(Avail|NonQual)\b", re.M)


def fetched_files(log_text: str) -> set[str]:
    """File names the web server answered with 200 (combined log format)."""
    return set(_FETCH.findall(log_text))


def registered_endpoints(contacts_text: str) -> set[str]:
    """AORs with a reachable contact in `pjsip show contacts`."""
    return {aor for aor, _ in _CONTACT.findall(contacts_text)}


def _read(target: str, lab_name: str | None) -> tuple[str, str]:
    if target == "lab":
        from provision.lab import Lab

        lab = Lab.named(lab_name)
        log = lab.root / ACCESS_LOG
        contacts = lab.exec(["asterisk", "-rx", "pjsip show contacts"]).stdout
    elif target == "local":
        log = Path("/") / ACCESS_LOG
        contacts = subprocess.run(["asterisk", "-rx", "pjsip show contacts"], text=True,
                                  capture_output=True, check=False).stdout
    else:
        raise InputError(f"--target {target!r}: phones list reads 'lab' or 'local' (run it"
                         " on the appliance for a real office)")
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return text, contacts


@phones_app.command("list")
def list_phones(profile: ProfileArg, target: TargetOpt = "lab", lab: LabOpt = None,
                as_json: JsonOpt = False) -> None:
    """Each phone of the profile: its file, fetched or not, registered or not."""
    loaded = load_profile(profile)
    log_text, contacts = _read(target, lab)
    fetched, registered = fetched_files(log_text), registered_endpoints(contacts)
    rows: list[dict[str, Any]] = []
    for phone in loaded.phones:
        model = (catalogue().phone(phone.vendor, phone.model)
                 if phone.vendor and phone.model else None)
        file_name = model.file_for(phone.mac) if model and phone.mac else None
        rows.append({
            "extension": phone.extension, "name": phone.name,
            "device": "softphone" if phone.softphone else f"{phone.vendor} {phone.model}",
            "mac": phone.mac, "file": file_name,
            "fetched": file_name in fetched if file_name else None,
            "registered": str(phone.extension) in registered,
        })
    if as_json:
        print_json(rows)
        return
    shown = {True: "yes", False: "no", None: "-"}
    for row in rows:
        console.print(
            f"{row['extension']:>6}  {row['name']:<16} {row['device']:<22}"
            f" {row['file'] or '-':<24} fetched: {shown[row['fetched']]:<4}"
            f" registered: {shown[row['registered']]}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(phones_app, name="phones")
