"""CSV export: RFC 4180, UTF-8, a header row of column titles and one line per row.

Values read exactly as on screen (format_value); the heading and totals are left out so the
file loads into a spreadsheet or a script as a plain table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

from timeledger.services.reports.export.document import ReportDocument, iter_rows

CHUNK_SIZE = 64 * 1024


async def render_csv(doc: ReportDocument) -> AsyncIterator[bytes]:
    """The CSV file in chunks of about 64 KiB, written while the rows stream in."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 ends lines with CRLF
    writer.writerow([c.title for c in doc.columns])
    formatters = doc.formatters()
    async for row in iter_rows(doc):
        writer.writerow([fmt(value) for fmt, value in zip(formatters, row)])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    tail = buffer.getvalue()
    if tail:
        yield tail.encode("utf-8")
