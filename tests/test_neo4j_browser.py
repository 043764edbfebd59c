"""Neo4j Browser, served by the local server, in real headless Chromium: it connects to Bolt without a login
form, opens the guide of the query packs, and a pack run with its example's parameters shows its rows.

Set KG_BROWSER_SCREENSHOT=docs/img/neo4j-browser.png to save the screenshot shown in the README.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import server
from kg.packs import get_pack
from kg.server.guide import example_values
from kg.store.query import run_pack

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

PACK = "programs_for_sector"
TIMEOUT_MS = 120_000  # the Browser's first load on a busy machine


def test_the_browser_connects_opens_the_guide_and_runs_a_pack_with_its_example(browser, sample_db, neo4j_home):
    pack = get_pack(PACK)
    want = run_pack(sample_db, pack, example_values(pack))
    assert want
    st = server.status(neo4j_home)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(st.browser_url)
        # Connected without a login form: the server's post-connect command opens the packs guide in the sidebar.
        drawer = page.get_by_test_id("guidesDrawer")
        drawer.locator("ol.kg-packs").wait_for(timeout=TIMEOUT_MS)
        assert page.get_by_text("You have a working connection and server auth is disabled.").count() == 1
        assert page.locator("input[type=password]").count() == 0

        # The contents page leads to the pack's page, whose button sets the example's parameters.
        drawer.locator("a[data-exec]", has_text=PACK).click()
        drawer.locator("h3", has_text=PACK).wait_for(timeout=TIMEOUT_MS)
        drawer.locator("button.kg-set-params").click()
        params = page.get_by_test_id("frame").filter(has_text="Successfully set your parameters")
        params.wait_for(timeout=TIMEOUT_MS)
        assert '"sector": "生物医药"' in params.inner_text() and '"limit": 200' in params.inner_text()

        # A click puts the query in the editor; run it and see the pack's rows.
        drawer.locator("pre.kg-query").click()
        page.get_by_test_id("editor-Run").click()
        result = page.get_by_test_id("frame").filter(has_text=f"Started streaming {len(want)} records")
        result.wait_for(timeout=TIMEOUT_MS)
        shown = result.inner_text()
        for row in want:
            assert f'"{row["program"]}"' in shown
        assert not errors, errors

        drawer.locator("h3", has_text=PACK).scroll_into_view_if_needed()
        shot = os.environ.get("KG_BROWSER_SCREENSHOT")
        if shot:
            Path(shot).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shot)
    finally:
        page.close()
