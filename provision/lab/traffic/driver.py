"""The background process of `tamas lab traffic`: a simulated provider, agents and callers.

It starts, all on the lab's loopback addresses and all real SIP/RTP from SIPp:
  - per city line, a provider (SIPp UAS on the line's address, port 5060): the registrar
    the appliance's trunk registers to (digest-checked against the line's password) and
    the far end of the calls the appliance places (callbacks);
  - per agent, a phone: registers with the phone's generated password, then answers
    every call, talks (RTP echo) and hangs up;
  - callers: Poisson arrivals at --calls-per-hour, each one SIPp call from the line's
    address into the IVR and the queue: most talk and score the agent in the survey,
    some give up waiting, some press 1 for a callback;
  - now and then an agent pauses (*42N) and comes back (*43).
Every SIPp it starts is in `sipp.pids`, and it stops them all on SIGTERM or at the end
of --duration. It reads the profile, never changes it.
"""

from __future__ import annotations

import contextlib
import json
import random
import signal
import subprocess
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from appliance.files import write_atomic
from appliance.profile.load import load_profile
from appliance.secrets import Secrets, secrets_for
from provision.lab.lab import Lab
from provision.lab.overlay import overlay_profile
from provision.lab.processes import stop as stop_pids
from provision.lab.traffic import files, mix

MAX_CALLERS = 16  # SIPp callers at once: enough for a small office, kind to a small machine
AGENT_MEDIA_PORT = 6000
CODE_PORT, CODE_MEDIA_PORT = 5062, 6100
CALLER_PORT, CALLER_MEDIA_PORT = 5100, 7000
PROVIDER_MEDIA_PORT = 6200
REREGISTER_S = 50 * 60  # agents register for 3600 s
CALLER_TIMEOUT_S = 480


@dataclass
class Options:
    calls_per_hour: float = 120.0
    agents: int | None = None
    duration_min: float = 60.0
    seed: int | None = None


@dataclass
class Counts:
    placed: dict[str, int] = field(default_factory=dict)
    finished: int = 0
    failed: int = 0
    pauses: int = 0


@dataclass
class _Call:
    plan: mix.CallPlan
    slot: int
    process: subprocess.Popen[bytes]
    scenario: Path | None


class Driver:
    def __init__(self, lab: Lab, profile_path: Path, options: Options, workdir: Path) -> None:
        self.lab = lab
        self.options = options
        self.workdir = workdir
        profile = load_profile(profile_path)
        self.secrets: Secrets = secrets_for(profile, profile_path)
        self.seed = options.seed if options.seed is not None else random.randrange(2**31)  # noqa: S311 - simulation
        self.rng = random.Random(self.seed)  # noqa: S311 - a simulation, not a secret
        self.setup = mix.traffic_setup(overlay_profile(profile, lab.addresses),
                                       lab.addresses, agents=options.agents, seed=self.seed)
        self.remote = f"{lab.addresses.appliance}:5060"
        self.providers: list[subprocess.Popen[bytes]] = []
        self.agents: dict[int, subprocess.Popen[bytes]] = {}
        self.codes: list[subprocess.Popen[bytes]] = []
        self.calls: list[_Call] = []
        self.counts = Counts()
        self.stopping = False
        self.ready = False
        self.started = time.time()
        self.paused: int | None = None
        self.errors: list[str] = []

    # -- the loop -------------------------------------------------------------------
    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "tone.alaw").write_bytes(files.alaw_tone())
        end = self.started + self.options.duration_min * 60
        try:
            self._start_providers()
            self._start_agents()
            self.ready = True
            self.log(f"ready: {len(self.agents)} agent(s), lines"
                     f" {', '.join(line.name for line in self.setup.lines)}; seed {self.seed}")
            burst = min(len(self.setup.agents) + 1, sum(x.channels for x in self.setup.lines))
            for _ in range(burst):  # agents busy and a caller waiting from the first minute
                self._place("survey")
                self._sleep(0.4)
            next_call = time.time() + mix.arrival_gap(self.rng, self.options.calls_per_hour)
            next_pause = time.time() + self.rng.uniform(90, 180)
            refresh = time.time() + REREGISTER_S
            while not self.stopping and time.time() < end:
                self._reap()
                now = time.time()
                if now >= next_call:
                    self._place()
                    next_call = now + mix.arrival_gap(self.rng, self.options.calls_per_hour)
                if now >= next_pause:
                    next_pause = now + self._pause_or_resume()
                if now >= refresh:
                    self._start_agents()
                    refresh = now + REREGISTER_S
                self._write_status()
                self._sleep(0.5)
        except Exception as exc:  # noqa: BLE001 - its last word goes to its log, no traceback
            self.errors.append(f"{type(exc).__name__}: {exc}")
            self.log(f"stopped by an error: {type(exc).__name__}: {exc}")
            return 1
        finally:
            self._stop_all()
            self._write_status(stopped=True)
        return 0

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, seconds))

    # -- SIPp -----------------------------------------------------------------------
    def _spawn(self, argv: list[str], log_name: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            ["sipp", *argv, "-nostdin", "-trace_err", "-error_file",
             str(self.workdir / f"{log_name}.errors.log")],
            cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._save_pids(extra=[process.pid])
        return process

    def _save_pids(self, extra: list[int] | None = None) -> None:
        live = [p.pid for p in self._processes() if p.poll() is None]
        files.write_pids(self.workdir / "sipp.pids", sorted({*live, *(extra or [])}))

    def _processes(self) -> list[subprocess.Popen[bytes]]:
        return [*self.providers, *self.agents.values(), *self.codes,
                *(c.process for c in self.calls)]

    def _uas(self, scenario: Path, address: str, media_port: int, log_name: str
             ) -> subprocess.Popen[bytes]:
        return self._spawn(["-sf", str(scenario), "-i", address, "-p", "5060", "-mi", address,
                            "-mp", str(media_port), "-rtp_echo", "-aa"], log_name)

    def _rx(self, command: str) -> str:
        done = self.lab.exec(["asterisk", "-rx", command], timeout=30)
        return done.stdout if done.returncode == 0 else ""

    # -- the provider ---------------------------------------------------------------
    def _start_providers(self) -> None:
        for line in self.setup.lines:
            values = {"LINE_USER": line.username or line.did,
                      "LINE_PASSWORD": self.secrets.line(line.name)}
            scenario = files.write_scenario(self.workdir, "provider", f"provider-{line.name}",
                                            values)
            self.providers.append(self._uas(scenario, line.address, PROVIDER_MEDIA_PORT,
                                            f"provider-{line.name}"))
        self._sleep(0.5)
        registering = [line.name for line in self.setup.lines if line.registers]
        if not registering:
            return
        for name in registering:
            self._rx(f"pjsip send register {name}")
        deadline = time.monotonic() + 30
        while not self.stopping and time.monotonic() < deadline:
            if all(self._registered(name) for name in registering):
                self.log(f"line(s) {', '.join(registering)} registered to the lab's provider")
                return
            self._sleep(0.5)
        self.errors.append(f"line(s) {', '.join(registering)} did not register within 30 s")
        self.log(self.errors[-1])

    def _registered(self, line: str) -> bool:
        for row in self._rx("pjsip show registrations").splitlines():
            words = row.split()
            if words and words[0].startswith(f"{line}/"):
                return "Registered" in words
        return False

    # -- agents ---------------------------------------------------------------------
    def _start_agents(self) -> None:
        for agent in self.setup.agents:
            old = self.agents.pop(agent.extension, None)
            if old is not None:
                stop_pids([old.pid])
                old.wait()
            if self._register(agent):
                scenario = files.write_scenario(
                    self.workdir, "agent", f"agent-{agent.extension}",
                    {"RING_MS": str(agent.ring_ms), "TALK_MS": str(agent.talk_ms)})
                self.agents[agent.extension] = self._uas(
                    scenario, agent.address, AGENT_MEDIA_PORT, f"agent-{agent.extension}")
        self._save_pids()
        # Asterisk qualified each contact as it registered, before the phone listened, and
        # marks it unavailable when that OPTIONS times out (3 s): ask again until it answers.
        deadline = time.monotonic() + 30
        waiting = set(self.agents)
        while waiting and not self.stopping and time.monotonic() < deadline:
            for extension in sorted(waiting):
                self._rx(f"pjsip qualify {extension}")
            self._sleep(3.5)
            waiting -= self._available()
        if waiting:
            self.errors.append(f"agent(s) {sorted(waiting)} not reachable after 30 s")
            self.log(self.errors[-1])

    def _available(self) -> set[int]:
        found = set()
        for row in self._rx("pjsip show contacts").splitlines():
            words = row.split()
            if len(words) >= 4 and words[0] == "Contact:" and words[3] == "Avail":
                aor = words[1].split("/", 1)[0]
                if aor.isdigit():
                    found.add(int(aor))
        return found

    def _credentials(self, agent: mix.Agent) -> dict[str, str]:
        return {"PHONE_USER": str(agent.extension),
                "PHONE_PASSWORD": self.secrets.phone(agent.extension)}

    def _register(self, agent: mix.Agent) -> bool:
        scenario = files.write_scenario(self.workdir, "register", f"register-{agent.extension}",
                                        self._credentials(agent))
        process = self._spawn([self.remote, "-sf", str(scenario), "-i", agent.address, "-p",
                               "5060", "-m", "1", "-s", str(agent.extension), "-nd",
                               "-timeout", "15s", "-timeout_error"],
                              f"register-{agent.extension}")
        try:
            ok = process.wait(timeout=30) == 0
        except subprocess.TimeoutExpired:
            stop_pids([process.pid])
            ok = False
        if not ok:
            self.errors.append(f"agent {agent.extension} did not register")
            self.log(self.errors[-1])
        return ok

    def _pause_or_resume(self) -> float:
        """Pause one agent (*42N) or bring the paused one back (*43); seconds to the next."""
        if self.paused is not None:
            self._dial(self.paused, "*43")
            self.log(f"agent {self.paused} is back (*43)")
            self.paused = None
            return self.rng.uniform(120, 300)
        if len(self.agents) < 2:
            return 3600.0
        extension = self.rng.choice(sorted(self.agents))
        reason = self.rng.choice(mix.PAUSE_REASONS)
        self._dial(extension, f"*42{reason}")
        self.paused = extension
        self.counts.pauses += 1
        self.log(f"agent {extension} pauses (*42{reason})")
        return self.rng.uniform(45, 120)

    def _dial(self, extension: int, code: str) -> None:
        agent = next(a for a in self.setup.agents if a.extension == extension)
        scenario = files.write_scenario(self.workdir, "feature_code", f"code-{extension}",
                                        self._credentials(agent))
        self.codes = [p for p in self.codes if p.poll() is None]
        self.codes.append(self._spawn(
            [self.remote, "-sf", str(scenario), "-i", agent.address, "-p", str(CODE_PORT),
             "-m", "1", "-s", str(extension), "-key", "dial", code, "-mi", agent.address,
             "-mp", str(CODE_MEDIA_PORT), "-nd", "-timeout", "30s"], f"code-{extension}"))

    # -- callers --------------------------------------------------------------------
    def _place(self, kind: mix.CallKind | None = None) -> None:
        used = {c.slot for c in self.calls}
        free = [s for s in range(MAX_CALLERS) if s not in used]
        if not free:
            self.log("every caller slot is busy: this arrival is skipped")
            return
        number = sum(self.counts.placed.values()) + 1
        plan = mix.next_call(self.rng, self.setup, number)
        if kind is not None and kind != plan.kind:
            plan = mix.CallPlan(number, kind, plan.caller, plan.line, plan.ivr_key,
                                score=4 if kind == "survey" else 0)
        slot = free[0]
        scenario: Path | None = None
        if plan.kind == "survey":
            path = files.write_scenario(self.workdir, "caller_survey", "caller_survey", {})
        else:
            scenario = path = files.write_scenario(
                self.workdir, f"caller_{plan.kind}", f"caller-{slot}",
                {"PATIENCE_MS": str(plan.patience_ms)})
        address = plan.line.address
        process = self._spawn(
            [self.remote, "-sf", str(path), "-i", address, "-p", str(CALLER_PORT + slot),
             "-m", "1", "-s", plan.line.did, "-key", "caller", plan.caller,
             "-key", "ivr", plan.ivr_key, "-key", "score", str(plan.score or 4),
             "-base_cseq", "10", "-mi", address, "-mp", str(CALLER_MEDIA_PORT + 10 * slot),
             "-nd", "-timeout", f"{CALLER_TIMEOUT_S}s"], f"caller-{slot}")
        self.calls.append(_Call(plan, slot, process, scenario))
        self.counts.placed[plan.kind] = self.counts.placed.get(plan.kind, 0) + 1
        extra = f" score {plan.score}" if plan.kind == "survey" else f" after {plan.patience_ms} ms"
        self.log(f"call {number}: {plan.kind}{extra}, caller {plan.caller}, line {plan.line.name}")

    def _reap(self) -> None:
        for call in list(self.calls):
            code = call.process.poll()
            if code is None:
                continue
            self.calls.remove(call)
            self.counts.finished += 1
            self.counts.failed += code != 0
        for agent, process in list(self.agents.items()):
            if process.poll() is not None:
                self.errors.append(f"agent {agent}'s phone stopped (exit {process.returncode})")
                self.log(self.errors[-1])
                del self.agents[agent]
        self._save_pids()

    # -- stopping -------------------------------------------------------------------
    def _stop_all(self) -> None:
        self.stopping = True
        self._hang_up_ours()
        processes = [p for p in self._processes() if p.poll() is None]
        stop_pids([p.pid for p in processes])
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        for line in self.setup.lines:
            if line.registers:
                self._rx(f"pjsip send unregister {line.name}")
        files.write_pids(self.workdir / "sipp.pids", [])
        self.log("stopped")

    def _hang_up_ours(self) -> None:
        """Calls of the traffic's lines and agents end in Asterisk too, not half-open."""
        ours = tuple(f"PJSIP/{x}-" for x in
                     [*(line.name for line in self.setup.lines),
                      *(str(a.extension) for a in self.setup.agents)])
        for row in self._rx("core show channels concise").splitlines():
            channel = row.split("!", 1)[0]
            if channel.startswith(ours):
                self._rx(f"channel request hangup {channel}")

    # -- what it says ---------------------------------------------------------------
    def log(self, text: str) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        with open(self.workdir / "traffic.log", "a") as out:
            out.write(f"{stamp} {text}\n")

    def _write_status(self, stopped: bool = False) -> None:
        status = {
            "ready": self.ready and not stopped,
            "stopped": stopped,
            "started_at": datetime.fromtimestamp(self.started, UTC).isoformat(),
            "ends_at": datetime.fromtimestamp(
                self.started + self.options.duration_min * 60, UTC).isoformat(),
            "options": asdict(self.options),
            "seed": self.seed,
            "lines": [line.name for line in self.setup.lines],
            "agents": sorted(self.agents),
            "paused": self.paused,
            "callers_now": len(self.calls),
            "counts": asdict(self.counts),
            "errors": self.errors[-10:],
        }
        write_atomic(self.workdir / "status.json", json.dumps(status, indent=1) + "\n")
