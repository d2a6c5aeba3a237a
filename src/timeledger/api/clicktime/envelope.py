"""ClickTime's response envelope: `{data, errors, jsonapi, meta, page}` around every body.

`page` is filled on collections: `count` is the total of matching rows (not the rows on this page),
and `links.next` is present only when more rows follow, which is how ClickTime clients stop paging.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from timeledger.api.responses import JSON
from timeledger.services.listing import Window


def body(data: Any = None, errors: list[dict[str, Any]] | None = None, page: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"data": data, "errors": errors or [], "jsonapi": {}, "meta": {}, "page": page}


def single(data: Any, status_code: int = 200) -> JSON:
    return JSON(body(data), status_code=status_code)


def collection(request: Request, items: list[Any], total: int, window: Window) -> JSON:
    return JSON(body(items, page=page(request, total, window)))


def error(status_code: int, message: str, field: str = "", details: list[str] | None = None,
          headers: dict[str, str] | None = None) -> JSON:
    return JSON(error_body(message, field, details), status_code=status_code, headers=headers)


def error_body(message: str, field: str = "", details: list[str] | None = None) -> dict[str, Any]:
    """The envelope of one error (also for the rate limit, which answers before any route)."""
    return body(errors=[{"Field": field, "Message": message, "MessageDetail": details or []}])


def page(request: Request, total: int, window: Window) -> dict[str, Any]:
    limit, offset = window.limit, window.offset
    last = max(0, (total - 1) // limit * limit)
    links = {"self": _link(request, limit, offset), "first": _link(request, limit, 0)}
    if offset > 0:
        links["previous"] = _link(request, limit, max(0, offset - limit))
    if offset + limit < total:
        links["next"] = _link(request, limit, offset + limit)
    links["last"] = _link(request, limit, last)
    return {"count": total, "limit": limit, "offset": offset, "links": links}


def _link(request: Request, limit: int, offset: int) -> str:
    """The request's own URL at another offset, every filter (repeated keys too) kept."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    query = urlencode([*kept, ("limit", str(limit)), ("offset", str(offset))])
    return str(request.url.replace(query=query))
