"""Pages without a text layer (scans) read by OCR in-process: RapidOCR on ONNX Runtime.

``rapidocr_onnxruntime`` ships the PP-OCR Chinese detection, direction and recognition models inside
its wheel, so OCR runs offline with nothing fetched at run time. It is the optional extra ``ocr``
(``pip install -e '.[ocr]'``, about 180 MB with ONNX Runtime and OpenCV); without it a scanned page is
quarantined with the command that installs it.

A page is rendered at ``RENDER_SCALE`` (144 dpi), the recognised text boxes are put in reading order
(rows top to bottom: boxes whose vertical centres are within half a box height are one row, read
left to right) and each row keeps its recognition confidence (the mean of its boxes).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from typing import Any

import pypdfium2 as pdfium

#: Rendering scale over PDF points (72 dpi): 2 gives 144 dpi, enough for 10.5 pt print.
RENDER_SCALE = 2.0
OCR_EXTRA = "pip install 'assoc-pipeline[ocr]' (RapidOCR with its bundled Chinese models), then run again"


@dataclass(frozen=True)
class OcrLine:
    """One row of recognised text and its confidence (0-1)."""

    text: str
    confidence: float


def ocr_available() -> bool:
    """True when the ``ocr`` extra (rapidocr_onnxruntime) is installed."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR  # the optional extra, imported only when a scan needs it

    return RapidOCR()


def ocr_image(image: Any) -> list[OcrLine]:
    """The text rows of an image (a numpy array, RGB or grey) in reading order."""
    result, _ = _engine()(image)
    boxes = [
        (min(p[1] for p in box), max(p[1] for p in box), min(p[0] for p in box), text, float(score))
        for box, text, score in (result or [])
    ]
    return rows_in_reading_order(boxes)


def rows_in_reading_order(boxes: list[tuple[float, float, float, str, float]]) -> list[OcrLine]:
    """Boxes (top, bottom, left, text, confidence) to rows: a box whose vertical centre lies within
    half a box height of the row's first box joins that row; rows top to bottom, boxes left to right.

    >>> boxes = [(10, 30, 200, "通知", 0.9), (12, 30, 0, "关于", 1.0), (50, 70, 0, "各单位：", 0.8)]
    >>> rows_in_reading_order(boxes)
    [OcrLine(text='关于通知', confidence=0.95), OcrLine(text='各单位：', confidence=0.8)]
    """
    rows: list[list[tuple[float, float, float, str, float]]] = []
    for box in sorted(boxes, key=lambda b: (b[0] + b[1]) / 2):
        centre, first = (box[0] + box[1]) / 2, rows[-1][0] if rows else None
        if first and abs(centre - (first[0] + first[1]) / 2) <= (first[1] - first[0]) / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    lines = []
    for row in rows:
        ordered = sorted(row, key=lambda b: b[2])
        confidence = round(sum(b[4] for b in ordered) / len(ordered), 4)
        lines.append(OcrLine("".join(b[3] for b in ordered), confidence))
    return lines


def ocr_page(page: pdfium.PdfPage) -> list[OcrLine]:
    """The text rows of a rendered PDF page."""
    bitmap = page.render(scale=RENDER_SCALE, grayscale=True)
    try:
        return ocr_image(bitmap.to_numpy())
    finally:
        bitmap.close()
