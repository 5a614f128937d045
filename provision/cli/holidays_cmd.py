"""`tamas holidays PROFILE`: the days the office is closed all day, in both calendars.

Without --year: the coming year from today (office time), which is what `tamas apply`
writes into the dialplan.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from appliance.closed_days import closed_days, closed_in_year
from appliance.profile import load_profile
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console


def holidays(
    profile: ProfileArg,
    as_json: JsonOpt = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="A Jalali year (e.g. 1406) or a Gregorian one (e.g. 2027)."),
    ] = None,
) -> None:
    """List the office's closed days: its own holidays and the official ones (holidays_from)."""
    office = load_profile(profile).office
    if year is None:
        today = datetime.now(ZoneInfo(office.timezone)).date()
        days = closed_days(office, today)
        span = f"the year from {today.isoformat()}"
    else:
        days = closed_in_year(office, year)
        span = f"year {year}"
    if as_json:
        # ensure_ascii off: the Persian names stay readable in the file.
        sys.stdout.write(json.dumps([
            {"date": d.day.isoformat(), "jalali": d.jalali, "weekday": d.day.strftime("%a"),
             "name": d.name, "name_fa": d.name_fa, "sources": list(d.sources)}
            for d in days
        ], indent=2, ensure_ascii=False) + "\n")
        return
    source = f"holidays_from {office.holidays_from} and " if office.holidays_from else ""
    table = Table(title=f"{office.name}: closed days, {span} ({source}the profile's holidays)",
                  title_justify="left")
    for head in ("Jalali", "Gregorian", "day", "name", "from"):
        table.add_column(head, no_wrap=head != "name")
    for d in days:
        table.add_row(d.jalali, d.day.isoformat(), d.day.strftime("%a"), d.name,
                      "+".join(d.sources))
    console.print(table)
    if not days:
        console.print("no closed days: add office.holidays or office.holidays_from: IR")


def register(app: typer.Typer) -> None:
    app.command()(holidays)
