"""Character error rate and pages per second of the pipeline's OCR on scans made from real notice text.

Run from the repository root (needs the ``ocr`` extra and a font with Chinese glyphs):

    PYTHONPATH=. python -m benchmarks.ocr_quality --notices /work/corpus/notices/web \\
        --font /usr/share/fonts/truetype/wqy/wqy-microhei.ttc [--pages 6] [--seed 7] \
        [--noise 18] [--degrees 1.5] [--font-px 32]

The text of real notices (.html/.txt in --notices, read as the pipeline reads them) is cut into lines
of at most ``LINE_CHARS`` characters and laid out, ``LINES_PER_PAGE`` a page, in black on white at the
size a 16 pt line has in a 144 dpi render (what ``ocr.RENDER_SCALE`` gives; --font-px). Each page is
then spoilt like a scan: turned by a random angle within +- --degrees, Gaussian noise (sigma --noise)
and ``SPECKS`` specks added. ``ocr_image`` reads it; CER is the edit distance between the page's text
and what was read (spaces ignored) over the page's characters. Timing covers OCR only, in this process.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks.repair_quality import edit_distance
from pipeline.extract.pdf.ocr import ocr_image
from pipeline.extract.text import html_to_text
from pipeline.repair import decode_bytes

LINE_CHARS = 26
LINES_PER_PAGE = 22
SPECKS = 400
#: A4 at 144 dpi, and a 16 pt line there.
PAGE_PX = (1190, 1684)


def notice_lines(folder: Path) -> list[str]:
    """Lines of Chinese text from the notices in ``folder``, cut to ``LINE_CHARS``."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in {".html", ".htm", ".txt"}:
            continue
        text = decode_bytes(path.read_bytes()).text
        text = html_to_text(text) if path.suffix.lower() != ".txt" else text
        for line in text.split("\n"):
            line = "".join(line.split())
            if sum("\u4e00" <= char <= "\u9fff" for char in line) >= 8:
                lines.extend(line[i : i + LINE_CHARS] for i in range(0, len(line), LINE_CHARS))
    return lines


def scan(
    lines: list[str], font: ImageFont.FreeTypeFont, rng: random.Random, *, noise: float, degrees: float
) -> np.ndarray:
    """A grey page of ``lines``, slightly turned, with noise and specks."""
    page = Image.new("L", PAGE_PX, 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((90, 100 + number * int(font.size * 2.1)), line, fill=20, font=font)
    page = page.rotate(rng.uniform(-degrees, degrees), resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(page, dtype=np.float32)
    pixels = pixels + np.random.default_rng(rng.randrange(2**32)).normal(0.0, noise, pixels.shape)
    for _ in range(SPECKS):
        pixels[rng.randrange(PAGE_PX[1]), rng.randrange(PAGE_PX[0])] = 0
    grey = np.clip(pixels, 0, 255).astype(np.uint8)
    return np.stack([grey] * 3, axis=-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notices", type=Path, required=True)
    parser.add_argument("--font", type=Path, required=True, help="a .ttf/.ttc/.otf with Chinese glyphs")
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--noise", type=float, default=18.0, help="sigma of the Gaussian noise (grey levels)")
    parser.add_argument("--degrees", type=float, default=1.5, help="largest turn of a page, either way")
    parser.add_argument("--font-px", type=int, default=32, help="character size (32 px: 16 pt at 144 dpi)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    font = ImageFont.truetype(str(args.font), args.font_px)
    lines = notice_lines(args.notices)
    starts = sorted(rng.sample(range(0, len(lines) - LINES_PER_PAGE), args.pages))
    errors = chars = 0
    seconds = 0.0
    print("| page | chars | CER | seconds |\n| --- | --- | --- | --- |")
    for number, start in enumerate(starts, start=1):
        page_lines = lines[start : start + LINES_PER_PAGE]
        image = scan(page_lines, font, rng, noise=args.noise, degrees=args.degrees)
        clock = time.perf_counter()
        read = ocr_image(image)
        took = time.perf_counter() - clock
        truth = "".join(page_lines)
        got = "".join("".join(line.text.split()) for line in read)
        distance = edit_distance(truth, got)
        errors, chars, seconds = errors + distance, chars + len(truth), seconds + took
        print(f"| {number} | {len(truth)} | {distance / len(truth):.2%} | {took:.1f} |")
    print(f"\nCER {errors / chars:.2%} over {chars} characters; {args.pages / seconds:.3f} pages/s")


if __name__ == "__main__":
    main()
