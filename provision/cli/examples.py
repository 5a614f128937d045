"""Examples shown at the end of every command's --help, kept in one table.

`attach(app)` puts them in as each command's epilog, so the command modules stay as
they are; a unit test walks the built CLI and fails on a command without examples.
Each example is one line: the command, two spaces, then what it does.
"""

from __future__ import annotations

import typer

EXAMPLES: dict[str, list[str]] = {
    "validate": ["tamas validate shop.yaml", "tamas validate shop.yaml --json"],
    "plan": ["tamas plan shop.yaml", "tamas plan shop.yaml --strict  # exit 1 on a finding",
             "tamas plan shop.yaml --json"],
    "render": ["tamas render shop.yaml --out build/",
               "tamas render shop.yaml --out build/ --lab demo"],
    "apply": ["tamas apply shop.yaml  # to the lab",
              "tamas apply shop.yaml --target lab --check --diff",
              "tamas apply shop.yaml --target 192.168.88.10",
              "tamas apply shop.yaml --target profile --host-key SHA256:...",
              "tamas apply shop.yaml --target local"],
    "packages build": ["tamas packages build  # both releases, or only what Debian updated",
                       "tamas packages build --release trixie --json"],
    "packages list": ["tamas packages list", "tamas packages list --json"],
    "packages bundle": ["tamas packages bundle --release trixie -o /media/usb/"],
    "packages import": ["tamas packages import tamas-asterisk-trixie.tar",
                        "tamas packages import tamas-asterisk-trixie.tar --json"],
    "holidays": ["tamas holidays tehran-shop.yaml",
                 "tamas holidays tehran-shop.yaml --json"],
    "status": ["tamas status shop.yaml", "tamas status shop.yaml --target local --json"],
    "monitor": ["tamas monitor shop.yaml", "tamas monitor shop.yaml --target 192.168.88.10"],
    "doctor": ["tamas doctor shop.yaml", "tamas doctor shop.yaml --bundle support.tar.gz"],
    "report": ["tamas report  # today's KPIs from the lab",
               "tamas report --profile shop.yaml --from 2026-12-01 --by agent",
               "tamas report --queue-log queue_log --format csv -o kpis.csv"],
    "wizard": ["tamas wizard office.yaml", "tamas wizard office.yaml --from shop"],
    "secrets set": ["tamas secrets set shop.yaml lines.city", "tamas secrets set shop.yaml router"],
    "secrets list": ["tamas secrets list shop.yaml", "tamas secrets list shop.yaml --json"],
    "lab up": ["tamas lab up", "tamas lab --name demo up --json"],
    "lab down": ["tamas lab down  # stops its traffic too", "tamas lab --name demo down --purge"],
    "lab status": ["tamas lab status", "tamas lab --name demo status --json"],
    "lab exec": ['tamas lab exec -- asterisk -rx "queue show"',
                 "tamas lab --name demo exec -- tail /var/log/asterisk/queue_log"],
    "lab traffic": ["tamas lab traffic  # 120 calls an hour, every agent, for an hour",
                    "tamas lab traffic --calls-per-hour 300 --agents 2 --duration 10",
                    "tamas lab traffic --stop  # tamas lab down stops it too"],
    "router plan": ["tamas router plan shop.yaml", "tamas router plan shop.yaml --json"],
    "router apply": ["tamas router apply shop.yaml",
                     "tamas router apply shop.yaml --rollback-after 10m"],
    "router export": ["tamas router export shop.yaml --out office.rsc",
                      "tamas router export shop.yaml --routeros 6"],
    "phones list": ["tamas phones list shop.yaml", "tamas phones list shop.yaml --json"],
    "campaign start": ["tamas campaign start shop.yaml numbers.csv --queue support --pace 6"],
    "campaign status": ["tamas campaign status shop.yaml --json"],
    "campaign stop": ["tamas campaign stop shop.yaml"],
}


def epilog(lines: list[str]) -> str:
    # Typer's help joins single newlines; paragraphs (blank lines) stay lines of their own.
    return "\n\n".join(["Examples:", *lines])


def attach(app: typer.Typer, prefix: str = "") -> None:
    """Give every command of `app` (and of its groups) its examples, unless it has its own."""
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        key = f"{prefix}{name.replace('_', '-')}"
        if command.epilog is None and key in EXAMPLES:
            command.epilog = epilog(EXAMPLES[key])
    for group in app.registered_groups:
        if group.typer_instance is not None and group.name:
            attach(group.typer_instance, f"{prefix}{group.name} ")
