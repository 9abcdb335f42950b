"""`jixiao examples load [DIR]`: the examples' sample data into the demo store (for `make run`);
never into the real store, so demo data and real data do not mix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao import bootstrap, sample_data
from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR
from jixiao.config import load_settings

examples_app = typer.Typer(help="示例数据", no_args_is_help=True)
app.add_typer(examples_app, name="examples")


@examples_app.command("load")
def load(
    directory: Annotated[Path, typer.Argument(help="示例目录")] = Path("examples"),
) -> None:
    """把示例载入演示数据库（数据目录下 demo/，与真实数据分开）：项目文件、点位表、状态记录、天网工单，以及 evidence/evidence.yaml 中的样例调查与材料；重复载入不会重复记录。"""
    settings = load_settings().as_demo()
    loaded = sample_data.load_examples(bootstrap.application(settings), directory, actor=CLI_ACTOR)
    typer.echo(f"已载入{len(loaded)}个示例文件：{'、'.join(loaded) or '（无）'}")
    typer.echo(
        f"演示数据库：{settings.url.removeprefix('sqlite:///')}；"
        "其他命令加环境变量 JIXIAO_DEMO=true 即用它，jixiao serve --demo 打开它的网页端"
    )
