"""The participant page in a real browser: Debian's chromium, headless, through Debian's
chromedriver (selenium; no browser download), at a 360×640 phone viewport. A phone joins from
the QR code's address, picks a name, is let in by the facilitator in the real window, scores
all 30 elements by tapping, reviews and finishes: the scores are in the database and the
Score step shows them.

Skipped where chromium or chromedriver is missing, unless JCS_REQUIRE_BROWSER is set (as
``.ci/run`` does), where their absence fails."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from jcs_desktop.domain.values import NOT_SURE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PHONE = {"width": 360, "height": 640, "pixelRatio": 2.0}
PHONE_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("JCS_REQUIRE_BROWSER"):
        raise RuntimeError("JCS_REQUIRE_BROWSER is set but chromium or chromedriver is missing")
    pytest.skip(
        "needs chromium and chromedriver (Debian: apt install chromium chromium-driver)", allow_module_level=True
    )

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def phone_browser(profile: str):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        # The machine has no internet: without these, chromium keeps trying to reach Google.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE, "userAgent": PHONE_AGENT})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="jcs-chromium-")
    driver = phone_browser(profile)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screen_is(driver, name: str, timeout: float = 15.0) -> None:
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.body.dataset.screen") == name,
        message=f"the page never showed the {name!r} screen",
    )


def tap(driver, css: str, timeout: float = 10.0) -> None:
    def ready(d):
        for el in d.find_elements(By.CSS_SELECTOR, css):
            if el.is_displayed() and el.is_enabled():
                return el
        return False

    WebDriverWait(driver, timeout).until(ready, message=f"nothing to tap at {css!r}").click()


def shown_element(driver) -> str:
    return driver.execute_script("return document.body.dataset.element")


def expected_answers(element_ids: list[str]) -> dict[str, object]:
    """What the phone taps: every level in turn, every seventh element "not sure"."""
    return {eid: (NOT_SURE if i % 7 == 6 else 1 + i % 4) for i, eid in enumerate(element_ids)}


@pytest.fixture
def workshop(services):
    wid = services.workshops.create({"title": "Phone workshop"}).workshop.id
    changes = services.participants.add_many(
        wid, [{"display_name": name, "sector": "Health"} for name in ("Ann Lee", "Bo Chan")]
    )
    return wid, sorted(changes.participants)


@pytest.fixture
def score_step(qtbot, services, workshop):
    """The real main window at 1366×768 with the workshop's Score step showing."""
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window, before_close_func=lambda w: w.ctx.devices and w.ctx.devices.stop())
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_workshop(workshop[0])
    page = window.workshop_view.show_step("score")
    QApplication.processEvents()
    return page


def test_a_phone_joins_scores_all_30_elements_reviews_and_finishes(qtbot, services, workshop, score_step, browser):
    from PySide6.QtCore import Qt

    from jcs_desktop.devices import addresses
    from jcs_desktop.devices.addresses import Address

    wid, (ann, _bo) = workshop
    page = score_step
    element_ids = services.framework.element_ids()
    wanted = expected_answers(element_ids)
    # Loopback is no address for real phones, so it is never offered; the test's phone is on this machine.
    offered = [Address("127.0.0.1", "lo", True)]
    original = addresses.network_addresses
    addresses.network_addresses = lambda: offered
    try:
        qtbot.mouseClick(page.devices_button, Qt.MouseButton.LeftButton)
        devices = page.devices_window
        qtbot.mouseClick(devices.start_button, Qt.MouseButton.LeftButton)
    finally:
        addresses.network_addresses = original
    hub = devices.hub
    assert hub.running and hub.server.host == "127.0.0.1"

    # The QR code's address, as a phone's camera opens it: the join code in the fragment.
    browser.get(hub.join_url())
    screen_is(browser, "choosing")
    assert "#" not in browser.current_url  # the code is taken out of the address bar
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the phone page scrolls sideways"
    tap(browser, f'[data-participant="{ann}"]')
    screen_is(browser, "waiting")

    # The facilitator lets the phone in from the device list.
    qtbot.waitUntil(lambda: devices.model.rowCount() == 1 and devices.model.index(0, 1).data() == "Waiting for you")
    [info] = hub.devices()
    devices.select_device(info.id)
    qtbot.mouseClick(devices.approve_button, Qt.MouseButton.LeftButton)
    screen_is(browser, "scoring")

    for i, eid in enumerate(element_ids):
        WebDriverWait(browser, 10).until(
            lambda d, eid=eid: shown_element(d) == eid,
            message=f"element {i + 1} never showed",
        )
        value = wanted[eid]
        tap(browser, f'[data-level="{value}"]')
        if i == 9:
            # The phone's browser reloads the page (a pull-down, a tab brought back): it reconnects
            # with the token it kept, and carries on where it was with the answers it had.
            WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.pending") == "0")
            browser.refresh()
            screen_is(browser, "scoring")
            assert browser.execute_script("return document.body.dataset.answered") == "10"
            assert len(hub.devices()) == 1  # the same device, not a second join
            if shown_element(browser) == eid:
                # Reloaded before the page moved on (a quick ack on a quiet machine): it shows the
                # element it was on, with the answer given; tapping that answer again moves on.
                assert browser.execute_script("return document.body.dataset.answered") == "10"
                tap(browser, f'[data-level="{value}"]')
            continue
        if i + 1 < len(element_ids):
            WebDriverWait(browser, 10).until(lambda d, eid=eid: shown_element(d) != eid)
    # After the last element the page offers the review; every answer is acknowledged.
    WebDriverWait(browser, 15).until(lambda d: d.execute_script("return document.body.dataset.pending") == "0")
    if browser.execute_script("return document.body.dataset.screen") != "review":
        tap(browser, "#review")
    screen_is(browser, "review")
    rows = browser.find_elements(By.CSS_SELECTOR, "#review-list [data-element]")
    assert [r.get_attribute("data-element") for r in rows] == element_ids
    assert "30 of 30 answered" in browser.find_element(By.ID, "review-counts").text
    tap(browser, "#finish")
    screen_is(browser, "finished")

    # The database has every answer, as tapped; the Score step shows them; the list says finished.
    assert services.scores.scores_for_participant(ann) == wanted
    qtbot.waitUntil(lambda: page.progress_model.answered(ann) == 30, timeout=5000)
    assert page.ctx.live.scores[ann] == wanted
    qtbot.waitUntil(lambda: hub.devices()[0].finished, timeout=5000)
    assert services.scores.scores_for_workshop(wid).get(_bo, {}) == {}
