"""Every rule fires on its broken variant of the clean report, and none fires on the clean one."""

from __future__ import annotations

import re

import pytest

from jixiao.domain.checks import RULES, check_report
from tests.unit.checks.reports import BROKEN, CLEAN, OTHER_UNRELATED, facts_of, run


def test_every_rule_has_a_broken_example() -> None:
    assert set(BROKEN) == set(RULES)


def test_rule_ids_are_stable_kebab_case() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule_id)
        assert rule.id == rule_id
        assert rule.title


def test_the_clean_report_raises_nothing() -> None:
    findings = check_report(facts_of(CLEAN), [facts_of(OTHER_UNRELATED, "other.txt")])
    assert findings == []


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_rule_fires_on_its_broken_variant(rule: str) -> None:
    text, others = BROKEN[rule]
    findings = run(rule, text, others)
    assert findings, f"{rule} stayed quiet on its broken example"
    for finding in findings:
        assert finding.rule == rule
        assert finding.message
        assert finding.location


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_rule_is_quiet_on_the_clean_report(rule: str) -> None:
    assert run(rule, CLEAN, (OTHER_UNRELATED,)) == []


# Edits that break one thing may show up in a second rule too: a score above its points also
# breaks the total; an actual below target also breaks the completion column and the text.
SIDE_EFFECTS = {
    "score-mismatch": {"total-mismatch"},
    "target-missed": {"completion-mismatch", "actual-contradicts-text"},
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_broken_variant_raises_only_what_it_breaks(rule: str) -> None:
    text, others = BROKEN[rule]
    fired = {
        f.rule
        for f in check_report(
            facts_of(text), [facts_of(o, f"o{i}.txt") for i, o in enumerate(others)]
        )
    }
    assert fired == {rule} | SIDE_EFFECTS.get(rule, set())
