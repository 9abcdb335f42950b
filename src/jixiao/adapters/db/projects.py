"""Project-years in the store: the project file's content as rows, amounts in integer 分.

Targets, actuals and dates are stored as written and read back with the domain's parsers,
so a project exported from the store is the file that was imported, less its comments.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, CursorResult, Table, delete, insert, select

from jixiao.adapters.db import tables as t
from jixiao.domain.assessment import AssessmentRules, Basis, OnlineRule, RepairRule
from jixiao.domain.evaluation import Project
from jixiao.domain.funds import Allocation, Contract, Funds, Payment
from jixiao.domain.indicators import Indicator, layout_named
from jixiao.domain.periods import parse_loose_date
from jixiao.domain.scoring import ReverseRule, ScoringSettings
from jixiao.domain.targets import (
    Actual,
    Dated,
    EvidenceRef,
    Graded,
    Measured,
    Target,
    parse_actual,
    parse_grade,
    parse_target,
)
from jixiao.services.web_ports import Archived

_CHILDREN = (
    t.project_weight,
    t.fund_source,
    t.allocation,
    t.payment,
    t.contract,
    t.indicator,
)


def new_key(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _fen(yuan: Decimal) -> int:
    return int(yuan * 100)


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def _actual_json(actual: Actual | None) -> str | None:
    if actual is None:
        return None
    if isinstance(actual, Measured):
        data: dict[str, Any] = {"kind": "value", "raw": actual.raw}
    elif isinstance(actual, Dated):
        data = {"kind": "date", "raw": actual.raw}
    elif isinstance(actual, Graded):
        points = None if actual.points is None else str(actual.points)
        data = {"kind": "grade", "grade": actual.grade.value, "points": points}
    else:
        data = {"kind": "measure", "measure": actual.measure, "params": list(actual.params)}
    if not isinstance(actual, EvidenceRef) and actual.documents:
        data["documents"] = list(actual.documents)
    return json.dumps(data, ensure_ascii=False)


def _actual(text: str | None, target: Target | None) -> Actual | None:
    if text is None:
        return None
    data = json.loads(text)
    if data["kind"] == "measure":
        return EvidenceRef(data["measure"], tuple((k, v) for k, v in data["params"]))
    actual: Measured | Dated | Graded
    if data["kind"] == "grade":
        points = None if data["points"] is None else Decimal(data["points"])
        actual = parse_grade(data["grade"], points)
    else:
        assert target is not None, "a stored value actual always has its target"
        parsed = parse_actual(data["raw"], target)
        assert not isinstance(parsed, EvidenceRef)
        actual = parsed
    return dataclasses.replace(actual, documents=tuple(data.get("documents", ())))


def _rules_json(rules: AssessmentRules | None) -> str | None:
    """A contract's 运维考核 rules as JSON text, numbers as exact decimal text."""
    if rules is None:
        return None
    online, repair = rules.online, rules.repair
    return json.dumps(
        {
            "group": rules.group,
            "online": None
            if online is None
            else [str(online.target), online.basis.value, str(online.deduct_per_point)],
            "repair": None
            if repair is None
            else [str(repair.respond_hours), str(repair.repair_hours), str(repair.deduct_per_late)],
            "cap": None if rules.cap is None else str(rules.cap),
        },
        ensure_ascii=False,
    )


def _rules(text: str | None) -> AssessmentRules | None:
    if text is None:
        return None
    data = json.loads(text)
    online, repair = data["online"], data["repair"]
    return AssessmentRules(
        data["group"],
        None
        if online is None
        else OnlineRule(Decimal(online[0]), Basis(online[1]), Decimal(online[2])),
        None if repair is None else RepairRule(*(Decimal(x) for x in repair)),
        None if data["cap"] is None else Decimal(data["cap"]),
    )


class SqlProjectRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def save(self, project: Project) -> bool:
        p = t.project
        old = self._c.execute(
            select(p.c.id).where(p.c.name == project.name, p.c.year == project.year)
        ).scalar()
        if old is not None:
            self.delete(old)
        self._insert(old, project)
        return old is not None

    def replace(self, key: int, project: Project) -> None:
        self.delete(key)
        self._insert(key, project)

    def delete(self, key: int) -> bool:
        for child in _CHILDREN:
            self._c.execute(delete(child).where(child.c.project_id == key))
        gone = self._c.execute(delete(t.project).where(t.project.c.id == key))
        return gone.rowcount > 0

    def _insert(self, old: int | None, project: Project) -> None:
        p = t.project
        funds = project.funds
        # A replaced project keeps its key, so links to it (the web app's /projects/{key}) hold.
        key = {} if old is None else {"id": old}
        pid = new_key(
            self._c.execute(
                insert(p).values(
                    **key,
                    name=project.name,
                    year=project.year,
                    department=project.department,
                    implementer=project.implementer,
                    layout=project.layout.name,
                    reverse=project.settings.reverse.value,
                    overshoot_flag=str(project.settings.overshoot_flag),
                    expected_goal=project.expected_goal,
                    achieved_goal=project.achieved_goal,
                    initial_budget_fen=_fen(funds.initial_budget),
                    budget_fen=_fen(funds.budget),
                    executed_fen=None if funds.executed is None else _fen(funds.executed),
                )
            )
        )
        self._children(pid, project)

    def _children(self, pid: int, project: Project) -> None:
        funds = project.funds
        rows: dict[Table, list[dict[str, Any]]] = {
            t.project_weight: [
                {"name": k, "points": str(v)} for k, v in project.settings.weights.items()
            ],
            t.fund_source: [{"name": k, "amount_fen": _fen(v)} for k, v in funds.sources.items()],
            t.allocation: [
                {"date": a.on.raw, "amount_fen": _fen(a.amount), "document": a.document}
                for a in funds.allocations
            ],
            t.payment: [
                {
                    "date": x.on.raw,
                    "amount_fen": _fen(x.amount),
                    "memo": x.memo,
                    "contract": x.contract,
                }
                for x in funds.payments
            ],
            t.contract: [
                {
                    "name": k.name,
                    "total_fen": _fen(k.total),
                    "start": k.start,
                    "months": k.months,
                    "due": None if k.due is None else k.due.raw,
                    "paid_before_fen": None if k.paid_before is None else _fen(k.paid_before),
                    "contractor": k.contractor,
                    "assessment": _rules_json(k.assessment),
                }
                for k in funds.contracts
            ],
            t.indicator: [
                {
                    "level1": i.level1,
                    "level2": i.level2,
                    "name": i.name,
                    "target": None if i.target is None else i.target.raw,
                    "actual": _actual_json(i.actual),
                    "points": str(i.points),
                    "note": i.note,
                }
                for i in project.indicators
            ],
        }
        for table, items in rows.items():
            if items:
                self._c.execute(
                    insert(table),
                    [{"project_id": pid, "seq": n, **row} for n, row in enumerate(items)],
                )

    def get(self, name: str, year: int | None = None) -> list[Project]:
        p = t.project
        query = select(p).where(p.c.name == name).order_by(p.c.year.desc())
        if year is not None:
            query = query.where(p.c.year == year)
        return [self._project(row._mapping) for row in self._c.execute(query)]

    def archived(self) -> dict[int, Archived]:
        a = t.project_archive
        rows = self._c.execute(select(a.c.project_id, a.c.at, a.c.actor, a.c.reason))
        return {r.project_id: Archived(r.project_id, r.at, r.actor, r.reason) for r in rows}

    def archive(self, mark: Archived) -> None:
        self.unarchive(mark.key)
        values = {"project_id": mark.key, "at": mark.at, "actor": mark.actor}
        self._c.execute(insert(t.project_archive).values(values | {"reason": mark.reason}))

    def unarchive(self, key: int) -> bool:
        a = t.project_archive
        return self._c.execute(delete(a).where(a.c.project_id == key)).rowcount > 0

    def keyed(self) -> list[tuple[int, str, int]]:
        """(key, name, year) of every stored project, by year then name."""
        p = t.project
        query = select(p.c.id, p.c.name, p.c.year).order_by(p.c.year, p.c.name)
        return [(r.id, r.name, r.year) for r in self._c.execute(query)]

    def by_key(self, key: int) -> Project | None:
        row = self._c.execute(select(t.project).where(t.project.c.id == key)).first()
        return None if row is None else self._project(row._mapping)

    def names(self) -> list[tuple[str, int]]:
        p = t.project
        return [
            (r.name, r.year)
            for r in self._c.execute(select(p.c.name, p.c.year).order_by(p.c.year, p.c.name))
        ]

    def _rows(self, table: Table, pid: int) -> list[Any]:
        return list(
            self._c.execute(select(table).where(table.c.project_id == pid).order_by(table.c.seq))
        )

    def _project(self, row: Any) -> Project:
        pid = row["id"]
        weights = {r.name: Decimal(r.points) for r in self._rows(t.project_weight, pid)}
        settings = ScoringSettings(
            weights, ReverseRule(row["reverse"]), Decimal(row["overshoot_flag"])
        )
        funds = Funds(
            Decimal(row["initial_budget_fen"]) / 100,
            Decimal(row["budget_fen"]) / 100,
            _yuan(row["executed_fen"]),
            {r.name: Decimal(r.amount_fen) / 100 for r in self._rows(t.fund_source, pid)},
            tuple(
                Allocation(parse_loose_date(r.date), Decimal(r.amount_fen) / 100, r.document)
                for r in self._rows(t.allocation, pid)
            ),
            tuple(
                Payment(parse_loose_date(r.date), Decimal(r.amount_fen) / 100, r.memo, r.contract)
                for r in self._rows(t.payment, pid)
            ),
            tuple(
                Contract(
                    r.name,
                    Decimal(r.total_fen) / 100,
                    r.start,
                    r.months,
                    None if r.due is None else parse_loose_date(r.due),
                    _yuan(r.paid_before_fen),
                    r.contractor,
                    _rules(r.assessment),
                )
                for r in self._rows(t.contract, pid)
            ),
        )
        indicators = []
        for r in self._rows(t.indicator, pid):
            target = None if r.target is None else parse_target(r.target)
            indicators.append(
                Indicator(
                    r.level1,
                    r.level2,
                    r.name,
                    target,
                    _actual(r.actual, target),
                    Decimal(r.points),
                    r.note,
                )
            )
        return Project(
            row["name"],
            row["department"],
            row["implementer"],
            row["year"],
            layout_named(row["layout"]),
            settings,
            funds,
            tuple(indicators),
            row["expected_goal"],
            row["achieved_goal"],
        )
