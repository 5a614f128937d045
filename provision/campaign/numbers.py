"""Reading a campaign's numbers from a CSV file: one number per row (first column)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from appliance.errors import FieldProblem, InputError

_NUMBER = re.compile(r"^\+?[0-9]{3,20}$")


class NumbersError(InputError):
    title = "campaign numbers"

    def __init__(self, source: str, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} bad row(s)")

    def lines(self) -> list[str]:
        return [str(self), *(f"  {p}" for p in self.problems)]


def read_numbers(path: Path) -> list[str]:
    """Numbers in file order, duplicates dropped; a header row 'number' is allowed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from None
    numbers: list[str] = []
    problems: list[FieldProblem] = []
    for row_no, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not row[0].strip() or row[0].strip().startswith("#"):
            continue
        value = re.sub(r"[\s().-]", "", row[0])
        if row_no == 1 and value.lower() in ("number", "phone", "numbers"):
            continue
        if not _NUMBER.match(value):
            problems.append(FieldProblem(
                f"row {row_no}", "must be a phone number: digits, optionally a leading +,"
                " 3 to 20 digits", row[0].strip()))
            continue
        if value not in numbers:
            numbers.append(value)
    if problems:
        raise NumbersError(str(path), problems)
    if not numbers:
        raise InputError(f"{path}: holds no number; put one number per row")
    return numbers
