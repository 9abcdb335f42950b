"""Survey links: issued by the roles that may, answered once on the public page (no login),
refused a second time with 409, throttled per address; paper answers and the QR poster."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.domain.surveys import Survey
from jixiao.services.web_ports import Role


def _survey(app: FastAPI) -> int:
    with app.state.context.store.write() as repos:
        key: int = repos.surveys.add(Survey("群众满意度", ("建设", "维护"), "地网工程", "群众"))
    return key


def _links(page: str) -> list[str]:
    return re.findall(r"/s/([A-Za-z0-9_-]+)</code>", page)


def _form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found[1]


def test_a_link_is_answered_once_without_login(
    app: FastAPI, clients: dict[Role, TestClient], anonymous: TestClient
) -> None:
    key = _survey(app)
    operations = clients[Role.OPERATIONS]
    issued = operations.post(f"/surveys/{key}/tokens", data={"count": "2"})
    assert issued.status_code == 303
    links = _links(operations.get(f"/surveys/{key}").text)
    assert len(links) == 2
    form = anonymous.get(f"/s/{links[0]}")
    assert form.status_code == 200 and "建设" in form.text and "很不满意" in form.text
    answer = {"csrf_token": _form_token(form.text), "q0": "满意", "q1": "比较满意", "comment": "好"}
    sent = anonymous.post(f"/s/{links[0]}", data=answer)
    assert sent.status_code == 200 and "感谢您的参与" in sent.text
    again = anonymous.post(f"/s/{links[0]}", data=answer)
    assert again.status_code == 409 and "只能作答一次" in again.text
    assert anonymous.get(f"/s/{links[0]}").status_code == 409
    assert anonymous.get("/s/no-such-link").status_code == 404
    overview = clients[Role.VIEWER].get(f"/surveys/{key}").text
    # one valid response, satisfied (mean 4.5 ≥ 4): 100.00%, one link left
    assert "答卷1份，有效1份，满意度100%" in overview and "未用1个，共2个" in overview
    assert "有效样本1份，少于30份" in clients[Role.VIEWER].get("/surveys").text


def test_a_public_answer_needs_the_page_token(app: FastAPI, admin: TestClient) -> None:
    key = _survey(app)
    admin.post(f"/surveys/{key}/tokens", data={"count": "1"})
    link = _links(admin.get(f"/surveys/{key}").text)[0]
    with TestClient(app, follow_redirects=False) as stranger:
        forged = stranger.post(f"/s/{link}", data={"csrf_token": "x", "q0": "满意", "q1": "满意"})
        assert forged.status_code == 400 and "页面已过期" in forged.text
        assert stranger.get(f"/s/{link}").status_code == 200  # the link is still unused


def test_answers_are_throttled_per_address(app: FastAPI, anonymous: TestClient) -> None:
    statuses = [anonymous.post("/s/nothing", data={}).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]


def test_issuing_links_and_paper_answers_need_the_permission(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    key = _survey(app)
    viewer = clients[Role.VIEWER]
    assert viewer.post(f"/surveys/{key}/tokens", data={"count": "1"}).status_code == 403
    assert viewer.post(f"/surveys/{key}/paper", data={"q0": "满意"}).status_code == 403
    assert (
        clients[Role.FINANCE].post(f"/surveys/{key}/tokens", data={"count": "1"}).status_code == 303
    )
    assert viewer.post(f"/surveys/{key}/tokens", data={"count": "0"}).status_code == 403


def test_a_paper_questionnaire_is_typed_in(app: FastAPI, clients: dict[Role, TestClient]) -> None:
    key = _survey(app)
    finance = clients[Role.FINANCE]
    typed = finance.post(f"/surveys/{key}/paper", data={"q0": "一般", "q1": ""})
    assert typed.status_code == 303
    page = finance.get(f"/surveys/{key}").text
    # blank second answer: one response, none valid
    assert "答卷1份，有效0份" in page
    wrong = finance.post(f"/surveys/{key}/paper", data={"q0": "还行", "q1": "满意"})
    assert wrong.status_code == 422 and "不在五级量表内" in wrong.text


def test_the_poster_is_a_png_of_an_unused_link(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    key = _survey(app)
    viewer = clients[Role.VIEWER]
    assert viewer.get(f"/surveys/{key}/poster.png").status_code == 404  # no link yet
    clients[Role.ADMIN].post(f"/surveys/{key}/tokens", data={"count": "1"})
    poster = viewer.get(f"/surveys/{key}/poster.png")
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/png"
    assert poster.content.startswith(b"\x89PNG")
    assert viewer.get(f"/surveys/{key}/poster.png?token=other").status_code == 404
    printable = viewer.get(f"/surveys/{key}/poster")
    assert printable.status_code == 200 and "请用手机扫描二维码" in printable.text
    assert f'src="/surveys/{key}/poster.png?token=' in printable.text
    assert viewer.get("/surveys/99").status_code == 404
