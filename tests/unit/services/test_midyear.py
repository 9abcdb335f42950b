"""Mid-year monitoring of the Skynet example, hand-computed (execution, warnings, forecasts).

The example's only 2021 payment is dated to the year ("2021", 100万元): before the year ends
it cannot be said to have been made, so execution to date is 0 and the payment is listed.
A variant pays 25万元 on 31 March and 30 June and binds 在线率 to a camera whose history is
in the store: online from 1 January with one 10-hour outage on 1 March.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from jixiao.adapters.memory import MemoryStore
from jixiao.domain.midyear import DEFAULT_THRESHOLDS
from jixiao.services.application import Application
from jixiao.services.ports import KeyedChange
from tests.conftest import SKYNET
from tests.scenario import EAST, ZONE, device

JULY, OCTOBER = dt.date(2021, 7, 31), dt.date(2021, 10, 31)


def test_the_example_as_written_has_no_execution_to_date(application: Application) -> None:
    july = application.monitor(SKYNET, JULY, DEFAULT_THRESHOLDS)
    assert july.elapsed == Decimal(212) / 365  # 1 January … 31 July, both counted
    assert (july.execution.executed, july.execution.rate) == (Decimal(0), Decimal(0))
    assert [p.on.raw for p in july.execution.uncertain] == ["2021年"]
    assert july.warnings == (
        "预算执行进度预警：截至6月底应执行40%，实际执行0%（已支付0万元）",
        "以下支付日期不够精确，无法判断是否已发生，未计入执行数：2021年 100万元",
    )  # the fee's 支付金额 is measured to date too: nothing was certainly paid by then
    fee = july.indicators[4]  # after 故障修复及时率, bound to the sample tickets
    assert fee.progress is None and "没有2021年合同“天网工程服务费”的付款" in fee.source
    october = application.monitor(SKYNET, OCTOBER, DEFAULT_THRESHOLDS)
    assert october.execution.checkpoint is not None
    assert october.execution.checkpoint.month == 10
    assert october.warnings[0] == "预算执行进度预警：截至10月底应执行80%，实际执行0%（已支付0万元）"


def _variant(tmp_path: Path) -> Path:
    text = SKYNET.read_text(encoding="utf-8")
    text = text.replace(
        "    - {date: 2021, amount: 100万元, memo: 天网工程服务费, contract: 天网工程服务费}",
        "    - {date: 2021-03-31, amount: 25万元, memo: 一季度, contract: 天网工程服务费}\n"
        "    - {date: 2021-06-30, amount: 25万元, memo: 二季度, contract: 天网工程服务费}\n"
        "    - {date: 2021年12月, amount: 50万元, memo: 下半年, contract: 天网工程服务费}",
    )
    text = text.replace(
        "    actual: {measure: corrected_online_rate, group: 盐边天网, period: 2021}",
        "    actual: {measure: online_rate, group: 天网}",
    )
    path = tmp_path / "skynet-variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _camera(store: MemoryStore) -> None:
    def at(month: int, day: int, hour: int = 0) -> int:
        return int(dt.datetime(2021, month, day, hour, tzinfo=ZONE).timestamp())

    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",))])
        key = repos.devices.keys([EAST])[EAST]
        repos.statuses.append(
            [
                KeyedChange(key, at(1, 1), True),
                KeyedChange(key, at(3, 1, 8), False),
                KeyedChange(key, at(3, 1, 18), True),
            ],
            source="test",
        )


def test_a_variant_with_dated_payments_and_measured_online_rate(
    store: MemoryStore, application: Application, tmp_path: Path
) -> None:
    _camera(store)
    path = _variant(tmp_path)
    july = application.monitor(path, JULY, DEFAULT_THRESHOLDS)
    # 50万元 of 100万元 paid by 30 June: 50% ≥ the 40% asked by the end of June
    assert (july.execution.executed, july.execution.rate) == (Decimal(500_000), Decimal("0.5"))
    assert july.execution.forecast == 860_800  # 50万 ÷ (212/365) = 86.0849万, to 100元
    online = july.indicators[1]
    # 212 days × 24 h = 5088 h expected, 10 h offline: 5078/5088 = 99.803…% → 99.80%
    assert str(online.progress) == "99.8%" and online.source == "证据"
    assert online.forecast == online.progress and online.likelihood == "能"
    assert online.completion == 1
    assert "2021-01-01至2021-07-31" in (online.progress.evidence or "")  # type: ignore[union-attr]
    assert july.warnings == (
        "“天网系统在线率”完成进度100%与预算执行进度50%相差50.00个百分点"
        "（超过10个百分点）：请说明原因或调整支付计划",
        # 25万 + 25万 paid on the contract by then: 50 ÷ 389.4 = 12.84%, 37.16 points apart
        "“天网工程年度服务费”完成进度12.84%与预算执行进度50%相差37.16个百分点"
        "（超过10个百分点）：请说明原因或调整支付计划",
    )
    october = application.monitor(path, OCTOBER, DEFAULT_THRESHOLDS)
    assert (
        october.warnings[0] == "预算执行进度预警：截至10月底应执行80%，实际执行50%（已支付50万元）"
    )
    assert october.execution.forecast == 600_300  # 50万 ÷ (304/365) = 60.0329万
    cost = october.indicators[4]  # 50万元 paid on the contract by 31 October, ≥389.4万元 due
    assert str(cost.progress) == "50万元"
    assert str(cost.forecast) == "60.03万元" and cost.likelihood == "难以"  # 50 ÷ (304/365)
