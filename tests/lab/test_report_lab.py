"""End to end: `tamas report --target lab` over the queue_log the real Asterisk 22 in
the lab wrote (QUEUESTART at boot, and whatever calls the call-center tests placed).
Every line Asterisk wrote must parse, every event must be one we know, and the
counts must add up."""

from __future__ import annotations

import json

import pytest

from tests.lab.conftest import Applied, tamas

pytestmark = pytest.mark.lab


def test_report_reads_the_labs_queue_log(applied_lab: Applied):
    folder = applied_lab.lab.root / "var/log/asterisk"
    assert (folder / "queue_log").exists(), "Asterisk in the lab wrote no queue_log"
    done = tamas(
        "report", "--target", "lab", "--lab", applied_lab.lab.name,
        "--profile", str(applied_lab.profile_path), "--format", "json", "--by", "agent",
    )  # fmt: skip
    report = json.loads(done.stdout)
    parse = report["parse"]
    assert parse["events"] >= 1  # at least Asterisk's QUEUESTART
    assert parse["malformed"] == 0, parse["malformed_examples"]
    assert parse["unknown_events"] == {}, "Asterisk wrote events the report does not know"
    t = report["total"]
    parts = ("answered", "abandoned", "timed_out", "exited_key", "exited_empty", "still_waiting")
    assert sum(t[k] for k in parts) == t["offered"]


def test_report_html_from_the_lab(applied_lab: Applied, tmp_path):
    out = tmp_path / "kpi.html"
    tamas(
        "report", "--target", "lab", "--lab", applied_lab.lab.name,
        "--profile", str(applied_lab.profile_path), "--format", "html", "--output", str(out),
    )  # fmt: skip
    page = out.read_text()
    assert "Parsian Trading" in page and "<script" not in page
