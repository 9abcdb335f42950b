"""The 检查 page offers a finished check's findings as Excel and as the Word 审核意见."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from docx import Document
from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import wait_job

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def test_a_finished_check_downloads_as_excel_and_word(clients: dict[Role, TestClient]) -> None:
    admin, viewer = clients[Role.ADMIN], clients[Role.VIEWER]
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    started = admin.post(
        "/checks",
        files=[("files", (p.name, p.read_bytes(), "text/plain")) for p in seeds],
        data={"csrf_token": admin.headers["X-CSRF-Token"]},
        headers={"HX-Request": "true"},
    )
    job_id = started.text.split('id="job-', 1)[1].split('"', 1)[0]
    job = wait_job(admin, admin.get(f"/api/jobs/{job_id}").json())
    done = admin.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).text
    assert f'href="/checks/{job_id}/findings.xlsx"' in done
    assert f'href="/checks/{job_id}/findings.docx"' in done
    xlsx = admin.get(f"/checks/{job_id}/findings.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    texts = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert texts[0] == "报告检查审核意见" and seeds[0].name in texts
    total = sum(len(f["findings"]) for f in job["files"])
    heads = [re.match(r"[一二三]、(错误|警告|提示)（(\d+)项）：", t) for t in texts]
    counted = [(m[1], int(m[2])) for m in heads if m]
    assert [word for word, _ in counted] == ["错误", "警告", "提示"]
    assert sum(n for _, n in counted) == total
    docx = admin.get(f"/checks/{job_id}/findings.docx")
    assert docx.status_code == 200
    assert Document(io.BytesIO(docx.content)).tables[0].rows[0].cells[0].text == "文件"
    assert viewer.get(f"/checks/{job_id}/findings.xlsx").status_code == 404  # not theirs
    assert admin.get("/checks/nonexistent/findings.xlsx").status_code == 404
    assert admin.get(f"/checks/{job_id}/findings.pdf").status_code == 400
