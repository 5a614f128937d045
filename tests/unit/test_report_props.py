"""Property: however calls end (or do not), answered + abandoned + timed out + exited
+ still waiting = offered, per queue, per interval and in total, even with noise lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from appliance.reports import Interval, build_report

T0 = 1767603600
ENDINGS = ("answered", "talking", "abandon", "timeout", "key", "empty", "none")


@st.composite
def queue_logs(draw):
    lines: list[tuple[int, str]] = []
    calls = draw(st.lists(st.tuples(
        st.integers(0, 7200), st.sampled_from(ENDINGS), st.integers(0, 400),
        st.sampled_from(("support", "sales")), st.integers(0, 600),
    ), max_size=40))  # fmt: skip
    for i, (enter, ending, wait, queue, talk) in enumerate(calls):
        t, cid = T0 + enter, f"c{i}"
        lines.append((t, f"{cid}|{queue}|NONE|ENTERQUEUE||09{i % 7}|1"))
        if ending in ("answered", "talking"):
            lines.append((t + wait, f"{cid}|{queue}|PJSIP/10{i % 3}|CONNECT|{wait}|b|1"))
            if ending == "answered":
                done = f"{cid}|{queue}|PJSIP/10{i % 3}|COMPLETECALLER|{wait}|{talk}|1"
                lines.append((t + wait + talk, done))
        elif ending == "key":
            lines.append((t + wait, f"{cid}|{queue}|NONE|EXITWITHKEY|1|1|1|{wait}"))
        elif ending != "none":
            name = {"abandon": "ABANDON", "timeout": "EXITWITHTIMEOUT", "empty": "EXITEMPTY"}
            lines.append((t + wait, f"{cid}|{queue}|NONE|{name[ending]}|1|1|{wait}"))
    noise = draw(st.lists(st.text(max_size=30).filter(lambda s: "\n" not in s), max_size=5))
    text = [f"{t}|{rest}" for t, rest in sorted(lines, key=lambda x: x[0])]
    for j, junk in enumerate(noise):
        text.insert(min(len(text), j * 3), junk.replace("\r", ""))
    return "\n".join(text) + "\n", len(calls)


def adds_up(row) -> bool:
    parts = (row.answered, row.abandoned, row.timed_out, row.exited_key, row.exited_empty,
             row.still_waiting)  # fmt: skip
    return sum(parts) == row.offered


@settings(max_examples=150, deadline=None)
@given(queue_logs())
def test_counts_add_up(tmp_path_factory, drawn):
    text, calls = drawn
    log: Path = tmp_path_factory.mktemp("q") / "queue_log"
    log.write_text(text)
    report = build_report([log], by="interval", interval=Interval.quarter)
    assert report.total.offered == calls
    assert adds_up(report.total)
    assert all(adds_up(row) for row in report.groups)
    assert all(adds_up(row) for row in report.queues)
    assert sum(row.offered or 0 for row in report.groups) == calls
    assert report.total.answered == sum(row.answered for row in report.agents)
