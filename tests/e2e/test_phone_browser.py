"""Every page of a busy account fits a 375 px phone: nothing scrolls sideways but a table."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from triage import demo
from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_is_wider_than_a_phone(page_factory):
    owner, _ = demo.seed_demo_owner()
    task = Task.objects.get(owner=owner, title="Bookkeeping")
    # Owners' words can be one long unbroken string (a pasted link, a run-on title): it
    # breaks, not the page. The timer's <select> and chips list this title too.
    long_title = "Quarterly-reconciliation-of-every-single-supplier-invoice-and-receipt"
    long_task = Task.objects.create(owner=owner, title=long_title, category="admin")
    last_log = owner.time_logs.order_by("-start").first()
    TimeLog.objects.create(
        owner=owner,
        task=long_task,
        start=last_log.end,
        end=last_log.end + timedelta(minutes=30),
        note="https://docs.example.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit",
    )
    page = page_factory(width=375)
    log_in(page, "demo", "demo")
    paths = ["/dashboard/", "/log/", "/tasks/", f"/tasks/{task.pk}/", "/decisions/"]
    paths += [f"/tasks/{task.pk}/gut-check/", "/import/", "/settings/", "/contractors/"]
    paths += ["/reports/?preset=this-year", "/log/?q=client", f"/tasks/{long_task.pk}/"]
    decision = owner.decisions.filter(contractor__isnull=False).first()
    paths += [f"/decisions/{decision.pk}/", f"/contractors/{decision.contractor_id}/"]
    # The forms and the pages a menu or a link leads to.
    paths += ["/log/?view=timeline", f"/log/{last_log.pk}/edit/", "/tasks/new/"]
    paths += [f"/tasks/{task.pk}/edit/", f"/tasks/{task.pk}/merge/", "/contractors/new/"]
    paths += [f"/decisions/{decision.pk}/edit/", "/settings/weekly-email/", "/welcome/"]
    paths += ["/settings/delete-account/", "/accounts/email/", "/accounts/password/change/"]
    paths += ["/accounts/2fa/", "/offline/", "/settings/weekly-email/html/"]
    widths = {}
    for path in paths:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert widths == dict.fromkeys(paths, 375)
    assert page.console_errors == []


def test_the_dashboards_first_screen_on_a_phone_has_outsource_next(demo_page):
    page = demo_page(width=375)  # 375 × 900
    page.goto("/dashboard/")
    heading = page.get_by_role("heading", name="Outsource next")
    box = heading.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900
    # Money tables are cards there: each cell says what it is.
    page.goto("/decisions/")
    expect(
        page.locator("table.cards-on-phone td[data-label='Weekly impact']").first
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 375


@pytest.mark.parametrize("width", [1280, 375])
def test_a_checkbox_stands_before_its_label_with_its_help_below(demo_page, width):
    page = demo_page(width=width)
    page.goto("/settings/")
    box = page.locator("#id_weekly_email").bounding_box()
    label = page.locator("label[for=id_weekly_email]").bounding_box()
    help_text = page.locator("#id_weekly_email_helptext").bounding_box()
    assert box["x"] + box["width"] <= label["x"]  # the box, then its label, on one line
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 8
    assert help_text["y"] >= label["y"] + label["height"]  # the help below them
    assert page.locator("label[for=id_weekly_email]").inner_text() == "Send me the weekly review"


def test_a_log_row_on_a_phone_shows_its_times_and_keeps_the_task_name_whole(demo_page):
    page = demo_page(width=375)
    page.goto("/log/?week=" + demo_week_with_logs())
    row = page.locator("tr.log-row").first
    expect(row.locator(".times-inline")).to_be_visible()  # the times column has no room
    expect(row.locator(".times-inline")).to_have_text(re.compile(r"^\d\d:\d\d–\d\d:\d\d$"))
    task, duration, actions = (
        row.locator(f"td.{name}").bounding_box() for name in ("task-cell", "num", "actions")
    )
    # The task takes the room a name needs (the columns were split evenly before), and
    # Edit and Delete sit side by side.
    assert task["width"] > duration["width"] and task["width"] > actions["width"]
    edit, delete = (
        row.get_by_role("link", name=name).bounding_box() for name in ("Edit", "Delete")
    )
    assert abs(edit["y"] - delete["y"]) < 2 and delete["x"] + delete["width"] <= 375
    # On a wide screen the times have their own column, aligned down the week.
    wide = demo_page(width=1280)
    wide.goto("/log/?week=" + demo_week_with_logs())
    expect(wide.locator("tr.log-row").first.locator("td.times")).to_be_visible()
    expect(wide.locator("tr.log-row").first.locator(".times-inline")).to_be_hidden()


def demo_week_with_logs() -> str:
    """Last week: the demo logs every weekday, and today stays empty."""
    from django.utils import timezone

    from triage.models import OwnerSettings

    owner_settings = OwnerSettings.objects.get(owner__username="demo")
    return owner_settings.week_of(timezone.now()).previous.label


def test_the_tasks_verdicts_and_a_tasks_decisions_show_on_a_phone_without_scrolling(demo_page):
    """Tables may scroll sideways on a phone, but these had the verdict or the money off
    screen: the task list's verdict column, a task's decisions, a contractor's tasks."""
    from triage.models import Decision

    page = demo_page(width=375)
    decision = Decision.objects.filter(owner__username="demo", contractor__isnull=False).first()
    for path in (
        "/tasks/",
        f"/tasks/{decision.task_id}/",
        f"/contractors/{decision.contractor_id}/",
    ):
        page.goto(path)
        overflowing = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')]"
            ".filter(wrap => wrap.scrollWidth > wrap.clientWidth).length"
        )
        assert overflowing == 0, path
    page.goto("/tasks/")
    verdict = page.locator("table.tasks .badge.outsource").first.bounding_box()
    assert verdict["x"] + verdict["width"] <= 375  # within the screen's width


@pytest.mark.parametrize("width", [375, 800])
def test_the_header_that_stays_in_view_keeps_to_two_rows_with_the_page_shown_in_its_row(
    demo_page, width
):
    """It follows the page down: three wrapped rows of links and the timer took a third of
    a phone's screen. The pages sit in one row that scrolls sideways, the one shown in
    view; the running timer and Log out stay."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    owner = get_user_model().objects.get(username="demo")
    task = owner.tasks.get(title="Bookkeeping")
    TimeLog.objects.create(owner=owner, task=task, start=timezone.now() - timedelta(minutes=10))
    page = demo_page(width=width)
    for path, shown in (("/log/", "Log"), ("/settings/", "Settings")):
        page.goto(path)
        header = page.locator(".site-header").bounding_box()
        assert header is not None and header["height"] <= 100, (path, header)
        expect(page.locator("#header-timer .timer.running")).to_be_in_viewport()
        expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
        current = page.get_by_role("navigation", name="Main").get_by_role("link", name=shown)
        expect(current).to_be_in_viewport(ratio=1)
        page.mouse.wheel(0, 600)  # it stays as the page scrolls
        expect(page.locator("#header-timer .timer.running")).to_be_in_viewport()
    # Every page is a tap away: the row scrolled to Settings still leads to the first.
    first = page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")
    first.click()
    expect(page).to_have_url(re.compile("/dashboard/$"))
    assert page.console_errors == []
