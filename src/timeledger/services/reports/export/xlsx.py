"""XLSX export: the table on sheet "Report" from its first row, the heading and totals on "Summary".

Cells are typed, so the spreadsheet can sum and sort them: a duration is a number of days shown
as [h]:mm:ss, decimal hours and money are numbers, dates and times are real Excel dates and
times. The table always starts at A1 so scripts that read the file need not search for it.
XlsxWriter's constant_memory mode writes each row to a temporary file as soon as the next one
starts, so memory stays flat however long the report is.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from datetime import date, time
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from timeledger.services.reports.export.document import (
    DATE_FORMATS,
    TIME_FORMATS,
    ReportDocument,
    iter_rows,
)

CHUNK_SIZE = 64 * 1024
TABLE_SHEET = "Report"
SUMMARY_SHEET = "Summary"
MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows less the header

# Column widths in characters: at least the title, text grows with its content up to a limit.
_WIDTHS = {"date": 12, "time": 10, "duration": 11, "hours": 9, "money": 13, "count": 8, "bool": 8}
_MIN_TEXT_WIDTH = 10
_MAX_TEXT_WIDTH = 60

_Writer = Callable[[Worksheet, int, int, Any], Any]


def _excel_time(value: time) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def _excel_date(value: date) -> int:
    # Excel's day 1 is 1900-01-01 and it believes 1900 was a leap year; from March 1900 on, the
    # serial is simply the days since 1899-12-30. Reports never go further back than that.
    return (date(value.year, value.month, value.day) - date(1899, 12, 30)).days


def _cell_writers(formats: dict[str, Format | None]) -> dict[str, _Writer]:
    """How to write a non-empty value of each kind into a cell."""
    f = formats
    return {
        # write_string, never write: text starting with "=" must stay text, not become a formula.
        "text": lambda ws, r, c, v: ws.write_string(r, c, str(v), f["text"]),
        "date": lambda ws, r, c, v: ws.write_number(r, c, _excel_date(v), f["date"]),
        "time": lambda ws, r, c, v: ws.write_number(r, c, _excel_time(v), f["time"]),
        "duration": lambda ws, r, c, v: ws.write_number(r, c, int(v) / 86400, f["duration"]),
        "hours": lambda ws, r, c, v: ws.write_number(r, c, int(v) / 3600, f["hours"]),
        "money": lambda ws, r, c, v: ws.write_number(r, c, int(v) / 100, f["money"]),
        "count": lambda ws, r, c, v: ws.write_number(r, c, int(v), f["count"]),
        "bool": lambda ws, r, c, v: ws.write_string(r, c, "Yes" if v else "No", f["bool"]),
    }


def _build(
    doc: ReportDocument, path: str, tmpdir: str
) -> tuple[xlsxwriter.Workbook, dict[str, Format | None]]:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tmpdir})
    workbook.set_properties({"title": doc.title, "subject": doc.period, "company": doc.workspace})
    formats: dict[str, Format | None] = {
        "text": None,
        "bool": None,
        "date": workbook.add_format({"num_format": DATE_FORMATS[doc.date_format]}),
        "time": workbook.add_format({"num_format": TIME_FORMATS[doc.time_format]}),
        "duration": workbook.add_format({"num_format": "[h]:mm:ss"}),
        "hours": workbook.add_format({"num_format": "0.00"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "count": workbook.add_format({"num_format": "0"}),
        "header": workbook.add_format({"bold": True, "bottom": 1}),
        "label": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
    }
    return workbook, formats


async def _write_table(
    doc: ReportDocument, sheet: Worksheet, formats: dict[str, Format | None], writers: dict[str, _Writer]
) -> None:
    kinds = [c.kind for c in doc.columns]
    header = formats["header"]
    widths = [max(len(c.title) + 2, _WIDTHS.get(c.kind, _MIN_TEXT_WIDTH)) for c in doc.columns]
    for col, column in enumerate(doc.columns):
        sheet.write_string(0, col, column.title, header)
    column_writers = [writers[k] for k in kinds]
    text_columns = [i for i, k in enumerate(kinds) if k == "text"]

    row_no = 0
    async for row in iter_rows(doc):
        row_no += 1
        if row_no > MAX_DATA_ROWS:
            raise ValueError(f"an XLSX sheet holds at most {MAX_DATA_ROWS:,} rows; narrow the report")
        for col, value in enumerate(row):
            if value is not None:
                column_writers[col](sheet, row_no, col, value)
        for col in text_columns:  # only the widest text so far is kept, never the rows
            value = row[col]
            if value is not None and len(str(value)) + 2 > widths[col]:
                widths[col] = min(len(str(value)) + 2, _MAX_TEXT_WIDTH)

    # Widths, the frozen header and the filter buttons are written when the file is assembled,
    # so they can be set after the rows, from what the rows held.
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, row_no, len(kinds) - 1)


def _write_summary(
    doc: ReportDocument, sheet: Worksheet, formats: dict[str, Format | None], writers: dict[str, _Writer]
) -> None:
    label = formats["label"]
    sheet.write_string(0, 0, doc.title, formats["title"])
    lines: list[tuple[str, str]] = [("Workspace", doc.workspace), ("Period", doc.period)]
    lines += [(name, value) for name, value in doc.filters]
    lines.append(("Currency", doc.currency))
    row = 2
    for name, value in lines:
        sheet.write_string(row, 0, name, label)
        sheet.write_string(row, 1, value)
        row += 1
    if doc.totals:
        row += 1
        for name, value, kind in doc.totals:
            sheet.write_string(row, 0, name, label)
            if value is not None:
                writers[kind](sheet, row, 1, value)
            row += 1
    label_width = max([len(name) for name, _ in lines] + [len(name) for name, _, _ in doc.totals] + [10])
    value_width = max([len(value) for _, value in lines] + [14])
    sheet.set_column(0, 0, min(label_width + 2, _MAX_TEXT_WIDTH))
    sheet.set_column(1, 1, min(value_width + 2, 100))


def _close_quietly(workbook: xlsxwriter.Workbook) -> None:
    # After a failure the workbook is not worth assembling; only its open row files need closing.
    # (_opt_close is XlsxWriter's own clean-up for constant_memory; it is idempotent.)
    for sheet in workbook.worksheets():
        close = getattr(sheet, "_opt_close", None)
        if close is not None:
            close()


async def _in_thread(fn: Callable[[], Any]) -> Any:
    """Run `fn` in a worker thread: zipping a large sheet takes seconds the event loop cannot spare.

    A thread cannot be stopped, so if the export is cancelled meanwhile this waits for it to end
    before the temporary directory it writes into is removed.
    """
    finished = threading.Event()

    def run() -> Any:
        try:
            return fn()
        finally:
            finished.set()

    try:
        return await asyncio.get_running_loop().run_in_executor(None, run)
    except asyncio.CancelledError:
        finished.wait()
        raise


async def render_xlsx(doc: ReportDocument) -> AsyncIterator[bytes]:
    """The XLSX file in chunks of about 64 KiB; it exists whole only on disk, and only briefly."""
    with tempfile.TemporaryDirectory(prefix="timeledger-xlsx-") as tmpdir:
        path = os.path.join(tmpdir, "report.xlsx")
        workbook, formats = _build(doc, path, tmpdir)
        writers = _cell_writers(formats)
        try:
            table = workbook.add_worksheet(TABLE_SHEET)
            summary = workbook.add_worksheet(SUMMARY_SHEET)
            await _write_table(doc, table, formats, writers)
            _write_summary(doc, summary, formats, writers)
            await _in_thread(workbook.close)
        except BaseException:
            _close_quietly(workbook)
            raise
        # The file was just written and sits in the page cache: reading it back does not block.
        with open(path, "rb") as fh:  # noqa: ASYNC230
            while chunk := fh.read(CHUNK_SIZE):
                yield chunk
