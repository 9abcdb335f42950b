"""The dependency rule of DESIGN.md, checked on the source: the domain stays pure."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "jixiao"
# Pure computation libraries the domain may use: no I/O, no clock, no globals at call time.
DOMAIN_ALLOWED = {"cn2an"}
LAYERS = ["domain", "services", "adapters", "cli", "web"]


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_domain_imports_only_the_stdlib_itself_and_pure_helpers() -> None:
    for path in (SRC / "domain").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            ok = (
                top in sys.stdlib_module_names
                or top in DOMAIN_ALLOWED
                or name.startswith("jixiao.domain")
            )
            assert ok, f"{path.name} imports {name}"


def test_dependencies_point_inwards() -> None:
    """domain <- services <- adapters <- cli/web: no layer imports one further out."""
    for inner_index, inner in enumerate(LAYERS[:3]):
        outer = LAYERS[inner_index + 1 :]
        for path in (SRC / inner).rglob("*.py"):
            for name in _imports(path):
                for layer in outer:
                    assert not name.startswith(f"jixiao.{layer}"), (
                        f"{inner}/{path.name} imports {name}"
                    )


def test_domain_never_reads_the_clock_or_environment() -> None:
    forbidden = (
        "date.today",
        "datetime.now",
        "datetime.utcnow",
        "time.time",
        "os.environ",
        "open(",
    )
    for path in (SRC / "domain").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{path.name} uses {word}"


def test_every_domain_error_derives_from_domain_error() -> None:
    """One root for bad input: the CLI maps DomainError to exit 2, the web to a 4xx."""
    import importlib
    import inspect
    import pkgutil

    import jixiao.domain
    from jixiao.domain.errors import DomainError

    found = []
    for info in pkgutil.walk_packages(jixiao.domain.__path__, "jixiao.domain."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                found.append(cls)
                assert issubclass(cls, DomainError), f"{cls.__qualname__} in {module.__name__}"
    assert len(found) >= 10  # the walk did reach the domain's error classes


def test_an_unavailable_store_is_not_bad_input() -> None:
    from jixiao.adapters.problems import MissingTool, Unavailable
    from jixiao.bootstrap import StoreUnavailable
    from jixiao.domain.errors import DomainError

    for cls in (StoreUnavailable, MissingTool):
        assert issubclass(cls, Unavailable) and not issubclass(cls, DomainError)
