"""The 复核 use case through the Application: reports are rescored, project files refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.services.application import Application
from tests.unit.checks.test_review import COUNT, RATE, SATISFIED, sheet


def test_the_application_reviews_reports_and_refuses_project_files(
    application: Application, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(sheet(COUNT, RATE, SATISFIED, total="49"), encoding="utf-8")
    project = tmp_path / "project.yaml"
    project.write_text("project: {}\n", encoding="utf-8")
    reviewed, refused = application.review_files([report, project])
    assert reviewed.review is not None and reviewed.review.review_total == Decimal("48.05")
    assert refused.review is None and "jixiao evaluate" in refused.problems[0].message
