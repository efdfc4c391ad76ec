from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from triage.api import api
from triage.views import (
    account,
    contractors,
    csv_views,
    dashboard,
    decisions,
    gutcheck,
    handoff,
    log,
    pages,
    reports,
    tags,
    tasks,
    timer,
    weekly,
)


def _api_urls():
    """The API's routes, exempt from the login redirect: a bearer token, not a session."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace


def _moved(pattern_name: str):
    """An address from before accounts moved to allauth, kept working: bookmarks and old
    mails point at it."""
    return login_not_required(RedirectView.as_view(url=reverse_lazy(pattern_name), permanent=True))


urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("manifest.webmanifest", pages.manifest, name="manifest"),
    path("sw.js", pages.service_worker, name="service_worker"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("offline/", pages.offline, name="offline"),
    path("accounts/password_reset/", _moved("account_reset_password")),
    path("accounts/password_reset/done/", _moved("account_reset_password")),
    path("accounts/reset/<str:uidb64>/<str:token>/", _moved("account_reset_password")),
    path("accounts/password_change/", _moved("account_change_password")),
    path("accounts/email/", account.EmailView.as_view(), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("welcome/", pages.welcome, name="welcome"),
    path("settings/", pages.settings_view, name="settings"),
    path("settings/tokens/", pages.token_create, name="token_create"),
    path("settings/export.zip", account.data_export, name="data_export"),
    path("settings/weekly-email/", weekly.preview, name="weekly_email"),
    path("settings/weekly-email/html/", weekly.preview_html, name="weekly_email_html"),
    path("settings/reminder-email/", weekly.preview, {"kind": "reminder"}, name="reminder_email"),
    path(
        "settings/reminder-email/html/",
        weekly.preview_html,
        {"kind": "reminder"},
        name="reminder_email_html",
    ),
    path("unsubscribe/<str:token>/", weekly.unsubscribe, name="unsubscribe"),
    path("settings/delete-account/", account.delete_account, name="delete_account"),
    path("settings/tokens/<int:token_id>/revoke/", pages.token_revoke, name="token_revoke"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("log/", log.log_page, name="log"),
    path("log/quick/", log.quick_entry, name="log_quick"),
    path("log/new/", log.log_create, name="log_create"),
    path("log/restore/", log.log_restore, name="log_restore"),
    path("log/move/", log.log_move, name="log_move"),
    path("log/timesheet/", log.log_timesheet, name="log_timesheet"),
    path("log/delete-ticked/", log.log_delete_ticked, name="log_delete_ticked"),
    path("log/tag-ticked/", log.log_tag_ticked, name="log_tag_ticked"),
    path("log/dismiss/", log.log_dismiss, name="log_dismiss"),
    path("log/<int:log_id>/", log.log_row, name="log_row"),
    path("log/<int:log_id>/edit/", log.log_edit, name="log_edit"),
    path("log/<int:log_id>/delete/", log.log_delete, name="log_delete"),
    path("log/<int:log_id>/split/", log.log_split, name="log_split"),
    path("log/<int:log_id>/times/", log.log_times, name="log_times"),
    path("timer/", timer.timer_status, name="timer_status"),
    path("timer/start/", timer.timer_start, name="timer_start"),
    path("timer/stop/", timer.timer_stop, name="timer_stop"),
    path("timer/started-at/", timer.timer_started_at, name="timer_started_at"),
    path("timer/note/", timer.timer_note, name="timer_note"),
    path("timer/switch/", timer.timer_switch, name="timer_switch"),
    path("timer/discard/", timer.timer_discard, name="timer_discard"),
    path("timer/discard/undo/", timer.timer_discard_undo, name="timer_discard_undo"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/archive-idle/", tasks.task_archive_idle, name="task_archive_idle"),
    path("tasks/change-ticked/", tasks.task_change_ticked, name="task_change_ticked"),
    path("tags/rename/", tags.tag_rename, name="tag_rename"),
    path("tasks/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/archive/", tasks.task_archive, name="task_archive"),
    path("tasks/<int:task_id>/merge/", tasks.task_merge, name="task_merge"),
    path("tasks/<int:task_id>/delete/", tasks.task_delete, name="task_delete"),
    path("tasks/<int:task_id>/gut-check/", gutcheck.gut_check, name="gut_check"),
    path("tasks/<int:task_id>/gut-check/what-if/", gutcheck.what_if, name="what_if"),
    path("tasks/<int:task_id>/estimate/", gutcheck.task_estimate, name="task_estimate"),
    path(
        "tasks/<int:task_id>/gut-check/blockers/",
        gutcheck.gut_check_blockers,
        name="gut_check_blockers",
    ),
    path("tasks/<int:task_id>/decisions/new/", gutcheck.decision_create, name="decision_create"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/<int:decision_id>/", handoff.decision_detail, name="decision_detail"),
    path("decisions/<int:decision_id>/edit/", decisions.decision_edit, name="decision_edit"),
    path(
        "decisions/<int:decision_id>/blockers/",
        handoff.decision_blockers,
        name="decision_blockers",
    ),
    path("decisions/<int:decision_id>/handoff/", handoff.decision_handoff, name="decision_handoff"),
    path("decisions/<int:decision_id>/review/", handoff.decision_review, name="decision_review"),
    path("decisions/<int:decision_id>/steps/", handoff.step_add, name="step_add"),
    path(
        "decisions/<int:decision_id>/steps/<int:step_id>/",
        handoff.step_change,
        name="step_change",
    ),
    path("decisions/<int:decision_id>/status/", decisions.decision_status, name="decision_status"),
    path(
        "decisions/<int:decision_id>/rebaseline/",
        decisions.decision_rebaseline,
        name="decision_rebaseline",
    ),
    path("contractors/", contractors.contractor_list, name="contractor_list"),
    path("contractors/new/", contractors.contractor_create, name="contractor_create"),
    path(
        "contractors/<int:contractor_id>/", contractors.contractor_detail, name="contractor_detail"
    ),
    path(
        "contractors/<int:contractor_id>/edit/", contractors.contractor_edit, name="contractor_edit"
    ),
    path(
        "contractors/<int:contractor_id>/delete/",
        contractors.contractor_delete,
        name="contractor_delete",
    ),
    path("export/contractors.csv", csv_views.export_contractors, name="export_contractors"),
    path("reports/", reports.report_page, name="reports"),
    path("export/report.csv", reports.export_report, name="export_report"),
    path("export/decisions.csv", csv_views.export_decisions, name="export_decisions"),
    path("export/timelogs.csv", csv_views.export_timelogs, name="export_timelogs"),
    path("import/", csv_views.import_page, name="import"),
    path("api/", _api_urls()),
]
