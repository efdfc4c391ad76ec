"""Import in Chromium: choose a file, read the preview, confirm, land in the audit."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.test_csv_import import TOGGL
from triage.models import TimeLog

pytestmark = pytest.mark.django_db(transaction=True)


def test_preview_then_confirm(page, owner, tmp_path):
    path = tmp_path / "Toggl_time_entries.csv"
    path.write_text(TOGGL, encoding="utf-8")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/import/")
    page.set_input_files("#id_file", str(path))
    page.click("text=Preview")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Toggl Track")
    expect(preview).to_contain_text("3 new tasks")
    assert not TimeLog.objects.exists()
    screenshot(page, "import-preview-1280")
    page.click("text=Import 3 time logs")
    page.wait_for_url("**/import/?done=*")
    expect(page.locator("main h2")).to_contain_text("Imported 3 time logs")
    expect(page.locator("a", has_text="Gut check").first).to_be_visible()
    assert TimeLog.objects.count() == 3


def test_a_broken_file_names_its_rows_in_the_page(page, owner, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(TOGGL.replace("2026-11-03", "2026-11-33"), encoding="utf-8")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/import/")
    page.set_input_files("#id_file", str(path))
    page.click("text=Preview")
    expect(page.locator("#preview")).to_contain_text("Nothing will be imported")
    expect(page.locator("#preview")).to_contain_text("is not a date")
    assert not TimeLog.objects.exists()
