"""`jixiao examples load [DIR]`: the examples' sample data into the store (for `make run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao import sample_data
from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, open_app

examples_app = typer.Typer(help="示例数据", no_args_is_help=True)
app.add_typer(examples_app, name="examples")


@examples_app.command("load")
def load(
    directory: Annotated[Path, typer.Argument(help="示例目录")] = Path("examples"),
) -> None:
    """载入示例：项目文件、点位表、状态记录、天网工单，以及 evidence/evidence.yaml 中的样例调查与材料；重复载入不会重复记录。"""
    loaded = sample_data.load_examples(open_app(), directory, actor=CLI_ACTOR)
    typer.echo(f"已载入{len(loaded)}个示例文件：{'、'.join(loaded) or '（无）'}")
