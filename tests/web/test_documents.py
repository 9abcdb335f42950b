"""Documents over the API: upload one, open it (inline preview), cite it from an indicator;
a file of the wrong type or too large is refused in Chinese and nothing is kept."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role

YANCHI = 4  # examples load in name order
NETWORK_SECURITY = 8  # 提升机房网络安全等级 (定性), citing the sample 等保 report
PDF = b"%PDF-1.4\n% report\n"


def test_an_uploaded_report_is_previewed_and_cited(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    sha = hashlib.sha256(PDF).hexdigest()
    uploaded = finance.post(
        f"/api/projects/{YANCHI}/documents",
        files={"file": ("报告.pdf", PDF, "application/pdf")},
        data={"kind": "等保测评报告", "title": "2021年等保测评报告", "date": "2021-10-20"},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["sha256"], uploaded.json()["replaced"]) == (sha, False)
    titles = [d["title"] for d in finance.get(f"/api/projects/{YANCHI}/documents").json()]
    assert "2021年等保测评报告" in titles
    opened = clients[Role.VIEWER].get(f"/api/projects/{YANCHI}/documents/{sha}")
    assert opened.status_code == 200 and opened.content == PDF
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"] == "inline"
    cited = finance.patch(
        f"/api/projects/{YANCHI}/indicators/{NETWORK_SECURITY}",
        json={"actual": {"grade": "达成年度指标", "documents": ["2021年等保测评报告"]}},
    )
    assert cited.status_code == 200, cited.text
    row = cited.json()["indicators"][NETWORK_SECURITY]
    assert row["score"] == 7.5 and f"SHA-256 {sha}" in row["working"]


def test_a_wrong_type_or_a_large_file_is_refused_and_nothing_kept(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    before = finance.get(f"/api/projects/{YANCHI}/documents").json()
    fake = finance.post(
        f"/api/projects/{YANCHI}/documents",
        files={"file": ("报告.pdf", "这不是PDF".encode(), "application/pdf")},
        data={"kind": "等保测评报告", "title": "假报告"},
    )
    assert fake.status_code == 400  # refused, as the other uploads are
    assert "不支持的文件类型（按文件内容识别）" in fake.json()["detail"]
    large = finance.post(
        f"/api/projects/{YANCHI}/documents",
        files={"file": ("大.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "application/pdf")},
        data={"kind": "照片", "title": "大"},
    )
    assert large.status_code in (400, 413)  # by the body limit or the document limit
    assert finance.get(f"/api/projects/{YANCHI}/documents").json() == before
    refused = clients[Role.OPERATIONS].post(
        f"/api/projects/{YANCHI}/documents",
        files={"file": ("报告.pdf", PDF, "application/pdf")},
        data={"kind": "等保测评报告", "title": "运维上传"},
    )
    assert refused.status_code == 403


def test_the_project_page_lists_documents_and_uploads_one(clients: dict[Role, TestClient]) -> None:
    finance, viewer = clients[Role.FINANCE], clients[Role.VIEWER]
    sha = hashlib.sha256(PDF).hexdigest()
    sent = finance.post(
        f"/projects/{YANCHI}/documents",
        files={"file": ("验收.pdf", PDF, "application/pdf")},
        data={"kind": "验收报告", "title": "竣工验收报告", "issuer": "建设单位", "date": ""},
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/projects/{YANCHI}#documents"
    shown = viewer.get(f"/projects/{YANCHI}").text
    assert f'href="/api/projects/{YANCHI}/documents/{sha}"' in shown and "竣工验收报告" in shown
    assert 'action="/projects/4/documents"' not in shown  # a viewer gets no upload form
    assert f'action="/projects/{YANCHI}/documents"' in finance.get(f"/projects/{YANCHI}").text
    wrong = finance.post(
        f"/projects/{YANCHI}/documents",
        files={"file": ("x.pdf", b"not a pdf", "application/pdf")},
        data={"kind": "验收报告", "title": "坏文件"},
    )
    assert wrong.status_code == 422 and 'class="error-box"' in wrong.text
    assert "坏文件" not in viewer.get(f"/projects/{YANCHI}").text
