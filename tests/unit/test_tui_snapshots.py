"""Snapshot tests of the main screens at 80x24 (pytest-textual-snapshot).

Update after an intended change with `pytest tests/unit/test_tui_snapshots.py
--snapshot-update` and look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from pathlib import Path

from appliance.assets import hardware_dir
from appliance.profile import load_profile
from tests.unit.test_tui_kpi import _Host, _loader
from tui.wizard.prefill import blank_values, values_from_profile
from tui.wizard_app import WizardApp

SIZE = (80, 24)
OUT = Path("/nonexistent/office.yaml")  # never written: these tests only look


def _shop_wizard() -> WizardApp:
    shop = load_profile(hardware_dir() / "examples" / "shop.yaml")
    return WizardApp(values_from_profile(shop), OUT, origin="shop.yaml")


def test_wizard_first_step_blank(snap_compare):
    assert snap_compare(WizardApp(blank_values(), OUT, origin="a blank form"),
                        terminal_size=SIZE)


def test_wizard_phones_step_of_the_shop(snap_compare):
    assert snap_compare(_shop_wizard(), press=["ctrl+n"] * 4, terminal_size=SIZE)


def test_wizard_lines_step_with_a_wrong_channel_count(snap_compare):
    values = blank_values()
    values["lines"] = "city, sip.provider.example, 0"
    app = WizardApp(values, OUT, origin="a blank form")
    assert snap_compare(app, press=["ctrl+n"] * 3, terminal_size=SIZE)


def test_wizard_help(snap_compare):
    assert snap_compare(WizardApp(blank_values(), OUT, origin="a blank form"), press=["f1"],
                        terminal_size=SIZE)


def test_kpi_page(snap_compare):
    async def loaded(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_Host(_loader), run_before=loaded, terminal_size=SIZE)


def test_monitor_dashboard_with_ami_down(snap_compare):
    from tests.unit.test_tui_monitor import FakeSource, view
    from tui.monitor_app import MonitorApp

    async def first_poll(pilot):
        while pilot.app.polls < 1:
            await pilot.pause(0.02)
        await pilot.pause()

    # One poll an hour: the screen holds exactly the first poll's view.
    app = MonitorApp(FakeSource(view(ami_up=False)), interval_s=3600)
    assert snap_compare(app, run_before=first_poll, terminal_size=SIZE)
