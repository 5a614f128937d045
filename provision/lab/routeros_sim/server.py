"""The simulator's TCP server: login, command dispatch, fault injection, scheduler.

One thread per connection, one for the scheduler; all state changes go through
RouterState under its lock. Faults come from SimulatorOptions or, for a simulator
running in another process, from a JSON faults file re-read before every command:
  {"drop_after_writes": 3, "refuse": ["/ip/firewall/filter/add"]}
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import secrets
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from provision.lab.routeros_sim.query import compile_query
from provision.lab.routeros_sim.script import parse_duration, run_event
from provision.lab.routeros_sim.state import RouterState, SimTrap
from provision.lab.routeros_sim.wire import SentenceReader, WireError, encode_sentence

log = logging.getLogger("routeros_sim")

WRITES = ("add", "set", "remove", "move", "make-static", "run")
VERSIONS = {6: "6.49.10 (long-term)", 7: "7.16.2 (stable)"}


@dataclass
class SimulatorOptions:
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port (tests)
    routeros: int = 7
    model: str = "hAP lite"
    user: str = "admin"
    password: str = ""
    state_file: Path | None = None
    clock_scale: float = 1.0  # simulated seconds per real second (scheduler)
    faults_file: Path | None = None
    drop_after_writes: int | None = None  # close the connection instead of the N+1th write
    refuse: list[str] = field(default_factory=list)  # command paths answered with !trap
    tls_cert: Path | None = None  # serve api-ssl with this certificate (and key below)
    tls_key: Path | None = None
    leases: dict[str, str] = field(default_factory=dict)  # dynamic leases: address -> MAC


def _model_facts(model: str) -> tuple[str, str, str, int]:
    from appliance.catalogue import catalogue

    found = catalogue().router(model)
    if found is None:
        known = ", ".join(sorted(catalogue().routers))
        raise ValueError(f"unknown model {model!r}; known: {known}")
    return found.name, found.code, found.cpu.arch, found.ram_mb


class Simulator:
    """A RouterOS API simulator listening on one loopback address and port."""

    def __init__(self, options: SimulatorOptions) -> None:
        self.options = options
        name, code, arch, ram = _model_facts(options.model)
        path = options.state_file
        if path is not None and path.exists():
            self.state = RouterState.load(path)
        else:
            self.state = RouterState.fresh(options.routeros, VERSIONS[options.routeros], name,
                                           code, arch, ram, path=path)
            self.state.save()
        for address, mac in options.leases.items():
            self.state.add_dynamic_lease(address, mac)
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._clock_start = time.monotonic()
        self._due: dict[str, float] = {}
        self._drop_fired = False
        self.commands_seen = 0
        self.ssl_context: ssl.SSLContext | None = None
        if options.tls_cert is not None:
            self.ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ssl_context.load_cert_chain(str(options.tls_cert), str(options.tls_key))

    # -- life cycle ---------------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        assert self._sock is not None
        host, port = self._sock.getsockname()[:2]
        return host, port

    def start(self) -> Simulator:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.options.host, self.options.port))
        sock.listen(16)
        sock.settimeout(0.2)
        self._sock = sock
        for target in (self._accept_loop, self._scheduler_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for conn in list(self._conns):
            _close(conn)
        for thread in self._threads:
            thread.join(timeout=2)
        if self._sock is not None:
            self._sock.close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        self.start()
        try:
            while not self._stop.wait(0.5):
                pass
        finally:
            self.stop()

    # -- clock and scheduler --------------------------------------------------------
    def now(self) -> float:
        """Simulated seconds since the simulator started."""
        return (time.monotonic() - self._clock_start) * self.options.clock_scale

    def _scheduler_loop(self) -> None:
        while not self._stop.wait(0.05):
            self.run_due_schedulers()

    def run_due_schedulers(self) -> None:
        with self.state.lock:
            now = self.now()
            live = set()
            for row in list(self.state.rows["/system/scheduler"]):
                ident = row[".id"]
                live.add(ident)
                try:
                    interval = parse_duration(row.get("interval", "0s"))
                except SimTrap:
                    continue
                if row.get("disabled") == "true" or interval <= 0:
                    self._due.pop(ident, None)
                    continue
                due = self._due.setdefault(ident, now + interval)
                if now < due:
                    continue
                self._due[ident] = due + interval
                row["run-count"] = str(int(row.get("run-count", "0")) + 1)
                try:
                    run_event(self.state, row.get("on-event", ""))
                    log.info("scheduler %s ran", row.get("name"))
                except SimTrap as exc:
                    log.warning("scheduler %s failed: %s", row.get("name"), exc.message)
                self.state.save()
            for ident in set(self._due) - live:
                del self._due[ident]

    # -- connections ----------------------------------------------------------------
    def _accept_loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()

    def _service_enabled(self) -> bool:
        name = "api-ssl" if self.ssl_context is not None else "api"
        with self.state.lock:
            row = next((r for r in self.state.rows["/ip/service"] if r.get("name") == name), None)
        return row is not None and row.get("disabled") != "true"

    def _serve(self, conn: socket.socket) -> None:
        if not self._service_enabled():
            _close(conn)  # like a router whose API service is disabled: nobody listens
            return
        conn.settimeout(None)
        if self.ssl_context is not None:
            try:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                _close(conn)
                return
        self._conns.add(conn)
        session = _Session(self, conn)
        try:
            session.run()
        except (WireError, OSError):
            pass
        finally:
            self._conns.discard(conn)
            _close(conn)

    def faults(self) -> tuple[int | None, list[str]]:
        drop, refuse = self.options.drop_after_writes, list(self.options.refuse)
        path = self.options.faults_file
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            drop = data.get("drop_after_writes", drop)
            refuse += list(data.get("refuse", []))
        if self._drop_fired:
            drop = None  # a drop fires once, so the client's fresh connection works
        return drop, refuse


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
    conn.close()


class _Drop(Exception):
    """Close the connection now, answering nothing (fault injection)."""


class _Session:
    """One API connection: login state and the write counter for fault injection."""

    def __init__(self, sim: Simulator, conn: socket.socket) -> None:
        self.sim = sim
        self.conn = conn
        self.reader = SentenceReader(conn)
        self.user: str | None = None
        self.challenge: str | None = None
        self.writes = 0

    def send(self, words: list[str], tag: str | None) -> None:
        if tag is not None:
            words = [*words, f".tag={tag}"]
        self.conn.sendall(encode_sentence(words))

    def run(self) -> None:
        while True:
            sentence = self.reader.sentence()
            if not sentence:
                continue
            command, rest = sentence[0], sentence[1:]
            attrs: dict[str, str] = {}
            queries: list[str] = []
            tag = None
            for word in rest:
                if word.startswith("="):
                    key, _, value = word[1:].partition("=")
                    attrs[key] = value
                elif word.startswith("?"):
                    queries.append(word)
                elif word.startswith(".tag="):
                    tag = word[5:]
            self.sim.commands_seen += 1
            if command == "/quit":
                self.send(["!fatal", "session terminated on request"], None)
                return
            try:
                replies = self.dispatch(command, attrs, queries)
            except _Drop:
                log.warning("fault: dropping the connection before %s", command)
                return
            except SimTrap as exc:
                trap = ["!trap", f"=message={exc.message}"]
                if exc.category is not None:
                    trap.insert(1, f"=category={exc.category}")
                self.send(trap, tag)
                self.send(["!done"], tag)
                continue
            for row in replies[:-1]:
                self.send(["!re", *(f"={k}={v}" for k, v in row.items())], tag)
            self.send(["!done", *(f"={k}={v}" for k, v in replies[-1].items())], tag)

    # -- commands -----------------------------------------------------------------
    def login(self, attrs: dict[str, str]) -> list[dict[str, str]]:
        opts = self.sim.options
        if "name" not in attrs:  # pre-6.43 challenge: reply with a token
            self.challenge = secrets.token_hex(16)
            return [{"ret": self.challenge}]
        ok = attrs["name"] == opts.user
        if "password" in attrs:
            ok = ok and secrets.compare_digest(attrs["password"], opts.password)
        elif "response" in attrs and self.challenge is not None:
            digest = hashlib.md5(  # noqa: S324 - RouterOS's own pre-6.43 scheme
                b"\x00" + opts.password.encode() + bytes.fromhex(self.challenge)).hexdigest()
            ok = ok and secrets.compare_digest(attrs["response"], "00" + digest)
        else:
            ok = False
        if not ok:
            raise SimTrap("invalid user name or password (6)")
        self.user = attrs["name"]
        return [{}]

    def dispatch(self, command: str, attrs: dict[str, str],
                 queries: list[str]) -> list[dict[str, str]]:
        if command == "/login":
            return self.login(attrs)
        if self.user is None:
            raise SimTrap("not logged in", 0)
        if command == "/cancel":
            return [{}]
        path, _, verb = command.rpartition("/")
        drop, refuse = self.sim.faults()
        if command in refuse or path in refuse:
            raise SimTrap(f"failure: {command} refused (simulator fault injection)", 1)
        if verb in WRITES:
            if drop is not None and self.writes >= drop:
                self.sim._drop_fired = True
                raise _Drop
            self.writes += 1
        state = self.sim.state
        given = attrs.pop(".id", None) or attrs.pop("numbers", None) or attrs.pop("number", "")
        refs = [r for r in given.split(",") if r]
        if verb == "print":
            return self.print(path, attrs, queries)
        if verb == "add":
            before = attrs.pop("place-before", None)
            return [{"ret": state.add(path, attrs, before)}]
        if verb == "set":
            state.set(path, refs, attrs)
        elif verb == "remove":
            state.remove(path, refs)
        elif verb == "move":
            state.move(path, refs, attrs.get("destination"))
        elif verb == "make-static" and path == "/ip/dhcp-server/lease":
            state.make_static(refs)
        elif verb == "run" and path == "/system/script":
            with state.lock:
                for ref in refs:
                    run_event(state, state.find(path, ref)["name"])
                state.save()
        else:
            raise SimTrap("no such command", 0)
        return [{}]

    def print(self, path: str, attrs: dict[str, str],
              queries: list[str]) -> list[dict[str, str]]:
        state = self.sim.state
        with state.lock:
            menu = state.menu(path)
            rows = [dict(r) for r in state.rows[path]]
            if path == "/system/resource":
                rows[0]["uptime"] = f"{int(self.sim.now())}s"
        if not menu.single:
            test = compile_query(queries)
            rows = [r for r in rows if test(r)]
        if "count-only" in attrs:
            return [{"ret": str(len(rows))}]
        keys = [k for k in attrs.get(".proplist", "").split(",") if k]
        if keys:
            rows = [{k: r[k] for k in keys if k in r} for r in rows]
        return [*rows, {}]
