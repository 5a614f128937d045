"""Entry point of `tamas`: builds the app from one module per command group.

Each module in COMMAND_MODULES exposes `register(app)`; command bodies stay a few
lines and call the domain. Errors from the domain (TamasError) become one readable
message on stderr and an exit code (2 for bad input); nothing prints locals, since
secrets may be in scope.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from appliance.errors import TamasError
from provision.cli import examples
from provision.cli.output import print_error

COMMAND_MODULES = (
    "provision.cli.profile_cmds",
    "provision.cli.secrets_cmd",
    "provision.cli.lab_cmd",
    "provision.cli.apply_cmd",
    "provision.cli.packages_cmd",
    "provision.cli.plan_cmd",
    "provision.cli.tui_cmds",
    "provision.cli.router_cmd",
    "provision.cli.phones_cmd",
    "provision.cli.report_cmd",
    "provision.cli.render_cmd",
    "provision.cli.status_cmd",
    "provision.cli.doctor_cmd",
    "provision.cli.campaign_cmd",
    "provision.cli.holidays_cmd",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="tamas",
        help="Tamas: plan, provision and watch an on-prem Asterisk call center.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish)
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    examples.attach(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Run `tamas` with these arguments and return the exit code (tests call this)."""
    app = build_app()
    try:
        app(args=argv, prog_name="tamas")  # standalone: Typer prints usage errors, exits 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except TamasError as exc:
        print_error(exc)
        return exc.exit_code
    except typer.Abort:
        print("aborted", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last line of defence: no traceback, no locals
        if os.environ.get("TAMAS_DEBUG"):
            raise
        print(  # noqa: T201
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in tamas. Run again with TAMAS_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return 1
    return 0


def run() -> None:
    sys.exit(main())
