"""`jixiao project …`: project-years kept in the evidence store, made and corrected."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.adapters.projectfile.documents import written
from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, open_app
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.presentation import score_prose
from jixiao.services.project_editing import NewProject
from jixiao.services.projects import Evaluated

project_app = typer.Typer(help="项目（存入证据库的项目文件）", no_args_is_help=True)
app.add_typer(project_app, name="project")


@project_app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="项目文件（YAML）")]) -> None:
    """导入项目文件；同名同年度的项目被替换。"""
    project, _, replaced = open_app().import_project_file(file, actor=CLI_ACTOR)
    verb = "已替换" if replaced else "已导入"
    typer.echo(
        f"{verb}项目“{project.name}”（{project.year}年度），{len(project.indicators)}个指标。"
    )


@project_app.command("next")
def next_(
    file: Annotated[Path, typer.Argument(help="本年度的项目文件（YAML）")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="写入的文件；不给则输出到屏幕")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """从本年度项目文件生成下一年度的项目文件：指标、目标、证据绑定和多年合同延续，本年的实际值与支付不带入。"""
    application = open_app()
    if out is not None and out.exists() and not force:
        raise InputError([Problem(str(out), "文件已存在；如需覆盖请加 --force")])
    project, text = application.next_year(file)
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(
        f"已生成“{project.name}”{project.year}年度项目文件 {out}："
        f"{len(project.indicators)}个指标、{len(project.funds.contracts)}个合同；"
        "请填写本年度预算与资金下达。"
    )


@project_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Annotated[int | None, typer.Option("--year", help="年度（同名多个年度时必填）")] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="写入的文件；不给则输出到屏幕")
    ] = None,
) -> None:
    """把证据库中的项目导出为项目文件（与导入的格式相同）。"""
    application = open_app()
    found = application.find_projects(name, year)
    known = application.project_names()
    if not found:
        listed = "；".join(f"{n}（{y}）" for n, y in known) or "（证据库中还没有项目）"
        raise InputError(
            [
                Problem(
                    "命令行",
                    f"没有项目“{name}”{f'（{year}年度）' if year else ''}；已有：{listed}",
                    None,
                    "NAME",
                )
            ]
        )
    if len(found) > 1:
        years = "、".join(str(p.year) for p in found)
        raise InputError(
            [
                Problem(
                    "命令行", f"项目“{name}”有多个年度（{years}），请用 --year 指定", None, "--year"
                )
            ]
        )
    text = application.files.projects.dump(found[0])
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"已写入 {out}")


@project_app.command("list")
def list_() -> None:
    """列出证据库中的项目（已归档的标明“已归档”）。"""
    application = open_app()
    names = application.project_names()
    archived = {(a.name, a.year) for a in application.archived_projects()}
    for name, year in names:
        typer.echo(f"{year}\t{name}" + ("\t已归档" if (name, year) in archived else ""))
    if not names:
        typer.echo("证据库中还没有项目；用 jixiao project import FILE.yaml 导入。")


# project editing: the same use cases as the web app's 新建项目 and 项目信息 (services/project_editing.py).

Year = Annotated[int, typer.Option("--year", help="年度")]


def _evaluated(item: Evaluated) -> None:
    e = item.evaluation
    typer.echo(
        f"“{item.stored.name}”（{item.stored.year}年度）：{len(item.stored.indicators)}个指标，"
        f"总分{score_prose(e.total)}。"
    )


@project_app.command("templates")
def templates() -> None:
    """列出指标库的模板（用于 project create --template）。"""
    for t in open_app().project_templates():
        typer.echo(f"{t.key}\t{t.title}\t{len(t.indicators)}个指标\t{t.description}")


@project_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="项目名称（--from-year 时可为空字符串，沿用原名称）")],
    year: Year,
    budget: Annotated[
        str | None, typer.Option("--budget", help="年初预算数；不带单位的数为万元")
    ] = None,
    department: Annotated[str, typer.Option("--department", help="主管部门")] = "",
    implementer: Annotated[str, typer.Option("--implementer", help="实施单位")] = "",
    template: Annotated[
        str | None, typer.Option("--template", help="指标模板（见 project templates）")
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="模板绑定的设备分组")] = None,
    from_project: Annotated[
        str | None, typer.Option("--from", help="延续的上一年度项目名称（与 --from-year 同用）")
    ] = None,
    from_year: Annotated[int | None, typer.Option("--from-year", help="上一年度")] = None,
) -> None:
    """新建项目：空白、从指标模板（--template）或延续上一年度的项目（--from-year）。"""
    application = open_app()
    previous = None
    if from_year is not None:
        previous = application.project_key(from_project or name, from_year)
    source = "previous" if previous is not None else "template" if template else "blank"
    new = NewProject(
        name=name,
        year=year,
        department=department,
        implementer=implementer,
        initial_budget=written(budget),
        source=source,  # type: ignore[arg-type]
        previous=previous,
        template=template,
        group=group,
    )
    _evaluated(application.create_project(new, actor=CLI_ACTOR))


@project_app.command("set")
def set_(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Year,
    new_name: Annotated[str | None, typer.Option("--name", help="新的项目名称")] = None,
    new_year: Annotated[int | None, typer.Option("--new-year", help="新的年度")] = None,
    department: Annotated[str | None, typer.Option("--department", help="主管部门")] = None,
    implementer: Annotated[str | None, typer.Option("--implementer", help="实施单位")] = None,
    expected: Annotated[str | None, typer.Option("--expected", help="预期目标")] = None,
    achieved: Annotated[str | None, typer.Option("--achieved", help="实际完成情况")] = None,
) -> None:
    """修改项目信息与年度目标（只改给出的项）。"""
    given = {
        "name": new_name,
        "year": new_year,
        "department": department,
        "implementer": implementer,
        "expected": expected,
        "achieved": achieved,
    }
    values = {k: v for k, v in given.items() if v is not None}
    application = open_app()
    key = application.project_key(name, year)
    _evaluated(application.update_project(key, values, actor=CLI_ACTOR))


@project_app.command("add-indicator")
def add_indicator(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Year,
    level1: Annotated[str, typer.Option("--level1", help="一级指标，如 产出指标")],
    level2: Annotated[str, typer.Option("--level2", help="二级指标，如 质量指标")],
    indicator: Annotated[str, typer.Option("--indicator", help="三级指标名称")],
    target: Annotated[str | None, typer.Option("--target", help="年度指标值，如 ≥95%")] = None,
    actual: Annotated[
        str | None, typer.Option("--actual", help="实际完成值或证据绑定，写法同项目文件")
    ] = None,
    points: Annotated[
        str | None, typer.Option("--points", help="分值；不给则本一级指标内平均分配")
    ] = None,
) -> None:
    """新增指标（按项目文件规则校验）。"""
    typed = {"target": target, "actual": actual, "points": points}
    values = {"level1": level1, "level2": level2, "name": indicator} | {
        k: written(v) for k, v in typed.items() if v is not None
    }
    application = open_app()
    key = application.project_key(name, year)
    _evaluated(application.add_indicator(key, values, actor=CLI_ACTOR))


@project_app.command("move-indicator")
def move_indicator(
    name: Annotated[str, typer.Argument(help="项目名称")],
    number: Annotated[int, typer.Argument(help="指标序号（从1数起）", min=1)],
    to: Annotated[int, typer.Argument(help="移到第几个（从1数起）", min=1)],
    year: Year,
) -> None:
    """移动指标。"""
    application = open_app()
    key = application.project_key(name, year)
    _evaluated(application.move_indicator(key, number - 1, to - 1, actor=CLI_ACTOR))


@project_app.command("remove-indicator")
def remove_indicator(
    name: Annotated[str, typer.Argument(help="项目名称")],
    number: Annotated[int, typer.Argument(help="指标序号（从1数起）", min=1)],
    year: Year,
) -> None:
    """删除指标；有分值时本一级指标的分值重新平均分配。"""
    application = open_app()
    key = application.project_key(name, year)
    _evaluated(application.remove_indicator(key, number - 1, actor=CLI_ACTOR))


@project_app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Year,
    reason: Annotated[str, typer.Option("--reason", help="删除原因（记入审计日志）")],
) -> None:
    """删除项目；审计日志保留完整的项目文件，可重新导入恢复。"""
    application = open_app()
    title = application.delete_project(
        application.project_key(name, year), reason=reason, actor=CLI_ACTOR
    )
    typer.echo(f"已删除项目{title}。")


# 归档 (project archive): set aside without deleting (services/project_archive.py).


@project_app.command("archive")
def archive(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Year,
    reason: Annotated[str, typer.Option("--reason", help="归档原因（记入审计日志）")],
) -> None:
    """归档项目：不再出现在项目列表中，只读，可由管理员恢复（jixiao project restore）。"""
    application = open_app()
    key = application.project_key(name, year)
    title = application.archive_project(key, reason=reason, actor=CLI_ACTOR)
    typer.echo(f"已归档项目{title}。")


@project_app.command("restore")
def restore(name: Annotated[str, typer.Argument(help="项目名称")], year: Year) -> None:
    """恢复已归档的项目：重新出现在项目列表中，可以修改。"""
    application = open_app()
    title = application.restore_project(application.project_key(name, year), actor=CLI_ACTOR)
    typer.echo(f"已恢复项目{title}。")
