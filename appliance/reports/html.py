"""The report as one self-contained HTML page a manager can open or print.

Inline CSS and SVG only: no script, no font or CDN, nothing fetched when it opens.
"""

from __future__ import annotations

from html import escape

from appliance.calendar import fa_digits
from appliance.reports.charts import calls_chart, service_level_chart
from appliance.reports.model import Kpis, Report
from appliance.reports.words import Lang, interval_name, number, say

_CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin-bottom:2px}h2{font-size:17px;margin-top:28px}
.sub{color:#666;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}
.notes{color:#7a4b00}footer{color:#666;font-size:12px;margin-top:24px}
@media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
"""
# Right to left: the columns' alignment mirrors; the charts keep their drawn direction.
_CSS_RTL = """
th,td{text-align:left}th:first-child,td:first-child{text-align:right}svg{direction:ltr}
"""

_QUEUE_COLUMNS = [
    ("offered", "Offered", "n"), ("answered", "Answered", "n"), ("abandoned", "Abandoned", "n"),
    ("abandon_rate", "Abandon %", "%"), ("service_level", "Service level", "%"),
    ("asa_s", "ASA", "s"), ("avg_queue_time_s", "Avg in queue", "s"), ("aht_s", "AHT", "s"),
    ("acw_s", "ACW", "s"), ("blocked_rate", "Blocked %", "%"), ("fcr", "FCR", "%"),
    ("csat_mean", "CSAT", "x"),
]  # fmt: skip
_AGENT_COLUMNS = [
    ("answered", "Answered", "n"), ("asa_s", "ASA", "s"), ("talk_s", "Talk", "s"),
    ("acw_s", "ACW", "s"), ("aht_s", "AHT", "s"), ("ring_no_answer", "Missed rings", "n"),
    ("occupancy", "Occupancy", "%"), ("adherence", "Adherence", "%"),
    ("absent_days", "Absent days", "n"), ("paused_s", "Paused", "d"), ("csat_mean", "CSAT", "x"),
]  # fmt: skip


def show(value: object, kind: str) -> str:
    """A KPI value as a person reads it: 83.3%, 1m 05s, 4.20, or '-' for no data."""
    if value is None:
        return "-"
    if kind == "%":
        return f"{float(value):.1%}"  # type: ignore[arg-type]
    if kind in ("s", "d"):
        seconds = float(value)  # type: ignore[arg-type]
        if seconds >= 3600:
            return f"{int(seconds // 3600)}h {int(seconds % 3600 // 60):02d}m"
        return f"{int(seconds // 60)}m {int(seconds % 60):02d}s" if seconds >= 60 else (
            f"{seconds:.0f}s" if kind == "d" else f"{seconds:.1f}s"
        )
    if kind == "x":
        return f"{float(value):.2f}"  # type: ignore[arg-type]
    return str(value)


def _table(
    rows: list[Kpis], columns: list[tuple[str, str, str]], first: str, lang: Lang = "en"
) -> str:
    head = "".join(f"<th>{escape(say(title, lang))}</th>" for _, title, _ in columns)
    body = []
    for row in rows:
        data = row.model_dump()
        cells = "".join(f"<td>{escape(number(show(data[name], kind), lang))}</td>"
                        for name, _, kind in columns)
        body.append(f"<tr><td>{escape(_label(row.label, lang))}</td>{cells}</tr>")
    return f"<table><tr><th>{escape(say(first, lang))}</th>{head}</tr>{''.join(body)}</table>"


def _label(text: str, lang: Lang) -> str:
    """A row's label or a date for people: Persian digits on a Persian page."""
    return fa_digits(say(text, lang)) if lang == "fa" else text


def _period(report: Report) -> tuple[str, str]:
    """The period in the office's calendar (the Jalali form when the report has one)."""
    shown = report.jalali or report
    return shown.period_from or "?", shown.period_to or "?"


def to_html(report: Report, lang: Lang = "en") -> str:
    if lang == "fa":
        return _to_html_fa(report)
    t, s = report.total, report.settings
    cards = [
        ("Offered", show(t.offered, "n")), ("Answered", show(t.answered, "n")),
        ("Service level", show(t.service_level, "%")), ("Abandon rate", show(t.abandon_rate, "%")),
        ("ASA", show(t.asa_s, "s")), ("AHT", show(t.aht_s, "s")), ("FCR", show(t.fcr, "%")),
        ("CSAT", show(t.csat_mean, "x")), ("Blocked", show(t.blocked_rate, "%")),
    ]  # fmt: skip
    labels = [row.label for row in report.intervals]
    answered = [row.answered for row in report.intervals]
    lost = [(row.offered or 0) - row.answered for row in report.intervals]
    levels = [row.service_level for row in report.intervals]
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    title = f"Call center KPIs{' - ' + report.office if report.office else ''}"
    p = report.parse
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{escape(title)}</h1>
<p class="sub">{escape(_period(report)[0])} to {escape(_period(report)[1])}
({escape(report.timezone)}), intervals of {escape(report.interval)}
{f"; queue {escape(s.queue)}" if s.queue else ""}</p>
<div class="cards">{"".join(f"<div class='card'><b>{escape(v)}</b><span>{escape(k)}</span></div>"
                            for k, v in cards)}</div>
{f'<ul class="notes">{notes}</ul>' if notes else ""}
<h2>Calls by interval</h2>{calls_chart(labels, answered, lost)}
<h2>Service level by interval (answered within {s.sl_target_s} s,
goal {s.sl_target_percent:g} %)</h2>
{service_level_chart(labels, levels, s.sl_target_percent / 100)}
<h2>Queues</h2>{_table(report.queues, _QUEUE_COLUMNS, "Queue")}
<h2>Agents</h2>{_table(report.agents, _AGENT_COLUMNS, "Agent")}
<h2>Intervals</h2>{_table(report.intervals, _QUEUE_COLUMNS, "Interval")}
<p>Turnover: {escape(show(report.turnover, "%"))} ({escape(report.turnover_note)})</p>
<footer>Short abandons: {s.short_abandon_s} s or less, left out of abandon rate and service
level. FCR window {s.fcr_window_h:g} h. Read {p.lines} lines from {len(p.files)} file(s):
{p.events} events, {p.malformed} malformed line(s), {sum(p.unknown_events.values())} unknown
event(s), {p.rebuilt_calls} call(s) that began before the log. Generated by tamas report.
</footer></body></html>
"""


def _to_html_fa(report: Report) -> str:
    """The same page in Persian, right to left, with Persian digits."""
    t, s = report.total, report.settings
    fa: Lang = "fa"
    cards = [
        (say(k, fa), number(show(v, kind), fa)) for k, v, kind in (
            ("Offered", t.offered, "n"), ("Answered", t.answered, "n"),
            ("Service level", t.service_level, "%"), ("Abandon rate", t.abandon_rate, "%"),
            ("ASA", t.asa_s, "s"), ("AHT", t.aht_s, "s"), ("FCR", t.fcr, "%"),
            ("CSAT", t.csat_mean, "x"), ("Blocked", t.blocked_rate, "%"),
        )
    ]  # fmt: skip
    labels = [_label(row.label, fa) for row in report.intervals]
    answered = [row.answered for row in report.intervals]
    lost = [(row.offered or 0) - row.answered for row in report.intervals]
    levels = [row.service_level for row in report.intervals]
    notes = "".join(f"<li dir='ltr'>{escape(n)}</li>" for n in report.notes)  # English text
    title = f"{say('Call center KPIs', fa)}{' - ' + report.office if report.office else ''}"
    start, end = (fa_digits(x) for x in _period(report))
    queue = f"؛ صف {escape(s.queue)}" if s.queue else ""
    p = report.parse
    n = fa_digits
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{_CSS}{_CSS_RTL}</style></head><body>
<h1>{escape(title)}</h1>
<p class="sub">از {escape(start)} تا {escape(end)}
(<span dir="ltr">{escape(report.timezone)}</span>)،
بازه‌های {escape(interval_name(report.interval, fa))}{queue}</p>
<div class="cards">{"".join(f"<div class='card'><b>{escape(v)}</b><span>{escape(k)}</span></div>"
                            for k, v in cards)}</div>
{f'<ul class="notes">{notes}</ul>' if notes else ""}
<h2>{say("Calls by interval", fa)}</h2>{calls_chart(labels, answered, lost, fa)}
<h2>{say("Service level by interval", fa)} (پاسخ در {n(str(s.sl_target_s))} ثانیه،
هدف {number(f"{s.sl_target_percent:g}%", fa)})</h2>
{service_level_chart(labels, levels, s.sl_target_percent / 100, fa)}
<h2>{say("Queues", fa)}</h2>{_table(report.queues, _QUEUE_COLUMNS, "Queue", fa)}
<h2>{say("Agents", fa)}</h2>{_table(report.agents, _AGENT_COLUMNS, "Agent", fa)}
<h2>{say("Intervals", fa)}</h2>{_table(report.intervals, _QUEUE_COLUMNS, "Interval", fa)}
<p>{say("Turnover", fa)}: {escape(number(show(report.turnover, "%"), fa))}</p>
<footer>رهاشدن کوتاه: {n(str(s.short_abandon_s))} ثانیه یا کمتر، بیرون از نرخ رهاشدن و
سطح خدمت. بازه حل در اولین تماس: {number(f"{s.fcr_window_h:g}", fa)} ساعت.
{n(str(p.lines))} خط از {n(str(len(p.files)))} فایل خوانده شد: {n(str(p.events))} رویداد،
{n(str(p.malformed))} خط نادرست، {n(str(sum(p.unknown_events.values())))} رویداد ناشناخته،
{n(str(p.rebuilt_calls))} تماس که پیش از آغاز لاگ شروع شده بود. ساخته‌شده با tamas report.
</footer></body></html>
"""
