"""A public survey link in a real browser: issued on the survey page, answered without a login,
the bound 满意度 indicator's score follows, and the same link is refused a second time."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Watched

YANCHI = "/projects/4"
SATISFACTION = "#indicator-11"  # 服务对象满意度, bound to the sample survey in the YAML
SURVEY = "盐池县地网工程群众满意度调查"


def test_a_public_answer_moves_the_satisfaction_score(web: Watched, browser: Browser) -> None:
    web.log_in()
    web.goto(YANCHI)
    row = web.page.locator(SATISFACTION)
    # Raise the target to ≥95%: the sample's 37 satisfied of 39 valid (94.87%) fall short.
    row.locator("button", has_text="编辑").click()
    row.locator("input[name=target]").fill("≥95%")
    row.locator("button", has_text="保存").click()
    score = row.locator(".indicator-score")
    expect(score).to_have_text("9.99")  # 94.87% of 95%: 10 × 0.9987
    web.goto("/surveys")
    web.page.locator("#surveys a", has_text=SURVEY).click()
    web.page.fill("#count", "1")
    web.page.locator("button", has_text="生成").click()
    link = web.page.locator("#links code").first.inner_text()
    assert re.fullmatch(re.escape(web.base) + r"/s/[A-Za-z0-9_-]+", link)
    web.shot("survey-page")
    web.page.locator("#links a", has_text="二维码海报").click()
    poster = web.page.locator(".poster img")
    expect(poster).to_be_visible()
    # the PNG loaded under the CSP (waited for: the image may still be on its way)
    web.page.wait_for_function(
        "() => { const i = document.querySelector('.poster img'); return i.complete"
        " && i.naturalWidth > 0; }"
    )
    web.shot("survey-poster")
    # Two phones open the same link; the second to submit is refused.
    first, second = browser.new_context(locale="zh-CN"), browser.new_context(locale="zh-CN")
    try:
        page, other = first.new_page(), second.new_page()
        page.goto(link)
        other.goto(link)
        expect(page.locator("h1")).to_have_text(SURVEY)
        page.locator("input[name=q0][value=满意]").check()
        page.fill("#comment", "画面清楚")
        page.screenshot(path=str(web.screenshots / "survey-public.png"), full_page=True)
        page.locator("button", has_text="提交答卷").click()
        expect(page.locator(".ok-box")).to_contain_text("感谢您的参与")
        other.locator("input[name=q0][value=一般]").check()
        other.locator("button", has_text="提交答卷").click()
        expect(other.locator(".error-box")).to_contain_text("每个链接只能作答一次")
        page.reload()
        expect(page.locator(".error-box")).to_contain_text("每个链接只能作答一次")
    finally:
        first.close()
        second.close()
    web.goto(YANCHI)
    # 38 satisfied of 40 valid = 95%: the target is met, the indicator gets its full weight.
    expect(score).to_have_text("10.00")
    web.shot("survey-score", full_page=False)
