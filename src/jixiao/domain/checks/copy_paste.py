"""Text copied from another report: it names another project, fund or unit than the report's own.

A clause that opens with a fund's name ("盐边县公安局政法队伍教育整顿工作经费在当期完成…") is
compared with the report's own name and the short names it defines; a name sharing almost no
wording with them is another project's. Weak endings (项目, 资金, 工程) count only after a unit
name, because "截止目前项目资金全部到位" opens with words, not a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.domain.checks.base import Context, Hit, Rule, named, quote
from jixiao.domain.findings import Severity
from jixiao.domain.reading.text import Paragraph, compact

STRONG = ("工作经费", "专项经费", "补助经费", "经费", "运维费", "服务费", "专项资金", "补助资金")
WEAK = ("项目", "资金", "工程")
# Clause openings that are words, not a name.
NOT_A_NAME = re.compile(
    r"^(?:按|严格|对|为|通过|根据|依据|由|经|在|将|把|被|及时|确保|保障|加强|提高|做到|上报|申请|"
    r"下达|解决|完成|实现|建设|建立|满足|加快|争取|认真|熟练|充分|进行|凭|所有|我|该|本|此|其|各|全|"
    r"截止|截至|目前|现|已|共|从|自|以|与|和|及|并|且|如|若|因|于|当|每|又|再|也|都|即|但|而|或|是|"
    r"分别|包括|主要|用于|其中|含|督促|兑付|协助|组织|开展|实施|落实|发放|拨付|安排|支付|管理|使用|"
    r"慰问|做好|推进|推动|促进|规范|统筹|负责|承担|配合|指导|监督|检查|审核|争取|筹措|预计|计划)"
)
# An own name the comparison can rely on: words, not a table row or a bullet.
_PLAUSIBLE = re.compile(r"^[\u4e00-\u9fff“”\"()（）A-Za-z0-9·、\-—]{4,40}$")
_UNIT = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,12}?(?:县|市|区|旗|州|省))?公安(?:分)?局|^县公安局|^我局"
)
_YEAR = re.compile(r"^\d{4}\s*年度?")
_NUMBERING = re.compile(r"^(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*")
_NAME = re.compile(r"^[\u4e00-\u9fff“”\"]{2,30}?(?:" + "|".join(STRONG + WEAK) + ")")
_LOCAL_UNIT = re.compile(r"([\u4e00-\u9fff]{1,3})(县|市|区|旗)(公安局|公安分局)")
# Characters no place name ends in: "保障了县公安局" names no county.
_NOT_PLACE = re.compile(r"[了的和及对为在由向给与是将把被从到我本该其各全等]")
# A name opening with these is a description ("项目实施经费"), not another project's name.
GENERIC_HEADS = ("项目", "本", "该", "此", "上述", "专项", "财政", "预算")
# What a page or a form says where a name was looked for: a site's furniture ("公开目录 绩效自评报告
# 发布日期 2024-03-26") or a section's heading ("自评结果"); no project is called so.
_NOT_A_NAME = re.compile(
    r"发布日期|发布时间|公开目录|索引号|信息来源|^\s*自评结果\s*$|^\s*(?:绩效)?自评报告\s*$"
)
GENERIC_CORES = {"", "专项", "项目", "财政", "预算", "年度", "部门", "上述", "相关", "工作", "整体"}


# Verbs no project's name holds: a clause that has one tells what someone did with funds.
_VERB_INSIDE = re.compile(
    r"根据|按照|依据|通过|筹集|用于|下达|拨付|安排|会同|确定|申请|争取|落实|使用|支付|统筹"
)


@dataclass(frozen=True, slots=True)
class NameMention:
    name: str
    core: str
    paragraph: Paragraph


def _core(name: str) -> str:
    core = name.strip('“”"')
    changed = True
    while changed:
        changed = False
        for suffix in (*STRONG, *WEAK):
            if core.endswith(suffix) and len(core) > len(suffix):
                core, changed = core[: -len(suffix)], True
    return core.strip('“”"')


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _is_own(core: str, own: tuple[str, ...]) -> bool:
    """Own when the core is part of an own name, or shares a fifth of its wording with one."""
    grams = _bigrams(core)
    for name in own:
        if core in name or name in core:
            return True
        if grams and len(grams & _bigrams(name)) / len(grams) >= 0.2:
            return True
    return False


def name_mentions(context: Context) -> Iterator[NameMention]:
    facts = context.facts
    title = facts.title.location if facts.title else None
    rows = tuple(compact(f.name_as_written) for f in facts.indicators if len(f.name) >= 4)
    for paragraph in facts.document.paragraphs:
        if paragraph.is_heading or paragraph.location == title:
            continue
        if compact(paragraph.clean).startswith(rows):
            continue  # a 自评表 row flattened into a line: its words are an indicator's, not a fund's
        for clause in re.split(r"[，,。；;：:！？]", paragraph.clean):
            clause = _NUMBERING.sub("", clause.strip())
            unit = _UNIT.match(clause)
            rest = _YEAR.sub("", clause[unit.end() :] if unit else clause).strip()
            m = _NAME.match(rest)
            if m is None or NOT_A_NAME.match(rest):
                continue
            if m[0].endswith(WEAK) and not m[0].endswith(STRONG) and unit is None:
                continue
            if "指标" in m[0] or m[0].count("“") != m[0].count("”"):
                continue  # an indicator's name, or a quotation cut short: no fund name
            if _VERB_INSIDE.search(m[0]):
                continue  # "省财政厅根据当年筹集省级补助资金": a sentence about funds, no name
            core = _core(m[0])
            if len(core) >= 4 and core not in GENERIC_CORES and not core.startswith(GENERIC_HEADS):
                yield NameMention(m[0], core, paragraph)


def _head_names(context: Context) -> tuple[str, ...]:
    """The report's title lines (its first two lines, and short lines naming the 自评报告 or
    自评表), which name its own project however the reader took its name:
    "…自评报告(春节慰问经费项目)"."""
    head = [p.clean for p in context.facts.document.paragraphs[:2]]
    titles = [
        p.clean
        for p in context.facts.document.paragraphs
        if re.search(r"自评报告|自评表|评价报告", p.clean) and len(p.clean) <= 80
    ]
    return tuple(head + titles)


_UNIT_NAME = re.compile(r"(?:局|委|办|院|中心|站|所|队|馆|部|会|政府|学校|中学|小学|医院)$")


def _department_report(context: Context) -> bool:
    """A unit's own report (部门整体, 部门决算) lists the unit's many projects by name."""
    facts = context.facts
    head = " ".join(_head_names(context))
    name = facts.own_names[0] if facts.own_names else ""
    return bool(re.search(r"部门整体|整体支出|部门决算|单位整体", head)) or bool(
        name and _UNIT_NAME.search(name) and not re.search(r"项目|经费|资金|工程", name)
    )


def _listed_with_amount(mention: NameMention) -> bool:
    """A fund named with its amount ("…工作经费2.5万元,…", "…专项资金共计1586万元"): a line of
    the unit's budget, or the fund a transfer-payment report's money came from."""
    text = mention.paragraph.clean
    at = text.find(mention.name)
    return at >= 0 and bool(
        re.match(
            r"\s*(?:共计|合计|总计|共|计|为)?\s*\d[\d,，]*(?:\.\d+)?\s*(?:亿元|万元|元)",
            text[at + len(mention.name) :],
        )
    )


def foreign_projects(context: Context) -> Iterator[Hit]:
    """Quiet when the report's own name cannot be read as a name: comparing with a table row
    or a bullet raises false alarms."""
    facts = context.facts
    if _department_report(context):
        return
    names = tuple(
        n
        for n in facts.own_names
        if _PLAUSIBLE.match(re.sub(r"\s+", "", n)) and not _NOT_A_NAME.search(n)
    )
    names = tuple(n for n in names if _core(n) not in GENERIC_CORES)
    if not names:
        return
    own = tuple(_core(n) for n in names) + names
    head = _head_names(context)
    reported: set[str] = set()
    for mention in name_mentions(context):
        if (
            mention.core in reported
            or _is_own(mention.core, own)
            or any(mention.core in line for line in head)
            or _listed_with_amount(mention)
        ):
            continue
        reported.add(mention.core)
        places = [
            p for p in facts.document.paragraphs if mention.core in p.clean and not p.is_heading
        ]
        yield Hit(
            f"正文出现其他项目的名称{named(mention.name)}，与本报告的项目{named(names[0])}不符，"
            f"疑为从其他报告复制（共{len(places)}处提到“{mention.core}”）",
            str(mention.paragraph.location),
            tuple(f"{p.location}：{quote(p.clean)}" for p in places),
        )


def foreign_units(context: Context) -> Iterator[Hit]:
    """A county bureau other than the report's own ("盐池县公安局" in a 盐边县 report)."""
    facts = context.facts
    unit = facts.department.value if facts.department else ""
    own = _LOCAL_UNIT.search(unit)
    if own is None:
        return
    reported: set[str] = set()
    for paragraph in facts.document.paragraphs:
        for m in _LOCAL_UNIT.finditer(paragraph.clean):
            place = m[1][-2:]
            if m[2] != own[2] or place == own[1][-2:] or place in reported:
                continue
            if _NOT_PLACE.search(place):
                continue
            reported.add(m[1][-2:])
            yield Hit(
                f"正文出现其他单位“{m[1][-2:]}{m[2]}{m[3]}”，本报告的单位是“{unit}”，"
                f"疑为从其他报告复制",
                str(paragraph.location),
                (quote(paragraph.clean),),
            )


RULES = (
    Rule(
        "foreign-project",
        Severity.ERROR,
        "正文出现与本报告不同的项目或经费名称（从其他报告复制）",
        foreign_projects,
    ),
    Rule(
        "foreign-unit",
        Severity.ERROR,
        "正文出现与本报告不同的同级单位（从其他报告复制）",
        foreign_units,
    ),
)
