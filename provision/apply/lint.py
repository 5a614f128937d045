"""asterisklint over the rendered dialplan, before anything leaves the controller.

asterisklint exits 1 for any remark, hints included; only its E_ (error) remarks stop
an apply. W_ and H_ remarks are shown as warnings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from appliance.errors import ApplyError

_REMARK = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+) (?P<kind>[EWH])_(?P<code>\w+): (?P<text>.*)$")


@dataclass(frozen=True)
class Remark:
    line: int
    kind: str  # E, W or H
    code: str
    text: str

    def __str__(self) -> str:
        return f"extensions.conf:{self.line} {self.kind}_{self.code}: {self.text}"


def parse_remarks(output: str) -> list[Remark]:
    found = []
    for raw in output.splitlines():
        match = _REMARK.match(raw.strip())
        if match:
            found.append(
                Remark(int(match["line"]), match["kind"], match["code"], match["text"].strip())
            )
    return found


def _asterisklint() -> str:
    beside = Path(sys.executable).with_name("asterisklint")
    found = str(beside) if beside.exists() else shutil.which("asterisklint")
    if not found:
        raise ApplyError("asterisklint is not installed: pip install asterisklint")
    return found


def lint_dialplan(extensions_conf: Path) -> list[Remark]:
    """Remarks on the dialplan; raises ApplyError when any is an error."""
    done = subprocess.run(
        [_asterisklint(), "dialplan-check", str(extensions_conf)],
        capture_output=True, text=True, check=False, timeout=120,
        env={"ALINT_IGNORE": "", "PATH": "/usr/bin:/bin"},
    )
    remarks = parse_remarks(done.stdout + "\n" + done.stderr)
    errors = [r for r in remarks if r.kind == "E"]
    if errors:
        raise ApplyError(
            "asterisklint found errors in the rendered dialplan; nothing was applied:\n"
            + "\n".join(f"  {r}" for r in errors)
        )
    if done.returncode not in (0, 1) and not remarks:
        raise ApplyError(f"asterisklint failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return remarks
