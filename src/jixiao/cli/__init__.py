"""The `jixiao` command line: parse, call the domain or a service, print."""

from __future__ import annotations

import json
import re
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao import __version__
from jixiao.adapters.problems import InputError
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.cli.render import render
from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import evaluate as evaluate_project

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）：项目支出绩效自评——资金、指标、证据、自评表与自评报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=160, color_system=None)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="显示版本号", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """jixiao（绩效）：项目支出绩效自评。"""


@app.command()
def evaluate(
    files: Annotated[
        list[Path], typer.Argument(help="项目文件（YAML），可给多个", metavar="FILE...")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
) -> None:
    """按财预〔2020〕10号规则为项目打分，输出自评表（总分与等级）。"""
    evaluations = [evaluate_project(load_project(f)) for f in files]
    if as_json:
        objects = [evaluation_to_dict(e) for e in evaluations]
        typer.echo(
            json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
        )
        return
    console = _console()
    for i, evaluation in enumerate(evaluations):
        if len(files) > 1:
            console.rule(f"{files[i]}")
        render(evaluation, console)


_USAGE_MESSAGES = (
    (re.compile(r"Missing (?:parameter|argument):? '?(\w+)'?"), "缺少参数 {0}"),
    (re.compile(r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?"), "没有命令“{0}”"),
    (re.compile(r"No such option: (\S+)"), "没有选项 {0}"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), "多余的参数：{0}"),
)


def _usage_message(text: str) -> str:
    """typer's (English) usage errors in Chinese, for the common ones; others kept as they are."""
    for pattern, chinese in _USAGE_MESSAGES:
        if match := pattern.search(text):
            message = chinese.format(*match.groups())
            if len(match.groups()) > 1 and match.group(2):
                message += f"；是否想用“{match.group(2)}”？"
            return message
    return text


def main() -> None:
    """Entry point: bad input -> Chinese message and exit 2; a bug -> exit 1 with the trace."""
    try:
        app(standalone_mode=False)
    except InputError as error:
        for problem in error.problems:
            typer.echo(f"错误：{problem}", err=True)
        sys.exit(2)
    except DomainError as error:
        typer.echo(f"错误：{error}", err=True)
        sys.exit(2)
    except typer.Exit as error:
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.echo("已中止。", err=True)
        sys.exit(130)
    except Exception as error:
        # typer vendors click; its usage errors carry exit_code 2 and format_message().
        if getattr(error, "exit_code", None) == 2 and hasattr(error, "format_message"):
            if type(error).__name__ == "NoArgsIsHelpError":
                error.show()  # type: ignore[attr-defined]
            else:
                message = _usage_message(str(error.format_message()))
                typer.echo(f"用法错误：{message}\n运行 jixiao --help 查看用法。", err=True)
            sys.exit(2)
        typer.echo("内部错误（程序缺陷，不是输入问题）。请把以下信息报告给维护者：", err=True)
        traceback.print_exc()
        sys.exit(1)
