"""What the HTML report says, in English and in Persian (`tamas report --lang fa`).

Persian pages read right to left with Persian digits; the numbers in JSON and CSV stay
ASCII. The KPI names follow the terms Iranian call-center vendors use.
"""

from __future__ import annotations

from typing import Literal

from appliance.calendar import fa_number

Lang = Literal["en", "fa"]
LANGS: tuple[Lang, ...] = ("en", "fa")

_FA = {
    # KPI and column names
    "Offered": "تماس‌های ورودی", "Answered": "پاسخ‌داده‌شده", "Abandoned": "رهاشده",
    "Abandon %": "درصد رهاشدن", "Abandon rate": "نرخ رهاشدن", "Service level": "سطح خدمت",
    "ASA": "میانگین سرعت پاسخ", "Avg in queue": "میانگین انتظار در صف",
    "AHT": "میانگین زمان رسیدگی", "ACW": "کار پس از تماس", "Blocked %": "درصد مسدودشده",
    "Blocked": "مسدودشده", "FCR": "حل در اولین تماس", "CSAT": "رضایت مشتری",
    "Talk": "مکالمه", "Missed rings": "زنگ بی‌پاسخ", "Occupancy": "اشغال",
    "Adherence": "پایبندی به برنامه", "Absent days": "روزهای غیبت", "Paused": "مکث",
    "Queue": "صف", "Agent": "اپراتور", "Interval": "بازه",
    # headings and phrases
    "Call center KPIs": "شاخص‌های مرکز تماس", "Calls by interval": "تماس‌ها در هر بازه",
    "Service level by interval": "سطح خدمت در هر بازه", "Queues": "صف‌ها",
    "Agents": "اپراتورها", "Intervals": "بازه‌ها", "Turnover": "ترک کار",
    "answered": "پاسخ‌داده‌شده", "not answered": "بی‌پاسخ", "target": "هدف",
    "No calls in the period.": "در این بازه تماسی نبود.", "all queues": "همه صف‌ها",
    "queue": "صف",
}  # fmt: skip
_UNITS_FA = {"h": "ساعت", "m": "دقیقه", "s": "ثانیه"}
_INTERVALS_FA = {"15m": "۱۵ دقیقه‌ای", "1h": "یک ساعته", "1d": "روزانه", "1w": "هفتگی"}


def say(text: str, lang: Lang) -> str:
    return _FA.get(text, text) if lang == "fa" else text


def interval_name(interval: str, lang: Lang) -> str:
    return _INTERVALS_FA.get(interval, interval) if lang == "fa" else interval


def number(text: str, lang: Lang) -> str:
    """A shown value ('83.3%', '1m 05s', '4.20') in the page's language."""
    if lang != "fa":
        return text
    words = []
    for part in text.split(" "):
        unit = part[-1:] if part[-1:] in _UNITS_FA and part[:-1].replace(".", "").isdigit() \
            else ""
        words.append(fa_number(part[: len(part) - len(unit)]) + (f" {_UNITS_FA[unit]}"
                                                                  if unit else ""))
    return " ".join(words)
