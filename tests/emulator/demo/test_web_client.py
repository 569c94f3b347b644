"""The demo in a real browser: ``python -m bot demo --seed community`` driven by Chromium.

Playwright drives Debian's ``chromium`` (never a downloaded browser). The demo runs as the
command a newcomer types, in a subprocess, so these tests cover the CLI, the seeding
through the bot's commands, the web client and the emulator's read/act API together.
Screenshots of each step land in the test's tmp_path (printed when a test fails).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = os.environ.get("TWEETUP_CHROMIUM", "/usr/bin/chromium")
START_WITHIN = 150.0
URL_LINE = re.compile(r"Tweetup demo: (http://127\.0\.0\.1:\d+/)")

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
        "or set TWEETUP_CHROMIUM",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is missing (pip install -e '.[dev]')"
)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded demo, started as ``python -m bot demo`` and stopped with SIGTERM."""
    folder = tmp_path_factory.mktemp("demo")
    log = (folder / "demo.log").open("w+")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWEETUP_", "DISCORD_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--port", "0", "--no-browser", "--seed",
         "community", "--data-dir", str(folder / "data")],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_WITHIN
        url = None
        while url is None:
            log.seek(0)
            text = log.read()
            found = URL_LINE.search(text)
            if found:
                url = found.group(1)
            elif process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the demo did not start:\n{text[-3000:]}", pytrace=False)
            else:
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert process.returncode == 0, output[-3000:]
    problems = [line for line in output.splitlines() if "ERROR" in line or "Traceback" in line]
    assert not problems, output[-3000:]


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Client:
    """The demo page, with the few moves a visitor makes."""

    def __init__(self, page: sync_api.Page, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.count = 0

    def shot(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.shots / f"{self.count:02d}-{name}.png")

    def act_as(self, name: str) -> None:
        self.page.select_option("#viewer", label=name)
        sync_api.expect(self.page.locator("#viewer option:checked")).to_have_text(name)

    def open(self, channel: str) -> None:
        self.page.locator("#channels li", has_text=channel).first.click()
        sync_api.expect(self.page.locator("#channel-header")).to_contain_text(channel)

    def command(self, path: str) -> None:
        self.page.fill("#command-input", f"/{path.split()[0]}")
        self.page.locator(f"#suggestions li[data-path='{path}']").click()
        sync_api.expect(self.page.locator("#command-name")).to_have_text(f"/{path}")

    def messages(self, text: str) -> sync_api.Locator:
        return self.page.locator("#messages .msg", has_text=text)


@pytest.fixture
def client(browser: sync_api.Browser, demo_url: str, tmp_path: Path) -> Iterator[Client]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, locale="en-US", timezone_id="Asia/Tokyo"
    )
    context.set_default_timeout(15_000)
    # Assertions wait as long as actions: Playwright's own 5 s for ``expect`` was once too
    # short for an RSVP's round trip (click, bot, emulator, redraw) with the full suite's
    # four workers on two cores.
    sync_api.expect.set_options(timeout=15_000)
    page = context.new_page()
    page.goto(demo_url)
    sync_api.expect(page.locator("#channels li").first).to_be_visible()
    yield Client(page, tmp_path)
    context.close()


def test_a_trip_with_autocomplete_and_an_ambiguous_city(client: Client) -> None:
    page = client.page
    client.act_as("Eli")
    client.open("general")
    client.command("travel add")
    page.fill("input[name=city]", "Lisb")
    choice = page.locator(".ac-list li", has_text="Lisbon, PT").first
    choice.click()
    assert page.input_value("input[name=city]") == "Lisbon, PT"
    page.fill("input[name=dates]", "Jan 10-14")
    client.shot("travel-add-autocomplete")
    page.click("#send")
    saved = client.messages("Trip saved").filter(has_text="Lisbon")
    sync_api.expect(saved).to_have_count(1)
    sync_api.expect(saved).to_contain_text("Only you can see this")

    client.command("travel add")
    page.fill("input[name=city]", "Portland")  # typed, not picked: the bot must ask
    page.fill("input[name=dates]", "Feb 3-5")
    page.click("#send")
    question = client.messages("several places called")
    sync_api.expect(question).to_have_count(1)
    client.shot("ambiguous-city")
    oregon = question.locator("option", has_text="Portland, Oregon, US").first
    question.locator("select").select_option(oregon.get_attribute("value") or "")
    sync_api.expect(client.messages("Trip saved").filter(has_text="Portland")).to_have_count(1)
    client.shot("trip-saved")

    client.act_as("Bo")  # Eli's ephemeral answers are Eli's alone
    sync_api.expect(client.messages("Trip saved")).to_have_count(0)
    sync_api.expect(client.messages("several places called")).to_have_count(0)


def test_vote_rsvp_and_the_reminder_arrives_by_dm(client: Client) -> None:
    page = client.page
    client.act_as("Noor")
    client.open("meetups")
    poll = client.messages("When shall we meet?")
    sync_api.expect(poll).to_contain_text("✅ 2")
    poll.get_by_role("button", name="1: Yes").click()
    sync_api.expect(poll).to_contain_text("✅ 3")
    client.shot("poll-vote")

    client.act_as("Dara")
    tweetup = client.messages("Drinks by the Spree").filter(has_text="Going: 3/12")
    tweetup.get_by_role("button", name="Going").click()
    sync_api.expect(client.messages("Going: 4/12")).to_have_count(1)
    sync_api.expect(client.messages("You're going")).to_have_count(1)
    client.shot("rsvp")

    # 19:00 in Berlin is 03:00 the next morning in Tokyo, the browser's zone here.
    when = client.messages("Going: 4/12").locator(".embed .ts[data-ts]").first
    moment = datetime.fromtimestamp(int(when.get_attribute("data-ts") or 0), UTC)
    local = moment.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local.hour == 3
    sync_api.expect(when).to_contain_text(f"{local:%A}, {local:%B} {local.day}")
    sync_api.expect(when).to_contain_text("3:00 AM")

    dm = page.locator("#dm-link")
    reminder = None
    # Earlier DMs may be queued first: the seed's notices to members the bot never wrote to
    # go out at Discord's pace for opening DM channels (about one a second), each its own
    # "next due". The reminder is among the next few dozen: the loop is bounded by time, as
    # that pace is (a busy machine clicks through fewer of them per second).
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page.click("#next-due")
        page.wait_for_load_state("networkidle")
        if dm.get_attribute("data-channel"):
            dm.click()
            # The DM view first: the channel's own announcement must not be taken for it.
            sync_api.expect(page.locator("#channel-header")).to_contain_text("direct messages")
            found = client.messages("Drinks by the Spree")
            try:
                sync_api.expect(found).not_to_have_count(0, timeout=3000)
            except AssertionError:
                client.open("meetups")
                continue
            reminder = found.first
            break
    assert reminder is not None, "no reminder DM after fast-forwarding"
    sync_api.expect(reminder).to_contain_text("starts")
    sync_api.expect(page.locator("#now")).to_contain_text("fast-forwarded")
    client.shot("reminder-dm")


def test_confirming_a_poll_opens_a_modal_that_announces_the_tweetup(client: Client) -> None:
    page = client.page
    client.act_as("Ana")
    client.open("meetups")
    poll = client.messages("When shall we meet?")
    poll.locator("select[data-custom-id$=':confirm']").select_option(index=1)
    modal = page.locator("#modal")
    sync_api.expect(modal).to_be_visible()
    modal.locator("input[name=title]").fill("Breakfast at the market")
    client.shot("modal")
    modal.locator("#modal-submit").click()
    announced = client.messages("Breakfast at the market").filter(has_text="Going:")
    sync_api.expect(announced).to_have_count(1)
    sync_api.expect(page.locator("#channels li.thread", has_text="Breakfast")).to_have_count(1)
    client.shot("announced")

    announced.get_by_role("button", name="Add to calendar").click()
    calendar = page.locator("#messages .msg.ephemeral .attachment a", has_text=".ics").last
    sync_api.expect(calendar).to_be_visible()
    ics = page.request.get(calendar.evaluate("link => link.href")).text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "Breakfast at the market" in ics
    client.shot("calendar-file")
