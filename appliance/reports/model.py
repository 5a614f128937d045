"""The report as data: one model shared by the CLI (table, JSON, CSV, HTML) and the TUI."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Kpis(BaseModel):
    """The KPIs of one group (a queue, an agent, an interval, or the total).

    Fields that do not apply to the group (abandons per agent, occupancy per queue)
    are None, never 0, so "nothing happened" and "cannot be said" stay apart.
    """

    group: str = Field(description="queue name, agent extension, interval start, or 'total'")
    label: str = Field(description="what people read: the interval in the office's calendar")
    jalali: str | None = Field(
        default=None, description="an interval's start in the Jalali calendar (jalali offices)"
    )
    offered: int | None = None
    answered: int = 0
    completed: int = 0
    in_talk: int = 0
    abandoned: int | None = None
    short_abandoned: int | None = None
    timed_out: int | None = None
    exited_key: int | None = None
    exited_empty: int | None = None
    still_waiting: int | None = None
    transferred: int = 0
    blocked: int | None = None
    ring_no_answer: int = 0
    abandon_rate: float | None = None
    asa_s: float | None = None
    avg_queue_time_s: float | None = None
    talk_s: float | None = Field(default=None, description="mean talk time of completed calls")
    acw_s: float | None = Field(default=None, description="mean after-call work per call")
    aht_s: float | None = None
    service_level: float | None = None
    blocked_rate: float | None = None
    fcr: float | None = None
    fcr_calls: int = 0
    csat_mean: float | None = None
    csat_top2: float | None = None
    csat_responses: int = 0
    logged_in_s: int | None = None
    paused_s: int | None = None
    pause_by_reason: dict[str, int] | None = None
    occupancy: float | None = None
    adherence: float | None = None
    scheduled_s: int | None = None
    scheduled_days: int | None = None
    absent_days: int | None = None
    absenteeism: float | None = None


class Busy(BaseModel):
    extension: str
    label: str
    answered: int
    talk_total_s: int


class ParseSummary(BaseModel):
    files: list[str]
    lines: int
    events: int
    malformed: int
    malformed_examples: list[str]
    unknown_events: dict[str, int]
    rebuilt_calls: int = Field(description="calls whose ENTERQUEUE was before the log began")
    fcr_not_judged: int = Field(description="answered calls whose FCR window has not passed")


class Settings(BaseModel):
    short_abandon_s: int
    sl_target_s: int
    sl_target_percent: float
    fcr_window_h: float
    acw_reasons: list[str]
    queue: str | None


class JalaliPeriod(BaseModel):
    period_from: str | None
    period_to: str | None


class Report(BaseModel):
    office: str | None
    timezone: str
    calendar: str = "gregorian"
    period_from: str | None
    period_to: str | None
    jalali: JalaliPeriod | None = Field(
        default=None, description="period_from and period_to in the Jalali calendar"
    )
    by: str
    interval: str
    settings: Settings
    total: Kpis
    groups: list[Kpis] = Field(description="one object per group of --by")
    queues: list[Kpis]
    agents: list[Kpis]
    intervals: list[Kpis]
    busiest: list[Busy]
    turnover: float | None
    turnover_note: str
    parse: ParseSummary
    notes: list[str]
