"""A project from start to end in the browser: made from the 天网 O&M template, its 在线率
bound to a device group picked from a list, its funds entered, and its Word, Excel and PDF
downloaded. Runs after test_browser.py (which counts the example projects)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import Watched

NAME = "2021年天网工程运维费（模板）"


def _download(web: Watched, text: str, tmp_path: Path) -> Path:
    with web.page.expect_download() as download:
        web.page.click(f"text={text}")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_a_project_from_the_tianwang_template_to_its_documents(
    web: Watched, tmp_path: Path
) -> None:
    web.log_in()
    web.goto("/projects")
    web.page.click("#new-project-link")
    expect(web.page.locator("h1")).to_have_text("新建项目")
    web.page.check("input[name=source][value=template]")
    web.page.select_option("select[name=template]", "tianwang-om")
    web.page.fill("#name", NAME)
    web.page.fill("#year", "2021")
    web.page.fill("#department", "某县公安局")
    web.page.fill("#implementer", "某县公安局")
    web.page.fill("#initial_budget", "389.4")
    web.shot("project-new")
    web.page.click("text=创建项目")
    expect(web.page.locator("h1")).to_have_text(NAME)
    key = web.page.url.rsplit("/", 1)[1]

    # Bind 在线率 to a group picked from the list (the examples' devices are 地网).
    row = web.page.locator("tr", has_text="视频监控点位在线率")
    row.locator("button", has_text="编辑").click()
    editing = web.page.locator("tr.editing")
    editing.locator("summary", has_text="从列表选择证据").click()
    editing.locator("select[name=measure]").select_option("online_rate")
    editing.locator("select[name=group]").select_option("地网")
    editing.locator("input[name=period]").fill("2021")
    web.shot("project-evidence-picker", full_page=False)
    editing.locator("button", has_text="绑定证据").click()
    bound = web.page.locator("tr", has_text="视频监控点位在线率")
    expect(bound.locator(".evidence-cite")).to_contain_text("分组“地网”")

    # Funds: the year's budget and what was executed, in 万元.
    funds = web.page.locator("#funds")
    funds.locator("input[name=budget]").fill("389.4")
    funds.locator("input[name=executed]").fill("350.46")
    funds.locator("button", has_text="保存").first.click()
    expect(web.page.locator("#funds")).to_contain_text("90%")  # 350.46 / 389.4
    web.shot("project-from-template")

    word = _download(web, "下载 Word", tmp_path)
    assert word.suffix == ".docx" and "word/document.xml" in zipfile.ZipFile(word).namelist()
    excel = _download(web, "下载 Excel", tmp_path)
    assert excel.suffix == ".xlsx" and "xl/workbook.xml" in zipfile.ZipFile(excel).namelist()
    web.page.click("text=生成 PDF")
    link = web.page.locator("#pdf-job a", has_text="下载")
    expect(link).to_be_visible(timeout=120_000)
    pdf = _download(web, "下载 " + link.inner_text().removeprefix("下载 "), tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert f"/projects/{key}#" in web.page.url  # every change came back to the project
