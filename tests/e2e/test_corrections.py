"""A wrong device deleted in the browser leaves the online rate; an administrator restores it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Watched

EAST_GATE = "64032300001320000001"  # 地网; offline 2021-03-08 14:20 → 03-09 10:05
RATES = "/devices/rates?from=2021-03-08&to=2021-03-09&period=day&method=time&group=地网"


def _total(web: Watched) -> str:
    web.goto(RATES)
    row = web.page.locator("#rates tr", has_text="合计")
    expect(row).to_be_visible()
    return row.inner_text()


def test_deleting_a_wrong_device_changes_the_rate_until_restored(web: Watched) -> None:
    web.log_in()
    before = _total(web)
    assert before.endswith("台") and "19台" in before and not before.endswith("100%\n19台")
    web.goto(f"/devices/{EAST_GATE}")
    web.page.fill("#del-reason", "演示数据误入")
    web.page.click("#delete-device button[type=submit]")
    expect(web.page).to_have_url(web.page.url.split("/devices")[0] + "/devices")
    after = _total(web)
    assert after.endswith("100%\n18台")  # the other 18 地网 devices were online throughout
    web.shot("device-rates-after-delete")
    web.goto("/admin/deleted")
    row = web.page.locator("#deleted tbody tr", has_text=EAST_GATE)
    expect(row).to_contain_text("演示数据误入")
    web.shot("admin-deleted")
    row.locator("button:has-text('恢复')").click()
    expect(web.page.locator("#deleted tbody")).to_contain_text("无")
    assert _total(web) == before
