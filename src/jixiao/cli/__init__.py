"""The `jixiao` command line: parse, call the domain or a service, print.

Each command lives in its own module and registers itself on `app` when imported below.
"""

from __future__ import annotations

import re
import sys
import traceback

import typer

from jixiao.adapters.problems import Unavailable
from jixiao.cli import (  # noqa: F401  (register their commands)
    assess,
    attach,
    availability,
    check,
    corrections,
    db,
    department,
    devices,
    evaluate,
    examples,
    importing,
    maintenance,
    monitor,
    probe,
    project,
    recordings,
    report,
    serve,
    sip,
    status,
    survey,
    targets,
    tickets,
    users,
)
from jixiao.cli.app import app
from jixiao.domain.errors import DomainError, InputError

__all__ = ["app", "main"]

_USAGE_MESSAGES = (
    (re.compile(r"Missing (?:parameter|argument):? '?(\w+)'?"), "缺少参数 {0}"),
    (re.compile(r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?"), "没有命令“{0}”"),
    (re.compile(r"Missing option '([^']+)'"), "缺少选项 {0}"),
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


def _store_failure(error: BaseException) -> Unavailable | None:
    from jixiao.bootstrap import store_failure
    from jixiao.config import load_settings

    try:
        url = load_settings().url
    except Exception:  # the settings were read once already; this is only for the message
        return None
    return store_failure(error, url)


def main() -> None:
    """Entry point: bad input -> Chinese message and exit 2; something this machine lacks
    (LibreOffice, a reachable store) -> its message and exit 1; a bug -> exit 1 with the trace."""
    try:
        app(standalone_mode=False)
    except InputError as error:
        for problem in error.problems:
            typer.echo(f"错误：{problem}", err=True)
        sys.exit(2)
    except DomainError as error:
        typer.echo(f"错误：{error}", err=True)
        sys.exit(2)
    except Unavailable as error:
        typer.echo(f"错误：{error}", err=True)
        sys.exit(1)
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
        store = _store_failure(error)
        if store is not None:  # the store went down or was found damaged while in use
            typer.echo(f"错误：{store}", err=True)
            sys.exit(1)
        typer.echo("内部错误（程序缺陷，不是输入问题）。请把以下信息报告给维护者：", err=True)
        traceback.print_exc()
        sys.exit(1)
