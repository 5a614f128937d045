"""One exception tree for the whole tool.

Domain code raises these; only the CLI and the TUI turn them into words and exit
codes. Input errors (the installer can fix them by editing what they typed) exit 2;
failures of the world (a host that did not answer, an apply that failed) exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass


class TamasError(Exception):
    """Base of every error the tool reports to a person."""

    exit_code = 1
    title = "error"

    def lines(self) -> list[str]:
        """The message as lines, ready for stderr or a TUI notification."""
        return [str(self)]


class InputError(TamasError):
    """Something the user gave us is wrong; exit code 2."""

    exit_code = 2
    title = "bad input"


@dataclass(frozen=True)
class FieldProblem:
    """One wrong field: where it is, what it held, and what would be right."""

    path: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        shown = f" (got {self.value})" if self.value is not None else ""
        return f"{self.path}: {self.message}{shown}"


class ProfileError(InputError):
    """A hardware profile that cannot be used: one line per wrong field."""

    title = "profile error"

    def __init__(self, source: str, problems: list[FieldProblem]) -> None:
        self.source = source
        self.problems = problems
        count = len(problems)
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''}")

    def lines(self) -> list[str]:
        return [str(self), *(f"  {p}" for p in self.problems)]


class CatalogueError(TamasError):
    """The device catalogue shipped with the tool is broken (a bug, not user input)."""


class PlanError(TamasError):
    """Sizing could not be computed."""


class RenderError(TamasError):
    """A template failed to render."""


class SecretsError(TamasError):
    """The secrets store is unreadable or unsafe."""


class ApplyError(TamasError):
    """Provisioning a host failed."""


class LabError(TamasError):
    """The lab appliance could not be built, started or stopped."""


class RouterError(TamasError):
    """The router could not be reached or configured."""


class AmiError(TamasError):
    """Asterisk's manager interface could not be reached or answered an error."""


class ReportError(TamasError):
    """A report could not be computed from the records given."""
