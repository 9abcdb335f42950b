"""The bureau's daily tool in a real browser (Debian's Chromium): log in, read the dashboard
and its chart, edit an indicator and watch the score change, download a report, check
reports, import a device list with a bad row; a screenshot of each page goes to a temporary
directory, or with `make screenshots` to docs/screenshots/."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import Watched

YANCHI = "/projects/4"
ONLINE_RATE = "#indicator-1"
SEEDS = ROOT / "tests" / "data" / "seeds"


def test_logging_in_shows_the_dashboard_with_its_chart(web: Watched) -> None:
    web.goto("/")
    assert web.page.url.endswith("/login")
    expect(web.page.locator("h1")).to_have_text("项目支出绩效自评")
    web.shot("login")
    web.page.fill("#username", "admin")
    web.page.fill("#password", "wrong-password")
    web.page.click("button[type=submit]")
    expect(web.page.locator(".error-box")).to_contain_text("用户名或密码错误")
    web.log_in()
    expect(web.page.locator("h1")).to_have_text("总览")
    expect(web.page.locator("#trend-chart canvas")).to_have_count(1)
    expect(web.page.locator("#projects tbody tr")).to_have_count(4)
    # each row's score arrives by its own request once the page has loaded
    expect(web.page.locator("#projects tr.project-pending")).to_have_count(0)
    expect(web.page.locator("#projects")).to_contain_text("99.38")
    expect(web.page.locator("#online-now")).to_contain_text("%")
    web.shot("dashboard")


def test_editing_an_indicator_changes_the_score(web: Watched) -> None:
    web.log_in()
    web.goto(YANCHI)
    total = web.page.locator("#total")
    expect(total).to_have_text("99.38")  # every indicator bound to the sample evidence
    web.page.locator(f"{ONLINE_RATE} button", has_text="编辑").click()
    actual = web.page.locator(f"{ONLINE_RATE} input[name=actual]")
    expect(actual).to_have_value(re.compile("online_rate"))
    actual.fill("一百")
    web.page.locator(f"{ONLINE_RATE} button", has_text="保存").click()
    expect(web.page.locator(f"{ONLINE_RATE} .error-box")).to_contain_text("无法识别的实际完成值")
    expect(total).to_have_text("99.38")
    web.shot("project-invalid-edit", full_page=False)
    actual.fill("100%")
    web.page.locator(f"{ONLINE_RATE} button", has_text="保存").click()
    expect(total).to_have_text("99.39")  # 7.13 (99.86% measured) → 7.14
    expect(web.page.locator(f"{ONLINE_RATE} .indicator-score")).to_have_text("7.14")
    # Bind the same indicator to the evidence store: the rate is measured from the devices.
    web.page.locator(f"{ONLINE_RATE} button", has_text="编辑").click()
    actual.fill("{measure: online_rate, group: 地网, period: 2021}")
    web.page.locator(f"{ONLINE_RATE} button", has_text="保存").click()
    expect(web.page.locator(f"{ONLINE_RATE} .evidence-cite")).to_contain_text("分组“地网”")
    expect(web.page.locator("#evidence")).to_contain_text("按时长加权")
    assert total.inner_text() != "99.39"
    web.shot("project")


def test_a_report_downloads_as_word(web: Watched, tmp_path: Path) -> None:
    web.log_in()
    web.goto(YANCHI)
    with web.page.expect_download() as download:
        web.page.click("text=下载 Word")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx" and "盐池县公安局" in path.name
    assert "word/document.xml" in zipfile.ZipFile(path).namelist()


def test_reports_uploaded_for_checking_show_their_findings(web: Watched) -> None:
    web.log_in()
    web.goto("/checks")
    web.page.set_input_files("#files", [str(p) for p in sorted(SEEDS.glob("*.txt"))])
    web.page.click("button:has-text('开始检查')")
    job = web.page.locator(".job[data-state=done]")
    expect(job).to_be_visible(timeout=90_000)
    expect(web.page.locator(".checked-file")).to_have_count(3)
    expect(web.page.locator(".finding mark").first).to_be_visible()
    web.shot("checks")


def test_a_device_list_with_a_bad_row_shows_the_row_and_nothing_is_imported(
    web: Watched, tmp_path: Path
) -> None:
    table = tmp_path / "点位表.csv"
    table.write_text(
        "设备编码,名称,类型,分组,区域,启用日期\n"
        "64032300001320000021,新建点位一,摄像机,地网,花马池镇,2021-05-01\n"
        "6403230000132000002X,新建点位二,摄像机,地网,花马池镇,2021-05-01\n",
        encoding="utf-8",
    )
    web.log_in()
    web.goto("/devices/import")
    web.page.set_input_files("#device-file", str(table))
    web.page.click("button:has-text('导入点位表')")
    failed = web.page.locator("#device-import-job .job[data-state=failed]")
    expect(failed).to_be_visible()
    expect(failed.locator(".problems")).to_contain_text("第3行")
    expect(failed.locator(".problems")).to_contain_text("设备编码")
    web.shot("device-import")
    web.goto("/devices?q=新建点位")
    expect(web.page.locator("#devices tbody")).to_contain_text("没有符合条件的设备")


def test_every_page_renders_and_is_photographed(web: Watched) -> None:
    web.log_in()
    pages = {
        "projects": ("/projects", "#projects"),
        "devices": ("/devices", "#devices"),
        "device": ("/devices/64032300001320000004", "#timeline-chart canvas"),
        "device-rates": (
            "/devices/rates?period=month&from=2021-01-01&to=2021-12-31",
            "#rates-chart canvas",
        ),
        "device-offline": ("/devices/offline", "#offline"),
        "recordings": ("/recordings?month=2021-06", "#recording-rates"),
        "maintenance": ("/devices/maintenance", "#windows"),
        "admin-users": ("/admin/users", "#users"),
        "admin-audit": ("/admin/audit", "#audit"),
        "admin-settings": ("/admin/settings", "form"),
    }
    for name, (path, ready) in pages.items():
        web.goto(path)
        expect(web.page.locator(ready).first).to_be_visible()
        web.shot(name)
    web.goto("/admin/audit?entity=indicator")
    expect(web.page.locator("#audit")).to_contain_text("租赁视频服务在线率")


def test_the_device_filters_narrow_the_list_as_you_type(web: Watched) -> None:
    web.log_in()
    web.goto("/devices")
    web.page.fill("#q", "盐州路小区")  # not "小区": the 16 sample communities match that
    expect(web.page.locator("#devices tbody tr")).to_have_count(2)
    assert "q=盐州路小区" in unquote(web.page.url)
    web.page.select_option("#status", "offline")


def test_a_device_list_in_the_words_of_real_tables_imports_and_keeps_them(
    web: Watched, tmp_path: Path
) -> None:
    """A 点位表 as registers write it (点位名称, 摄像机类型 of 枪机/球机, 经度/纬度) imports; each
    device keeps its word; the template is one click away; every page says 演示数据."""
    table = tmp_path / "点位表.csv"
    table.write_text(
        "国标编码,点位名称,摄像机类型,分组,行政区域,经度,纬度,启用日期\n"
        "51042200001320000901,渔门镇枪机点位,枪机,导入测试,渔门镇,101.80,26.90,2021-05-01\n"
        "51042200001320000902,渔门镇球机点位,球机,导入测试,渔门镇,101.81,26.91,2021-05-01\n",
        encoding="utf-8",
    )
    web.log_in()
    expect(web.page.locator(".demo-banner")).to_contain_text("演示数据")
    web.goto("/devices/import")
    expect(web.page.locator("a[href='/devices/template.xlsx']")).to_be_visible()
    web.page.set_input_files("#device-file", str(table))
    web.page.click("button:has-text('导入点位表')")
    expect(web.page.locator("#device-import-job .job[data-state=done]")).to_be_visible()
    web.goto("/devices?q=渔门镇")
    rows = web.page.locator("#devices tbody")
    expect(rows).to_contain_text("摄像机（枪机）")
    expect(rows).to_contain_text("摄像机（球机）")
    web.goto("/devices/51042200001320000902")
    expect(web.page.locator("main")).to_contain_text("点位表写作“球机”")
    web.shot("device-kind-word")
