"""The report as CSV: one row per group, the total last, columns as in the JSON."""

from __future__ import annotations

import csv
import io

from appliance.reports.model import Kpis, Report

COLUMNS = [name for name in Kpis.model_fields]


def _cell(value: object) -> object:
    if isinstance(value, dict):  # pause_by_reason: "lunch=300;training=300"
        return ";".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else value


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in [*report.groups, report.total]:
        data = row.model_dump()
        writer.writerow([_cell(data[name]) for name in COLUMNS])
    return out.getvalue()
