"""Pick the renderer for an export type: the one entry point the report services call."""

from __future__ import annotations

from collections.abc import AsyncIterator

from timeledger.services.reports.export.document import ReportDocument

CONTENT_TYPES: dict[str, str] = {
    "CSV": "text/csv; charset=utf-8",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
}

# File name extensions, without the dot.
EXTENSIONS: dict[str, str] = {"CSV": "csv", "XLSX": "xlsx", "PDF": "pdf"}


def file_name(doc: ReportDocument, export_type: str) -> str:
    """The name to offer for download, e.g. "detailed-report.xlsx"."""
    return f"{doc.filename}.{EXTENSIONS[_checked(export_type)]}"


def _checked(export_type: str) -> str:
    if export_type not in CONTENT_TYPES:
        raise ValueError(f"unknown export type {export_type!r}; expected one of {list(CONTENT_TYPES)}")
    return export_type


def render(doc: ReportDocument, export_type: str) -> AsyncIterator[bytes]:
    """The export file as a stream of byte chunks; the rows are consumed while it streams.

    An unknown type raises ValueError here, before anything is sent. The renderers are imported
    on first use: XlsxWriter and ReportLab add a fifth of a second to every process start.
    """
    match _checked(export_type):
        case "CSV":
            from timeledger.services.reports.export.csv import render_csv

            return render_csv(doc)
        case "XLSX":
            from timeledger.services.reports.export.xlsx import render_xlsx

            return render_xlsx(doc)
        case _:
            from timeledger.services.reports.export.pdf import render_pdf

            return render_pdf(doc)
