"""PDF export: landscape A4, the heading on the first page, then the table, then the totals.

Drawn on ReportLab's low-level canvas rather than with platypus: a platypus Table wants all its
rows before it lays out a page, the canvas takes them one at a time. Rows are consumed as they
stream; only the finished pages (compressed) are held until the file is complete.

Only the standard Helvetica fonts are used, so nothing is embedded and the file stays small. They
can show Windows-1252 text only: other characters are replaced by their unaccented letter where
there is one (ő -> o) and by "?" otherwise, so a name in any script never breaks an export.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import AsyncIterator, Callable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from timeledger.services.reports.export.document import (
    NUMERIC_KINDS,
    Column,
    ReportDocument,
    format_value,
    iter_rows,
)

CHUNK_SIZE = 64 * 1024

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36.0  # half an inch all round
FOOTER_HEIGHT = 20.0

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
TABLE_SIZE = 8.0
ROW_HEIGHT = 14.0
PAD = 4.0  # space between a cell's edge and its text
ELLIPSIS = "…"

HEADER_FILL = Color(0.86, 0.89, 0.93)
ZEBRA_FILL = Color(0.95, 0.95, 0.95)
RULE = Color(0.6, 0.6, 0.6)

# Widths in points of the columns whose content has a known length; text shares what is left.
_FIXED_WIDTHS = {"date": 62, "time": 52, "duration": 58, "hours": 46, "money": 66, "count": 42, "bool": 36}
_MIN_TEXT_WIDTH = 60.0
_MAX_FIXED_WIDTH = 130.0


# --- text Helvetica can show ----------------------------------------------------------------------

_char_cache: dict[str, str] = {}

# Latin letters with a stroke have no Unicode decomposition to fall back on.
_STROKED = str.maketrans("ŁłĐđĦħıĿŀŦŧ", "LlDdHhiLlTt")


def _winansi(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _safe_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":  # newlines and tabs inside a description read as a space on one line
        return " "
    if category[0] == "C":  # format and unassigned characters: nothing to show
        return ""
    if _winansi(ch):
        return ch
    ch = ch.translate(_STROKED)
    base = "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c) and _winansi(c)
    )
    return base or "?"


def pdf_text(text: str) -> str:
    """`text` with every character the standard Helvetica font cannot show replaced."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        safe = _char_cache.get(ch)
        if safe is None:
            safe = _char_cache[ch] = _safe_char(ch)
        out.append(safe)
    return "".join(out)


def fit(text: str, width: float, font: str = FONT, size: float = TABLE_SIZE) -> str:
    """`text` cut to `width` points, ending with "…" when something had to go."""
    if not text:
        return text
    # No Helvetica glyph is narrower than 0.19 em: anything past this many characters cannot fit.
    text = text[: int(width / (0.19 * size)) + 2]
    if stringWidth(text, font, size) <= width:
        return text
    room = width - stringWidth(ELLIPSIS, font, size)
    if room <= 0:
        return ""
    lo, hi = 0, len(text) - 1
    while lo < hi:  # the longest prefix that fits beside the ellipsis
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid], font, size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


# --- layout -----------------------------------------------------------------------------------------


def column_widths(columns: list[Column], available: float) -> list[float]:
    """Widths in points that add up to `available`: fixed kinds get what their values need."""
    wanted: list[float | None] = []
    for column in columns:
        if column.kind == "text":
            wanted.append(None)
        else:
            title = stringWidth(pdf_text(column.title), BOLD, TABLE_SIZE) + 2 * PAD
            wanted.append(min(max(_FIXED_WIDTHS[column.kind], title), _MAX_FIXED_WIDTH))
    fixed = sum(w for w in wanted if w is not None)
    texts = sum(1 for w in wanted if w is None)
    text_width = (available - fixed) / texts if texts else 0.0
    widths = [text_width if w is None else w for w in wanted]
    if texts and text_width < _MIN_TEXT_WIDTH:
        widths = [_MIN_TEXT_WIDTH if w is None else w for w in wanted]
    total = sum(widths)
    if total > available or not texts:
        # Too many columns, or only fixed ones: scale everything to the page width.
        widths = [w * available / total for w in widths]
    return widths


class _Table:
    """Draws the export page by page and knows where on the page it is."""

    def __init__(self, doc: ReportDocument, canvas: Canvas) -> None:
        self.doc = doc
        self.canvas = canvas
        self.left = MARGIN
        self.width = PAGE_WIDTH - 2 * MARGIN
        self.bottom = MARGIN + FOOTER_HEIGHT
        # The columns a page shows: all of them, less those the document keeps out of the PDF.
        self.shown = [i for i, column in enumerate(doc.columns) if column.in_pdf] or list(range(len(doc.columns)))
        self.columns = [doc.columns[i] for i in self.shown]
        self.widths = column_widths(self.columns, self.width)
        self.right_aligned = [c.kind in NUMERIC_KINDS for c in self.columns]
        formatters = doc.formatters()
        self.formatters: list[Callable[[Any], str]] = [formatters[i] for i in self.shown]
        self.footer_title = fit(pdf_text(doc.title), self.width / 2, FONT, 8)
        self.page = 1
        self.y = PAGE_HEIGHT - MARGIN  # top of the next thing to draw
        self.rows_drawn = 0

    # -- page furniture

    def heading(self) -> None:
        c, doc = self.canvas, self.doc
        self.y -= 16
        c.setFont(BOLD, 16)
        c.drawString(self.left, self.y, fit(pdf_text(doc.title), self.width, BOLD, 16))
        self.y -= 6
        lines = [("Workspace", doc.workspace), ("Period", doc.period), *doc.filters]
        for label, value in lines:
            label_text = pdf_text(f"{label}: ")
            label_width = stringWidth(label_text, BOLD, 9)
            parts = simpleSplit(pdf_text(value), FONT, 9, self.width - label_width) or [""]
            if len(parts) > 3:  # a long filter list wraps, but never takes over the page
                parts = parts[:2] + [fit(" ".join(parts[2:]), self.width - label_width, FONT, 9)]
            for i, part in enumerate(parts):
                self.y -= 12
                if i == 0:
                    c.setFont(BOLD, 9)
                    c.drawString(self.left, self.y, label_text)
                c.setFont(FONT, 9)
                c.drawString(self.left + label_width, self.y, part)
        self.y -= 12

    def header_row(self) -> None:
        c = self.canvas
        self.y -= ROW_HEIGHT
        c.setFillColor(HEADER_FILL)
        c.rect(self.left, self.y, self.width, ROW_HEIGHT, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(BOLD, TABLE_SIZE)
        x = self.left
        baseline = self.y + 4
        for column, width, right in zip(self.columns, self.widths, self.right_aligned):
            text = fit(pdf_text(column.title), width - 2 * PAD, BOLD, TABLE_SIZE)
            if right:
                c.drawRightString(x + width - PAD, baseline, text)
            else:
                c.drawString(x + PAD, baseline, text)
            x += width
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(self.left, self.y, self.left + self.width, self.y)
        c.setFont(FONT, TABLE_SIZE)

    def footer(self) -> None:
        c = self.canvas
        c.setFillColorRGB(0.35, 0.35, 0.35)
        c.setFont(FONT, 8)
        c.drawString(self.left, MARGIN, self.footer_title)
        c.drawRightString(self.left + self.width, MARGIN, f"Page {self.page}")
        c.setFillColorRGB(0, 0, 0)

    def next_page(self, *, with_header: bool = True) -> None:
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - MARGIN
        if with_header:
            self.header_row()

    # -- content

    def row(self, values: list[Any]) -> None:
        if self.y - ROW_HEIGHT < self.bottom:
            self.next_page()
        c = self.canvas
        self.y -= ROW_HEIGHT
        if self.rows_drawn % 2:
            c.setFillColor(ZEBRA_FILL)
            c.rect(self.left, self.y, self.width, ROW_HEIGHT, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        self.rows_drawn += 1
        x = self.left
        baseline = self.y + 4
        for value, fmt, width, right in zip([values[i] for i in self.shown], self.formatters, self.widths, self.right_aligned):
            if value is not None:
                text = fit(pdf_text(fmt(value)), width - 2 * PAD)
                if right:
                    c.drawRightString(x + width - PAD, baseline, text)
                else:
                    c.drawString(x + PAD, baseline, text)
            x += width

    def totals(self) -> None:
        doc = self.doc
        if not doc.totals:
            return
        lines = []
        for label, value, kind in doc.totals:
            text = format_value(value, kind, doc.date_format, doc.time_format)
            if kind == "money" and text:
                text = f"{text} {doc.currency}"
            lines.append((pdf_text(f"{label}: "), pdf_text(text)))
        needed = 10 + 14 * len(lines)
        if self.y - needed < self.bottom:
            self.next_page(with_header=False)
        c = self.canvas
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(self.left, self.y, self.left + self.width, self.y)
        self.y -= 6
        for label, text in lines:
            self.y -= 14
            if self.y < self.bottom:
                self.next_page(with_header=False)
                self.y -= 14
            c.setFont(BOLD, 10)
            c.drawString(self.left, self.y, label)
            c.setFont(FONT, 10)
            c.drawString(self.left + stringWidth(label, BOLD, 10), self.y, text)

    def finish(self) -> None:
        self.footer()
        self.canvas.showPage()


async def render_pdf(doc: ReportDocument) -> AsyncIterator[bytes]:
    """The PDF file in chunks of 64 KiB, drawn while the rows stream in."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(doc.title)  # document properties are Unicode; only drawn text is limited
    canvas.setSubject(f"{doc.workspace}, {doc.period}")
    canvas.setCreator("timeledger")
    table = _Table(doc, canvas)
    table.heading()
    table.header_row()
    async for row in iter_rows(doc):
        table.row(row)
    table.totals()
    table.finish()
    canvas.save()
    view = buffer.getbuffer()
    try:
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
    finally:
        view.release()
