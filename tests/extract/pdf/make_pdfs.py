"""Generated PDFs for the tests: notices, roster tables, scans, encrypted and cut-off files.

Text is drawn with reportlab's built-in CJK font STSong-Light (not embedded, as many Chinese office
systems produce it), each page with a letterhead and a "第 n 页 共 N 页" footer unless it is a scan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
LETTERHEAD = "中国青少年科技辅导员协会"
_WIDTH, _HEIGHT = A4
_LEFT = 60
_LINE = 18
_CELL_LINE = 13


@dataclass(frozen=True)
class TableBlock:
    """A table drawn at the current position; ``merged`` regions are (row0, col0, row1, col1)."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    ruled: bool = True
    merged: Sequence[tuple[int, int, int, int]] = field(default_factory=tuple)


@dataclass(frozen=True)
class LegacyFontLine:
    """A line in an old GBK font that a PDF maps to Latin-1: it extracts as "¹ØÓÚ…" (mojibake)."""

    text: str


@dataclass(frozen=True)
class ScanBlock:
    """A page that is only a picture (a scan): no text layer, no letterhead, no footer. The picture
    holds ``lines`` printed in Pillow's own Latin font, or a black bar when there are none."""

    lines: Sequence[str] = ()


@dataclass(frozen=True)
class Headline:
    """A line of a title printed in the large font of a headline (二号, 22 pt)."""

    text: str


@dataclass(frozen=True)
class FakeBoldLine:
    """A line whose every character is printed twice, the copy ``shift`` points to the right, as some
    generators fake bold: on top of each other (0.3 pt) or, misplaced, side by side (one em)."""

    text: str
    shift: float = 0.3


Block = str | TableBlock | ScanBlock | LegacyFontLine | Headline | FakeBoldLine


def make_pdf(
    pages: Sequence[Sequence[Block]], *, letterhead: str | None = LETTERHEAD, password: str | None = None
) -> bytes:
    """A PDF with one page per item of ``pages``; text lines flow top-down, tables where they come.

    With ``password`` the file is encrypted and cannot be opened without it.
    """
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, encrypt=password, invariant=True)
    for number, blocks in enumerate(pages, start=1):
        scans = [block for block in blocks if isinstance(block, ScanBlock)]
        if scans:
            _draw_scan(canvas, scans[0])
        else:
            _draw_page(canvas, blocks, number, len(pages), letterhead)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def empty_pdf() -> bytes:
    """A well-formed PDF whose page tree has no pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _draw_page(
    canvas: Canvas, blocks: Sequence[Block], number: int, count: int, letterhead: str | None
) -> None:
    if letterhead:
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(_WIDTH / 2, _HEIGHT - 40, letterhead)
    canvas.setFont(FONT, 12)
    y = _HEIGHT - 80
    for block in blocks:
        if isinstance(block, TableBlock):
            y = _draw_table(canvas, block, y - 6) - 10
        elif isinstance(block, FakeBoldLine):
            for index, char in enumerate(block.text):
                x = _LEFT + index * 12 * (2 if block.shift >= 12 else 1)
                canvas.drawString(x, y, char)
                canvas.drawString(x + block.shift, y, char)
            y -= _LINE
        elif isinstance(block, Headline):
            canvas.setFont(FONT, 22)
            canvas.drawString(_LEFT, y - 8, block.text)
            canvas.setFont(FONT, 12)
            y -= 34
        elif isinstance(block, LegacyFontLine):
            canvas.setFont("Helvetica", 12)
            canvas.drawString(_LEFT, y, block.text.encode("gbk").decode("latin-1"))
            canvas.setFont(FONT, 12)
            y -= _LINE
        else:
            canvas.drawString(_LEFT, y, block)
            y -= _LINE
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(_WIDTH / 2, 30, f"第 {number} 页 共 {count} 页")


def _draw_table(canvas: Canvas, table: TableBlock, top: float) -> float:
    """Draw ``table`` below ``top``; return the y of its bottom edge."""
    canvas.setFont(FONT, 10)
    heights = [max(len(cell.split("\n")) for cell in row) * _CELL_LINE + 7 for row in table.rows]
    lefts = [_LEFT + sum(table.widths[:c]) for c in range(len(table.widths) + 1)]
    tops = [top - sum(heights[:r]) for r in range(len(heights) + 1)]
    covered = {
        (r, c): (r0, c0, r1, c1)
        for r0, c0, r1, c1 in table.merged
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
    }
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            r0, c0, r1, c1 = covered.get((r, c), (r, c, r, c))
            if (r, c) != (r0, c0):
                continue
            if table.ruled:
                canvas.rect(lefts[c0], tops[r1 + 1], lefts[c1 + 1] - lefts[c0], tops[r0] - tops[r1 + 1])
            for line_no, line in enumerate(cell.split("\n")):
                canvas.drawString(lefts[c0] + 3, tops[r0] - 12 - line_no * _CELL_LINE, line)
    return tops[-1]


def _draw_scan(canvas: Canvas, scan: ScanBlock) -> None:
    picture = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(picture)
    if not scan.lines:
        draw.rectangle((80, 80, 1120, 160), fill=0)
    font = ImageFont.load_default(size=44)
    for number, line in enumerate(scan.lines):
        draw.text((80, 60 + 90 * number), line, fill=0, font=font)
    canvas.drawImage(ImageReader(picture), _LEFT, _HEIGHT / 2, width=480, height=240)


SAMPLE_NOTICE = [
    "中青科辅协字〔2024〕12号",
    "关于公布2024年第一批新入会个人会员名单的通知",
    "各省级青少年科技教育协会、各会员单位：",
    "根据《中国青少年科技辅导员协会章程》和会员发展工作安排，经秘书处审核，",
    "现将2024年第一批新入会个人会员名单予以公布。有关事项通知如下：",
    "一、会员权利与义务",
    "新入会会员享有章程规定的各项权利，应积极参加协会组织的科技·教育活动。",
    "二、会员证发放",
    "会员证由各省级协会统一领取，请于2024年4月30日前完成发放。",
    "三、联系方式",
    "联系人：李老师",
    "电话：010-68581234",
    "附件：2024年第一批新入会个人会员名单",
    "中国青少年科技辅导员协会",
    "2024年3月15日",
]


def sample_notice_pdf(rows: Sequence[Sequence[str]], header: Sequence[str], widths: Sequence[float]) -> bytes:
    """The bundled sample raw/005_member_notice.pdf: a notice page, then its roster over two pages.

    The roster's header is repeated on the second table page, as office software prints it.
    """
    half = (len(rows) + 1) // 2
    return make_pdf(
        [
            SAMPLE_NOTICE,
            ["附件", "2024年第一批新入会个人会员名单", TableBlock([header, *rows[:half]], widths)],
            [TableBlock([header, *rows[half:]], widths)],
        ]
    )
