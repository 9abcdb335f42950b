"""`jixiao survey import|result`: satisfaction surveys (满意度调查) as evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, open_app, rate_number
from jixiao.domain.surveys import citation

survey_app = typer.Typer(help="满意度调查", no_args_is_help=True)
app.add_typer(survey_app, name="survey")


@survey_app.command("import")
def import_(
    name: Annotated[str, typer.Argument(help="调查名称（不存在则新建）")],
    file: Annotated[
        Path, typer.Argument(help="答卷表（.xlsx 或 .csv）：每行一份答卷，每列一个问题")
    ],
    project: Annotated[str, typer.Option("--project", help="所属项目名称")] = "",
    audience: Annotated[str, typer.Option("--audience", help="调查对象：群众、基层所队…")] = "",
) -> None:
    """导入答卷：答案写 满意/比较满意/一般/不满意/很不满意 或 5…1，空白为未作答；有任何答案不在量表内则全部不导入。"""
    created, added = open_app().import_survey(
        name, file, project=project, audience=audience, actor=CLI_ACTOR
    )
    what = "新建调查" if created else "调查"
    typer.echo(f"{what}“{name}”：已导入{added}份答卷。")


@survey_app.command("result")
def result(
    name: Annotated[str, typer.Argument(help="调查名称")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """满意度 =（满意 + 比较满意）÷ 有效答卷，附样本量与95%置信水平下的误差。"""
    tallied = open_app().survey_result(name)
    if as_json:
        data = {
            "survey": tallied.survey.name,
            "project": tallied.survey.project,
            "questions": [
                {"question": q.question, "answered": q.answered, "satisfied": q.satisfied}
                for q in tallied.questions
            ],
            "responses": tallied.responses,
            "valid": tallied.valid,
            "satisfied": tallied.satisfied,
            "satisfaction": rate_number(tallied.satisfaction),
            "margin": rate_number(tallied.margin),
            "warning": tallied.warning,
            "citation": citation(tallied),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(citation(tallied))
