"""The framework ceiling for benchmarks/api_throughput.py: FastAPI with no database.

One endpoint does the framework work a create-time-entry request does, and nothing else:
route matching with a path parameter, a header dependency (the API key, unchecked), a JSON body
validated by a pydantic model with the same kind of fields (ISO instants, a string, a flag), and
a 201 JSON answer of a similar size. It is served like `timeledger serve`: the same uvicorn,
one worker, the same loop and HTTP implementations ("auto": uvloop and httptools when
installed), access log off at --log-level warning.

    .venv/bin/python benchmarks/bare_app.py --port 8090
    curl -H 'X-Api-Key: x' -d '{"start":"2026-03-02T12:00:00Z","end":"2026-03-02T13:00:00Z"}' \
         http://127.0.0.1:8090/bare/0123456789abcdef01234567/time-entries
"""

from __future__ import annotations

import argparse
import itertools
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI(title="bare", redirect_slashes=False, docs_url=None, redoc_url=None, openapi_url=None)
_ids = itertools.count(1)


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: datetime | None = None
    end: datetime | None = None
    billable: bool | None = None
    description: Annotated[str, Field(max_length=3000)] | None = None
    projectId: str | None = None
    tagIds: list[str] | None = None


async def api_key(x_api_key: Annotated[str, Header()]) -> str:
    return x_api_key


@app.post("/bare/{workspaceId}/time-entries", status_code=201)
async def create(workspaceId: str, key: Annotated[str, Depends(api_key)], body: EntryIn) -> JSONResponse:
    start, end = body.start, body.end
    return JSONResponse(
        {
            "id": f"{next(_ids):024x}",
            "workspaceId": workspaceId,
            "description": body.description or "",
            "billable": bool(body.billable),
            "projectId": body.projectId,
            "tagIds": body.tagIds or [],
            "timeInterval": {
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
                "duration": f"PT{int((end - start).total_seconds())}S" if start and end else None,
            },
        },
        status_code=201,
    )


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    # The same uvicorn.run options as `timeledger serve` (src/timeledger/cli/main.py).
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level=args.log_level, proxy_headers=False)


if __name__ == "__main__":
    main()
