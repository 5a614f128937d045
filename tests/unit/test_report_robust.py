"""Real logs: rotation and gzip, calls cut by a file boundary or a restart, calls still
open at the end, FCR windows, time zones. Each log here is small and hand-written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from appliance.errors import InputError
from appliance.reports import Interval, Settings, build_report
from appliance.reports.queue_log import log_files

T0 = 1767603600  # Mon 2026-01-05 09:00 UTC


def write(path: Path, lines: list[str], gz: bool = False) -> Path:
    text = "".join(line + "\n" for line in lines)
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def test_rotated_files_are_read_oldest_first(tmp_path):
    # one call spans three files: entered in .2.gz, connected in .1, completed in the live file
    write(tmp_path / "queue_log.2.gz", [f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1"], gz=True)
    write(tmp_path / "queue_log.1", [f"{T0 + 8}|c1|support|Sara|CONNECT|8|b|2"])
    write(tmp_path / "queue_log", [f"{T0 + 68}|c1|support|Sara|COMPLETECALLER|8|60|1"])
    assert [p.name for p in log_files([tmp_path])] == ["queue_log.2.gz", "queue_log.1", "queue_log"]
    report = build_report([tmp_path])
    assert (report.total.offered, report.total.completed, report.total.talk_s) == (1, 1, 60.0)
    assert report.parse.rebuilt_calls == 0


def test_dateext_rotations_sort_by_date(tmp_path):
    for name in ("queue_log-20260103.gz", "queue_log", "queue_log-20260101.gz"):
        write(tmp_path / name, [], gz=name.endswith(".gz"))
    names = [p.name for p in log_files([tmp_path])]
    assert names == ["queue_log-20260101.gz", "queue_log-20260103.gz", "queue_log"]


def test_call_whose_start_was_rotated_away_is_rebuilt(tmp_path):
    log = write(tmp_path / "q", [f"{T0 + 100}|c1|support|Sara|COMPLETEAGENT|20|80|1"])
    report = build_report([log])
    assert (report.total.offered, report.total.answered, report.total.asa_s) == (1, 1, 20.0)
    assert report.parse.rebuilt_calls == 1


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    lines = [f"{T0 + i}|c{i}|support|NONE|ENTERQUEUE||09{i}|1" for i in range(200)]
    data = gzip.compress("".join(x + "\n" for x in lines).encode())
    (tmp_path / "queue_log.1.gz").write_bytes(data[: len(data) // 2])
    report = build_report([tmp_path / "queue_log.1.gz"])
    assert report.parse.malformed == 1
    assert "unreadable" in report.parse.malformed_examples[0]
    assert 0 < (report.total.offered or 0) < 200


def test_binary_noise_and_torn_last_line(tmp_path):
    log = tmp_path / "q"
    log.write_bytes(
        f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1\n".encode()
        + b"\x00\xff\xfe garbage \x81\n"
        + f"{T0 + 5}|c1|support|NONE|ABANDON|1|1|5\n{T0 + 9}|c2|supp".encode()
    )
    report = build_report([log])
    assert report.parse.malformed == 2
    assert (report.total.offered, report.total.abandoned, report.total.short_abandoned) == (1, 1, 1)


def test_calls_still_open_at_the_end(tmp_path):
    log = write(
        tmp_path / "q",
        [
            f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 5}|c1|support|Sara|CONNECT|5|b|2",
            f"{T0 + 10}|c2|support|NONE|ENTERQUEUE||0912|2",
        ],
    )
    t = build_report([log]).total
    assert (t.offered, t.answered, t.in_talk, t.still_waiting, t.completed) == (2, 1, 1, 1, 0)
    assert t.aht_s is None  # no completed call, so no handle time yet
    assert t.asa_s == 5.0


def test_asterisk_restart_ends_open_calls(tmp_path):
    log = write(
        tmp_path / "q",
        [
            f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 50}|NONE|NONE|NONE|QUEUESTART|",
            f"{T0 + 60}|c1|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 70}|c1|support|NONE|ABANDON|1|1|10",
        ],
    )
    t = build_report([log]).total
    assert (t.offered, t.still_waiting, t.abandoned) == (2, 1, 1)


def test_same_channel_moves_to_another_queue(tmp_path):
    log = write(
        tmp_path / "q",
        [
            f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 300}|c1|support|NONE|EXITWITHTIMEOUT|1|1|300",
            f"{T0 + 300}|c1|sales|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 310}|c1|sales|Sara|CONNECT|10|b|2",
            f"{T0 + 400}|c1|sales|Sara|COMPLETECALLER|10|90|1",
        ],
    )
    rows = {r.group: r for r in build_report([log]).queues}
    assert (rows["support"].offered, rows["support"].timed_out) == (1, 1)
    assert (rows["sales"].offered, rows["sales"].answered) == (1, 1)


def test_call_across_an_interval_edge_belongs_where_it_entered(tmp_path):
    log = write(
        tmp_path / "q",
        [
            f"{T0 + 890}|c1|support|NONE|ENTERQUEUE||0911|1",  # 09:14:50
            f"{T0 + 920}|c1|support|Sara|CONNECT|30|b|2",  # 09:15:20
            f"{T0 + 1000}|c1|support|Sara|COMPLETECALLER|30|80|1",
        ],
    )
    rows = build_report([log], by="interval", interval=Interval.quarter).groups
    assert [(r.group, r.offered, r.answered) for r in rows] == [("2026-01-05 09:00", 1, 1)]


def test_intervals_follow_the_office_time_zone(tmp_path):
    log = write(tmp_path / "q", [f"{T0}|c1|support|NONE|ENTERQUEUE||0911|1"])
    settings = Settings(timezone="Asia/Tehran")  # UTC+03:30: 09:00 UTC is 12:30 local
    hour = build_report([log], settings=settings, by="interval", interval=Interval.hour)
    assert [r.group for r in hour.groups] == ["2026-01-05 12:00"]
    day = build_report([log], settings=settings, by="interval", interval=Interval.day)
    assert [r.group for r in day.groups] == ["2026-01-05"]


def test_fcr_window(tmp_path):
    day = 86400
    log = write(
        tmp_path / "q",
        [
            # A answered, calls back within an hour (not resolved); the callback is answered
            f"{T0}|a1|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 5}|a1|support|Sara|CONNECT|5|b|1",
            f"{T0 + 100}|a1|support|Sara|COMPLETECALLER|5|95|1",
            # B answered, calls again after more than a day (resolved); that call abandons
            f"{T0 + 200}|b1|support|NONE|ENTERQUEUE||0922|1",
            f"{T0 + 205}|b1|support|Sara|CONNECT|5|b|1",
            f"{T0 + 300}|b1|support|Sara|COMPLETECALLER|5|95|1",
            f"{T0 + 3600}|a2|support|NONE|ENTERQUEUE||0911|1",
            f"{T0 + 3605}|a2|support|Sara|CONNECT|5|b|1",
            f"{T0 + 3700}|a2|support|Sara|COMPLETECALLER|5|95|1",
            f"{T0 + 300 + day + 1}|b2|support|NONE|ENTERQUEUE||0922|1",
            f"{T0 + 300 + day + 9}|b2|support|NONE|ABANDON|1|1|8",
            # an anonymous caller is never judged; the log ends two days later
            f"{T0 + 2 * day}|d1|support|NONE|ENTERQUEUE||anonymous|1",
            f"{T0 + 2 * day + 3}|d1|support|Sara|CONNECT|3|b|1",
            f"{T0 + 2 * day + 50}|d1|support|Sara|COMPLETECALLER|3|47|1",
        ],
    )
    report = build_report([log])
    assert report.total.fcr_calls == 3  # a1 (repeat), b1 and a2 (no repeat within 24 h)
    assert report.total.fcr == round(2 / 3, 4)
    shorter = build_report([log], settings=Settings(fcr_window_s=1800))
    assert shorter.total.fcr == 1.0  # a2 came 58 min after a1 ended: outside a 30-min window


def test_unknown_queue_in_profile_is_bad_input(tmp_path):
    from appliance.profile import load_profile

    profile = load_profile(Path(__file__).parents[1] / "fixtures/queue_logs/office.yaml")
    log = write(tmp_path / "q", [])
    with pytest.raises(InputError, match="no such queue"):
        build_report([log], profile, Settings.from_profile(profile, queue="nosuch"))


def test_kpi_page_today_and_week():
    from datetime import UTC, datetime

    from appliance.profile import load_profile
    from appliance.reports import kpi_page

    logs = Path(__file__).parents[1] / "fixtures/queue_logs"
    profile = load_profile(logs / "office.yaml")
    now = datetime(2026, 1, 7, 12, 0, tzinfo=UTC)  # Wednesday: the week began Monday 5th
    today, week = kpi_page([logs / "agents.log"], profile, now)
    assert today.total.offered == 0  # nothing happened on the 7th
    assert week.total.offered == 2 and week.interval == "1d"
    assert {row.group for row in week.agents} == {"101", "102", "103"}
