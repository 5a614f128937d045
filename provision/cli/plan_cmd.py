"""`tamas plan`: agents, lines, bandwidth and hardware for an office, and what to buy."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from appliance.plan import Plan, plan
from appliance.profile import load_profile
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json

StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Exit 1 when any finding is an error (for scripts and CI)."),
]
_COLOUR = {"ok": "green", "warn": "yellow", "error": "bold red"}


def plan_cmd(profile: ProfileArg, as_json: JsonOpt = False, strict: StrictOpt = False) -> None:
    """Size agents and lines (Erlang C, A, B), check bandwidth and hardware, say what to buy.

    Exits 0 whatever the findings say (a plan is advice); with --strict, 1 on errors.
    """
    result = plan(load_profile(profile))
    if as_json:
        print_json(result)
    else:
        show(result)
    if strict and result.worst == "error":
        raise typer.Exit(1)


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def _sizing_table(result: Plan) -> Table | None:
    s = result.sizing
    if s is None:
        return None
    table = Table(title="Sizing at the peak hour", show_header=False, title_justify="left")
    table.add_row("traffic", f"{s.calls_per_hour:g} calls/h x {s.aht_s:g} s = {s.erlangs:g} E")
    table.add_row(
        "agents (Erlang C)",
        f"{s.agents} for {s.service_target}: {_pct(s.service_level)}, ASA {s.asa_s:g} s",
    )
    a = s.erlang_a
    table.add_row(
        "agents (Erlang A)",
        f"{a.agents}: {_pct(a.service_level)}, ASA {a.asa_s:g} s, {_pct(a.abandon_rate)} abandon",
    )
    if s.staffed is not None:
        h = s.staffed
        table.add_row(
            "staffed now",
            f"{h.agents}: {_pct(h.service_level)}, ASA {h.asa_s:g} s,"
            f" {_pct(h.abandon_rate)} abandon, occupancy {_pct(h.occupancy)}",
        )
    table.add_row(
        "lines (Erlang B)",
        f"{s.lines} for {_pct(s.blocking_target)} blocking; holding {s.line_holding_s:g} s,"
        f" {s.line_erlangs:g} E",
    )
    table.add_row("channels now", f"{s.channels}: {_pct(s.blocking_at_channels)} blocking")
    return table


def _bandwidth_table(result: Plan) -> Table:
    bw = result.bandwidth
    table = Table(title="Bandwidth per call, each direction (kbit/s)", title_justify="left")
    for column in ("codec", "payload", "IP", "WAN", "LAN wire"):
        table.add_column(column, justify="left" if column == "codec" else "right")
    for rate in bw.per_call:
        mark = " *" if rate.codec == bw.codec else ""
        table.add_row(f"{rate.codec}{mark}", f"{rate.payload_kbps:g}", f"{rate.ip_kbps:g}",
                      f"{rate.wan_kbps:g}", f"{rate.lan_kbps:g}")
    table.caption = (
        f"* planned codec; peak {bw.peak_calls} calls, {bw.wan_calls} over the WAN:"
        f" {bw.wan_kbps / 1000:.2f} Mbit/s each way"
        + (f" (WAN {bw.wan_up_mbps:g} up / {bw.wan_down_mbps:g} down)"
           if bw.wan_up_mbps is not None else "")
    )
    return table


def _appliance_table(result: Plan) -> Table:
    n = result.appliance
    table = Table(title="Appliance", title_justify="left")
    for column in ("", "needed", "has"):
        table.add_column(column)

    def has(value: int | None) -> str:
        return "?" if value is None else str(value)

    table.add_row("CPU cores", str(n.cpu_cores), has(n.have_cpu_cores))
    table.add_row("RAM MB", str(n.ram_mb), has(n.have_ram_mb))
    table.add_row("disk GB", f"{n.disk_gb:g}", has(n.have_disk_gb))
    table.caption = (
        f"{n.concurrent_calls} calls, {'recorded' if n.recording else 'not recorded'},"
        f" {'transcoded' if n.transcoding else 'no transcoding'};"
        f" recordings {n.recordings_gb:g} GB, about {n.calls_per_day:g} calls/day"
    )
    return table


def show(result: Plan) -> None:
    console.print(f"[bold]Plan for {result.office}[/]")
    for table in (_sizing_table(result), _bandwidth_table(result), _appliance_table(result)):
        if table is not None:
            console.print(table)
    console.print("[bold]Findings[/]")
    for f in result.findings:
        colour = _COLOUR[f.severity]
        console.print(f"  [{colour}]{f.severity:5}[/] {f.code}: {f.message}", markup=True)
        if f.recommendation:
            console.print(f"        -> {f.recommendation}")
    console.print("[dim]Assumptions:[/]")
    for line in result.assumptions:
        console.print(f"[dim]  - {line}[/]")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_cmd)
