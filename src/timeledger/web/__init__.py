"""The web app: server-rendered pages (sign-in, tracker, account) with a little hand-written JS
that calls the same Clockify-compatible API as every other client, authenticated by the session
cookie and a CSRF header. No third-party JS or CSS."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")


def install(app: FastAPI) -> None:
    from timeledger.web.pages import router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
