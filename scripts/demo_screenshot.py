"""Take ``docs/demo.png``, the README's picture of the demo (run it after UI changes).

    .venv/bin/python scripts/demo_screenshot.py [--chromium /usr/bin/chromium]

Starts the seeded demo in this process, opens it in Debian's Chromium through Playwright
(no browser download), acts as Noor in #meetups and saves the page.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

from emulator.demo.sandbox import Sandbox

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "demo.png"


async def main(chromium: str, output: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(Path(folder))
        await sandbox.start(port=0, seed="community")
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                page = await browser.new_page(
                    viewport={"width": 1280, "height": 760}, locale="en-US",
                    timezone_id="Europe/Berlin",
                )  # fmt: skip
                noor = sandbox.member("Noor")
                await page.goto(f"{sandbox.url}?as={noor.id}")
                await page.locator("#channels li", has_text="meetups").first.click()
                await page.locator("#messages .msg", has_text="Going: 3/12").wait_for()
                await page.wait_for_timeout(300)
                await page.screenshot(path=output)
                await browser.close()
        finally:
            await sandbox.close()
    print(f"Saved {output}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    asyncio.run(main(options.chromium, options.output))
