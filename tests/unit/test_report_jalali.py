"""Reports of a Tehran office: Jalali dates in the office's time zone (UTC+03:30), the
week from Saturday, and the HTML page in Persian.

tehran.log holds four answered calls; where they fall was worked out by hand:
  t1 2026-12-01 20:00 UTC = 23:30 Tehran on 2026-12-01 = 1405/09/10 (Tuesday)
  t2 2026-12-01 21:00 UTC = 00:30 Tehran on 2026-12-02 = 1405/09/11 (Wednesday)
  t3 2026-12-04 10:00 UTC = 13:30 Tehran on 2026-12-04 = 1405/09/13 (Friday)
  t4 2026-12-04 21:00 UTC = 00:30 Tehran on 2026-12-05 = 1405/09/14 (Saturday)
(1405/09/11 is 6*31 + 2*30 + 10 = 256 days after 1405/01/01 = 2026-03-21.)
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import yaml
from typer.testing import CliRunner

from appliance.profile import load_profile, parse_profile
from appliance.reports import kpi_page
from provision.cli.main import build_app, main

LOGS = Path(__file__).parents[1] / "fixtures" / "queue_logs"
TEHRAN = ["--queue-log", str(LOGS / "tehran.log"), "--profile", str(LOGS / "tehran.yaml")]


def run(*args: str) -> str:
    result = CliRunner().invoke(build_app(), ["report", *TEHRAN, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_table_shows_jalali_days_of_the_office_s_time_zone() -> None:
    out = run("--by", "interval", "--interval", "1d")
    assert "KPIs by interval, 1405/09/10 23:30 to 1405/09/14 00:30 (Asia/Tehran)" in out
    days = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ 14")]
    assert days == ["1405/09/10", "1405/09/11", "1405/09/13", "1405/09/14"]


def test_json_keeps_the_iso_date_and_adds_the_jalali_one() -> None:
    data = json.loads(run("--by", "interval", "--interval", "1d", "--format", "json"))
    assert data["calendar"] == "jalali"
    assert data["period_from"] == "2026-12-01T23:30:00+03:30"
    assert data["jalali"]["period_from"] == "1405/09/10 23:30"
    assert [(g["group"], g["jalali"]) for g in data["groups"]] == [
        ("2026-12-01", "1405/09/10"), ("2026-12-02", "1405/09/11"),
        ("2026-12-04", "1405/09/13"), ("2026-12-05", "1405/09/14"),
    ]  # fmt: skip
    hourly = json.loads(run("--by", "interval", "--format", "json"))
    assert [g["jalali"] for g in hourly["groups"]][:2] == ["1405/09/10 23:00", "1405/09/11 00:00"]
    assert hourly["total"]["jalali"] is None  # a total has no date


def test_a_week_starts_on_saturday_on_the_jalali_calendar() -> None:
    data = json.loads(run("--by", "interval", "--interval", "1w", "--format", "json"))
    # Saturday 2026-11-28 = 1405/09/07 holds t1, t2 and t3 (Friday); t4 opens the next week.
    assert [(g["group"], g["jalali"], g["offered"]) for g in data["groups"]] == [
        ("2026-11-28", "1405/09/07", 3), ("2026-12-05", "1405/09/14", 1),
    ]  # fmt: skip


def test_a_gregorian_office_keeps_monday_weeks_and_no_jalali_field(tmp_path: Path) -> None:
    profile = yaml.safe_load((LOGS / "tehran.yaml").read_text())
    profile["office"]["calendar"] = "gregorian"
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(profile))
    result = CliRunner().invoke(build_app(), [
        "report", "--queue-log", str(LOGS / "tehran.log"), "--profile", str(path),
        "--by", "interval", "--interval", "1w", "--format", "json"])
    data = json.loads(result.output)
    assert data["calendar"] == "gregorian" and data["jalali"] is None
    # Monday 2026-11-30 (Tehran) holds all four: t4 is Saturday 2026-12-05.
    assert [(g["group"], g["label"], g["jalali"], g["offered"]) for g in data["groups"]] == [
        ("2026-11-30", "2026-11-30", None, 4)]


def test_csv_labels_are_jalali_beside_the_iso_group() -> None:
    rows = list(csv.DictReader(io.StringIO(run("--by", "interval", "--interval", "1d",
                                               "--format", "csv"))))
    assert [(r["group"], r["label"], r["jalali"]) for r in rows[:2]] == [
        ("2026-12-01", "1405/09/10", "1405/09/10"), ("2026-12-02", "1405/09/11", "1405/09/11")]
    assert rows[-1]["group"] == "total" and rows[-1]["jalali"] == ""


def test_the_english_html_page_shows_jalali_dates(tmp_path: Path) -> None:
    out = tmp_path / "kpi.html"
    run("--by", "interval", "--interval", "1d", "--format", "html", "--output", str(out))
    page = out.read_text()
    assert '<html lang="en">' in page
    assert "1405/09/10 23:30 to 1405/09/14 00:30" in page
    assert "<td>1405/09/11</td>" in page


def test_the_persian_html_page_reads_right_to_left_with_persian_digits(tmp_path: Path) -> None:
    out = tmp_path / "kpi.html"
    run("--by", "interval", "--interval", "1d", "--format", "html", "--output", str(out),
        "--lang", "fa")
    page = out.read_text()
    assert '<html lang="fa" dir="rtl">' in page
    assert "از ۱۴۰۵/۰۹/۱۰ ۲۳:۳۰ تا ۱۴۰۵/۰۹/۱۴ ۰۰:۳۰" in page
    # The 1405/09/11 row: one offered, one answered, none abandoned, 0 %, 100 % in SL.
    assert "<tr><td>۱۴۰۵/۰۹/۱۱</td><td>۱</td><td>۱</td><td>۰</td><td>۰٫۰٪</td><td>۱۰۰٫۰٪</td>" \
        in page
    for label in ("سطح خدمت", "میانگین سرعت پاسخ", "میانگین زمان رسیدگی", "حل در اولین تماس",
                  "رضایت مشتری", "نرخ رهاشدن"):
        assert label in page
    # t2 waited 20 s: ASA of its day in Persian digits and words.
    assert "<td>۲۰٫۰ ثانیه</td>" in page
    assert "Service level" not in page and "Offered" not in page


def test_lang_is_checked(capsys) -> None:
    base = ["report", *TEHRAN]
    assert main([*base, "--lang", "de", "--format", "html"]) == 2
    assert "--lang 'de': must be one of en, fa" in capsys.readouterr().err
    assert main([*base, "--lang", "fa"]) == 2
    assert "only the HTML page is translated; add --format html" in capsys.readouterr().err


def test_the_kpi_page_s_week_starts_on_saturday_for_a_jalali_office() -> None:
    now = datetime(2026, 12, 5, 2, 30, tzinfo=UTC)  # Saturday 06:00 in Tehran
    jalali = load_profile(LOGS / "tehran.yaml")
    today, week = kpi_page([LOGS / "tehran.log"], jalali, now)
    assert (today.total.offered, week.total.offered) == (1, 1)  # t4 only: the week is new
    assert week.jalali is not None and week.jalali.period_from == "1405/09/14 00:00"
    data = yaml.safe_load((LOGS / "tehran.yaml").read_text())
    data["office"]["calendar"] = "gregorian"
    _, monday_week = kpi_page([LOGS / "tehran.log"], parse_profile(yaml.safe_dump(data)), now)
    assert monday_week.total.offered == 4  # from Monday 2026-11-30
    assert monday_week.period_from == "2026-11-30T00:00:00+03:30"
