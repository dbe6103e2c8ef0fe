"""Screenshots of the participant page on a phone: headless chromium at 360×640 against the real
device server, on a workshop with the demo's participants and no scores yet.

Usage::

    python tools/screenshots_devices.py [--out docs/screenshots]

Needs Debian's chromium and chromedriver (``apt install chromium chromium-driver``) and
selenium (in the test extras). Saves ``devices-phone-names.png`` (choosing a name),
``devices-phone-element.png`` (an element, one answer saved) and ``devices-phone-review.png``
(the review of one's own answers).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

try:  # run from a checkout without installing
    import jcs_desktop  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(REPO_ROOT / "src"))
sys.path.insert(0, str(REPO_ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from test_devices_browser import phone_browser, screen_is, shown_element, tap

    from jcs_desktop.devices.server import DeviceServer
    from jcs_desktop.paths import resources_dir
    from jcs_desktop.services import Services

    folder = Path(tempfile.mkdtemp(prefix="jcs-phone-shots-"))
    services = Services.open(f"sqlite:///{folder / 'shots.sqlite3'}")
    spec = json.loads((resources_dir() / "demo" / "workshop.json").read_text(encoding="utf-8"))
    wid = services.workshops.create({"title": spec["workshop"]["title"]}).workshop.id
    services.participants.add_many(
        wid, [{k: p[k] for k in ("display_name", "organisation", "sector")} for p in spec["participants"]]
    )
    first = services.participants.list(wid)[0]
    server = DeviceServer(services, wid, "127.0.0.1")
    server.start()
    browser = phone_browser(str(folder / "profile"))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        browser.get(server.join_url())
        screen_is(browser, "choosing")
        browser.save_screenshot(str(args.out / "devices-phone-names.png"))
        tap(browser, f'[data-participant="{first.id}"]')
        screen_is(browser, "waiting")
        server.approve(server.devices()[0].id)
        screen_is(browser, "scoring")
        elements = services.framework.element_ids()
        for value in (2, 3, "not-sure", 2):  # a few answers, so the review has something in it
            current = shown_element(browser)
            tap(browser, f'[data-level="{value}"]')
            WebDriverWait(browser, 10).until(lambda d, current=current: shown_element(d) != current)
        tap(browser, "#back")
        WebDriverWait(browser, 10).until(lambda d: shown_element(d) == elements[3])
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.pending") == "0")
        time.sleep(0.3)
        browser.save_screenshot(str(args.out / "devices-phone-element.png"))
        tap(browser, "#review")
        screen_is(browser, "review")
        browser.find_element(By.ID, "review-list")
        browser.save_screenshot(str(args.out / "devices-phone-review.png"))
    finally:
        browser.quit()
        server.stop()
        services.close()
        shutil.rmtree(folder, ignore_errors=True)
    for name in ("names", "element", "review"):
        print(args.out / f"devices-phone-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
