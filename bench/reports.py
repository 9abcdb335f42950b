"""Benchmark: writing the 自评报告, as ratios to baselines measured in the same run.

- Word: evaluate + write one project's .docx, against python-docx saving a one-line document
  (the library's floor); then 200 projects.
- PDF: LibreOffice converting a batch of N reports in one run, per project, against converting
  one empty document (LibreOffice's start-up, paid once per batch).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docx import Document

from jixiao.adapters.projectfile import read_project
from jixiao.adapters.reports.docx_writer import write_docx
from jixiao.adapters.reports.pdf import convert_to_pdf
from jixiao.adapters.reports.view import build_view
from jixiao.domain.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent
WORKED = (ROOT / "examples" / "worked-example-2023-tianwang-om.yaml").read_text(encoding="utf-8")
PDF_BATCH = 10


def _median(action: Callable[[], object], repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        texts = [WORKED.replace("actual: 1180个", f"actual: {1000 + i}个") for i in range(200)]

        def floor() -> None:
            document = Document()
            document.add_paragraph("自评报告")
            document.save(str(tmp / "floor.docx"))

        def one() -> None:
            write_docx(build_view(evaluate(read_project(WORKED))), tmp / "one.docx")

        def many() -> None:
            for i, text in enumerate(texts):
                write_docx(build_view(evaluate(read_project(text))), tmp / f"p{i}.docx")

        baseline = _median(floor)
        single = _median(one)
        batch = _median(many, repeat=1)
        floor()
        empty = _median(lambda: convert_to_pdf([tmp / "floor.docx"], tmp / "pdf0"), repeat=2)
        sources = [tmp / f"p{i}.docx" for i in range(PDF_BATCH)]
        pdf_batch = _median(lambda: convert_to_pdf(sources, tmp / "pdf"), repeat=2)

    rows = [
        ("baseline: python-docx saves a one-line document", baseline, 1.0),
        ("evaluate + write .docx, one project", single, single / baseline),
        ("evaluate + write .docx, 200 projects", batch, batch / baseline),
        ("  per project", batch / 200, batch / 200 / baseline),
        ("baseline: LibreOffice converts an empty document", empty, 1.0),
        (f"PDF, batch of {PDF_BATCH} in one run", pdf_batch, pdf_batch / empty),
        ("  per project", pdf_batch / PDF_BATCH, pdf_batch / PDF_BATCH / empty),
    ]
    print(f"\n{'reports':<52}{'median':>12}{'ratio':>10}")
    for name, seconds, ratio in rows:
        print(f"{name:<52}{seconds * 1000:>10.1f}ms{ratio:>9.1f}x")


if __name__ == "__main__":
    main()
