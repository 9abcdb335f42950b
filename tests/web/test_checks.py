"""Checking reports over the API: several files at once, findings with their evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import wait_job

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def test_reports_uploaded_together_are_checked_together(admin: TestClient) -> None:
    files = [
        ("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(SEEDS.glob("*.txt"))[:2]
    ]
    started = admin.post("/api/checks", files=files)
    assert started.status_code == 202
    job = wait_job(admin, started.json())
    assert job["state"] == "done", job
    assert [f["file"] for f in job["files"]] == [name for _, (name, _, _) in files]
    findings = [x for f in job["files"] for x in f["findings"]]
    assert findings and all({"rule", "severity", "message", "evidence"} <= set(x) for x in findings)


def test_an_unreadable_report_is_named_with_the_reason_not_a_server_error(
    admin: TestClient,
) -> None:
    started = admin.post(
        "/api/checks",
        files=[
            ("files", ("空白.docx", b"not a zip at all", "application/octet-stream")),
            ("files", ("二进制.txt", bytes(range(256)) * 4, "text/plain")),
        ],
    )
    job = wait_job(admin, started.json())
    assert job["state"] == "done"
    for checked in job["files"]:
        assert checked["problems"], checked
        assert "/tmp" not in " ".join(checked["problems"])


def test_the_check_page_shows_findings_with_highlighted_evidence(admin: TestClient) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    started = admin.post(
        "/checks",
        files=[("files", (seed.name, seed.read_bytes(), "text/plain"))],
        data={"csrf_token": admin.headers["X-CSRF-Token"]},
        headers={"HX-Request": "true"},
    )
    assert started.status_code == 200 and "检查报告" in started.text
    job_id = started.text.split('id="job-', 1)[1].split('"', 1)[0]
    wait_job(admin, admin.get(f"/api/jobs/{job_id}").json())
    done = admin.get(f"/jobs/{job_id}", headers={"HX-Request": "true"})
    assert "<mark>" in done.text and "finding sev-" in done.text


LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "\n".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_yaml_bomb_from_a_viewer_is_refused_and_the_server_keeps_answering(
    clients: dict[Role, TestClient],
) -> None:
    viewer = clients[Role.VIEWER]
    started = viewer.post(
        "/api/checks", files=[("files", ("laughs.yaml", LAUGHS.encode(), "text/plain"))]
    )
    job = wait_job(viewer, started.json(), timeout_s=20)
    assert "100,000个值" in " ".join(job["files"][0]["problems"]), job
    assert viewer.get("/api/overview").status_code == 200


def _hog(path: Path) -> bytes:
    return bytes(4 * 1024 * 1024 * 1024)


def test_a_reader_that_runs_out_of_memory_fails_the_file_not_the_server(
    admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jixiao.adapters.files.read_report", _hog)
    started = admin.post(
        "/api/checks", files=[("files", ("报告.txt", "预算200万元".encode(), "text/plain"))]
    )
    job = wait_job(admin, started.json(), timeout_s=60)
    assert "内存上限（2048 MB）" in " ".join(job["files"][0]["problems"]), job
    assert admin.get("/api/overview").status_code == 200
