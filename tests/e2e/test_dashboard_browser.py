"""The dashboard with demo data in Chromium, at desktop and phone width."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from triage import demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_with_demo_data(demo_page, width):
    page = demo_page(width=width)
    page.goto("/dashboard/")
    figures = page.locator(".figures-row")
    for label in ("Hours logged", "MGA share", "Hours reclaimed", "Profit impact"):
        expect(figures).to_contain_text(label)
    expect(figures).to_contain_text("measured")
    # Three charts; the week's hours by category once the week holds a log (on a Monday
    # before the demo's first one in New York, it says so instead).
    owner = User.objects.get(username=demo.DEMO_USERNAME)
    week = owner.owner_settings.this_week()
    begun = owner.time_logs.overlapping(week.start, week.end).exists()
    expect(page.locator("svg")).to_have_count(3 if begun else 2)
    if not begun:
        expect(page.locator("text=Nothing logged this week yet.")).to_be_visible()
    expect(page.locator(".quadrant")).to_have_count(4)
    expect(page.locator(".ranked li").first).to_be_visible()
    expect(page.locator("text=Active decisions this week")).to_be_visible()
    # (The week's hours by category can hold a Bookkeeping row too, once the demo's days
    # reach the day before in the owner's zone: look in the decisions' table.)
    decisions = page.locator("#active-decisions tr", has_text="Bookkeeping")
    expect(decisions).to_contain_text("Ledger & Co")
    page.locator("details.data-table summary").first.click()
    expect(page.locator("details.data-table table").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"dashboard-{width}")
    page.click("a[rel=prev]")
    expect(page.locator("h1")).to_contain_text("Week of")
    assert page.console_errors == []


def test_a_report_prints_its_figures_without_the_app_around_them(demo_page):
    """For the accountant, on paper or as a PDF: the figures, tables and the chart, and no
    navigation, timer, period tabs, forms or buttons."""
    page = demo_page(width=1280)
    page.goto("/reports/?preset=last-month")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".site-nav", "#header-timer", ".tabs", "form.filters", "[data-print]"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("h1")).to_contain_text("Report")
    expect(page.locator(".figures-row")).to_contain_text("Hours logged")
    expect(page.locator("#report-chart-title")).to_have_count(1)
    expect(page.locator("section.card", has_text="By category").locator("table")).to_be_visible()
    expect(page.locator("details.data-table").first).to_be_hidden()  # it cannot unfold on paper
    screenshot(page, "report-printed")
    assert page.console_errors == []
