"""/tags/rename/: a tag renamed on every log and task of the owner — a typo put right, or two
tags made one — all or none, and nobody else's."""

from datetime import datetime

import pytest

from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(owner, other_owner, make_task, make_log, berlin):
    site = make_task(owner, "Site")
    site.default_tags = "Biliable, retainer"
    site.save()
    logs = {
        "typo": make_log(site, datetime(2026, 9, 1, 9, tzinfo=berlin), 60),
        "both": make_log(site, datetime(2026, 9, 2, 9, tzinfo=berlin), 30),
        "other": make_log(site, datetime(2026, 9, 3, 9, tzinfo=berlin), 30),
    }
    for key, tags in {
        "typo": "biliable",
        "both": "billable, BILIABLE",
        "other": "non-biliable",
    }.items():
        logs[key].tags = tags
        logs[key].save()
    theirs = make_log(make_task(other_owner, "Theirs"), datetime(2026, 9, 1, 9, tzinfo=berlin), 30)
    theirs.tags = "biliable"
    theirs.save()
    return logs | {"theirs": theirs}


def tags_of(log) -> str:
    return TimeLog.objects.get(pk=log.pk).tags


def test_the_page_says_what_a_rename_will_change(owner_client, tagged):
    html = owner_client.get(
        "/tags/rename/?tag=BILIABLE&from=2026-09-01&to=2026-09-30"
    ).content.decode()
    assert "Rename the tag “BILIABLE”" in html
    assert "<strong>2 logs</strong>, and the tags for new logs of 1 task" in html
    assert 'name="from" value="2026-09-01"' in html
    assert 'href="/reports/?from=2026-09-01&amp;to=2026-09-30&amp;tag=BILIABLE"' in html  # cancel


def test_a_rename_puts_a_typo_right_everywhere_and_merges_into_a_tag_in_use(owner_client, tagged):
    response = owner_client.post(
        "/tags/rename/",
        {"tag": "biliable", "name": " #billable ", "from": "2026-09-01", "to": "2026-09-30"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/reports/?from=2026-09-01&to=2026-09-30&tag=billable"
    assert tags_of(tagged["typo"]) == "billable"
    assert tags_of(tagged["both"]) == "billable"  # the two made one
    assert tags_of(tagged["other"]) == "non-biliable"  # another tag, not a part of one
    assert tags_of(tagged["theirs"]) == "biliable"  # another owner's: untouched
    assert Task.objects.get(title="Site").default_tags == "billable, retainer"
    page = owner_client.get(response["Location"]).content.decode()
    assert "Renamed “biliable” to “billable” on 2 logs and 1 task." in page
    assert "Report" in page and "tagged billable" in page


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "This field is required."),
        ("  ", "This field is required."),
        ("#", "Type the tag"),
        ("a, b", "no commas"),
    ],
)
def test_a_name_that_is_not_one_tag_is_refused_and_nothing_changes(
    owner_client, tagged, name, message
):
    response = owner_client.post("/tags/rename/", {"tag": "biliable", "name": name})
    assert response.status_code == 422 and message in response.content.decode()
    assert tags_of(tagged["typo"]) == "biliable"


def test_tags_that_would_grow_too_long_rename_nothing(owner_client, owner, tagged):
    full = tagged["other"]
    full.tags = "biliable, " + "x" * 285  # 295 characters: a long name would not fit
    full.save()
    response = owner_client.post("/tags/rename/", {"tag": "biliable", "name": "b" * 30})
    assert response.status_code == 422 and "Nothing was renamed." in response.content.decode()
    assert tags_of(tagged["typo"]) == "biliable"  # all or none


def test_a_tag_none_of_theirs_has_goes_back_to_the_report_saying_so(owner_client, tagged):
    # Back in the browser after a rename, a typed address, another owner's tag.
    for response in (
        owner_client.get("/tags/rename/?tag=nonexistent&from=2026-09-01", follow=True),
        owner_client.post("/tags/rename/", {"tag": "bil", "name": "x"}, follow=True),
    ):
        assert response.redirect_chain[0][0].startswith("/reports/")
        assert "(any more). Nothing was renamed." in response.content.decode()
    assert response.redirect_chain[0][0] == "/reports/"
    assert (
        owner_client.get("/tags/rename/?from=2026-09-01")["Location"] == "/reports/?from=2026-09-01"
    )
    assert tags_of(tagged["theirs"]) == "biliable" and tags_of(tagged["typo"]) == "biliable"


def test_the_tag_report_links_to_the_rename(owner_client, tagged):
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30&tag=biliable").content.decode()
    assert 'href="/tags/rename/?from=2026-09-01&amp;to=2026-09-30&amp;tag=biliable"' in html
