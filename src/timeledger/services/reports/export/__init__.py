"""Export renderers: one ReportDocument, streamed as CSV, XLSX or PDF."""

from __future__ import annotations

from timeledger.services.reports.export.document import Column, ReportDocument, format_value
from timeledger.services.reports.export.render import CONTENT_TYPES, EXTENSIONS, file_name, render

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "Column", "ReportDocument", "file_name", "format_value", "render"]
