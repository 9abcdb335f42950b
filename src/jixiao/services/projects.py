"""Project-years kept in the store, edited from the web app and re-evaluated after each edit.

An edit changes the project's document (the project file's content as plain data), which
the project-file reader then validates exactly as it validates a file given to the CLI
(ProjectCodec); only a project that passes is stored, with an audit entry of the change.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.evaluation import Evaluation, Project, evaluate, score_execution
from jixiao.domain.presentation import money, rate_text, wan
from jixiao.domain.targets import EvidenceRef
from jixiao.services.audit import record
from jixiao.services.evidence import binding_problems, has_evidence_refs, unresolved
from jixiao.services.project_archive import refuse_if_archived
from jixiao.services.scoring import evaluate_project
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_errors import NotFound, Refused
from jixiao.services.web_ports import WebRepos

log = logging.getLogger(__name__)
INDICATOR_FIELDS = ("target", "actual", "points", "note")
MONEY_FIELDS = frozenset({"initial_budget", "budget", "executed", "amount", "total", "paid_before"})
BARE_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
FUNDS_FIELDS = ("initial_budget", "budget", "executed")
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "allocations": ("date", "amount", "document"),
    "payments": ("date", "amount", "memo", "contract"),
    "contracts": ("name", "total", "start", "months", "due", "paid_before"),
}
ITEM_ENTITIES = {"allocations": "allocation", "payments": "payment", "contracts": "contract"}
ItemKind = Literal["allocations", "payments", "contracts"]
# The project file's words in Chinese, for the audit log (as the project-file reader names them).
FIELD_WORDS = {
    "name": "名称",
    "department": "主管部门",
    "implementer": "实施单位",
    "year": "年度",
    "layout": "指标体系",
    "expected": "预期目标",
    "achieved": "实际完成情况",
    "level1": "一级指标",
    "level2": "二级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "points": "分值",
    "note": "偏差原因分析及改进措施",
    "initial_budget": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "date": "日期",
    "amount": "金额",
    "document": "文号",
    "memo": "摘要",
    "contract": "所属合同",
    "total": "合同总额",
    "start": "起始日期",
    "months": "付款月数",
    "due": "应付日期",
    "paid_before": "以前年度已付",
    "contractor": "承接单位",
}


class ProjectInvalid(InputError):
    """The edited project does not pass the project-file validation; nothing was stored.

    Each problem's field is the value's place in the project file and its name, as the CLI
    names it: "indicators[1].actual（实际完成值）".
    """


class ProjectCodec(Protocol):
    def to_document(self, project: Project) -> dict[str, Any]:
        """The project as the project file's data (version 1)."""
        ...

    def from_document(self, document: dict[str, Any]) -> Project:
        """Validate as a project file is validated; raise ProjectInvalid with every problem."""
        ...


@dataclass(frozen=True, slots=True)
class SetIndicator:
    index: int
    values: dict[str, Any]
    entity: str = "indicator"


@dataclass(frozen=True, slots=True)
class SetFunds:
    values: dict[str, Any]
    entity: str = "funds"


@dataclass(frozen=True, slots=True)
class AddItem:
    kind: ItemKind
    values: dict[str, Any]

    @property
    def entity(self) -> str:
        return ITEM_ENTITIES[self.kind]


@dataclass(frozen=True, slots=True)
class RemoveItem:
    kind: ItemKind
    index: int

    @property
    def entity(self) -> str:
        return ITEM_ENTITIES[self.kind]


Edit = SetIndicator | SetFunds | AddItem | RemoveItem


@dataclass(frozen=True, slots=True)
class Evaluated:
    """A stored project (as written: bindings kept) and its evaluation (evidence measured)."""

    key: int
    stored: Project
    evaluation: Evaluation
    bound: frozenset[int] = field(default_factory=frozenset)  # indicators bound to evidence


class NeedsConfirmation(Refused):
    """An edit that is probably a slip of the unit (执行率 above 100%, a budget changed a
    hundredfold): nothing was stored; the same edit sent again with `confirmed` is."""


def evaluate_stored(repos: WebRepos, zone: dt.tzinfo, key: int, project: Project) -> Evaluated:
    """The evaluation with `{measure: …}` actuals measured from the store (cited)."""
    bound = frozenset(
        i for i, ind in enumerate(project.indicators) if isinstance(ind.actual, EvidenceRef)
    )
    return Evaluated(key, project, evaluate_project(project, repos, zone), bound)


@dataclass(frozen=True, slots=True)
class ProjectHead:
    """A project listed without evaluating it: the pages list these at once and score each
    row by its own request (an evaluation at 100,000 devices takes tenths of a second)."""

    key: int
    name: str
    year: int


def project_heads(repos: WebRepos, year: int | None = None) -> list[ProjectHead]:
    """The projects not archived (of `year` when given), by year then name."""
    archived = repos.projects.archived()
    return [
        ProjectHead(key, name, found)
        for key, name, found in repos.projects.keyed()
        if key not in archived and (year is None or found == year)
    ]


def list_projects(repos: WebRepos, zone: dt.tzinfo) -> list[Evaluated]:
    """Every stored project, each evaluated on its own: one that cannot be evaluated is
    listed with its bindings unmeasured and a finding saying so, the others as usual."""
    # 归档 projects are listed apart (services/project_archive.py)
    found = [(head.key, repos.projects.by_key(head.key)) for head in project_heads(repos)]
    shared = sharing_selections(repos)  # projects bound to one group read it once
    return [evaluate_alone(shared, zone, key, p) for key, p in found if p is not None]


def get_project(repos: WebRepos, zone: dt.tzinfo, key: int) -> Evaluated:
    project = repos.projects.by_key(key)
    if project is None:
        raise NotFound("没有这个项目（可能已被删除）")
    return evaluate_alone(repos, zone, key, project)


def evaluate_alone(repos: WebRepos, zone: dt.tzinfo, key: int, project: Project) -> Evaluated:
    try:
        return evaluate_stored(repos, zone, key, project)
    except Exception as error:  # a fault in one project's evidence must not hide the others
        if not has_evidence_refs(project):
            raise
        log.exception("evaluating project %s (%s) failed", key, project.name)
        problem = (
            f"计算证据时出错（{type(error).__name__}），已按未取得证据评分；"
            "请检查该项目指标的证据绑定（如期间），并把时间告诉维护人员"
        )
        flagged = evaluate(unresolved(project, problem))
        bound = frozenset(
            i for i, ind in enumerate(project.indicators) if isinstance(ind.actual, EvidenceRef)
        )
        return Evaluated(key, project, flagged, bound)


def edit_project(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    edit: Edit,
    *,
    actor: str,
    now: int,
    confirmed: bool = False,
) -> Evaluated:
    """Apply one edit, validate the whole project, store it and its audit entry; re-evaluate.

    Amounts typed without a unit are 万元, as the forms and the API label them. An edit that
    puts execution above 100% or changes a budget a hundredfold is refused with
    NeedsConfirmation unless `confirmed`.
    """
    project = repos.projects.by_key(key)
    if project is None:
        raise NotFound("没有这个项目（可能已被删除）")
    refuse_if_archived(repos, key)
    document = codec.to_document(project)
    target, before = _apply(document, edit)
    refused_text = control_problems(document)
    if refused_text:
        raise ProjectInvalid(refused_text)
    changed = codec.from_document(document)
    if changed.name != project.name or changed.year != project.year:
        raise Refused("不能在此修改项目名称或年度")
    refused = binding_problems(changed, known=project)
    if refused:
        raise ProjectInvalid(
            [
                Problem("项目", why, None, f"indicators[{i}].actual（实际完成值）")
                for i, why in refused
            ]
        )
    result = evaluate_stored(repos, zone, key, changed)
    if not confirmed:
        doubts = _doubts(project, result)
        if doubts:
            raise NeedsConfirmation(
                "；".join(doubts) + "。请核对金额单位（万元），确认无误后再保存"
            )
    after = _section(codec.to_document(changed), edit)  # as stored: "95%", "7.14", "70万元"
    repos.projects.save(changed)
    action = {AddItem: "create", RemoveItem: "delete"}.get(type(edit), "update")
    record(
        repos,
        actor=actor,
        at=now,
        action=action,
        entity=edit.entity,
        target=f"{project.name}（{project.year}）/{target}",
        before=words(before),
        after=words(after),
    )
    return result


HUNDREDFOLD = Decimal(100)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def control_problems(document: Any, place: str = "") -> list[Problem]:
    """Text with control characters, which no report (Word, Excel, PDF) can hold: each place.

    A project file cannot carry them (YAML refuses them); a form or the API could."""
    if isinstance(document, dict):
        return [p for k, v in document.items() for p in control_problems(v, f"{place}.{k}")]
    if isinstance(document, list):
        return [p for i, v in enumerate(document) for p in control_problems(v, f"{place}[{i}]")]
    if isinstance(document, str) and CONTROL.search(document):
        return [Problem("项目", "含有不可见的控制字符，请删除后重新输入", None, place.lstrip("."))]
    return []


def words(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A part of the project file for the audit log: keys in Chinese, amounts in 万元
    (the document's "646380元" is "64.638万元")."""
    if values is None:
        return None
    return {
        FIELD_WORDS.get(k, k): (_in_wan_text(v) if k in MONEY_FIELDS else v)
        for k, v in values.items()
    }


def _in_wan_text(value: Any) -> Any:
    if isinstance(value, str) and value.endswith("元") and BARE_NUMBER.fullmatch(value[:-1]):
        return money(Decimal(value[:-1]))
    return value


def _doubts(before: Project, after: Evaluated) -> list[str]:
    """Why an edit looks like a unit slip, in words; empty when it does not."""
    doubts = []
    rate, was_rate = after.evaluation.execution.rate, score_execution(before).rate
    if rate is not None and rate > 1 and rate != was_rate:
        doubts.append(f"执行率将为{rate_text(rate)}（超过100%）")
    old, new = before.funds, after.stored.funds
    for label, was, now in (
        ("年初预算数", old.initial_budget, new.initial_budget),
        ("全年预算数", old.budget, new.budget),
    ):
        if was > 0 and now > 0 and (now >= was * HUNDREDFOLD or was >= now * HUNDREDFOLD):
            doubts.append(f"{label}将从{wan(was)}万元变为{wan(now)}万元（相差百倍以上）")
    return doubts


def _apply(document: dict[str, Any], edit: Edit) -> tuple[str, Any]:
    """Change `document` in place; (what changed, its value before)."""
    funds = document["funds"]
    if isinstance(edit, SetIndicator):
        items = document["indicators"]
        if not 0 <= edit.index < len(items):
            raise NotFound("没有这个指标")
        item = items[edit.index]
        before = copy.deepcopy(item)
        item.update(_only(edit.values, INDICATOR_FIELDS))
        return item["name"], before
    if isinstance(edit, SetFunds):
        before = {k: funds.get(k) for k in FUNDS_FIELDS}
        for k, v in _only(edit.values, FUNDS_FIELDS).items():
            if v is None:
                funds.pop(k, None)
            else:
                funds[k] = v
        return "预算与执行", before
    items = funds.setdefault(edit.kind, [])
    if isinstance(edit, AddItem):
        item = {
            k: v for k, v in _only(edit.values, ITEM_FIELDS[edit.kind]).items() if v is not None
        }
        items.append(item)
        return f"第{len(items)}项", None
    if not 0 <= edit.index < len(items):
        raise NotFound("没有这一项（可能已被删除）")
    removed = items.pop(edit.index)
    return f"第{edit.index + 1}项", removed


def _section(document: dict[str, Any], edit: Edit) -> Any:
    """The part of a stored project's document that `edit` changed, as it is after it."""
    if isinstance(edit, SetIndicator):
        return document["indicators"][edit.index]
    if isinstance(edit, SetFunds):
        return {k: document["funds"].get(k) for k in FUNDS_FIELDS}
    if isinstance(edit, AddItem):
        return document["funds"][edit.kind][-1]
    return None


def _only(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise Refused(f"不能修改的字段：{'、'.join(unknown)}；可修改：{'、'.join(allowed)}")
    return {k: (in_wan(v) if k in MONEY_FIELDS else v) for k, v in values.items()}


def in_wan(value: Any) -> Any:
    """An amount typed into a field labelled （万元）: a bare number is 万元; text with its own
    unit ("30元", "1.2亿元") keeps it; anything else is left for the validator to name."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value))}万元"
    if isinstance(value, str) and BARE_NUMBER.fullmatch(value.strip()):
        return f"{value.strip()}万元"
    return value


def import_project(repos: WebRepos, project: Project, *, actor: str, now: int) -> tuple[int, bool]:
    """Store a project read from a project file (replacing the same name and year); (key, replaced)."""
    for key, name, year in repos.projects.keyed():
        if (name, year) == (project.name, project.year):
            refuse_if_archived(repos, key)  # a file imported over it is a change too
    replaced = repos.projects.save(project)
    key = next(k for k, n, y in repos.projects.keyed() if (n, y) == (project.name, project.year))
    record(
        repos,
        actor=actor,
        at=now,
        action="import",
        entity="project",
        target=f"{project.name}（{project.year}）",
        after={"指标数": len(project.indicators), "替换已有": replaced},
    )
    return key, replaced
