"""The batch of PDF reports (批量生成全部项目的 PDF 报告): one file per project in the zip."""

from __future__ import annotations

import io
import re
import zipfile

from fastapi.testclient import TestClient

from tests.conftest import SKYNET
from tests.web.conftest import wait_job


def test_two_projects_named_alike_get_a_pdf_each_in_the_batch(admin: TestClient) -> None:
    # "甲/同名项目" and "乙/同名项目" both come out as 同名项目（2021）自评报告 once the "/" of a
    # path is dropped: the second is numbered instead of overwriting the first
    text = SKYNET.read_text(encoding="utf-8")
    line = re.search(r"^  name: .*$", text, re.M)
    assert line is not None
    for prefix in ("甲/", "乙/"):
        changed = text.replace(line.group(0), f'  name: "{prefix}同名项目"', 1)
        created = admin.post(
            "/api/projects", files={"file": ("p.yaml", changed.encode(), "text/yaml")}
        )
        assert created.status_code == 201, created.text
    count = len(admin.get("/api/projects").json())
    job = wait_job(admin, admin.post("/api/reports/pdf").json(), timeout_s=600)
    assert job["state"] == "done", job
    archive = admin.get(f"/api/jobs/{job['id']}/download")
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == len(set(names)) == count
    assert {"同名项目（2021）自评报告.pdf", "同名项目（2021）自评报告（2）.pdf"} <= set(names)
