"""Amounts typed into fields labelled （万元） mean 万元, in the forms and the API; a unit typed
explicitly wins; an edit that looks like a unit slip asks for confirmation and saves nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import csrf_of

YANCHI = 4  # budget 64.638万元, paid 30.838 + 33.8 = 64.638万元 in 2021 (执行率 100%)
HTMX = {"HX-Request": "true"}


def _funds(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/projects/{YANCHI}").json()
    return body


def test_a_bare_number_in_the_api_is_wan_and_a_typed_unit_wins(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    response = finance.patch(f"/api/projects/{YANCHI}/funds", json={"budget": 70})
    assert response.status_code == 200, response.text
    assert response.json()["funds"]["budget"]["yuan"] == 700_000
    response = finance.patch(f"/api/projects/{YANCHI}/funds", json={"budget": "65.5"})
    assert response.json()["funds"]["budget"]["yuan"] == 655_000
    added = finance.post(
        f"/api/projects/{YANCHI}/funds/payments",
        json={"date": "2020-12-01", "amount": "300元", "memo": "上年尾款"},
    )
    assert added.status_code == 201, added.text
    document = finance.get(f"/api/projects/{YANCHI}/document").json()
    assert document["funds"]["payments"][-1]["amount"] == "300元"


def test_execution_above_100_percent_asks_for_confirmation_in_the_api(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    before = _funds(finance)
    refused = finance.patch(f"/api/projects/{YANCHI}/funds", json={"executed": 80})
    assert refused.status_code == 409
    body = refused.json()
    assert body["confirm"] is True
    assert "执行率将为123.76%（超过100%）" in body["detail"]
    assert _funds(finance) == before  # nothing stored
    confirmed = finance.patch(f"/api/projects/{YANCHI}/funds?confirm=true", json={"executed": 80})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["execution"]["rate"] == 1.2376
    assert confirmed.json()["funds"]["executed"]["yuan"] == 800_000


def test_a_budget_changed_a_hundredfold_asks_for_confirmation(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    refused = finance.patch(f"/api/projects/{YANCHI}/funds", json={"initial_budget": "30元"})
    assert refused.status_code == 409
    assert "年初预算数将从64.638万元变为0.003万元（相差百倍以上）" in refused.json()["detail"]
    confirmed = finance.patch(
        f"/api/projects/{YANCHI}/funds?confirm=true", json={"initial_budget": "30元"}
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["funds"]["initial_budget"]["yuan"] == 30


def test_the_funds_form_reads_wan_and_asks_before_saving_a_slip(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    typed = {"initial_budget": "64.638", "budget": "30", "executed": "", "csrf_token": ""}
    typed["csrf_token"] = csrf_of(finance)
    asked = finance.post(f"/projects/{YANCHI}/funds", data=typed, headers=HTMX)
    assert asked.status_code == 409
    assert "需要确认" in asked.text and "执行率将为215.46%" in asked.text
    assert 'name="confirm" value="1"' in asked.text and "确认保存" in asked.text
    assert 'value="30"' in asked.text  # what was typed stays in the form
    assert _funds(finance)["funds"]["budget"]["yuan"] == 646_380  # nothing stored
    saved = finance.post(f"/projects/{YANCHI}/funds", data=typed | {"confirm": "1"}, headers=HTMX)
    assert saved.status_code == 200, saved.text
    assert _funds(finance)["funds"]["budget"]["yuan"] == 300_000
    assert _funds(finance)["funds"]["initial_budget"]["yuan"] == 646_380


def test_an_amount_added_in_the_form_is_wan(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    data = {"date": "2021-09-01", "amount": "5", "document": "盐财发【2021】99号"}
    response = finance.post(
        f"/projects/{YANCHI}/funds/allocations",
        data=data | {"csrf_token": csrf_of(finance)},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    assert _funds(finance)["funds"]["allocations"][-1]["amount"]["yuan"] == 50_000
