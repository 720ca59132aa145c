"""Located problems found in curriculum files, and the error that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from ..errors import LearnpathError

__all__ = ["Problem", "CurriculumError", "sort_problems"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake (or doubtful spot) at a place in a curriculum file.

    Lines and columns are 1-based, as editors show them.

    Examples
    --------
    >>> str(Problem("a.yaml", 3, 5, "error", "unknown field `requries`"))
    'a.yaml:3:5: error: unknown field `requries`'
    """

    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order: by file, line, column, then errors before warnings."""
    return sorted(
        problems, key=lambda p: (p.file, p.line, p.column, p.severity != "error", p.message)
    )


class CurriculumError(LearnpathError):
    """A catalogue that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [str(p) for p in errors[:20]]
        if len(errors) > 20:
            lines.append(f"... and {len(errors) - 20} more errors")
        super().__init__(f"the curriculum has {len(errors)} error(s):\n" + "\n".join(lines))
