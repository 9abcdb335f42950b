"""`jixiao users list|add|reset-password`: the web app's accounts, from the server's terminal.

For the operator who has no administrator left to log in as (a lost one-time password, a
locked or forgotten admin). The use cases are services.accounts'; entries in the audit log
name the actor `cli`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from jixiao import bootstrap
from jixiao.cli.app import app, console
from jixiao.cli.store import open_services
from jixiao.domain.errors import InputError, Problem
from jixiao.services.accounts import CLI, Accounts, one_time_password
from jixiao.services.web_ports import ROLE_LABELS, Role, User

users_app = typer.Typer(help="网页端用户与角色（在服务器上管理账号）", no_args_is_help=True)
app.add_typer(users_app, name="users")
ROLE_HELP = "、".join(f"{role.value}（{label}）" for role, label in ROLE_LABELS.items())


def _accounts() -> tuple[Accounts, dt.tzinfo]:
    services = open_services()
    return bootstrap.accounts(services), services.zone


def _role(written: str) -> Role:
    """A role by its English name or its Chinese label."""
    text = written.strip()
    for role, label in ROLE_LABELS.items():
        if text.lower() == role.value or text == label:
            return role
    raise InputError(
        [Problem("命令行", f"角色“{written}”应为以下之一：{ROLE_HELP}", None, "--role")]
    )


def _when(seconds: int | None, zone: dt.tzinfo) -> str | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, zone).isoformat(timespec="seconds")


def _user_json(user: User, zone: dt.tzinfo) -> dict[str, object]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "role_label": ROLE_LABELS[user.role],
        "active": user.active,
        "must_change_password": user.must_change_password,
        "failed_logins": user.failed_logins,
        "locked_until": _when(user.locked_until, zone),
        "created_at": _when(user.created_at, zone),
    }


@users_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """列出网页端用户：角色、是否启用、是否须改密码、锁定到何时。"""
    accounts, zone = _accounts()
    users = accounts.users()
    if as_json:
        typer.echo(json.dumps([_user_json(u, zone) for u in users], ensure_ascii=False))
        return
    if not users:
        typer.echo("还没有用户；首次运行 jixiao serve 时创建管理员 admin。")
        return
    now = accounts.now()
    table = Table(title=f"用户（{len(users)}个）")
    for name in ("用户名", "姓名", "角色", "状态", "须改密码", "锁定至"):
        table.add_column(name)
    for u in users:
        locked = u.locked_until is not None and u.locked_until > now
        table.add_row(
            u.username,
            u.display_name,
            ROLE_LABELS[u.role],
            "启用" if u.active else "停用",
            "是" if u.must_change_password else "",
            (_when(u.locked_until, zone) or "") if locked else "",
        )
    console().print(table)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="用户名（2–32位字母、数字或 _ . -）")],
    role: Annotated[str, typer.Option("--role", help=f"角色：{ROLE_HELP}", show_default=False)],
    display_name: Annotated[str, typer.Option("--display-name", help="姓名")] = "",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="从标准输入读取初始密码（第一行）；省略时生成一次性密码"
        ),
    ] = False,
) -> None:
    """新建网页端用户；首次登录后须修改密码。"""
    chosen = _role(role)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else one_time_password()
    accounts, _ = _accounts()
    user = accounts.create_user(CLI, username, display_name, chosen, password)
    typer.echo(f"已新建用户 {user.username}（{ROLE_LABELS[user.role]}）。")
    if password_stdin:
        typer.echo("首次登录后须修改密码。")
    else:
        typer.echo(f"一次性密码：{password}\n（只显示这一次；首次登录后须修改）")


@users_app.command("reset-password")
def reset_password(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """为用户生成新的一次性密码（下次登录后须修改），解除锁定，并结束其全部登录会话。"""
    accounts, _ = _accounts()
    user, password = accounts.reset_password(CLI, username)
    typer.echo(
        f"已重置用户 {user.username} 的密码，一次性密码：{password}\n"
        "（只显示这一次；下次登录后须修改；锁定已解除，原有登录会话已结束）"
    )
    if not user.active:
        typer.echo(f"注意：用户 {user.username} 已停用，须由管理员启用后才能登录。", err=True)
