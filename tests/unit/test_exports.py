"""timeledger.services.reports.export: one ReportDocument rendered as CSV, XLSX and PDF, streamed."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import re
import tempfile
import tracemalloc
import zipfile
from collections.abc import AsyncIterator, Iterable
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.services.reports.export import (
    CONTENT_TYPES,
    EXTENSIONS,
    Column,
    ReportDocument,
    file_name,
    format_value,
    render,
)
from timeledger.services.reports.export.document import DATE_FORMATS, TIME_FORMATS, formatter
from timeledger.services.reports.export.pdf import pdf_text

COLUMNS = [
    Column("Description", "text"),
    Column("Date", "date"),
    Column("Start", "time"),
    Column("Duration (h)", "duration"),
    Column("Duration (decimal)", "hours"),
    Column("Amount", "money"),
    Column("Entries", "count"),
    Column("Billable", "bool"),
]

ROWS: list[list[Any]] = [
    ['Write docs, "v2"\nsecond line', date(2026, 3, 2), time(15, 5), 97509, 900, -1250, 3, True],
    [None, None, None, None, None, None, None, None],
    ["=SUM(A1:A9)", date(2026, 3, 31), time(0, 30), 0, 20, 450000, 0, False],
    ["Plain; semi, colon", date(2026, 12, 24), time(12, 0), 59, 3600 * 100, 5, 12, True],
]

EXPECTED_CSV = [
    ["Description", "Date", "Start", "Duration (h)", "Duration (decimal)", "Amount", "Entries", "Billable"],
    ['Write docs, "v2"\nsecond line', "2026-03-02", "15:05", "27:05:09", "0.25", "-12.50", "3", "Yes"],
    ["", "", "", "", "", "", "", ""],
    ["=SUM(A1:A9)", "2026-03-31", "00:30", "0:00:00", "0.01", "4500.00", "0", "No"],
    ["Plain; semi, colon", "2026-12-24", "12:00", "0:00:59", "100.00", "0.05", "12", "Yes"],
]

TOTALS = [("Total time", 123400, "duration"), ("Billable amount", 450000, "money"), ("Entries", 15, "count")]
PERIOD = "2026-03-01 – 2026-03-31 (Europe/Berlin)"


async def _aiter(rows: Iterable[list[Any]]) -> AsyncIterator[list[Any]]:
    for row in rows:
        yield list(row)


def make_doc(rows: Iterable[list[Any]] | AsyncIterator[list[Any]] = ROWS, **overrides: Any) -> ReportDocument:
    fields: dict[str, Any] = {
        "title": "Detailed report",
        "workspace": "Acme Studio",
        "period": PERIOD,
        "filters": [("Projects", "Website, App"), ("Billable", "Yes")],
        "columns": COLUMNS,
        "rows": rows if hasattr(rows, "__anext__") else _aiter(rows),
        "totals": TOTALS,
    }
    fields.update(overrides)
    return ReportDocument(**fields)


async def _collect(stream: AsyncIterator[bytes]) -> list[bytes]:
    return [chunk async for chunk in stream]


def rendered(doc: ReportDocument, export_type: str) -> bytes:
    return b"".join(asyncio.run(_collect(render(doc, export_type))))


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- text formatting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (0, "duration", "0:00:00"),
        (59, "duration", "0:00:59"),
        (3600, "duration", "1:00:00"),
        (86399, "duration", "23:59:59"),
        (97509, "duration", "27:05:09"),
        (360000, "duration", "100:00:00"),
        (-5, "duration", "-0:00:05"),
        (0, "hours", "0.00"),
        (900, "hours", "0.25"),
        (10800, "hours", "3.00"),
        (5400, "hours", "1.50"),
        (20, "hours", "0.01"),
        (17, "hours", "0.00"),  # 0.0047 h
        (18, "hours", "0.01"),  # exactly 0.005 h rounds half up
        (97509, "hours", "27.09"),
        (-900, "hours", "-0.25"),
        (-17, "hours", "0.00"),  # no "-0.00"
        (4500, "money", "45.00"),
        (0, "money", "0.00"),
        (5, "money", "0.05"),
        (-1250, "money", "-12.50"),
        (-5, "money", "-0.05"),
        (123456789, "money", "1234567.89"),
        (0, "count", "0"),
        (42, "count", "42"),
        (True, "bool", "Yes"),
        (False, "bool", "No"),
        ("as is, even =1+1", "text", "as is, even =1+1"),
        ("", "text", ""),
        (date(2026, 3, 5), "date", "2026-03-05"),
        (time(9, 7), "time", "09:07"),
    ],
)
def test_format_value(value, kind, expected):
    assert format_value(value, kind) == expected


@pytest.mark.parametrize("kind", ["text", "date", "time", "duration", "hours", "money", "count", "bool"])
def test_none_is_empty_in_every_kind(kind):
    assert format_value(None, kind) == ""
    assert formatter(kind)(None) == ""


@pytest.mark.parametrize(
    ("date_format", "expected"),
    [
        ("YYYY-MM-DD", "2026-03-05"),
        ("MM/DD/YYYY", "03/05/2026"),
        ("DD/MM/YYYY", "05/03/2026"),
        ("DD-MM-YYYY", "05-03-2026"),
        ("MM-DD-YYYY", "03-05-2026"),
        ("DD.MM.YYYY", "05.03.2026"),
    ],
)
def test_date_formats(date_format, expected):
    assert format_value(date(2026, 3, 5), "date", date_format) == expected


@pytest.mark.parametrize(
    ("value", "hour24", "hour12"),
    [
        (time(15, 5), "15:05", "03:05 PM"),
        (time(0, 30), "00:30", "12:30 AM"),
        (time(12, 0), "12:00", "12:00 PM"),
        (time(11, 59, 59), "11:59", "11:59 AM"),
        (time(23, 0), "23:00", "11:00 PM"),
    ],
)
def test_time_formats(value, hour24, hour12):
    assert format_value(value, "time", time_format="HOUR24") == hour24
    assert format_value(value, "time", time_format="HOUR12") == hour12


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_duration_text_reads_back_to_the_seconds(seconds):
    text = format_value(seconds, "duration")
    assert re.fullmatch(r"-?\d+:[0-5]\d:[0-5]\d", text)
    sign = -1 if text.startswith("-") else 1
    h, m, s = (int(part) for part in text.lstrip("-").split(":"))
    assert sign * (h * 3600 + m * 60 + s) == seconds


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_hours_are_rounded_half_up_to_hundredths(seconds):
    exact = Decimal(abs(seconds)) / Decimal(3600)
    expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format_value(seconds, "hours")
    assert Decimal(text.lstrip("-")) == expected
    assert text.startswith("-") == (seconds < 0 and expected != 0)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_text_reads_back_to_the_minor_units(minor):
    text = format_value(minor, "money")
    assert re.fullmatch(r"-?\d+\.\d\d", text)
    assert Decimal(text) * 100 == minor


def test_document_refuses_unknown_formats_and_kinds():
    with pytest.raises(ValueError, match="date format"):
        make_doc(date_format="YYYY/MM/DD")
    with pytest.raises(ValueError, match="time format"):
        make_doc(time_format="HOUR13")
    with pytest.raises(ValueError, match="column kind"):
        Column("Weird", "percent")
    with pytest.raises(ValueError, match="column kind"):
        format_value(1, "percent")
    with pytest.raises(ValueError, match="at least one column"):
        make_doc(columns=[])


# --- render -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("export_type", ["DOCX", "csv", "", "JSON", "Pdf"])
def test_render_refuses_unknown_types(export_type):
    with pytest.raises(ValueError, match="unknown export type"):
        render(make_doc(), export_type)
    with pytest.raises(ValueError):
        file_name(make_doc(), export_type)


def test_content_types_extensions_and_file_names():
    assert CONTENT_TYPES == {
        "CSV": "text/csv; charset=utf-8",
        "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "PDF": "application/pdf",
    }
    assert EXTENSIONS == {"CSV": "csv", "XLSX": "xlsx", "PDF": "pdf"}
    doc = make_doc(filename="detailed-report")
    assert [file_name(doc, t) for t in ("CSV", "XLSX", "PDF")] == [
        "detailed-report.csv",
        "detailed-report.xlsx",
        "detailed-report.pdf",
    ]


@pytest.mark.parametrize("export_type", ["CSV", "XLSX", "PDF"])
def test_a_row_of_the_wrong_width_is_refused(export_type):
    doc = make_doc([ROWS[0], ["too", "short"]])
    with pytest.raises(ValueError, match="row 2 has 2 values for 8 columns"):
        rendered(doc, export_type)


@pytest.mark.parametrize("export_type", ["CSV", "XLSX", "PDF"])
def test_an_empty_report_still_renders(export_type):
    data = rendered(make_doc([], totals=[]), export_type)
    if export_type == "CSV":
        assert parse_csv(data) == [EXPECTED_CSV[0]]
    elif export_type == "XLSX":
        sheet = open_xlsx(data)["Report"]
        assert [c.value for c in sheet[1]] == EXPECTED_CSV[0]
        assert sheet.max_row == 1
    else:
        assert "Detailed report" in pdf_pages(data)[0]


# --- CSV ------------------------------------------------------------------------------------------------


def test_csv_reads_back_to_the_formatted_values():
    data = rendered(make_doc(), "CSV")
    assert parse_csv(data) == EXPECTED_CSV
    assert data.startswith(b"Description,Date,Start,")
    assert data.count(b"\r\n") == len(EXPECTED_CSV), "records end with CRLF; a newline inside quotes stays"
    assert b"Total time" not in data and b"1234.00" not in data, "no totals row"


@pytest.mark.parametrize("date_format", list(DATE_FORMATS))
@pytest.mark.parametrize("time_format", list(TIME_FORMATS))
def test_csv_honours_the_users_date_and_time_format(date_format, time_format):
    doc = make_doc(
        [["x", date(2026, 3, 5), time(15, 5), 0, 0, 0, 0, False]],
        date_format=date_format,
        time_format=time_format,
    )
    row = parse_csv(rendered(doc, "CSV"))[1]
    assert row[1] == format_value(date(2026, 3, 5), "date", date_format)
    assert row[2] == ("15:05" if time_format == "HOUR24" else "03:05 PM")


def test_csv_keeps_unicode_and_awkward_text_intact():
    texts = [
        "Łódź – café ☕ 日本語",
        'say "hi"',
        "a,b",
        "line1\r\nline2",
        "  padded  ",
        "tab\there",
        "'quoted'",
    ]
    doc = make_doc([[t, None, None, None, None, None, None, None] for t in texts])
    rows = parse_csv(rendered(doc, "CSV"))
    assert [r[0] for r in rows[1:]] == texts


def test_csv_streams_in_chunks_while_rows_are_still_coming():
    produced = 0

    async def rows() -> AsyncIterator[list[Any]]:
        nonlocal produced
        for i in range(20_000):
            produced += 1
            yield [f"entry {i}", date(2026, 3, 2), time(9, 0), i, i, i, i, True]

    async def first_chunk() -> tuple[int, int]:
        stream = render(make_doc(rows()), "CSV")
        await anext(stream)
        seen = produced
        rest = [len(c) async for c in stream]
        return seen, max(rest[:-1])

    produced_at_first_chunk, largest = asyncio.run(first_chunk())
    assert produced_at_first_chunk < 2_000, "the first bytes leave before most rows are read"
    assert produced == 20_000
    assert 64 * 1024 <= largest < 70 * 1024, "chunks of about 64 KiB"


# --- XLSX -----------------------------------------------------------------------------------------------


def _raw_xlsx_value(data: bytes, sheet_file: str, ref: str) -> str:
    """The number as stored in the file, before openpyxl turns it into a timedelta or a date."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read(sheet_file))
    cell = root.find(f".//m:c[@r='{ref}']", ns)
    assert cell is not None, ref
    return cell.find("m:v", ns).text


def test_xlsx_table_has_a_header_and_typed_cells():
    data = rendered(make_doc(), "XLSX")
    book = open_xlsx(data)
    assert book.sheetnames == ["Report", "Summary"]
    sheet = book["Report"]
    assert [c.value for c in sheet[1]] == EXPECTED_CSV[0], "the table starts at A1"
    assert sheet.max_row == 1 + len(ROWS)

    first = sheet[2]
    assert first[0].value == 'Write docs, "v2"\nsecond line'
    assert first[1].value.date() == date(2026, 3, 2)
    assert first[1].number_format == "yyyy-mm-dd"
    assert first[2].value == time(15, 5)
    assert first[2].number_format == "hh:mm"
    assert first[3].value == timedelta(seconds=97509)
    assert first[3].number_format == "[h]:mm:ss"
    assert float(_raw_xlsx_value(data, "xl/worksheets/sheet1.xml", "D2")) == pytest.approx(
        97509 / 86400, abs=1e-12
    )
    assert first[4].value == pytest.approx(0.25)
    assert first[4].number_format == "0.00"
    assert first[5].value == pytest.approx(-12.5)
    assert first[5].number_format == "#,##0.00"
    assert first[6].value == 3 and isinstance(first[6].value, int)
    assert first[7].value == "Yes"

    assert all(c.value is None for c in sheet[3]), "None leaves the cell empty"

    third = sheet[4]
    assert third[0].value == "=SUM(A1:A9)" and third[0].data_type == "s", "text is never a formula"
    assert third[3].value == timedelta(0)
    assert third[4].value == pytest.approx(20 / 3600), "the exact hours; the format shows two decimals"
    assert third[5].value == pytest.approx(4500.0)
    assert third[7].value == "No"

    fourth = sheet[5]
    assert fourth[4].value == pytest.approx(100.0)
    assert fourth[5].value == pytest.approx(0.05)

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H5"
    assert sheet.column_dimensions["A"].width >= len("Plain; semi, colon")


def test_xlsx_summary_sheet_holds_the_heading_and_typed_totals():
    data = rendered(make_doc(currency="EUR"), "XLSX")
    summary = open_xlsx(data)["Summary"]
    cells = {row[0].value: row[1] for row in summary.iter_rows(min_row=2) if row[0].value}
    assert summary["A1"].value == "Detailed report"
    assert cells["Workspace"].value == "Acme Studio"
    assert cells["Period"].value == PERIOD
    assert cells["Projects"].value == "Website, App"
    assert cells["Billable"].value == "Yes"
    assert cells["Currency"].value == "EUR"
    assert cells["Total time"].value == timedelta(seconds=123400)
    assert cells["Total time"].number_format == "[h]:mm:ss"
    assert cells["Billable amount"].value == pytest.approx(4500.0)
    assert cells["Billable amount"].number_format == "#,##0.00"
    assert cells["Entries"].value == 15


@pytest.mark.parametrize("date_format", list(DATE_FORMATS))
def test_xlsx_dates_use_the_users_format(date_format):
    doc = make_doc(ROWS[:1], date_format=date_format, time_format="HOUR12")
    sheet = open_xlsx(rendered(doc, "XLSX"))["Report"]
    assert sheet["B2"].value.date() == date(2026, 3, 2)
    assert sheet["B2"].number_format == DATE_FORMATS[date_format]
    assert sheet["C2"].number_format == "hh:mm AM/PM"


def test_xlsx_reads_totals_after_the_rows():
    """A producer may add the totals while the rows stream; the Summary sheet sees them."""
    totals: list[tuple[str, Any, str]] = []

    async def rows() -> AsyncIterator[list[Any]]:
        for row in ROWS[:1]:
            yield row
        totals.append(("Total time", 97509, "duration"))

    summary = open_xlsx(rendered(make_doc(rows(), totals=totals), "XLSX"))["Summary"]
    assert any(
        r[0].value == "Total time" and r[1].value == timedelta(seconds=97509) for r in summary.iter_rows()
    )


@pytest.mark.filterwarnings("error::ResourceWarning")
def test_xlsx_leaves_no_temporary_files_even_when_the_rows_fail(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    rendered(make_doc(), "XLSX")
    assert list(tmp_path.iterdir()) == []

    async def failing() -> AsyncIterator[list[Any]]:
        yield ROWS[0]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        rendered(make_doc(failing()), "XLSX")
    gc.collect()  # an unclosed file would warn now, and the warning fails the run
    assert list(tmp_path.iterdir()) == []

    async def client_goes_away() -> None:  # the download is dropped after its first chunk
        stream = render(make_doc(_many_rows(5000)), "XLSX")
        assert (await anext(stream)).startswith(b"PK")
        await stream.aclose()

    asyncio.run(client_goes_away())
    assert list(tmp_path.iterdir()) == []

    async def cancelled() -> None:  # the request is cancelled while rows are still being read
        async def slow() -> AsyncIterator[list[Any]]:
            yield ROWS[0]
            await asyncio.sleep(10)
            yield ROWS[0]

        task = asyncio.ensure_future(_collect(render(make_doc(slow()), "XLSX")))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
    gc.collect()
    assert list(tmp_path.iterdir()) == []


# --- PDF ------------------------------------------------------------------------------------------------


def _many_rows(count: int) -> list[list[Any]]:
    return [
        [
            f"Task number {i:04d}",
            date(2026, 3, 1) + timedelta(days=i % 28),
            time(8, i % 60),
            3600 + i,
            1800,
            100 * i,
            i,
            i % 2 == 0,
        ]
        for i in range(count)
    ]


def test_pdf_holds_heading_rows_and_totals():
    data = rendered(make_doc(), "PDF")
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    text = "\n".join(pages)
    for expected in ["Detailed report", "Acme Studio", PERIOD, "Projects", "Website, App", "Billable"]:
        assert expected in text, expected
    for expected in ["Write docs", "2026-03-02", "15:05", "27:05:09", "0.25", "-12.50"]:  # first row
        assert expected in text, expected
    for expected in ["Plain; semi, colon", "2026-12-24", "0:00:59", "100.00", "0.05"]:  # last row
        assert expected in text, expected
    assert "Total time" in text and "34:16:40" in text
    assert "Billable amount" in text and "4500.00 USD" in text
    assert "Page 1" in pages[0]


def test_pdf_spans_pages_with_the_header_on_each():
    rows = _many_rows(300)
    pages = pdf_pages(rendered(make_doc(rows), "PDF"))
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}" in page
        if number == len(pages) and "Task number" not in page:
            continue  # the totals alone may spill onto a last page, which then needs no header
        for title in ("Description", "Duration (h)", "Amount", "Billable"):
            assert title in page, (number, title)
    assert "Acme Studio" in pages[0] and "Acme Studio" not in pages[1], (
        "the heading is on the first page only"
    )
    assert "Task number 0000" in pages[0]
    assert "Task number 0299" in [page for page in pages if "Task number" in page][-1]
    assert "Total time" in pages[-1]
    text = "\n".join(pages)
    assert all(f"Task number {i:04d}" in text for i in range(300)), "no row is lost at a page break"


def test_pdf_truncates_long_text_and_survives_any_script():
    long_text = "A very long description " * 40
    rows = [
        [long_text, None, None, None, None, None, None, None],
        ["Łódź ő 日本語 😀 \u200b tab\there", None, None, None, None, None, None, None],
    ]
    doc = make_doc(rows, workspace="Ωmega 工作", filters=[("Tags", "naïve, Ďábel")])
    text = "\n".join(pdf_pages(rendered(doc, "PDF")))
    assert "…" in text
    assert long_text.strip() not in text
    assert "Lódz o ??? ?" in text
    assert "naïve, Dábel" in text


def test_pdf_text_keeps_windows_1252_and_replaces_the_rest():
    assert pdf_text("Café – “quoted” €5 …") == "Café – “quoted” €5 …"
    assert pdf_text("Łódź") == "Lódz"
    assert pdf_text("日本") == "??"
    assert pdf_text("a\nb\u200bc") == "a bc"


# --- streaming -----------------------------------------------------------------------------------------


async def _generated(count: int) -> AsyncIterator[list[Any]]:
    start = date(2026, 1, 1)
    for i in range(count):
        # Every row has its own strings, as rows from a database do: keeping them would show.
        yield [
            f"Entry {i} for ticket #{i * 7} with some description",
            start + timedelta(days=i % 365),
            time(i % 24, i % 60),
            3600 + i,
            900 + i,
            4500 * (i % 7) - 100,
            i,
            i % 2 == 0,
        ]


async def _drain(stream: AsyncIterator[bytes]) -> int:
    size = 0
    async for chunk in stream:
        size += len(chunk)
    return size


def _peak_memory(export_type: str, rows: int) -> tuple[int, int]:
    """Bytes rendered and the peak of Python allocations while rendering, bytes dropped as they come."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        size = asyncio.run(_drain(render(make_doc(_generated(rows)), export_type)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak


def test_csv_streams_200000_rows_in_constant_memory():
    size, peak = _peak_memory("CSV", 200_000)
    assert size > 20_000_000, "the file is large..."
    assert peak < 4_000_000, f"...but rendering it peaked at {peak / 1e6:.1f} MB"


def test_xlsx_streams_rows_in_constant_memory():
    # 20,000 rows held as lists (or as XlsxWriter cells, without constant_memory) take about
    # 8 MB or more; streamed, the peak is a fraction of one.
    size, peak = _peak_memory("XLSX", 20_000)
    assert size > 1_000_000
    assert peak < 3_000_000, f"rendering peaked at {peak / 1e6:.1f} MB"


def test_columns_kept_out_of_the_pdf_stay_in_csv_and_xlsx():
    columns = [Column("Project", "text"), Column("Secret Email", "text", in_pdf=False), Column("Duration", "duration")]
    rows = [["Site", "hidden@example.com", 3600], ["App", "also@example.com", 60]]
    pdf = "\n".join(pdf_pages(rendered(make_doc(rows, columns=columns), "PDF")))
    assert "Site" in pdf and "1:00:00" in pdf
    assert "Secret Email" not in pdf and "hidden@example.com" not in pdf
    assert parse_csv(rendered(make_doc(rows, columns=columns), "CSV"))[1] == ["Site", "hidden@example.com", "1:00:00"]
    sheet = open_xlsx(rendered(make_doc(rows, columns=columns), "XLSX"))["Report"]
    assert [c.value for c in sheet[1]] == ["Project", "Secret Email", "Duration"]
