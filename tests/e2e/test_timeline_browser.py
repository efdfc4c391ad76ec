"""The week timeline in Chromium, at 1280 and at 375 px (one day at a time there)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot, settle
from triage import demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_week_as_a_timeline(page_factory):
    owner, _ = demo.seed_demo_owner()
    last_week = owner.owner_settings.this_week().previous
    for width in (1280, 375):
        page = page_factory(width=width)
        log_in(page, "demo", "demo")
        page.goto(f"/log/?week={last_week.label}")
        page.get_by_role("link", name="Timeline").click()
        settle(page)
        visible = page.locator(".desktop-only .block" if width == 1280 else ".phone-only .block")
        expect(visible.first).to_be_visible()
        assert visible.count() >= 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            page.locator(".day-pager a").last.click()
            expect(page.locator(".day-pager strong")).to_be_visible()
        else:  # a click on a block opens its edit right there; saving redraws the week
            page.locator(".desktop-only .timeline a").first.click()
            settle(page)
            editor = page.locator("#timeline-editor .log-editor")
            expect(editor).to_be_visible()
            editor.locator("[name=note]").fill("checked on the timeline")
            editor.get_by_role("button", name="Save").click()
            settle(page)
            expect(page.locator("#timeline-editor .log-editor")).to_have_count(0)
            assert owner.time_logs.filter(note="checked on the timeline").count() == 1
        screenshot(page, f"timeline-{width}")
        assert page.console_errors == []
