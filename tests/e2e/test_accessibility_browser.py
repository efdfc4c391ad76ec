"""Every page passes axe-core's checks (WCAG 2 A and AA, and its best practices): contrast
in light and dark, names for every control, charts a screen reader can enter, headings and
landmarks. axe runs in the page, in Chromium, as browser extensions run it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, settle
from triage import demo
from triage.models import Task

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def violations(page) -> list[str]:
    """What axe finds wrong on the page as it is now: `rule (impact): where`, one a rule."""
    settle(page)
    found = AXE.run(page).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}): {rule['nodes'][0]['target']} "
        f"{rule['nodes'][0]['failureSummary'].splitlines()[-1].strip()}"
        for rule in found
    ]


def demo_paths(owner) -> list[str]:
    task = Task.objects.get(owner=owner, title="Bookkeeping")
    decision = owner.decisions.filter(contractor__isnull=False).first()
    log = owner.time_logs.order_by("-start").first()
    return [
        "/dashboard/",
        "/log/",
        "/log/?view=timeline",
        "/log/?view=timesheet",
        "/log/?view=list&form=full",
        "/log/?q=client",
        f"/log/{log.pk}/edit/",
        "/tasks/",
        f"/tasks/{task.pk}/",
        f"/tasks/{task.pk}/gut-check/",
        f"/tasks/{task.pk}/edit/",
        "/decisions/",
        f"/decisions/{decision.pk}/",
        f"/decisions/{decision.pk}/edit/",
        "/contractors/",
        f"/contractors/{decision.contractor_id}/",
        "/reports/?preset=this-year",
        "/import/",
        "/settings/",
        "/settings/weekly-email/",
        "/welcome/",
        "/offline/",
        "/contractors/new/",
        f"/tasks/{task.pk}/merge/",
        "/settings/delete-account/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_of_a_busy_account_passes_axe_in_light_and_dark(page_factory, width):
    owner, _ = demo.seed_demo_owner()
    page = page_factory(width=width)
    log_in(page, "demo", "demo")
    found = {}
    # Dark at the desktop's width only: the colours are the same at any width.
    for scheme in ("light", "dark") if width == 1280 else ("light",):
        page.emulate_media(color_scheme=scheme)
        for path in demo_paths(owner):
            page.goto(path)
            if problems := violations(page):
                found[f"{scheme} {path}"] = problems
    assert found == {}


def test_the_pages_before_logging_in_pass_axe(page):
    """The landing page, the account forms (and a login refused), our 404."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
            page.goto(path)
            assert violations(page) == [], (scheme, path)
    page.goto("/nowhere/")  # our own 404
    assert violations(page) == []
    page.goto("/accounts/login/")
    page.fill("#id_login", "nobody")
    page.fill("#id_password", "not it")
    page.click("form.stacked button[type=submit]")
    assert page.get_by_text("not correct").count()
    assert violations(page) == []


def test_what_a_click_opens_passes_axe_too(demo_page):
    """Errors next to fields, the new task's question, a log's inline edit, a running timer,
    the undo offer after a delete: the parts htmx swaps in."""
    page = demo_page()
    # The week of the demo's latest log (this week has none yet on its first hours).
    owner = get_user_model().objects.get(username="demo")
    week = owner.owner_settings.week_of(owner.time_logs.latest("start").start).label
    page.goto(f"/log/?view=list&week={week}")
    page.fill("#id_entry", "45m")  # no task: an error under the field
    page.keyboard.press("Enter")
    settle(page)
    assert violations(page) == []
    page.fill("#id_entry", "45m a task never seen before")  # asks about the new task
    page.keyboard.press("Enter")
    settle(page)
    assert page.locator("#quick-entry").get_by_text("Does it make you money?").count()
    assert violations(page) == []
    page.goto(f"/log/?view=list&week={week}")
    page.locator("table.logs").get_by_role("link", name="Edit").first.click()
    settle(page)
    assert page.locator("table.logs form").count()  # open in its row
    assert violations(page) == []
    page.locator(".recent-tasks button").first.click()  # a timer running, in the header too
    settle(page)
    expect(page.locator("#timer-now")).to_contain_text("Running:")
    assert violations(page) == []
    page.locator("table.logs").get_by_role("link", name="Delete").first.click()
    settle(page)
    assert page.locator(".undo-notice").count()  # the undo offer
    assert violations(page) == []
    page.goto("/tasks/")
    page.locator("#task-create button[type=submit]").click()  # nothing typed
    settle(page)
    assert page.locator("#task-create .errorlist").count()
    assert violations(page) == []
