"""The report's dates in the office's calendar.

The KPIs are computed on ISO dates; for a Jalali office this adds the Jalali form beside
each of them (JSON keeps both) and makes it the label people read (table, CSV, HTML, TUI).
"""

from __future__ import annotations

from datetime import datetime

from appliance.calendar import Calendar, jalali_date, jalali_moment
from appliance.reports.model import JalaliPeriod, Kpis, Report


def _jalali_of(text: str) -> str:
    """'2026-12-02' or '2026-12-02 09:00' or an ISO moment -> the same in Jalali."""
    moment = datetime.fromisoformat(text)
    return jalali_date(moment.date()) if len(text) == 10 else jalali_moment(moment)


def _interval(row: Kpis) -> Kpis:
    shown = _jalali_of(row.group)
    return row.model_copy(update={"jalali": shown, "label": shown})


def in_calendar(report: Report, calendar: Calendar) -> Report:
    if calendar != "jalali":
        return report.model_copy(update={"calendar": calendar})
    intervals = [_interval(row) for row in report.intervals]
    groups = intervals if report.by == "interval" else report.groups
    period = JalaliPeriod(
        period_from=_jalali_of(report.period_from) if report.period_from else None,
        period_to=_jalali_of(report.period_to) if report.period_to else None,
    )
    return report.model_copy(update={
        "calendar": calendar, "intervals": intervals, "groups": groups, "jalali": period,
    })
