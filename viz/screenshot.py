"""Open a rendered page in headless Chromium (Playwright), wait until the network is drawn, save a PNG.

Playwright is a test extra, imported only when a screenshot is asked for.
Chromium is the system one when found on ``PATH`` (``chromium``,
``chromium-browser``, ``google-chrome``), else Playwright's own.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
"""Flags for a quiet, offline headless Chromium."""

READY = "window.kgReady === true"
"""JavaScript condition that is true once the page's network has stabilised and been drawn."""


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome on ``PATH``, or ``None`` to let Playwright use its own."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Screenshot:
    """What the browser saw: nodes drawn and any JavaScript errors."""

    png: Path
    nodes_drawn: int
    errors: list[str] = field(default_factory=list)


def screenshot(html: Path, png: Path, *, width: int = 1400, height: int = 900, timeout_s: float = 90,
               executable_path: str | None = None) -> Screenshot:
    """Load ``html`` in headless Chromium, wait for the drawing to settle and save ``png``."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise KgError("screenshots need Playwright: pip install 'city-innovation-kg[test]'") from None
    png = Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable_path or find_chromium(),
                                         args=list(CHROMIUM_ARGS))
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
                page.goto(Path(html).resolve().as_uri())
                page.wait_for_function(READY, timeout=timeout_s * 1000)
                nodes = int(page.evaluate("network.body.data.nodes.length"))
                page.screenshot(path=str(png))
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise KgError(f"headless Chromium failed: {str(exc).splitlines()[0]}") from None
    return Screenshot(png=png, nodes_drawn=nodes, errors=errors)
