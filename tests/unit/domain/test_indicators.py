"""Layouts, level names, block weights and indicator points (reference note §1.2–1.3, §2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.domain.errors import IndicatorError, WeightError
from jixiao.domain.indicators import (
    EXECUTION,
    LAYOUTS,
    Indicator,
    IndicatorDraft,
    layout_named,
    level1_name,
    level2_name,
    settle_points,
    settle_weights,
    split_equally,
)

MOF_2020 = LAYOUTS["mof-2020"]
MOF_2021 = LAYOUTS["mof-2021"]


def weights(output: str, benefit: str, satisfaction: str, execution: str) -> dict[str, Decimal]:
    return {
        "产出指标": Decimal(output),
        "效益指标": Decimal(benefit),
        "满意度指标": Decimal(satisfaction),
        EXECUTION: Decimal(execution),
    }


def draft(level1: str, level2: str, name: str, points: str | None = None) -> IndicatorDraft:
    return IndicatorDraft(
        level1, level2, name, None, None, None if points is None else Decimal(points)
    )


DEFAULT_WEIGHTS = weights("50", "30", "10", "10")


# --- layouts --------------------------------------------------------------------------------


def test_mof_2020_has_three_blocks_with_cost_under_outputs() -> None:
    assert list(MOF_2020.blocks) == ["产出指标", "效益指标", "满意度指标"]
    assert MOF_2020.blocks["产出指标"] == ("数量指标", "质量指标", "时效指标", "成本指标")


def test_mof_2021_has_cost_as_a_first_level_block() -> None:
    assert list(MOF_2021.blocks) == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    assert MOF_2021.blocks["成本指标"] == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    assert "成本指标" not in MOF_2021.blocks["产出指标"]


def test_a_layout_is_found_by_name() -> None:
    assert layout_named("mof-2021") is MOF_2021


def test_an_unknown_layout_name_is_an_error_listing_the_valid_ones() -> None:
    with pytest.raises(IndicatorError) as raised:
        layout_named("mof-2019")
    assert str(raised.value) == "未知的指标体系“mof-2019”；可选：mof-2020、mof-2021"


# --- level names ----------------------------------------------------------------------------


def test_a_first_level_name_without_the_zhibiao_suffix_is_accepted() -> None:
    assert level1_name(MOF_2020, "产出") == "产出指标"


def test_a_first_level_name_written_in_full_is_accepted() -> None:
    assert level1_name(MOF_2020, "效益指标") == "效益指标"


def test_the_satisfaction_block_may_be_written_with_fuwu_duixiang() -> None:
    assert level1_name(MOF_2020, "服务对象满意度指标") == "满意度指标"


def test_an_unknown_first_level_name_is_an_error_listing_the_valid_names() -> None:
    with pytest.raises(IndicatorError) as raised:
        level1_name(MOF_2020, "投入指标")
    assert str(raised.value) == (
        "未知的一级指标“投入指标”；财预〔2020〕10号的一级指标为：产出指标、效益指标、满意度指标"
    )


def test_cost_is_a_first_level_name_only_in_mof_2021() -> None:
    assert level1_name(MOF_2021, "成本") == "成本指标"
    with pytest.raises(IndicatorError):
        level1_name(MOF_2020, "成本")


def test_a_second_level_name_without_the_zhibiao_suffix_is_accepted() -> None:
    assert level2_name(MOF_2020, "产出指标", "数量") == "数量指标"


def test_cost_is_a_second_level_name_under_outputs_in_mof_2020() -> None:
    assert level2_name(MOF_2020, "产出指标", "成本指标") == "成本指标"


def test_the_satisfaction_second_level_may_omit_fuwu_duixiang() -> None:
    assert level2_name(MOF_2020, "满意度指标", "满意度指标") == "服务对象满意度指标"


def test_a_second_level_name_from_another_block_is_an_error_listing_the_valid_names() -> None:
    with pytest.raises(IndicatorError) as raised:
        level2_name(MOF_2020, "产出指标", "社会效益")
    assert str(raised.value) == (
        "“社会效益”不是“产出指标”下的二级指标；财预〔2020〕10号中“产出指标”的二级指标为："
        "数量指标、质量指标、时效指标、成本指标"
    )


# --- block weights --------------------------------------------------------------------------


def test_mof_2020_defaults_to_50_30_10_10() -> None:
    assert settle_weights(MOF_2020, None) == {
        "产出指标": Decimal(50),
        "效益指标": Decimal(30),
        "满意度指标": Decimal(10),
        "预算执行率": Decimal(10),
    }


def test_given_weights_summing_to_100_are_used_in_layout_order() -> None:
    given = {
        EXECUTION: Decimal(20),
        "满意度指标": Decimal(10),
        "效益指标": Decimal(30),
        "产出指标": Decimal(40),
    }
    settled = settle_weights(MOF_2020, given)
    assert list(settled.items()) == [
        ("产出指标", Decimal(40)),
        ("效益指标", Decimal(30)),
        ("满意度指标", Decimal(10)),
        (EXECUTION, Decimal(20)),
    ]


def test_weights_summing_to_95_are_an_error_naming_100_and_the_gap_of_5() -> None:
    with pytest.raises(WeightError) as raised:
        settle_weights(MOF_2020, weights("50", "25", "10", "10"))
    assert str(raised.value) == (
        "权重合计为95，应为100（少5）：产出指标50、效益指标25、满意度指标10、预算执行率10"
    )


def test_weights_summing_to_more_than_100_name_the_excess() -> None:
    # 50 + 30 + 15 + 10 = 105 -> 多5
    with pytest.raises(WeightError) as raised:
        settle_weights(MOF_2020, weights("50", "30", "15", "10"))
    assert str(raised.value) == (
        "权重合计为105，应为100（多5）：产出指标50、效益指标30、满意度指标15、预算执行率10"
    )


def test_an_unknown_weight_key_is_an_error_listing_the_valid_keys() -> None:
    given = {
        "产出指标": Decimal(50),
        "效益": Decimal(30),
        "满意度指标": Decimal(10),
        EXECUTION: Decimal(10),
    }
    with pytest.raises(WeightError) as raised:
        settle_weights(MOF_2020, given)
    assert str(raised.value) == (
        "未知的权重项“效益”；mof-2020的权重项为：产出指标、效益指标、满意度指标、预算执行率"
    )


def test_a_missing_weight_key_is_an_error_naming_it() -> None:
    given = {"产出指标": Decimal(60), "效益指标": Decimal(30), EXECUTION: Decimal(10)}
    with pytest.raises(WeightError) as raised:
        settle_weights(MOF_2020, given)
    assert str(raised.value) == (
        "缺少权重项“满意度指标”；mof-2020的权重项为：产出指标、效益指标、满意度指标、预算执行率"
    )


def test_mof_2021_without_weights_is_an_error_listing_the_keys() -> None:
    with pytest.raises(WeightError) as raised:
        settle_weights(MOF_2021, None)
    assert str(raised.value) == (
        "mof-2021（财预〔2021〕101号）没有默认权重，请在 scoring.weights 中给出："
        "产出指标、成本指标、效益指标、满意度指标、预算执行率，合计100"
    )


def test_mof_2021_with_weights_summing_to_100_is_accepted() -> None:
    given = {
        "产出指标": Decimal(40),
        "成本指标": Decimal(10),
        "效益指标": Decimal(30),
        "满意度指标": Decimal(10),
        EXECUTION: Decimal(10),
    }
    assert settle_weights(MOF_2021, given) == given


# --- equal split ----------------------------------------------------------------------------


def test_fifty_over_seven_gives_six_shares_of_7_14_and_the_remainder_7_16() -> None:
    # 50 / 7 = 7.142857… -> 7.14; last = 50 − 6 × 7.14 = 50 − 42.84 = 7.16
    shares = split_equally(Decimal(50), 7)
    assert shares == [Decimal("7.14")] * 6 + [Decimal("7.16")]
    assert sum(shares, Decimal(0)) == Decimal(50)


def test_twenty_over_three_gives_6_67_6_67_and_6_66() -> None:
    # 20 / 3 = 6.666… -> 6.67; last = 20 − 13.34 = 6.66
    shares = split_equally(Decimal(20), 3)
    assert shares == [Decimal("6.67"), Decimal("6.67"), Decimal("6.66")]
    assert sum(shares, Decimal(0)) == Decimal(20)


def test_a_single_indicator_takes_the_whole_weight() -> None:
    assert split_equally(Decimal(30), 1) == [Decimal(30)]


def test_zero_indicators_share_nothing() -> None:
    assert split_equally(Decimal(30), 0) == []


def test_splitting_one_point_over_forty_indicators_gives_no_negative_share() -> None:
    shares = split_equally(Decimal(1), 40)
    assert sum(shares, Decimal(0)) == Decimal(1)
    assert min(shares) >= Decimal(0)


# --- settling points ------------------------------------------------------------------------


def test_a_block_with_all_points_omitted_splits_its_weight_equally() -> None:
    drafts = [draft("产出指标", "数量指标", f"指标{i}") for i in range(1, 8)] + [
        draft("效益指标", "社会效益指标", "破案数", "15"),
        draft("效益指标", "可持续影响指标", "长效运行", "15"),
        draft("满意度指标", "服务对象满意度指标", "群众满意度", "10"),
    ]
    settled = settle_points(drafts, DEFAULT_WEIGHTS)
    # 50 / 7: six × 7.14 and 7.16
    assert [i.points for i in settled] == [Decimal("7.14")] * 6 + [
        Decimal("7.16"),
        Decimal(15),
        Decimal(15),
        Decimal(10),
    ]


def test_settled_indicators_keep_their_place_target_actual_and_note() -> None:
    drafts = [
        IndicatorDraft("满意度指标", "服务对象满意度指标", "群众满意度", None, None, None, "说明")
    ]
    assert settle_points(drafts, DEFAULT_WEIGHTS) == [
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", None, None, Decimal(10), "说明")
    ]


def test_a_block_mixing_given_and_omitted_points_is_an_error() -> None:
    drafts = [
        draft("产出指标", "数量指标", "点位数", "25"),
        draft("产出指标", "质量指标", "在线率"),
    ]
    with pytest.raises(IndicatorError) as raised:
        settle_points(drafts, DEFAULT_WEIGHTS)
    assert str(raised.value) == (
        "“产出指标”中1个指标写了分值、1个没写；要么都写，要么都不写（不写则平分50分）"
    )


def test_given_points_short_of_the_block_weight_are_an_error_naming_the_gap() -> None:
    # 10 + 15 = 25, weight 30 -> 少5
    drafts = [
        draft("效益指标", "社会效益指标", "破案数", "10"),
        draft("效益指标", "可持续影响指标", "长效运行", "15"),
    ]
    with pytest.raises(IndicatorError) as raised:
        settle_points(drafts, DEFAULT_WEIGHTS)
    assert str(raised.value) == "“效益指标”各三级指标分值合计25，应为权重30（少5）"


def test_given_points_above_the_block_weight_are_an_error_naming_the_excess() -> None:
    # 20 + 15 = 35, weight 30 -> 多5
    drafts = [
        draft("效益指标", "社会效益指标", "破案数", "20"),
        draft("效益指标", "可持续影响指标", "长效运行", "15"),
    ]
    with pytest.raises(IndicatorError) as raised:
        settle_points(drafts, DEFAULT_WEIGHTS)
    assert str(raised.value) == "“效益指标”各三级指标分值合计35，应为权重30（多5）"


@pytest.mark.parametrize(
    "written", ["满意度", "满意度指标", "服务对象满意度", "服务对象满意度指标"]
)
def test_level2_name_accepts_every_short_form_of_satisfaction(written: str) -> None:
    assert level2_name(LAYOUTS["mof-2020"], "满意度指标", written) == "服务对象满意度指标"
