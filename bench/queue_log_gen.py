"""Write a realistic Asterisk queue_log for benchmarks: several queues, ~20 agents,
answered/abandoned/timeout mix, ring-no-answers, pauses with reasons, after-call
pauses and surveys. Deterministic for a seed. Usage: queue_log_gen.py OUT EVENTS
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

QUEUES = ("support", "sales", "billing")
AGENTS = [f"PJSIP/{100 + i}" for i in range(1, 21)]
DAY0 = 1767571200  # 2026-01-05 00:00 UTC


def _day(rng: random.Random, day: int, serial: list[int]) -> list[tuple[int, str]]:
    base = DAY0 + day * 86400
    start, end = base + 8 * 3600, base + 18 * 3600
    out: list[tuple[int, str]] = []
    for agent in AGENTS:
        login = start + rng.randint(-600, 900)
        logout = end + rng.randint(-900, 600)
        for q in QUEUES:
            out.append((login, f"NONE|{q}|{agent}|ADDMEMBER|"))
            out.append((logout, f"NONE|{q}|{agent}|REMOVEMEMBER|"))
        lunch = base + 12 * 3600 + rng.randint(0, 3600)
        out.append((lunch, f"NONE|{QUEUES[0]}|{agent}|PAUSE|lunch"))
        out.append((lunch + rng.randint(1200, 3600), f"NONE|{QUEUES[0]}|{agent}|UNPAUSE|"))
    t = start
    while t < end:
        t += rng.randint(1, 12)
        serial[0] += 1
        callid = f"{t}.{serial[0]}"
        queue = rng.choice(QUEUES)
        caller = f"0912{rng.randint(0, 99999):05d}"
        out.append((t, f"{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1"))
        fate = rng.random()
        if fate < 0.80:
            wait = int(rng.expovariate(1 / 20))
            agent = rng.choice(AGENTS)
            if rng.random() < 0.15:
                missed = rng.choice(AGENTS)
                out.append((t + max(0, wait - 15), f"{callid}|{queue}|{missed}|RINGNOANSWER|15000"))
            talk = int(rng.expovariate(1 / 180)) + 5
            out.append((t + wait, f"{callid}|{queue}|{agent}|CONNECT|{wait}|{callid}1|3"))
            done = t + wait + talk
            how = "COMPLETECALLER" if rng.random() < 0.6 else "COMPLETEAGENT"
            if rng.random() < 0.05:
                where = "200|from-internal"
                out.append((done, f"{callid}|{queue}|{agent}|TRANSFER|{where}|{wait}|{talk}|1"))
            else:
                out.append((done, f"{callid}|{queue}|{agent}|{how}|{wait}|{talk}|1"))
            if rng.random() < 0.3:
                out.append((done + 1, f"NONE|{queue}|{agent}|PAUSE|ACW"))
                out.append((done + 1 + rng.randint(10, 90), f"NONE|{queue}|{agent}|UNPAUSE|"))
            if rng.random() < 0.4:
                out.append((done + 2, f"{callid}|{queue}|{agent}|SURVEY|{rng.randint(1, 5)}"))
        elif fate < 0.95:
            wait = rng.randint(1, 200)
            out.append((t + wait, f"{callid}|{queue}|NONE|ABANDON|1|1|{wait}"))
        elif fate < 0.98:
            out.append((t + 300, f"{callid}|{queue}|NONE|EXITWITHTIMEOUT|1|1|300"))
        elif fate < 0.99:
            out.append((t + 40, f"{callid}|{queue}|NONE|EXITWITHKEY|1|1|1|40"))
        else:
            out.append((t, f"{callid}|NONE|NONE|BLOCKED|channels|{caller}"))
    out.sort(key=lambda item: item[0])
    return out


def generate(path: Path, events: int, seed: int = 7) -> int:
    """Write about `events` lines to `path`; return how many were written."""
    rng = random.Random(seed)
    written, day, serial = 0, 0, [0]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        while written < events:
            for t, rest in _day(rng, day, serial):
                out.write(f"{t}|{rest}\n")
                written += 1
                if written >= events:
                    break
            day += 1
    return written


if __name__ == "__main__":
    count = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"wrote {count} events to {sys.argv[1]}")
