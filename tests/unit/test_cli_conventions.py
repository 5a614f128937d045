"""CLI conventions, checked over the whole built CLI: every command shows examples that
parse, prints JSON on request (the two full-screen apps and `lab exec` aside), and shell
completion can be installed."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer

from provision.cli.examples import EXAMPLES
from provision.cli.main import build_app

# Full-screen apps print no result; `lab exec` prints the inner command's own output.
NO_JSON = {"wizard", "monitor", "lab exec"}


def commands() -> Iterator[tuple[str, click.Command]]:
    def walk(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[str, click.Command]]:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, (*path, name))
        else:
            yield " ".join(path), command

    yield from walk(typer.main.get_command(build_app()), ())


ALL = dict(commands())
ROOT = typer.main.get_command(build_app())


def parse(args: list[str]) -> str:
    """Parse like click does before running anything; the path of the command reached."""
    context = ROOT.make_context("tamas", list(args))
    command: click.Command = ROOT
    path: list[str] = []
    while hasattr(command, "resolve_command"):  # a group (Typer may bring its own click)
        rest = [*context._protected_args, *context.args]
        name, sub, rest = command.resolve_command(context, rest)
        assert sub is not None and name is not None
        path.append(name)
        context = sub.make_context(name, rest, parent=context)
        command = sub
    return " ".join(path)


def test_the_examples_table_names_only_real_commands() -> None:
    assert set(EXAMPLES) == set(ALL)


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_command_shows_examples_that_parse(name: str) -> None:
    command = ALL[name]
    assert command.epilog and command.epilog.startswith("Examples:")
    for example in EXAMPLES[name]:
        argv = shlex.split(example, comments=True)
        assert argv[0] == "tamas", example
        # Parsing alone: options and arguments exist and take these values; nothing runs.
        assert parse(argv[1:]) == name, example


@pytest.mark.parametrize("name", sorted(set(ALL) - NO_JSON))
def test_every_command_that_prints_a_result_has_json(name: str) -> None:
    options = {opt for param in ALL[name].params for opt in getattr(param, "opts", [])}
    assert "--json" in options or "--format" in options, name


def test_shell_completion_is_installable() -> None:
    tamas = str(Path(sys.executable).with_name("tamas"))
    help_text = subprocess.run([tamas, "--help"], capture_output=True, text=True).stdout
    assert "--install-completion" in help_text
    script = subprocess.run([tamas, "--show-completion", "bash"], capture_output=True,
                            text=True)
    assert script.returncode == 0 and "_TAMAS_COMPLETE" in script.stdout
    done = subprocess.run([tamas], env={"_TAMAS_COMPLETE": "complete_bash",
                                        "COMP_WORDS": "tamas lab tr", "COMP_CWORD": "2",
                                        "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.stdout.split() == ["traffic"]
