"""/tags/rename/: a tag renamed on every log and task (a typo put right, two tags made one)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from triage import timelogs
from triage.forms import TagRenameForm
from triage.models import TimeLog
from triage.text import one_line
from triage.views.helpers import INVALID

REPORT_TERMS = ("from", "to", "preset")  # the report the rename came from, to go back to


@require_http_methods(["GET", "POST"])
def tag_rename(request: HttpRequest) -> HttpResponse:
    given = request.POST if request.method == "POST" else request.GET
    tag = one_line(given.get("tag", ""))[:100]
    # Carried as they came (short): the report page says what is wrong with a bad one.
    report = {term: given[term][:20] for term in REPORT_TERMS if given.get(term)}
    owner = request.user
    log_count = TimeLog.objects.filter(owner=owner).tagged(tag).count() if tag else 0
    task_count = owner.tasks.tagged(tag).count() if tag else 0
    if not log_count and not task_count:
        # Renamed a moment ago (the browser's Back), or never there: the report says so.
        said = f"No log or task has the tag “{tag}” (any more)." if tag else "Name a tag."
        messages.info(request, f"{said} Nothing was renamed.")
        return redirect(reverse("reports") + (f"?{urlencode(report)}" if report else ""))
    form = TagRenameForm(request.POST or None, initial={"name": tag})
    context = {
        "form": form,
        "tag": tag,
        "log_count": log_count,
        "task_count": task_count,
        "report": report,
        "back": f"{reverse('reports')}?{urlencode(report | {'tag': tag})}",
    }
    if request.method == "GET":
        return render(request, "triage/tag_rename.html", context)
    if not form.is_valid():
        return render(request, "triage/tag_rename.html", context, status=INVALID)
    name = form.cleaned_data["name"]
    try:
        changed_logs, changed_tasks = timelogs.rename_tag(owner, tag, name)
    except timelogs.TooManyTags as error:
        form.add_error("name", f"{error} Nothing was renamed.")
        return render(request, "triage/tag_rename.html", context, status=INVALID)
    counted = f"{changed_logs} log{'s' if changed_logs != 1 else ''}"
    if changed_tasks:
        counted += f" and {changed_tasks} task{'s' if changed_tasks != 1 else ''}"
    messages.success(request, f"Renamed “{tag}” to “{name}” on {counted}.")
    return redirect(f"{reverse('reports')}?{urlencode(report | {'tag': name})}")
