"""Make pipeline/report/fonts/NotoSansCJKsc-Subset.otf, the CJK font every chart and the report use.

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 tools/make_cjk_font.py noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Noto Sans CJK SC (SIL Open Font License 1.1, no reserved font name; the licence ships beside the font)
cut to the characters Chinese notices and rosters use: every character of GB2312 (6,763 hanzi and
its punctuation, letters and symbols, read from Python's codec), the characters the repair chain and the
identity data know (pipeline/repair/data, pipeline/identity/data), Latin-1, general punctuation,
CJK punctuation, full-width forms, enclosed numbers and the geometric shapes (□ stands for a lost
character). A rarer character falls back to DejaVu Sans in charts and to the reader's fonts in the report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

REPO = Path(__file__).resolve().parents[1]
FACE = "Noto Sans CJK SC"
OUT = REPO / "pipeline" / "report" / "fonts" / "NotoSansCJKsc-Subset.otf"
#: Unicode blocks kept whole: Basic Latin and Latin-1, general punctuation, letterlike symbols and
#: number forms, arrows, enclosed alphanumerics, box drawing and geometric shapes, CJK punctuation,
#: full-width forms.
BLOCKS = [
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
    (0x2460, 0x24FF), (0x2500, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
]  # fmt: skip


def gb2312() -> set[str]:
    """Every character GB2312 encodes (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def project_characters() -> set[str]:
    folders = [REPO / "pipeline" / "repair" / "data", REPO / "pipeline" / "identity" / "data"]
    return {ch for folder in folders for path in folder.glob("*.txt") for ch in path.read_text("utf-8")}


def characters() -> set[str]:
    blocks = {chr(code) for first, last in BLOCKS for code in range(first, last + 1)}
    return {ch for ch in gb2312() | project_characters() | blocks if ch.isprintable() or ch == "\u3000"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("ttc", type=Path, help="NotoSansCJK-Regular.ttc (Debian's fonts-noto-cjk)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    (font,) = [f for f in TTCollection(args.ttc).fonts if f["name"].getDebugName(1) == FACE]
    options = subset.Options()
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []  # horizontal Chinese needs none; GSUB/GPOS cost 30 % of the size
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(map(ord, characters())))
    cutter.subset(font)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.out)
    print(f"{args.out}: {len(font.getBestCmap())} characters, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
