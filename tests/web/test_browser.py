"""The pages in real headless Chromium (Debian's, driven by Playwright), served by uvicorn.

Skipped with a reason when /usr/bin/chromium is absent; CI sets BEDSIDE_REQUIRE_BROWSER=1 so a
missing browser fails instead. Set BEDSIDE_SCREENSHOTS=docs/screenshots to refresh the README's
screenshots (home.png, article.png) from the same run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import MS_QUESTION, XSS_ID

pytestmark = [pytest.mark.shared, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, or a skip (a failure under BEDSIDE_REQUIRE_BROWSER=1) when it is not installed."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (apt-get install chromium); browser tests need it"
        if os.environ.get("BEDSIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page (own cookies) that records every request, so tests can prove nothing left the server."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    foreign = [url for url in tab.requests if not url.startswith(live_server)]
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"


def ask_from_home(page: Any, base: str, question: str = MS_QUESTION) -> str:
    """Type a question on the home page and submit it with the keyboard; returns the article URL."""
    page.goto(base + "/")
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    page.wait_for_url("**/articles/*")
    return str(page.url)


def save_screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """Screenshot into tmp (always) and into $BEDSIDE_SCREENSHOTS when set."""
    page.screenshot(path=str(tmp_path / name), full_page=False)
    folder = os.environ.get("BEDSIDE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_ask_from_home_renders_the_article_with_its_sections(page: Any, live_server: str, tmp_path: Path) -> None:
    page.goto(live_server + "/")
    assert page.get_by_role("heading", name="Ask a clinical question").is_visible()
    ask_from_home(page, live_server)
    assert page.locator("h1").inner_text() == MS_QUESTION
    for heading in ("From the Guidelines", "From the Research", "References", "Professional disclaimer"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    assert page.get_by_text("Pending human review").first.is_visible()
    assert page.locator(".stepper li").all_inner_texts() == ["Submitted", "Under Review", "Approved"]
    assert page.locator("#references .reference").count() >= 2
    save_screenshot(page, "article.png", tmp_path)
    page.goto(live_server + "/")
    assert page.get_by_role("link", name=MS_QUESTION).first.is_visible()  # listed under recent articles
    save_screenshot(page, "home.png", tmp_path)


def test_a_citation_jumps_to_its_reference_and_shows_its_quote(page: Any, live_server: str) -> None:
    ask_from_home(page, live_server)
    cite = page.locator("a.cite").first
    target = str(cite.get_attribute("href"))
    cite.focus()
    tip = cite.locator(".tip")
    assert tip.is_visible() and len(tip.inner_text()) > 20  # the quoted source sentence, on focus
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    reference = page.locator(target)
    assert reference.is_visible() and reference.evaluate("el => el.matches(':target')")
    box = reference.bounding_box()
    assert box is not None and -2 <= box["y"] < 900  # scrolled into view


def test_switching_the_audience_changes_the_text_and_is_remembered(page: Any, live_server: str) -> None:
    url = ask_from_home(page, live_server)
    before = page.locator("main").inner_text()
    assert "Information for patients" not in before
    page.get_by_label("Patient or caregiver").check()
    page.get_by_role("button", name="Show for this reader").click()
    page.wait_for_url("**audience=patient")
    after = page.locator("main").inner_text()
    assert after != before and "Information for patients" in after
    page.goto(url)  # no parameter: the cookie remembers the choice
    assert "Information for patients" in page.locator("main").inner_text()
    assert page.get_by_label("Patient or caregiver").is_checked()


def test_a_follow_up_opens_a_new_article_linked_to_the_first(page: Any, live_server: str) -> None:
    first = ask_from_home(page, live_server)
    page.get_by_role("textbox", name="Follow-up question").fill("What about alemtuzumab?")
    page.get_by_role("button", name="Ask follow-up").click()
    page.wait_for_url(lambda url: url != first and "/articles/" in url)
    second = str(page.url)
    assert page.locator("h1").inner_text() == "What about alemtuzumab?"
    page.locator("#thread-parent a").click()
    page.wait_for_url(first)
    assert page.locator(f'.thread-children a[href="{second.removeprefix(live_server)}"]').count() == 1


def test_search_filters_work_from_the_form(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/search")
    page.get_by_label("Search for").fill("interferon multiple sclerosis")
    page.locator("details.filters summary").click()
    page.get_by_label("Level of evidence").select_option("2")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    assert "level=2" in page.url
    kinds = page.locator("ol.results li span.subtle").all_inner_texts()
    assert kinds and all("Systematic review" in k for k in kinds)
    assert page.get_by_label("Level of evidence").input_value() == "2", "the choice is kept"


def test_a_planted_script_shows_as_text_and_never_runs(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/records/{XSS_ID}")
    assert "<script>window.__xss = 1</script>" in page.locator("h1").inner_text()
    assert 'onerror="window.__xss = 4"' in page.locator("main").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.goto(f"{live_server}/search?q=balloon+guide+catheter+reperfusion")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []


def test_the_article_fits_a_phone_screen(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        phone = context.new_page()
        ask_from_home(phone, live_server)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
    finally:
        context.close()
