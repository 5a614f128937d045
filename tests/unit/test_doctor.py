"""The doctor's checks on gathered facts, its parsers on real Asterisk output, the bundle."""

from __future__ import annotations

import tarfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from appliance.doctor.bundle import redact_config, write_bundle
from appliance.doctor.checks import run_checks
from appliance.doctor.facts import Facts, SecurityEvent
from appliance.doctor.gather import (
    parse_cdr,
    parse_modules,
    parse_rtp_conf,
    parse_security,
    parse_squatters,
    parse_transport_external,
)
from appliance.doctor.model import Report
from appliance.monitor.snapshot import Endpoint, Host, Line, Snapshot, SourceState
from appliance.secrets import Secrets

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def healthy() -> Facts:
    snap = Snapshot(
        taken_at=NOW,
        lines=(Line(name="city", registration="registered", reachable=True, limit=4),),
        endpoints=(Endpoint(name="101", contacts=1, reachable=True),
                   Endpoint(name="city", contacts=1, reachable=True)),
        host=Host(cpu_percent=3, memory_percent=20, load1=0.1, load5=0.1, load15=0.1,
                  disk_path="/var/spool/asterisk/monitor", disk_percent=40,
                  disk_free_bytes=40 * 2**30),
        sources=(SourceState(name="ami", connected=True),),
    )
    from appliance.doctor.checks import REQUIRED_MODULES
    return Facts(
        target="lab t", kind="local", snapshot=snap, asterisk_running=True,
        modules=set(REQUIRED_MODULES), endpoint_codecs={"101": ["alaw"], "city": ["alaw", "ulaw"]},
        rtp_range=(10000, 20000), sip_alg_enabled=False, clock_offset_s=0.01,
        ntp_synchronized=True, security_log_found=True, cdr_recent=50, cdr_failed=0,
        phones=["101"], lines=["city"])


def statuses(f: Facts) -> dict[str, str]:
    return {r.code: r.status for r in run_checks(f)}


def test_a_healthy_appliance_passes_everything() -> None:
    results = run_checks(healthy())
    assert {r.status for r in results} == {"pass"}, [r for r in results if r.status != "pass"]
    assert all(r.fix == "" for r in results)


def test_ami_silent_is_named_and_phones_are_not_called_missing() -> None:
    f = healthy()
    snap = f.snapshot.model_copy(update={
        "endpoints": (), "sources": (SourceState(name="ami", connected=False,
                                                 error="AMI at 127.0.0.1:5038 did not answer"),)})
    results = {r.code: r for r in run_checks(replace(f, snapshot=snap, modules=None))}
    assert results["asterisk-running"].status == "pass"
    assert results["ami"].status == "fail" and "manager.conf" in results["ami"].fix
    assert "did not answer" in results["ami"].message
    assert "phones-configured" not in results
    assert results["phones-registered"].message == "not checked: AMI did not answer"


@pytest.mark.parametrize(("change", "code", "status", "in_fix"), [
    ({"asterisk_running": False}, "asterisk-running", "fail", "start it"),
    ({"modules": {"res_pjsip.so"}}, "modules", "fail", "module load"),
    ({"rtp_squatters": ["0.0.0.0:10010 nc (pid 7)"]}, "rtp-ports", "fail", "stop those"),
    ({"endpoint_codecs": {"101": ["g722"], "city": ["alaw"]}}, "codecs", "fail", "codec"),
    ({"sip_alg_enabled": True}, "sip-alg", "fail", "service-port disable sip"),
    ({"clock_offset_s": 42.0}, "time", "fail", "NTP"),
    ({"clock_offset_s": 2.0}, "time", "warn", "NTP"),
    ({"ntp_synchronized": False}, "time", "warn", "chrony"),
    ({"cdr_failed": 20}, "call-failures", "fail", "messages.log"),
    ({"cdr_failed": 2}, "call-failures", "warn", "messages.log"),
    ({"security_events": [SecurityEvent("ChallengeResponseFailed", "101", "127.0.0.9")] * 25},
     "sip-security", "fail", "block the addresses"),
    ({"security_events": [SecurityEvent("InvalidAccountID", "x", "127.0.0.9")]},
     "sip-security", "warn", "block the addresses"),
    ({"router_wan_address": "203.0.113.7"}, "nat", "warn", "external_address: 203.0.113.7"),
    ({"router_wan_address": "203.0.113.7", "profile_external": "203.0.113.8",
      "transport_external": "203.0.113.8"}, "nat", "fail", "external_address: 203.0.113.7"),
    ({"profile_external": "203.0.113.7"}, "nat", "fail", "tamas apply"),
])
def test_each_fault_is_named_with_its_fix(change: dict[str, Any], code: str, status: str,
                                          in_fix: str) -> None:
    result = next(r for r in run_checks(replace(healthy(), **change)) if r.code == code)
    assert result.status == status and in_fix in result.fix, result


def test_trunk_down_disk_full_and_phones_offline() -> None:
    f = healthy()
    snap = f.snapshot.model_copy(update={
        "lines": (Line(name="city", registration="rejected", reachable=False, limit=4),),
        "endpoints": (Endpoint(name="101", contacts=0), Endpoint(name="city")),
        "host": f.snapshot.host.model_copy(update={"disk_percent": 95.0}),  # type: ignore[union-attr]
    })
    got = {r.code: r for r in run_checks(replace(f, snapshot=snap, phones=["101", "102"]))}
    assert got["trunk:city"].status == "fail" and "secrets set line.city" in got["trunk:city"].fix
    assert got["disk"].status == "fail" and "retention_days" in got["disk"].fix
    assert got["phones-configured"].message.endswith("102")
    assert got["phones-registered"].status == "warn" and "101" in got["phones-registered"].message


@pytest.mark.parametrize(("registration", "reachable", "status"), [
    ("none", None, "warn"),  # IP-authenticated, not qualified: blind
    ("none", True, "pass"),
    ("registered", None, "pass"),  # registration is its health signal
    ("trying", None, "fail"),
])
def test_a_line_is_judged_by_what_can_be_seen(registration: str, reachable: bool | None,
                                              status: str) -> None:
    f = healthy()
    line = Line(name="city", registration=registration, reachable=reachable,  # type: ignore[arg-type]
                limit=4)
    snap = f.snapshot.model_copy(update={"lines": (line,)})
    [result] = [r for r in run_checks(replace(f, snapshot=snap)) if r.code == "trunk:city"]
    assert result.status == status, result
    assert status == "pass" or result.fix


def test_with_asterisk_down_its_state_is_not_judged() -> None:
    f = replace(healthy(), asterisk_running=False)
    got = statuses(f)
    assert got["asterisk-running"] == "fail"
    assert got["modules"] == got["codecs"] == "warn"
    assert "trunk:city" not in got and got["trunks"] == "warn"  # not judged while down
    report = Report(target="t", taken_at=NOW, results=run_checks(f))
    assert report.worst == "fail" and report.counts()["fail"] == 1


def test_parsers_on_real_output() -> None:
    assert parse_modules("Module   Description  Use Count  Status  Support Level\n"
                         "app_queue.so   True Call Queueing   0   Running   core\n"
                         "51 modules loaded\n") == {"app_queue.so"}
    assert parse_rtp_conf("[general]\nrtpstart=10000\nrtpend = 10200 ; range\n") == (10000, 10200)
    assert parse_rtp_conf("[general]\n") is None
    ss = ('UNCONN 0 0 127.38.0.2:10024 0.0.0.0:* users:(("asterisk",pid=15464,fd=30))\n'
          'UNCONN 0 0 0.0.0.0:10050 0.0.0.0:* users:(("nc",pid=999,fd=3))\n'
          'UNCONN 0 0 127.38.0.2:5060 0.0.0.0:* users:(("asterisk",pid=15464,fd=12))\n')
    assert parse_squatters(ss, 10000, 10200) == ["0.0.0.0:10050 nc (pid 999)"]
    conf = ("[udp]\ntype = transport\nbind = 0.0.0.0:5060\nexternal_media_address = 203.0.113.7"
            "\n\n[101]\ntype=endpoint\n")
    assert parse_transport_external(conf) == "203.0.113.7"
    assert parse_transport_external("[udp]\ntype=transport\n") is None
    line = ('[Nov 24 13:09:37] SECURITY[15493] res_security_log.c: SecurityEvent="InvalidPassword"'
            ',EventTV="2026-11-24T13:09:37",Severity="Error",Service="PJSIP",AccountID="101",'
            'RemoteAddress="IPV4/UDP/127.38.0.9/5060"')
    assert parse_security(line) == [SecurityEvent("InvalidPassword", "101", "127.38.0.9")]
    # AMI logins go to the same log: a wrong AMI password is not a SIP attack
    ami = parse_security(line.replace('Service="PJSIP"', 'Service="AMI"'))
    got = next(r for r in run_checks(replace(healthy(), security_events=ami))
               if r.code == "sip-security")
    assert got.status == "pass"
    # the lab's own CDRs: two answered queue calls and one no answer
    cdr = (Path(__file__).parents[1] / "fixtures" / "ami" / "Master.csv").read_text()
    assert parse_cdr(cdr) == (3, 0)
    failed = cdr.splitlines()[-1].replace('"NO ANSWER"', '"FAILED"')
    assert parse_cdr(cdr + failed + "\n") == (4, 1)


def test_redaction_hides_known_and_unknown_secrets() -> None:
    store = Secrets(ami="KnownAmiSecret123")
    text = ("[tamas]\nsecret = KnownAmiSecret123\n[city-auth]\npassword=SomethingElse99\n"
            "; the AMI secret again: KnownAmiSecret123\nusername = 0218\n")
    out = redact_config(text, store.redact)
    assert "KnownAmiSecret123" not in out and "SomethingElse99" not in out
    assert "username = 0218" in out and "password=********" in out


def test_bundle_holds_status_results_configs_and_logs(tmp_path: Path) -> None:
    files = {
        "/etc/asterisk/manager.conf": "[tamas]\nsecret = s3cr3tAMI\n",
        "/etc/asterisk/pjsip.conf": "[city-auth]\ntype=auth\npassword = trunkPW\n",
        "/var/log/asterisk/messages.log": "[Nov 24] WARNING something\n",
    }

    def run(argv: list[str]) -> tuple[int, str]:
        if argv[0] == "ls":
            return 0, "manager.conf\npjsip.conf\nREADME\n"
        path = argv[-1]
        return (0, files[path]) if path in files else (1, "")

    report = Report(target="t", taken_at=NOW, results=run_checks(healthy()))
    out = tmp_path / "support.tgz"
    names = write_bundle(out, healthy().snapshot, report, run, "office: {}\n", None)
    assert {"status.json", "doctor.json", "profile.yaml", "etc/asterisk/manager.conf",
            "logs/messages.log"} <= set(names)
    with tarfile.open(out) as archive:
        text = "".join(archive.extractfile(m).read().decode()  # type: ignore[union-attr]
                       for m in archive.getmembers())
    assert "s3cr3tAMI" not in text and "trunkPW" not in text
    assert "WARNING something" in text
