"""The support bundle: one tar.gz a support engineer can read, with every secret redacted.

Holds status.json, doctor.json, the profile, /etc/asterisk/*.conf and the recent logs.
Secrets go twice: the store's known values (Secrets.redact), then every `secret=`,
`password=`-like line, so a password the store does not know is hidden as well.
"""

from __future__ import annotations

import io
import re
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from appliance.doctor.gather import Run
from appliance.doctor.model import Report
from appliance.monitor.snapshot import Snapshot

LOGS = ("/var/log/asterisk/messages.log", "/var/log/asterisk/messages",
        "/var/log/asterisk/security", "/var/log/asterisk/security.log",
        "/var/log/asterisk/queue_log", "/var/log/asterisk/cdr-csv/Master.csv")
LOG_LINES = 2000
_SECRET_LINE = re.compile(
    r"^(\s*(?:secret|password|md5_cred|auth_token|refresh_token|oauth_secret|"
    r"client_secret|passwd)\s*=>?\s*)\S.*$", re.IGNORECASE | re.MULTILINE)


def redact_config(text: str, known: Callable[[str], str] | None = None) -> str:
    text = known(text) if known else text
    return _SECRET_LINE.sub(r"\1********", text)


def write_bundle(path: Path, snapshot: Snapshot, report: Report, run: Run,
                 profile_text: str | None, redact: Callable[[str], str] | None) -> list[str]:
    """Write the archive; the names it holds."""
    members: dict[str, str] = {
        "status.json": snapshot.model_dump_json(indent=2),
        "doctor.json": report.model_dump_json(indent=2),
    }
    if profile_text is not None:
        members["profile.yaml"] = redact_config(profile_text, redact)
    code, listing = run(["ls", "/etc/asterisk"])
    for name in sorted(listing.split()) if code == 0 else []:
        if name.endswith(".conf"):
            code, text = run(["cat", f"/etc/asterisk/{name}"])
            if code == 0:
                members[f"etc/asterisk/{name}"] = redact_config(text, redact)
    for log in LOGS:
        code, text = run(["tail", "-n", str(LOG_LINES), log])
        if code == 0:
            members[f"logs/{Path(log).name}"] = redact_config(text, redact)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"tamas-support/{name}")
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o640
            archive.addfile(info, io.BytesIO(data))
    return list(members)
