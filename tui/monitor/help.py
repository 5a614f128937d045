"""The dashboard's help text (shown with ?)."""

MONITOR_HELP = """\
# Monitor

The live call center: queues, agents, lines, host and router health, and a chart of
callers waiting. The screen is redrawn after every poll of the monitor service (about
once a second); a poll starts only when the previous one has finished.

The strip at the top says what is wrong: a source that dropped (`✗ AMI reconnecting
since 12:01:05: connection refused`; the monitor reconnects by itself), a trunk down, a
queue over its wait target (`!` beside the longest wait), a disk filling.

## Keys
| key | does |
|---|---|
| `Tab` / `Shift+Tab` | next / previous panel |
| `↑` `↓` | pick an agent in the Agents panel |
| `p` | pause the agent (asks for a reason) |
| `u` | unpause the agent |
| `l` | log the agent out of its queues |
| `k` | KPI page: today and this week |
| `space` | freeze / resume the display |
| `?` | this help |
| `q` | quit |
"""
