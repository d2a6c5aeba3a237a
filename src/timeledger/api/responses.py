"""A lean JSON response: the dialects build plain dicts, so no response-model validation runs."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def dumps(content: Any) -> bytes:
    """Compact UTF-8 JSON. orjson, because a page of entries is serialised on every list call."""
    return orjson.dumps(content)


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def paged(items: list[Any], last_page: bool, status_code: int = 200) -> JSON:
    """A list page with Clockify's `Last-Page` header."""
    return JSON(items, status_code=status_code, headers={"Last-Page": "true" if last_page else "false"})


def no_content() -> Response:
    return Response(status_code=204)
