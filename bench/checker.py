"""Benchmark: the checker's recall and precision on the corpus of real reports (tests/data/real).

Each NNN-slug.txt has a NNN-slug.yaml listing the defects a careful reader found, written
before any checker ran (docs: the corpus spec). All reports are checked in one run, as
`jixiao check` checks a batch. A finding matches a defect when it has the defect's rule id and
quotes its `key` (spaces and cell rules `|` removed) in its message, evidence or location.

- recall: matched defects ÷ defects whose rule is one of the checker's (a defect written as
  "other" names no rule and is counted apart);
- precision: findings matching a defect ÷ findings; `table-unreadable` says the checker could
  not read a table, not that the report is wrong, so it is listed but not counted.
"""

from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jixiao.adapters.files import files
from jixiao.domain.checks import RULES
from jixiao.domain.checks.scoring import SHEET_RULES
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.findings import Finding
from jixiao.services.checking import check_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "real"
# Finding ids that answer a written-down defect of another id: weights not adding up to 100 is
# the corpus's weights-wrong ("totals ≠ 100"), which the checker reports as weights-not-100.
ALIASES = {"weights-not-100": "weights-wrong"}
NOT_A_DEFECT = {"table-unreadable"}
CHECKER_RULES = set(RULES) | {rule_id for rule_id, *_ in SHEET_RULES}


@dataclass(frozen=True, slots=True)
class Defect:
    rule: str
    key: str
    why: str


@dataclass
class FileScore:
    name: str
    defects: list[Defect]
    findings: list[Finding]
    matched: list[Defect] = field(default_factory=list)
    missed: list[Defect] = field(default_factory=list)
    other: list[Defect] = field(default_factory=list)  # written as "other": no rule to match
    true: list[Finding] = field(default_factory=list)
    false: list[Finding] = field(default_factory=list)
    unread: list[Finding] = field(default_factory=list)  # table-unreadable, not counted


@dataclass
class Bench:
    files: list[FileScore]

    @property
    def defects(self) -> int:
        return sum(len(f.matched) + len(f.missed) for f in self.files)

    @property
    def matched(self) -> int:
        return sum(len(f.matched) for f in self.files)

    @property
    def findings(self) -> int:
        return sum(len(f.true) + len(f.false) for f in self.files)

    @property
    def true(self) -> int:
        return sum(len(f.true) for f in self.files)

    @property
    def recall(self) -> float:
        return self.matched / self.defects if self.defects else 0.0

    @property
    def precision(self) -> float:
        return self.true / self.findings if self.findings else 0.0


def _squeeze(text: str) -> str:
    """Without spaces, full-width forms folded ("（" = "(", "％" = "%"), as the spec compares.
    A cell rule "|" is layout like a space: a key quoting "<=0% | <=0%" from a page's table
    is the row a finding quotes with its cells joined by spaces."""
    return re.sub(r"[\s|]+", "", unicodedata.normalize("NFKC", text))


def matches(finding: Finding, defect: Defect) -> bool:
    if ALIASES.get(finding.rule, finding.rule) != defect.rule:
        return False
    said = _squeeze(" ".join((finding.message, *finding.evidence, finding.location)))
    return _squeeze(defect.key) in said


def score_file(name: str, defects: Sequence[Defect], findings: Sequence[Finding]) -> FileScore:
    result = FileScore(name, list(defects), list(findings))
    for defect in defects:
        if defect.rule not in CHECKER_RULES:
            result.other.append(defect)
        elif any(matches(f, defect) for f in findings):
            result.matched.append(defect)
        else:
            result.missed.append(defect)
    for finding in findings:
        if finding.rule in NOT_A_DEFECT:
            result.unread.append(finding)
        elif any(matches(finding, d) for d in defects):
            result.true.append(finding)
        else:
            result.false.append(finding)
    return result


def _defects(path: Path) -> list[Defect]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Defect(str(d.get("rule", "other")), str(d.get("key", "")), str(d.get("why", "")))
        for d in data.get("defects") or []
    ]


def _not_scored(project: Project) -> Evaluation:
    raise RuntimeError(f"the corpus holds reports, not project files: {project.name}")


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """The report pairs, numbered with three digits or more, in their numbers' order."""
    numbered = (
        (p.name.split("-", 1)[0], p)
        for p in corpus.glob("[0-9][0-9][0-9]*-*.txt")
        if p.with_suffix(".yaml").exists()
    )
    return [p for _, p in sorted((int(n), p) for n, p in numbered if n.isdigit())]


def _cell(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def written_table(data: dict[str, Any]) -> str:
    """The 自评表 the yaml writes down, as tab-separated rows (the shape every reader gives):
    what the checker would see with a perfect recogniser."""
    table = data.get("table") or {}
    lines: list[str] = []
    funds = table.get("funds") or {}
    if funds:
        unit = funds.get("unit") or "万元"
        lines.append(f"项目资金（{unit}）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分")
        cells = [funds.get(k) for k in ("budget", "budget", "executed", "points", "rate", "score")]
        lines += ["\t".join(["年度资金总额", *map(_cell, cells)]), ""]
    rows = table.get("rows") or []
    if rows:
        lines.append("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分")
        fields = ("level1", "level2", "name", "target", "actual", "points", "score")
        lines += ["\t".join(_cell(row.get(f)) or "—" for f in fields) for row in rows]
        if table.get("total_points") is not None or table.get("total_score") is not None:
            total = [_cell(table.get("total_points")), _cell(table.get("total_score"))]
            lines.append("\t".join(["总分", "", "", "", "", *total]))
    return "\n".join(lines)


def _with_written_tables(paths: Sequence[Path], scratch: Path) -> list[Path]:
    out = []
    for path in paths:
        data = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        text = path.read_text(encoding="utf-8")
        if table := written_table(data):
            text = f"{text}\n\n{table}\n"
        copy = scratch / path.name
        copy.write_text(text, encoding="utf-8")
        out.append(copy)
    return out


def measure(corpus: Path = CORPUS, *, written_tables: bool = False) -> Bench:
    """Check every report of the corpus in one run and score the findings against its yaml.

    With `written_tables`, each report gets the 自评表 its yaml writes down appended as a
    tab-separated table: the figures a perfect recogniser would give the rules."""
    paths = corpus_files(corpus)
    if written_tables:
        with tempfile.TemporaryDirectory() as scratch:
            checked = check_files(_with_written_tables(paths, Path(scratch)), files(), _not_scored)
    else:
        checked = check_files(paths, files(), _not_scored)
    scores = []
    for path, result in zip(paths, checked, strict=True):
        findings = list(result.findings)
        if result.problems:  # an unreadable file finds nothing
            findings = []
        scores.append(score_file(path.name, _defects(path.with_suffix(".yaml")), findings))
    return Bench(scores)


def _finding(f: Finding) -> str:
    evidence = f"｜{f.evidence[0][:60]}" if f.evidence else ""
    return f"{f.rule}：{f.message[:90]}{evidence}"


def report(bench: Bench) -> str:
    lines = [f"{'文件':<48} 缺陷 命中 发现 正确 召回率 准确率"]
    for f in bench.files:
        defects, found = len(f.matched) + len(f.missed), len(f.true) + len(f.false)
        recall = f"{len(f.matched) / defects:.0%}" if defects else "—"
        precision = f"{len(f.true) / found:.0%}" if found else "—"
        lines.append(
            f"{f.name:<50} {defects:>3} {len(f.matched):>4} {found:>4} {len(f.true):>4}"
            f" {recall:>6} {precision:>6}"
        )
    lines.append(
        f"合计：{len(bench.files)}个文件，缺陷{bench.defects}个（另有other {sum(len(f.other) for f in bench.files)}个），"
        f"命中{bench.matched}个，召回率{bench.recall:.1%}；发现{bench.findings}个，正确{bench.true}个，"
        f"准确率{bench.precision:.1%}"
    )
    lines.append("\n误报（未对应任何已记录缺陷的发现）：")
    lines += [f"  {f.name}：{_finding(x)}" for f in bench.files for x in f.false]
    lines.append("\n漏报（未被任何发现命中的缺陷）：")
    lines += [f"  {f.name}：{d.rule}「{d.key}」{d.why}" for f in bench.files for d in f.missed]
    unread = [f for f in bench.files if f.unread]
    lines.append(f"\n未能读出指标表（table-unreadable，不计入）：{len(unread)}个文件")
    # why the reader gave up, per file: a text cut short or shortened, header words with no
    # rows read, or a table read with rows it could not place (its reading notes)
    lines += [f"  {f.name}：{f.unread[0].message[:110]}" for f in unread]
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    corpus = Path(argv[0]) if argv else CORPUS
    if not corpus_files(corpus):
        print(f"语料目录 {corpus} 中没有 NNN-*.txt 与 .yaml 文件，跳过")
        return 0
    print(report(measure(corpus)))
    oracle = measure(corpus, written_tables=True)
    print(
        "\n假定读表完全正确（各报告附上 yaml 记下的自评表）："
        f"召回率{oracle.recall:.1%}（{oracle.matched}/{oracle.defects}），"
        f"准确率{oracle.precision:.1%}（{oracle.true}/{oracle.findings}）"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
