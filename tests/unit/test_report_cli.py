"""`tamas report` in every format, and its bad-input errors (exit 2, one line, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provision.cli.main import build_app
from provision.cli.main import run as main_run

LOGS = Path(__file__).parents[1] / "fixtures" / "queue_logs"
BASIC = str(LOGS / "basic.log")
AGENTS = ["--queue-log", str(LOGS / "agents.log"), "--profile", str(LOGS / "office.yaml")]


def run(*args: str):
    return CliRunner().invoke(build_app(), ["report", *args])


def test_table():
    result = run("--queue-log", BASIC)
    assert result.exit_code == 0, result.output
    assert "support" in result.output and "12.5%" in result.output  # abandon rate
    assert "2 malformed, 1 unknown" in result.output


def test_json_one_object_per_group():
    result = run("--queue-log", BASIC, "--format", "json", "--by", "agent")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [g["group"] for g in data["groups"]] == ["101", "102"]
    total = data["total"]
    for key in ("offered", "answered", "abandoned", "abandon_rate", "asa_s", "avg_queue_time_s",
                "aht_s", "acw_s", "service_level", "blocked_rate", "fcr", "csat_mean",
                "csat_top2"):  # fmt: skip
        assert key in total
    assert (total["offered"], total["service_level"], total["blocked_rate"]) == (9, 0.25, 0.1)


def test_csv():
    result = run(*AGENTS, "--format", "csv", "--by", "agent", "--from", "2026-01-05 09:00",
                 "--to", "2026-01-05 10:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["group"] for r in rows] == ["101", "102", "103", "total"]
    assert rows[0]["pause_by_reason"] == "ACW=60;lunch=300;training=300"
    assert rows[2]["absent_days"] == "1"


def test_html_is_self_contained(tmp_path):
    out = tmp_path / "kpi.html"
    result = run(*AGENTS, "--format", "html", "--output", str(out), "--interval", "15m")
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "101 Sara" in page and "Report Test Office" in page


def test_queue_filter():
    result = run("--queue-log", BASIC, "--format", "json", "--queue", "sales")
    assert json.loads(result.output)["total"]["offered"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--queue-log", "/no/such/queue_log"], "no such file"),
        (["--queue-log", BASIC, "--from", "last week"], "must be a date"),
        (["--queue-log", BASIC, "--from", "2026-01-05", "--to", "2026-01-04"], "must be later"),
        (["--queue-log", BASIC, "--by", "team"], "must be one of queue, agent, interval"),
        ([*AGENTS, "--queue", "nosuch"], "no such queue in the profile"),
        (["--queue-log", BASIC, "--output", "x.txt"], "--output writes json, csv or html"),
        (["--queue-log", BASIC, "--target", "lab"], "either --queue-log or --target"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args, message, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["tamas", "report", *args])
    with pytest.raises(SystemExit) as exit_info:
        main_run()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_remote_target_says_how_to_copy():
    result = run("--target", "pbx.example")
    assert result.exit_code != 0
    assert "scp" in str(result.exception)
