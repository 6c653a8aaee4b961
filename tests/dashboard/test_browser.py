"""A coordinator in headless Chromium (Debian's package, driven by Playwright; never a download):
signs in with a link, filters, opens a board, downloads the CSV. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.dashboard.conftest import Dashboard

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is missing: apt-get install -y chromium"
)


@pytest.fixture
def base_url(dashboard: Dashboard) -> str:
    """aiohttp's TestServer is a real server on a free loopback port: the browser goes there."""
    return str(dashboard.client.make_url("")).rstrip("/")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        await launched.close()


async def some_boards(dashboard: Dashboard) -> None:
    """Boards at realistic stages; the first ones stall (the clock moves on after them)."""
    await dashboard.board(
        "Stichting Primair Onderwijs Waterland", las=("parnassys", "parnassys"), registered=True
    )
    await dashboard.board("Vereniging Scholen Zuid", las=("esis",), registered=False)
    dashboard.clock.advance(days=20)
    await dashboard.board("Stichting Kindante", las=("parnassys",), registered=True)
    await dashboard.board("Openbaar Onderwijs Aan Zee", las=("dotcomschool", "unilogic"), registered=True)
    await dashboard.board("Schoolbestuur De Kempen", las=("other",))
    await dashboard.board("Stichting Ons Middelbaar Onderwijs")
    for number in range(12):
        await dashboard.board(f"Stichting Fictief {number + 1}", las=(("esis", "parnassys")[number % 2],))


async def csv_rows(page: Page, link_name: str) -> list[list[str]]:
    async with page.expect_download() as info:
        await page.get_by_role("link", name=link_name, exact=True).click()
    download = await info.value
    path = await download.path()
    text = await asyncio.to_thread(Path(path).read_text, encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


async def test_a_coordinator_signs_in_filters_opens_a_board_and_downloads(
    dashboard: Dashboard, base_url: str, browser: Browser
) -> None:
    await some_boards(dashboard)
    ARTIFACTS.mkdir(exist_ok=True)
    context = await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True
    )
    page = await context.new_page()

    await page.goto(f"{base_url}/dashboard/login?token={await dashboard.link()}")
    assert page.url == f"{base_url}/dashboard"
    await page.get_by_role("heading", name="Voortgang van alle besturen").wait_for()
    await page.screenshot(path=str(ARTIFACTS / "dashboard-desktop.png"), full_page=True)

    await page.get_by_label("LAS-leverancier", exact=True).select_option("parnassys")
    await page.get_by_role("button", name="Toon besturen").click()
    rows = page.locator("table.boards tbody tr")
    names = sorted(await rows.locator("th").all_inner_texts())
    assert names == [
        "Stichting Fictief 10",
        "Stichting Fictief 12",
        "Stichting Fictief 2",
        "Stichting Fictief 4",
        "Stichting Fictief 6",
        "Stichting Fictief 8",
        "Stichting Kindante",
        "Stichting Primair Onderwijs Waterland",
    ]

    exported = await csv_rows(page, "CSV")
    assert exported[0][:2] == ["Bestuur", "Bevoegd-gezagnummer"]
    assert sorted(row[0] for row in exported[1:]) == names
    assert all(row[-1] == "ParnasSys" for row in exported[1:])

    await page.get_by_role("link", name="Stichting Primair Onderwijs Waterland").click()
    await page.get_by_role("heading", name="Checklist").wait_for()
    schools = page.get_by_role("table", name="Scholen").last
    assert "ParnasSys" in await schools.inner_text()
    timeline = await page.locator("table.timeline").inner_text()
    assert "Bestuur 40001 vastgelegd" in timeline
    await page.screenshot(path=str(ARTIFACTS / "board-desktop.png"), full_page=True)

    await page.get_by_role("link", name="Vragen van medewerkers").click()
    await page.get_by_role("heading", name="Vragen van medewerkers", level=1).wait_for()
    await page.screenshot(path=str(ARTIFACTS / "questions-desktop.png"), full_page=True)

    await page.get_by_role("button", name="Uitloggen").click()  # the form posts its CSRF token
    await page.get_by_role("heading", name="U bent uitgelogd").wait_for()
    await page.goto(f"{base_url}/dashboard")
    await page.get_by_role("heading", name="Log opnieuw in").wait_for()
    await context.close()


async def test_the_dashboard_fits_a_phone(dashboard: Dashboard, base_url: str, browser: Browser) -> None:
    await some_boards(dashboard)
    ARTIFACTS.mkdir(exist_ok=True)
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL"
    )
    page = await context.new_page()
    await page.goto(f"{base_url}/dashboard/login?token={await dashboard.link()}")
    await page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)
    # The page itself never scrolls sideways; only the board table does, inside its own region.
    page_width = await page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
    table_region = page.get_by_role("region", name="Tabel met besturen; schuif opzij voor alle kolommen")
    assert await table_region.evaluate("el => el.scrollWidth > el.clientWidth")
    await context.close()
