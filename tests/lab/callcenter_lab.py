"""Helpers of the call-center lab tests: a lab of their own with a call-center profile
applied, SIPp phones and providers, and readers of what Asterisk recorded.

The tests get their own lab (`<session lab>-cc`), so that the profile they apply never
changes what the apply and report tests see.
"""

from __future__ import annotations

import csv
import http.server
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from appliance.assets import hardware_dir
from appliance.profile.load import load_profile
from appliance.secrets import Secrets, secrets_for
from provision.lab import Lab
from provision.lab.traffic.files import alaw_tone

from .conftest import SIPP_DIR, SippResult, run_sipp, tamas

SCENARIOS = SIPP_DIR / "callcenter"
DID = "02188776655"  # line 0 (city)
TINY_DID = "02100000002"  # line 1 (tiny): one channel, for the capacity guard
CRM_PORT = 8099


def callcenter_profile(crm_url: str, holiday_today: bool = False) -> dict:
    """shop.yaml made for quick, deterministic tests: always open, one line of one
    channel, a linear queue (101 rings first) with no wrap-up, a short IVR."""
    data = yaml.safe_load((hardware_dir() / "examples" / "shop.yaml").read_text())
    office = data["office"]
    office["business_hours"] = []
    today = datetime.now(ZoneInfo(office["timezone"])).date().isoformat()
    office["holidays"] = [today] if holiday_today else []
    data["lines"].append({"name": "tiny", "kind": "sip_trunk", "host": "sip.tiny.example",
                          "channels": 1, "numbers": [TINY_DID]})
    data["concurrent_calls"] = 6
    queue = data["queues"][0]
    queue.update(strategy="linear", members=[101, 102], wrapup_s=0, ring_timeout_s=5,
                 max_wait_s=120, announce_position=False, announce_holdtime=False)
    data["ivr"]["timeout_s"] = 2
    data["crm_webhook"] = crm_url
    return data


def in_background(run: Callable[[], SippResult]) -> Callable[[], SippResult]:
    """Start a SIPp run in a thread; the returned function waits for its result."""
    out: list[SippResult] = []
    thread = threading.Thread(target=lambda: out.append(run()))
    thread.start()

    def join() -> SippResult:
        thread.join()
        return out[0]

    return join


@dataclass
class CallCenter:
    lab: Lab
    profile_path: Path
    secrets: Secrets
    workdir: Path
    started: list[subprocess.Popen] = field(default_factory=list)
    # Records from before this test session (the lab's logs persist, and Asterisk's
    # unique ids repeat after a restart) are not read.
    log_mark: int = 0
    cdr_mark: int = 0

    def __post_init__(self) -> None:
        (self.workdir / "tone.alaw").write_bytes(alaw_tone())

    # -- applying -------------------------------------------------------------------
    def apply(self, data: dict) -> None:
        self.profile_path.write_text(yaml.safe_dump(data, sort_keys=False))
        self.secrets = secrets_for(load_profile(self.profile_path), self.profile_path)
        tamas("apply", str(self.profile_path), "--target", "lab", "--lab", self.lab.name)
        self.lab.asterisk_ready(timeout=60)
        self.log_mark, self.cdr_mark = 0, 0
        self.log_mark, self.cdr_mark = len(self.queue_log()), len(self.cdrs())

    def rx(self, command: str) -> str:
        done = self.lab.exec(["asterisk", "-rx", command])
        assert done.returncode == 0, done.stderr
        return done.stdout

    # -- SIP ------------------------------------------------------------------------
    @property
    def appliance(self) -> str:
        return f"{self.lab.addresses.appliance}:5060"

    def call(self, scenario: str, caller: str, *, did: str = DID, line: int = 0,
             hold_ms: int = 3000, key: str = "1", port: int = 5060) -> SippResult:
        """A call from the provider of `line` to `did`, the caller's number `caller`."""
        local = self.lab.addresses.provider(line)
        return run_sipp(
            self._with_key(scenario, key, hold_ms), local=local, remote=self.appliance,
            local_port=port,
            timeout_s=hold_ms // 1000 + 40, workdir=self.workdir,
            extra=("-s", did, "-key", "caller", caller, "-key", "key", key,
                   "-d", str(hold_ms), "-mi", local, "-mp", str(7000 + port % 100 * 10)),
        )

    def _with_key(self, scenario: str, key: str, hold_ms: int) -> Path:
        """A copy of the scenario with the values SIPp reads only when it loads a
        scenario (a recv's timeout) put in."""
        text = (SCENARIOS / scenario).read_text().replace("TALK_MS", str(hold_ms))
        path = self.workdir / f"{Path(scenario).stem}-{key}-{hold_ms}.xml"
        path.write_text(text)
        return path

    def call_async(self, *args, **kwargs) -> Callable[[], SippResult]:
        return in_background(lambda: self.call(*args, **kwargs))

    def phone_address(self, extension: int) -> str:
        return self.lab.addresses.phone(extension % 100)

    def dial(self, extension: int, number: str, *, hold_ms: int | None = None) -> SippResult:
        """Phone `extension` dials `number` (a feature code): waits for Asterisk to hang
        up, or hangs up itself after hold_ms."""
        scenario = "phone_code.xml" if hold_ms is None else "phone_hold.xml"
        local = self.phone_address(extension)
        return run_sipp(
            SCENARIOS / scenario, local=local, remote=self.appliance, local_port=5062,
            timeout_s=(hold_ms or 0) // 1000 + 30, workdir=self.workdir,
            extra=("-s", str(extension), "-au", str(extension),
                   "-ap", self.secrets.phone(extension), "-key", "dial", number,
                   "-d", str(hold_ms or 0), "-mi", local, "-mp", "6100"),
        )

    @contextmanager
    def answering(self, extension: int, scenario: str = "agent_answer.xml",
                  talk_ms: int = 0, address: str | None = None,
                  register: bool = True) -> Iterator[None]:
        """A phone that answers every call sent to it, for the duration of the block."""
        local = address or self.phone_address(extension)
        argv = ["sipp", "-sf", str(SCENARIOS / scenario), "-i", local, "-p", "5060",
                "-mi", local, "-mp", "6000", "-rtp_echo", "-aa", "-nostdin",
                "-d", str(talk_ms), "-trace_err",
                "-error_file", str(self.workdir / f"uas-{local}.log")]
        if register:
            # From port 5060 itself: Asterisk rewrites the contact to where REGISTER came from.
            self._register(extension, local)
        process = subprocess.Popen(argv, cwd=self.workdir, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        self.started.append(process)
        try:
            time.sleep(0.3)
            if register:
                # Asterisk qualified the contact the moment it registered, before this
                # phone listened: ask again now, and wait until the queue sees it.
                self.rx(f"pjsip qualify {extension}")
                wait_for(lambda: "Unavailable" not in self.member_line(extension), 10,
                         f"member {extension} to become available")
            yield
        finally:
            process.send_signal(signal.SIGTERM)  # only the process this block started
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self.started.remove(process)

    def _register(self, extension: int, local: str) -> None:
        result = run_sipp(
            SCENARIOS / "register.xml", local=local, remote=self.appliance, local_port=5060,
            timeout_s=10, workdir=self.workdir,
            extra=("-s", str(extension), "-au", str(extension),
                   "-ap", self.secrets.phone(extension), "-key", "contact_port", "5060"),
        )
        assert result.successful == 1, result.output[-2000:]

    def member_line(self, extension: int) -> str:
        for line in self.rx("queue show support").splitlines():
            if f"PJSIP/{extension})" in line or f"(PJSIP/{extension} " in line:
                return line
        return ""

    # -- what Asterisk recorded ----------------------------------------------------
    def queue_log(self) -> list[list[str]]:
        path = self.lab.root / "var/log/asterisk/queue_log"
        if not path.exists():
            return []
        lines = path.read_text(errors="replace").splitlines()[self.log_mark:]
        return [line.split("|") for line in lines]

    def events_for(self, callid: str) -> list[str]:
        return [row[4] for row in self.queue_log() if len(row) > 4 and row[1] == callid]

    def callid_of(self, caller: str) -> str:
        """The queue_log call id of the call whose ENTERQUEUE names this caller."""
        for row in self.queue_log():
            if len(row) > 6 and row[4] == "ENTERQUEUE" and row[6] == caller:
                return row[1]
        return ""

    def cdrs(self) -> list[list[str]]:
        path = self.lab.root / "var/log/asterisk/cdr-csv/Master.csv"
        if not path.exists():
            return []
        return list(csv.reader(path.read_text(errors="replace").splitlines()))[self.cdr_mark:]

    def stop_all(self) -> None:
        for process in list(self.started):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=5)


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:g} s for {what}")


class CrmRecorder(http.server.ThreadingHTTPServer):
    """A loopback HTTP server that keeps every POST body the PBX sends it."""

    def __init__(self, address: str, port: int) -> None:
        self.posts: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                recorder.posts.append(self.rfile.read(length).decode("utf-8", "replace"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__((address, port), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


def cc_lab_name() -> str:
    return (os.environ.get("TAMAS_LAB") or "test") + "-cc"
