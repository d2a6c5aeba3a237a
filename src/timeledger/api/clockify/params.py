"""Query-string conventions of Clockify clients: 1/0 booleans, repeated or comma-joined arrays,
`page-size` or `pageSize`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from timeledger.services.common import PageRequest

SortOrder = Literal["ASCENDING", "DESCENDING"]


def split_list(values: list[str] | None) -> list[str] | None:
    """Both `tags=a&tags=b` and `tags=a,b` mean [a, b]; empty parts are dropped."""
    if values is None:
        return None
    items = [part.strip() for value in values for part in value.split(",")]
    return [item for item in items if item]


async def paging(
    page: Annotated[int, Query(description="1-based page number")] = 1,
    page_size: Annotated[int | None, Query(alias="page-size", description="Items per page (1-5000, default 50)")] = None,
    page_size_camel: Annotated[int | None, Query(alias="pageSize", include_in_schema=False)] = None,
) -> PageRequest:
    size = page_size if page_size is not None else page_size_camel
    return PageRequest(page=page, size=50 if size is None else size)


async def in_progress_paging(
    page: Annotated[int, Query(description="1-based page number")] = 1,
    page_size: Annotated[int | None, Query(alias="page-size", description="Items per page (1-1000, default 10)")] = None,
    page_size_camel: Annotated[int | None, Query(alias="pageSize", include_in_schema=False)] = None,
) -> PageRequest:
    from timeledger.services.errors import Invalid

    size = page_size if page_size is not None else page_size_camel
    size = 10 if size is None else size
    if not 1 <= size <= 1000:
        raise Invalid("page-size must be between 1 and 1000", "page-size")
    return PageRequest(page=page, size=size)


Paging = Annotated[PageRequest, Depends(paging)]
InProgressPaging = Annotated[PageRequest, Depends(in_progress_paging)]
ListParam = Annotated[list[str] | None, Query()]
