"""A satisfaction survey's answers from a spreadsheet: one row per respondent, one column per
question; 序号/时间 columns are skipped and 意见/建议/备注 columns kept as the free text."""

from __future__ import annotations

from pathlib import Path

from jixiao.adapters.importers.table_rows import read_grid, text
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.domain.surveys import Response, parse_answer
from jixiao.services.inventory import Numbered

SKIPPED = {"序号", "编号", "no", "时间", "提交时间", "填写时间", "ip", "来源"}
COMMENTS = {"意见", "建议", "意见建议", "意见和建议", "其他意见", "备注", "comment"}


def read_survey_table(path: Path) -> tuple[tuple[str, ...], list[Numbered[Response]]]:
    """(questions, responses); InputError naming every answer off the scale, nothing kept."""
    name = str(path)
    grid = read_grid(path)
    header_line = next((i for i, row in enumerate(grid) if any(text(c) for c in row)), None)
    if header_line is None:
        raise InputError([Problem(name, "文件是空的")])
    header = [text(c) for c in grid[header_line]]
    questions = [(i, h) for i, h in enumerate(header) if h and h.lower() not in SKIPPED | COMMENTS]
    comments = [i for i, h in enumerate(header) if h.lower() in COMMENTS]
    if not questions:
        raise InputError([Problem(name, "第一行应为问题（每列一个问题）", header_line + 1)])
    problems: list[Problem] = []
    responses: list[Numbered[Response]] = []
    for line, row in enumerate(grid[header_line + 1 :], start=header_line + 2):
        cells = [text(c) for c in row] + [""] * (len(header) - len(row))
        if not any(cells):
            continue
        answers: list[int | None] = []
        for column, question in questions:
            try:
                answers.append(parse_answer(cells[column]))
            except DomainError as error:
                problems.append(Problem(name, str(error), line, question))
        comment = "；".join(cells[i] for i in comments if cells[i])
        responses.append(Numbered(line, Response(tuple(answers), comment)))
    if problems:
        raise InputError(problems)
    if not responses:
        raise InputError([Problem(name, "表中没有答卷行")])
    return tuple(q for _, q in questions), responses
