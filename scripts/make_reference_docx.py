"""Regenerate the reference .docx whose styles the Word 自评报告 uses.

The bureau may edit templates/reference.docx in Word (fonts, margins, spacing); this script
only recreates the default: A4, GB/T 9704 margins, 方正小标宋简体 title, 仿宋_GB2312 body,
黑体 / 楷体_GB2312 headings, a 五号 table style, and centred page numbers "— N —".
Run: .venv/bin/python scripts/make_reference_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

OUT = (
    Path(__file__).resolve().parent.parent / "src/jixiao/adapters/reports/templates/reference.docx"
)
LATIN = "Times New Roman"


def set_fonts(style: ParagraphStyle, east_asian: str, size: float, *, bold: bool = False) -> None:
    """python-docx's font.name sets only the Latin slots; the east-Asian one needs rFonts."""
    style.font.name = LATIN
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # theme fonts would override the names below
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    # Quotes and dashes are "ambiguous" characters: without the hint Word and LibreOffice set
    # “” and — in the Latin font, half-width, which Chinese official text does not use.
    fonts.set(qn("w:hint"), "eastAsia")
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    # eastAsia zh-CN makes renderers pick Simplified Chinese glyph forms from a pan-CJK font.
    # The Latin text (digits, decimal points) is en-US: as zh-CN, LibreOffice breaks lines
    # inside numbers ("389.⏎4万元", "1⏎00%"); as en-US a number stays whole.
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def paragraph(
    style: ParagraphStyle,
    *,
    indent: bool,
    align: WD_ALIGN_PARAGRAPH | None = None,
    line: float | None = 28,
    before: float = 0,
    after: float = 0,
) -> None:
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(32) if indent else Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    if align is not None:
        fmt.alignment = align


def page_number_footer(document: Document) -> None:  # type: ignore[valid-type]
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = document.styles["Footer"]
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    footer.add_run(" —")


def main() -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, "仿宋_GB2312", 16)
    paragraph(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    title = styles["Title"]
    set_fonts(title, "方正小标宋简体", 22)
    paragraph(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=36, after=16)
    title.element.get_or_add_pPr().remove_all("w:pBdr")  # the default Title has a rule below
    for name, font in (("Heading 1", "黑体"), ("Heading 2", "楷体_GB2312")):
        heading = styles[name]
        set_fonts(heading, font, 16)
        paragraph(heading, indent=True)
        heading.paragraph_format.keep_with_next = True
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    set_fonts(table_text, "仿宋_GB2312", 10.5)
    paragraph(table_text, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT, line=None)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_title = styles.add_style("Table Title", WD_STYLE_TYPE.PARAGRAPH)
    table_title.base_style = normal
    set_fonts(table_title, "方正小标宋简体", 18)
    paragraph(table_title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=30)
    footer = styles["Footer"]
    set_fonts(footer, "宋体", 14)
    page_number_footer(document)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
