"""A lean JSON response: the dialects build plain dicts, so no response-model validation runs."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from starlette.responses import Response


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_default).encode()


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def paged(items: list[Any], last_page: bool, status_code: int = 200) -> JSON:
    """A list page with Clockify's `Last-Page` header."""
    return JSON(items, status_code=status_code, headers={"Last-Page": "true" if last_page else "false"})


def no_content() -> Response:
    return Response(status_code=204)
