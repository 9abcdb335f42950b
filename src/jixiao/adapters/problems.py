"""Bad input, reported all at once: each problem names the file, line, field and what is valid."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file + (f" 第{self.line}行" if self.line else "")
        return f"{where}：{self.field + '：' if self.field else ''}{self.message}"


class InputError(Exception):
    """One or more problems with what the user gave; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class Unavailable(Exception):
    """Something jixiao needs from this machine is missing or cannot be reached: neither the
    user's input nor a fault of ours. The CLI prints the message and exits 1, without a
    traceback."""


class MissingTool(Unavailable):
    """A system program jixiao needs (LibreOffice) is missing or failed."""
