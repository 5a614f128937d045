"""`tamas report`: KPIs from Asterisk's queue_log as a table, JSON, CSV or an HTML page."""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from appliance.errors import InputError, ReportError
from appliance.profile import load_profile
from appliance.reports import BY_CHOICES, Interval, Report, Settings, build_report
from appliance.reports.export import to_csv
from appliance.reports.html import show, to_html
from appliance.reports.words import LANGS
from provision.cli.output import console


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


_QUEUE_TABLE = [
    ("offered", "offered", "n"), ("answered", "answered", "n"), ("abandoned", "abandoned", "n"),
    ("abandon_rate", "aband.%", "%"), ("service_level", "SL", "%"), ("asa_s", "ASA", "s"),
    ("avg_queue_time_s", "in queue", "s"), ("aht_s", "AHT", "s"),
    ("blocked_rate", "blocked", "%"), ("fcr", "FCR", "%"), ("csat_mean", "CSAT", "x"),
]  # fmt: skip
_AGENT_TABLE = [
    ("answered", "answered", "n"), ("asa_s", "ASA", "s"), ("talk_s", "talk", "s"),
    ("acw_s", "ACW", "s"), ("aht_s", "AHT", "s"), ("ring_no_answer", "missed", "n"),
    ("paused_s", "paused", "d"), ("occupancy", "occup.", "%"), ("adherence", "adher.", "%"),
    ("absent_days", "absent", "n"), ("csat_mean", "CSAT", "x"),
]  # fmt: skip


def queue_log_paths(
    queue_logs: list[Path], target: str | None, lab: str | None = None
) -> list[Path]:
    """Where to read from: the files given, or the queue_log folder of a target."""
    if queue_logs and target:
        raise InputError("give either --queue-log or --target, not both")
    if queue_logs:
        return queue_logs
    if target is None or target == "lab":
        # the lab's root is a plain folder on this machine (see provision/lab/lab.py)
        from provision.lab.lab import default_name, lab_home

        folder = lab_home() / (lab or default_name()) / "root/var/log/asterisk"
        if not folder.is_dir():
            raise ReportError(
                f"the lab has no Asterisk log folder ({folder}); run `tamas lab up` and"
                " `tamas apply` first, or give --queue-log FILE"
            )
        return [folder]
    raise ReportError(
        f"--target {target}: reading a remote appliance's queue_log is not built yet;"
        f" copy it first (scp root@{target}:/var/log/asterisk/queue_log* ./logs/) and"
        " give --queue-log ./logs"
    )


def parse_moment(text: str | None, zone: str, option: str) -> int | None:
    """'2026-01-05' or '2026-01-05 09:30' in the office's time zone -> epoch seconds."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), time())
        except ValueError:
            raise InputError(
                f"{option} {text!r}: must be a date or date and time, e.g. 2026-01-05 or"
                " '2026-01-05 09:30' (office time)"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return int(moment.timestamp())


def print_table(report: Report) -> None:
    period = report.jalali or report  # the office's calendar
    title = f"KPIs by {report.by}, {period.period_from} to {period.period_to} ({report.timezone})"
    columns = _AGENT_TABLE if report.by == "agent" else _QUEUE_TABLE
    table = Table(title=title, title_justify="left")
    table.add_column(report.by, no_wrap=True)
    for _, head, _ in columns:
        table.add_column(head, justify="right", no_wrap=True)
    for row in [*report.groups, report.total]:
        data = row.model_dump()
        table.add_row(row.label, *(show(data[name], kind) for name, _, kind in columns))
    # piped into a file or a mail, the table keeps its width instead of folding
    wide = console if console.is_terminal else Console(width=160, highlight=False)
    wide.print(table)
    p = report.parse
    console.print(
        f"read {p.lines} lines from {len(p.files)} file(s): {p.events} events,"
        f" {p.malformed} malformed, {sum(p.unknown_events.values())} unknown;"
        f" turnover: {show(report.turnover, '%')} ({report.turnover_note})"
    )
    for note in report.notes:
        console.print(f"note: {note}")


def report(
    queue_log: Annotated[
        list[Path] | None,
        typer.Option(
            "--queue-log",
            help="Asterisk's queue_log (plain or .gz), or the folder holding it and its"
            " rotations; may be given several times.",
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Read the queue_log of an appliance: 'lab' (default)."),
    ] = None,
    lab: Annotated[
        str | None,
        typer.Option("--lab", help="Which lab, with --target lab (default: $TAMAS_LAB)."),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="The office's profile: time zone, service-level target, wrap-up times,"
            " agents' names, roster and shifts.",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day or moment, office time.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="End (exclusive), office time.")] = None,
    queue: Annotated[str | None, typer.Option("--queue", help="Only this queue.")] = None,
    by: Annotated[str, typer.Option("--by", help="queue, agent or interval.")] = "queue",
    interval: Annotated[
        Interval, typer.Option("--interval", help="Interval length for --by interval.")
    ] = Interval.hour,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    short_abandon_s: Annotated[
        int | None,
        typer.Option(
            "--short-abandon",
            min=0,
            help="Abandons within this many seconds are short (default 5).",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the HTML page: en, or fa (Persian).")
    ] = "en",
    fcr_window_h: Annotated[
        float | None,
        typer.Option(
            "--fcr-window", min=0.1, help="Hours a repeat call counts against FCR (default 24)."
        ),
    ] = None,
) -> None:
    """Compute call-center KPIs from Asterisk's queue_log."""
    if fmt is Format.table and output is not None:
        raise InputError("--output writes json, csv or html; add --format json|csv|html")
    if by not in BY_CHOICES:
        raise InputError(f"--by {by!r}: must be one of {', '.join(BY_CHOICES)}")
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r}: must be one of {', '.join(LANGS)}")
    if lang != "en" and fmt is not Format.html:
        raise InputError(f"--lang {lang}: only the HTML page is translated; add --format html")
    loaded = load_profile(profile) if profile else None
    zone = loaded.office.timezone if loaded else "UTC"
    lo, hi = parse_moment(start, zone, "--from"), parse_moment(end, zone, "--to")
    if lo is not None and hi is not None and hi <= lo:
        raise InputError(f"--to {end!r} must be later than --from {start!r}")
    settings = Settings.from_profile(
        loaded, start=lo, end=hi, queue=queue, short_abandon_s=short_abandon_s,
        fcr_window_s=int(fcr_window_h * 3600) if fcr_window_h else None,
    )  # fmt: skip
    result = build_report(
        queue_log_paths(queue_log or [], target, lab), loaded, settings, by, interval
    )
    if fmt is Format.table:
        print_table(result)
        return
    text = {
        Format.json: lambda: result.model_dump_json(indent=2) + "\n",
        Format.csv: lambda: to_csv(result),
        Format.html: lambda: to_html(result, lang),  # type: ignore[arg-type]
    }[fmt]()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.command()(report)
