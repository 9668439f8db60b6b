"""Browser tests: Playwright for Python driving Debian's chromium (never a browser download).

`chromium_path` makes sure /usr/bin/chromium exists: when it is missing and we are root it runs
`apt-get update` and `apt-get install chromium chromium-driver` (non-interactive); when we are not root the
browser tests are skipped with a message saying what to install. A failed install as root is an error, not a
skip: CI must not go green without having run them.

`live_server` runs the real app on uvicorn on a free loopback port in a background thread, with the test
session's already loaded pipeline. Screenshots go to artifacts/ (gitignored).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_setup import install_chromium

from spinscope.pipeline import Pipeline

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = install_chromium()
    if reason:
        pytest.skip(reason)
    import browser_setup

    return str(browser_setup.CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(pipeline: Pipeline) -> Iterator[str]:
    import uvicorn

    from spinscope.server.app import ServerConfig, create_app

    port = free_port()
    app = create_app(ServerConfig(), pipeline=pipeline)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page that may only talk to the test server: any other request is aborted (proves offline)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    outside: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((live_server, "blob:", "data:", "file:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.outside_requests = outside  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
