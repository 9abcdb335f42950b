"""The project file's structure (version 1), checked with pydantic; values are read in convert.py.

Fields stay loose here (a target may be text, a number or a date) because reading a value
needs the domain's parsers and, for actuals, the target; this layer only checks that the
right keys hold the right kinds of thing, and translates pydantic's errors into Chinese.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

Amount = str | int | float
Written = str | int | float | dt.date


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class ProjectIn(_Model):
    name: str
    department: str = ""
    implementer: str = ""
    year: int
    layout: str = "mof-2020"


class ScoringIn(_Model):
    weights: dict[str, Decimal] | None = None
    reverse: Literal["ratio", "linear"] = "ratio"
    overshoot_flag: Decimal = Decimal("1.2")


class AllocationIn(_Model):
    date: str | dt.date
    amount: Amount
    document: str = ""


class PaymentIn(_Model):
    date: str | dt.date | int
    amount: Amount
    memo: str = ""
    contract: str | None = None


class ScopeIn(_Model):
    group: str | None = None


class OnlineRateRuleIn(_Model):
    target: Amount
    basis: Literal["raw", "corrected"] = "corrected"
    deduct_per_point: Amount = 0


class RepairRuleIn(_Model):
    respond_hours: Decimal
    repair_hours: Decimal
    deduct_per_late: Amount = 0


class AssessmentIn(_Model):
    scope: ScopeIn = ScopeIn()
    online_rate: OnlineRateRuleIn | None = None
    repair: RepairRuleIn | None = None
    cap: Amount | None = None


class ContractIn(_Model):
    name: str
    contractor: str = ""
    total: Amount
    start: dt.date | None = None
    months: int | None = None
    due: str | dt.date | None = None
    paid_before: Amount | None = None
    assessment: AssessmentIn | None = None


class FundsIn(_Model):
    initial_budget: Amount | None  # the key is required; null: the report states no budget
    budget: Amount | None = None
    executed: Amount | None = None
    sources: dict[str, Amount] = {}
    allocations: list[AllocationIn] = []
    payments: list[PaymentIn] = []
    contracts: list[ContractIn] = []


class GoalsIn(_Model):
    expected: str = ""
    achieved: str = ""


class IndicatorIn(_Model):
    level1: str
    level2: str
    name: str
    target: Written | None = None
    actual: Written | dict[str, Any] | None = None
    points: Decimal | None = None
    note: str = ""
    published_score: Decimal | None = None


class PublishedIn(_Model):
    """The scores the unit's own 自评表 states, kept to compare with ours."""

    total: Decimal | None = None
    execution: Decimal | None = None


class ProjectFileIn(_Model):
    version: Literal[1]
    project: ProjectIn
    scoring: ScoringIn = ScoringIn()
    funds: FundsIn
    goals: GoalsIn = GoalsIn()
    indicators: list[IndicatorIn] = []
    published: PublishedIn | None = None


LABELS = {
    "project": "项目信息",
    "name": "名称",
    "department": "主管部门",
    "implementer": "实施单位",
    "year": "年度",
    "layout": "指标体系",
    "weights": "权重",
    "reverse": "反向指标计分法",
    "overshoot_flag": "超额提示阈值",
    "initial_budget": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "sources": "资金来源",
    "allocations": "资金下达",
    "payments": "支付",
    "contracts": "合同",
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
    "assessment": "运维考核",
    "scope": "考核范围",
    "group": "分组",
    "online_rate": "在线率考核",
    "basis": "考核口径",
    "deduct_per_point": "每低1个百分点扣款比例",
    "repair": "故障修复考核",
    "respond_hours": "响应时限（小时）",
    "repair_hours": "修复时限（小时）",
    "deduct_per_late": "每单超时扣款",
    "cap": "月扣款上限",
    "goals": "年度总体目标",
    "expected": "预期目标",
    "achieved": "实际完成情况",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "points": "分值",
    "note": "偏差原因分析及改进措施",
    "version": "文件版本",
    "published_score": "单位自评得分",
    "published": "单位自评分",
    "execution": "预算执行率得分",
    "grade": "定性档次",
    "measure": "证据度量",
}


def label(path: tuple[str | int, ...]) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    return f"（{LABELS[last]}）" if last in LABELS else ""


def translate(error: ErrorDetails) -> str:
    """pydantic's English error as a Chinese message saying what would be valid."""
    kind, ctx = error["type"], error.get("ctx", {})
    simple = {
        "missing": "缺少必填字段",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "int_from_float": "应为整数",
        "string_type": "应为文字",
        "list_type": "应为列表（每一项以“- ”开头）",
        "dict_type": "应为“键: 值”形式的映射",
        "model_type": "应为“键: 值”形式的映射",
        "model_attributes_type": "应为“键: 值”形式的映射",
        "decimal_parsing": "应为数字",
        "decimal_type": "应为数字",
        "date_parsing": "应为日期，如 2021-03-01",
        "date_type": "应为日期，如 2021-03-01",
        "date_from_datetime_inexact": "应为日期（不含时刻），如 2021-03-01",
        "bool_type": "应为 true 或 false",
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        return f"取值无效；可选：{ctx.get('expected', '')}"
    if kind == "extra_forbidden":
        return "未知字段"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "取值类型不对"
    return f"取值无效（{error['msg']}）"


def allowed_fields(path: tuple[str | int, ...]) -> list[str]:
    """The keys valid at `path`'s parent, for an 'unknown field' message."""
    model: Any = ProjectFileIn
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(model, type) and issubclass(model, BaseModel))
            or part not in model.model_fields
        ):
            return []
        model = _inner(model.model_fields[part].annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else annotation
        if get_origin(annotation) is None:
            break
    return annotation


def validate(data: Any) -> ProjectFileIn | list[tuple[tuple[str | int, ...], str]]:
    """The structure, or a list of (path, Chinese message) for every structural problem."""
    if not isinstance(data, dict):
        return [
            ((), "项目文件应为“键: 值”形式的 YAML，顶层包含 version、project、funds、indicators")
        ]
    try:
        return ProjectFileIn.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            path = tuple(p for p in detail["loc"] if isinstance(p, str | int))
            path = _drop_union_branch(path)
            message = translate(detail)
            if detail["type"] == "extra_forbidden":
                fields = allowed_fields(path)
                message += f"“{path[-1]}”；可用字段：{'、'.join(fields)}" if fields else ""
            problems.append((path, message))
        return _dedupe(problems)


def _drop_union_branch(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """pydantic names the union branch tried ('str', 'date', 'dict[str,any]'); users don't."""
    keep: list[str | int] = []
    for part in path:
        if isinstance(part, str) and (part in {"str", "int", "float", "date"} or "[" in part):
            break
        keep.append(part)
    return tuple(keep)


def _dedupe(
    problems: list[tuple[tuple[str | int, ...], str]],
) -> list[tuple[tuple[str | int, ...], str]]:
    """One message per path: a union failing on every branch is one problem, not four."""
    seen: dict[tuple[str | int, ...], str] = {}
    for path, message in problems:
        seen.setdefault(path, message)
    return list(seen.items())
