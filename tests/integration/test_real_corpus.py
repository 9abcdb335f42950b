"""The checker on the corpus of real reports (tests/data/real): recall and precision of the
defects written down for each report, computed by bench/checker.py's own function and printed.

The floors are what the checker reaches now, so a change that loses ground fails; they are not
the issue's goal (recall 70%, precision 85%), which `make bench` reports against.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# bench/*.py are scripts importing each other by module name, as `make bench` runs them.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from checker import CORPUS, corpus_files, measure, report

# 105 reports: 100-2xx, 300-319 (held out two rounds ago: recall 7.3% when measured) and
# 400-423 (held out in the last round: recall 8.6%, precision 13.6% when measured); reached
# recall 73.7% (129/175), precision 94.7% (125/132) with this round's reader and checks
# together (the reader now reads 414's table, whose one misplaced 成本指标 row the yaml
# does not list). The held-out set 500-523 then joined the development files (measured twice
# apart at 18.8%): 129 files, recall 65.2% (135/207), precision 90.9% (130/143). Rules for
# kinds that recur across reports (text lost in conversion or masked by a mirror, a form's
# fill-in instructions left in place, goals written out twice) and rows quoted with their
# names as written then reached recall 71.5% (148/207), precision 91.6% (141/154), and
# 72.9% (151/207), 91.7% (144/157) with the next readers. 700-723 (measured once apart:
# recall 19.2%, precision 26.3%) then joined: 153 files, recall 67.0% (156/233), precision
# 83.7% (149/178); its kinds and false alarms brought 70.0% (163/233), 89.1% (155/174).
# 800-823 (measured once apart: recall 12.9%, precision 17.4%) then joined: 177 files, recall
# 63.3% (167/264), precision 80.7% (159/197); this round's rules and readers brought 67.0%
# (177/264), 87.0% (167/192). 900-923 (measured apart: recall 14.8%, precision 20.0%) then
# joined: 201 files, recall 62.2% (181/291), precision 80.7% (171/212); their false alarms'
# kinds (target declarations, a site's furniture for a name, its hotline, prose actuals) then
# brought precision to 83.0% (171/206); 900's table, read, made it 82.6% (171/207).
# The next round (the held-out set 1000-1023 kept apart, measured first at recall 21.9%,
# precision 50.0%): prose indicators judged as accounts under a 完成情况 heading, funds blocks
# copied one cell per line, forms with a unit or 指标方向 column and figures before names,
# blocks over their 10号 weight, mirror advertising and Wingdings boxes brought 201 files to
# recall 68.4% (199/291), precision 87.0% (188/216).
RECALL_FLOOR = 0.68
PRECISION_FLOOR = 0.86


@pytest.mark.skipif(not corpus_files(CORPUS), reason="no corpus of real reports in tests/data/real")
def test_recall_and_precision_on_the_real_corpus() -> None:
    bench = measure(CORPUS)
    print("\n" + report(bench))
    assert bench.recall >= RECALL_FLOOR
    assert bench.precision >= PRECISION_FLOOR


def _findings(rule: str, prefix: str) -> list[str]:
    from jixiao.adapters.readers import read_report
    from jixiao.domain.checks import RULES
    from jixiao.domain.checks.base import Context
    from jixiao.domain.reading.facts import read_facts

    (path,) = CORPUS.glob(f"{prefix}-*.txt")
    return [f.message for f in RULES[rule].run(Context(read_facts(read_report(path)), ()))]


@pytest.mark.skipif(not corpus_files(CORPUS), reason="no corpus of real reports in tests/data/real")
def test_a_row_scored_in_full_in_a_table_with_noted_rows_is_judged_unless_noted_itself() -> None:
    # 206: two rows lost their names (notes), 居民健康档案 38508人 → 37442人 is read whole and
    # scored 3 of 3; 506: every row is a split the reader inferred from the 自评总分 (notes)
    assert any("居民健康档案" in m for m in _findings("target-missed", "206"))
    assert _findings("target-missed", "506") == []
