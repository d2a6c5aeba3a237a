"""Browser tests launch Debian's Chromium once per module, after the module's live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.live import LiveServer, live_server  # noqa: F401
from tests.web.support import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser(live_server: LiveServer) -> Iterator[object]:  # noqa: F811
    # After the server and its database: Playwright's sync API runs an event loop of its own, and
    # the PostgreSQL fixture's asyncio.run() cannot start inside it.
    playwright_api = pytest.importorskip("playwright.sync_api",
                                         reason="Playwright is a dev dependency: make test installs it")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run installs it)")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()
