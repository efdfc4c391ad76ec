"""Display tags and filters: money in the owner's currency and locale (Babel, via
`triage.formatting`), hours, durations, percentages, signed changes, charts."""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import capfirst, truncatechars
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from triage import formatting
from triage.choices import Category
from triage.durations import format_duration
from triage.entries import loggable, short_day
from triage.middleware import htmx_page_path
from triage.text import sentence_case as as_sentence
from triage.text import tag_line, tag_list
from triage.timesheet import cell_name, trim_clear_of
from triage.views.helpers import report_logs_address

register = template.Library()


def _money_settings(context) -> tuple[str, str]:
    """The currency and locale to write money in: the page's owner, or an email's."""
    owner_settings = context.get("owner_settings")
    if owner_settings is None:
        request = context.get("request")
        owner_settings = getattr(request, "owner_settings", None)
    if owner_settings is None:
        return "USD", formatting.DEFAULT_LOCALE
    return owner_settings.currency, owner_settings.locale


@register.simple_tag(takes_context=True)
def page_path(context) -> str:
    """The page the owner is on, for a form's `next`: in an htmx answer that is the page
    that asked (HX-Current-URL), not the address the fragment came from (checked as local
    where it is used, like any `next`)."""
    request = context["request"]
    if getattr(request, "htmx", None) and (path := htmx_page_path(request)):
        return path
    return request.get_full_path()


@register.simple_tag(takes_context=True)
def money(context, value, whole: bool = False) -> str:
    """`€325.00` / `325,00 €` / `¥12,000`; `whole=True` for yearly and cumulative totals."""
    currency, locale = _money_settings(context)
    return formatting.money(value, currency, locale, whole=whole)


@register.simple_tag(takes_context=True)
def money_change(context, value) -> str:
    """`+€40.00` / `−€12.50` against last week; `±0` when nothing changed."""
    if value is None:
        return ""
    currency, locale = _money_settings(context)
    formatted = formatting.money(abs(Decimal(value)), currency, locale)
    if Decimal(value) > 0:
        return f"+{formatted}"
    if Decimal(value) < 0:
        return f"−{formatted}"
    return "±0"


@register.simple_tag(takes_context=True)
def hourly_rate(context, value) -> str:
    """A rate someone charges, as `€45.00/h` (an automation's is `€0.00/h`)."""
    if value is None:
        return "—"
    currency, locale = _money_settings(context)
    return f"{formatting.money(value, currency, locale)}/h"


@register.simple_tag(takes_context=True)
def break_even_rate(context, value) -> str:
    """The most a contractor may charge, as `€135.00/h`. At or below zero no rate pays off
    (managing the handoff takes as long as the task did, or longer): say that rather than
    show a rate. Not for what someone charges: a free automation's rate read as this."""
    if value is not None and value <= 0:
        return "none: managing it takes longer than it frees"
    return hourly_rate(context, value)


@register.filter(is_safe=True)
def sentence_case(value) -> str:
    """A library's Title Case heading or label as Triage writes them (`text.sentence_case`),
    without the space its template put around it: only letters change case and the space
    at either end goes, so safe text stays safe."""
    return as_sentence(str(value).strip())


@register.filter
def hours(value, places: int = 1) -> str:
    """`4.5`: hours to one decimal, half-up."""
    if value is None or value == "":
        return "—"
    if isinstance(value, timedelta):
        value = Decimal(value.total_seconds()) / 3600
    return formatting.hours(value, int(places))


@register.filter
def duration(value) -> str:
    if value is None:
        return "—"
    return format_duration(value)


@register.filter
def clock(moment) -> str:
    """`09:45`: a moment on the clock of the page's time zone. The same as `|time:"H:i"` at
    a fraction of its cost, for the week's rows (`log_row`)."""
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


@register.filter
def log_times(log) -> str:
    """`09:00–09:45`: a log's times on the page's clock (`09:00–` while it runs)."""
    return formatting.time_range(log.start, log.end)


@register.filter
def signed(value, places: int = 1) -> str:
    """`+1.5` / `−2.0`: a change against last week, with its sign (`|signed:0` for points)."""
    if value is None:
        return ""
    formatted = hours(abs(Decimal(value)), places)
    if Decimal(value) > 0:
        return f"+{formatted}"
    if Decimal(value) < 0:
        return f"−{formatted}"
    return "±0"


@register.filter
def due_on(day, today) -> str:
    """`due 4 Nov, 22 days ago`: a review that has come (`today` the owner's); nothing
    for no date (a refused review form drawn for a decision whose review went meanwhile)."""
    return formatting.due_on(day, today) if day and today else ""


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.simple_tag
def timeline_svg(timeline, week_query: str):
    """A timeline as SVG: a column per day, a block per log (a link to edit it)."""
    parts = [
        f'<svg class="timeline" viewBox="0 0 {timeline.width} {timeline.height + 30}" '
        # A group, not an image: its blocks are links to each log's edit, named by their
        # titles, which an image's role would hide from a screen reader.
        'role="group" aria-label="The week\'s logs at their times"'
    ]
    if timeline.open_days:  # a log dragged sideways goes to another of these days
        first, last = timeline.open_days
        parts.append(f' data-first-day="{first:%Y-%m-%d}" data-last-day="{last:%Y-%m-%d}"')
    parts.append(">")
    for hour, y in timeline.hours:
        parts.append(
            f'<line class="grid" x1="{timeline.days[0].x}" x2="{timeline.width}" y1="{y + 20}" '
            f'y2="{y + 20}"/><text class="axis" x="{timeline.days[0].x - 4}" y="{y + 24}" '
            f'text-anchor="end">{hour:02d}:00</text>'
        )
    # The time not logged, under the blocks: a click opens the full form with its times
    # (for a mouse or a finger; the keyboard and a screen reader have the form itself, not
    # a link per gap).
    form = f"/log/{week_query}{'&amp;' if week_query else '?'}form=full&amp;day="
    for column in timeline.days:
        parts.append(
            f'<g class="day-column"><text class="axis" x="{column.x + 50}" y="12" '
            f'text-anchor="middle">{column.day:%a} {column.day.day}</text>'
        )
        for gap in column.gaps:
            next_day = "&amp;ends_next_day=on" if gap.ends_next_day else ""
            parts.append(
                f'<a class="gap{" shifted" if gap.shifted else ""}" tabindex="-1" '
                f'aria-hidden="true" href="{form}'
                f"{column.day:%Y-%m-%d}&amp;start_time={gap.start}&amp;end_time={gap.end}"
                f'{next_day}#full-form">'
                f'<rect x="{gap.x}" y="{gap.y + 20}" width="{gap.width}" height="{gap.height}"/>'
                f"<title>Add a log, {gap.start}–{gap.end}</title></a>"
            )
        for block in column.blocks:
            kind = " running" if block.running else (" mga" if block.is_mga else " other")
            label = escape(block.title)
            edit = f"/log/{block.log_id}/edit/{escape(week_query)}"
            drag = ""
            if block.drag:  # dragged with a mouse to other times (triage.js): where to send them
                state, start, end = block.drag
                drag = (
                    f' data-times="/log/{block.log_id}/times/{escape(week_query)}" '
                    f'data-day="{column.day:%Y-%m-%d}" data-from="{start}" data-to="{end}" '
                    f'data-state="{escape(state)}"'
                )
            parts.append(
                f'<a href="{edit}" hx-get="{edit}" hx-headers=\'{{"Triage-Part": "editor"}}\' '
                f'hx-target="#timeline-editor" hx-swap="innerHTML"{drag}>'
                f'<rect class="block{kind}" x="{block.x}" y="{block.y + 20}" '
                f'width="{block.width}" height="{block.height}" rx="3"/>'
                f"<title>{label}, {block.times}</title>"
            )
            if block.height >= 14:
                parts.append(
                    f'<text class="block-label{kind}" x="{block.x + 3}" y="{block.y + 31}">'
                    f"{escape(truncatechars(block.title, 16))}</text>"
                )
            parts.append("</a>")
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers and escaped text only


def _chart_head(chart, title: str, chart_id: str, has_links: bool, attributes: str = "") -> str:
    """A chart's opening: its SVG named by its title. A chart is an image; one whose bars
    are links is a group of them, each named by its title (an image's insides are hidden
    from screen readers, so its links would be unreachable yet focusable). The links take
    no tab stop: keyboards have the same ones in the chart's numbers table."""
    role = "group" if has_links else "img"
    return (
        f'<figure class="chart"><svg viewBox="0 0 {chart.width} {chart.height}" role="{role}" '
        f'aria-labelledby="{escape(chart_id)}-title"{attributes}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
    )


@register.simple_tag
def bar_chart(chart, title: str, chart_id: str, link: str = ""):
    """An SVG of horizontal bars from `charts.bar_list` geometry: drawn like the column
    chart, in Python, with every piece of text escaped. With `link`, each bar leads to that
    address with its label added (`/log/?…&category=` + `email`)."""
    parts = [_chart_head(chart, title, chart_id, bool(link))]
    for bar in chart.bars:
        label, value = escape(bar.label), hours(bar.value)
        short = escape(truncatechars(capfirst(bar.label), 18))
        group = f'<a href="{escape(link + quote(bar.label))}" tabindex="-1">' if link else "<g>"
        parts.append(
            f"{group}<title>{label}: {value} h</title>"
            f'<text class="axis" x="{chart.label_width - 8}" y="{bar.y}" dy="17" '
            f'text-anchor="end">{short}</text>'
            f'<rect class="series-1" x="{chart.label_width}" y="{bar.y}" width="{bar.width}" '
            f'height="18" rx="2" transform="translate(0 3)"/>'
            f'<text class="value" x="{chart.label_width}" dx="{bar.width}" y="{bar.y}" dy="17">'
            f"&#160;{value} h</text>{'</a>' if link else '</g>'}"
        )
    parts.append("</svg></figure>")
    return mark_safe("".join(parts))  # numbers and escaped text only


@register.simple_tag
def column_chart(chart, title: str, chart_id: str, links=None, limit_name: str = "Limit"):
    """An SVG column chart from `charts.column_chart` geometry, with a <title> per column;
    with `links` (an address per column), each column leads there; the chart's limit line,
    if it has one, is named in the legend as `limit_name`.

    Written in Python rather than as a template loop: the dashboard draws two of these and
    the template engine was most of its render time. The geometry is numbers, written as
    they are; every piece of text (title, labels, series names) goes through escape().
    """
    parts = [
        _chart_head(chart, title, chart_id, bool(links), ' preserveAspectRatio="xMidYMid meet"')
    ]
    for line in chart.grid:
        parts.append(
            f'<line class="grid" x1="{chart.plot_left}" x2="{chart.width}" y1="{line.y}" '
            f'y2="{line.y}"/><text class="axis" x="{chart.plot_left - 4}" y="{line.y}" dy="4" '
            f'text-anchor="end">{line.value.normalize():f}</text>'  # 0.5, 25, 50
        )
    # Labels counted back from the latest column, which is always labelled: at most eight
    # (every second of 12 weeks, every fourth of a month's days); on a phone (bigger text)
    # every other of those (CSS).
    label_every = max(1, -(-len(chart.columns) // 8))  # 8 labels at most: 12 weeks, 31 days
    last = len(chart.columns) - 1
    for index, column in enumerate(chart.columns):
        from_last = last - index
        label = escape(column.label)
        tooltip = ", ".join(f"{escape(bar.series)} {hours(bar.value)} h" for bar in column.bars)
        if links:  # named by its title, as a screen reader reads the link
            parts.append(f'<a href="{escape(links[index])}" tabindex="-1">')
            parts.append(f"<title>{label}: {tooltip}</title><g>")
        else:
            parts.append(f"<g><title>{label}: {tooltip}</title>")
        parts.extend(
            f'<rect class="series-{number}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
            f'height="{bar.height}" rx="2"/>'
            for number, bar in enumerate(column.bars, start=1)
        )
        if from_last % label_every == 0:
            sparse = "" if from_last % (2 * label_every) == 0 else " minor"
            parts.append(
                f'<text class="axis{sparse}" x="{column.x_center}" y="{chart.height - 6}" '
                f'text-anchor="middle">{label}</text>'
            )
        parts.append("</g></a>" if links else "</g>")
    limit = f"{escape(limit_name)} {hours(chart.limit.value)} h" if chart.limit else ""
    if limit:
        parts.append(
            f'<line class="limit" x1="{chart.plot_left}" x2="{chart.width}" y1="{chart.limit.y}" '
            f'y2="{chart.limit.y}"><title>{limit}</title></line>'
        )
    parts.append("</svg>")
    if len(chart.series) > 1 or limit:
        keys = "".join(
            f'<span class="key series-{number}">{escape(name)}</span>'
            for number, name in enumerate(chart.series, start=1)
        )
        if limit:
            keys += f'<span class="key limit">{limit}</span>'
        parts.append(f'<figcaption class="legend">{keys}</figcaption>')
    parts.append("</figure>")
    return mark_safe("".join(parts))  # numbers and escaped text only


@register.filter
def split_commas(value: str) -> list[str]:
    return [part.strip() for part in value.split(",")]


@register.simple_tag
def category_choices() -> list[tuple[str, str]]:
    """The standard categories, offered wherever a category is typed."""
    return Category.choices


_ID_MARKER = 987654321


@lru_cache(maxsize=256)
def _url_with_id(name: str, script_prefix: str) -> str:
    return reverse(name, args=[_ID_MARKER]).replace(str(_ID_MARKER), "{}")


def id_url(name: str, object_id) -> str:
    """`{% url name id %}` for a view that takes one id, for rows (`log_row`): the pattern is
    reversed once (per script prefix) and each row only fills in its id — a week's list
    would otherwise spend most of its time reversing URLs."""
    return _url_with_id(name, get_script_prefix()).format(int(object_id))


@register.simple_tag
def task_options(tasks, selected="") -> str:
    """A task `<option>` each, in one pass: the week's move form lists every open task,
    which after an import can be hundreds. `selected`: the id of the one picked, as posted."""
    return mark_safe(  # safe: each title is escaped
        "".join(
            f'<option value="{task.pk}"{" selected" if str(task.pk) == selected else ""}>'
            f"{escape(task.title)}</option>"
            for task in tasks
        )
    )


register.filter("tag_line", tag_line)  # a log's tags as its fields show them: `billable, Q4`


@register.filter
def tag_chips(tags: str) -> str:
    """A log's comma-separated tags, each a chip that lists the logs with that tag."""
    if not tags:  # most logs: nothing to reverse or escape
        return ""
    search = reverse("log") + "?tag="
    chips = "".join(
        f'<a class="tag" href="{search}{escape(quote(tag))}" '
        f'title="Every log tagged {escape(tag)}">{escape(tag)}</a>'
        for tag in tag_list(tags)
    )
    return mark_safe(f'<span class="tags" aria-label="Tags">{chips}</span>') if chips else ""


@register.simple_tag(takes_context=True)
def log_row(context, row) -> str:
    """One row of the log page's week (`timesheet.LogRow`): the task, for whom (its client
    and project, as Toggl shows them), the note and tags, what it overlaps. Written here rather than
    by a template: a week's rows were the page's biggest cost (3.3 ms of template nodes for
    26 rows), and the page, its week fragment and every htmx answer draw them."""
    log, task = row.log, row.log.task
    week_q = conditional_escape(week_query(context))
    title = escape(task.title)
    classes = "log-row"
    if log.pk == context.get("highlight_id"):
        classes += " highlight"
    if row.overlaps_with:
        classes += " overlapping"
    for_whom = " · ".join(escape(name) for name in (task.client, task.project) if name)
    for_whom = f' <span class="for-whom">{for_whom}</span>' if for_whom else ""
    note = f'<span class="note">{escape(log.note)}</span>' if log.note else ""
    note += tag_chips(log.tags)
    overlaps = "".join(
        f'<span class="overlap-note">Overlaps {escape(other.task.title)} '
        f"{formatting.time_range(other.start, other.end)} · "
        f'<a href="{id_url("log_edit", other.pk)}{week_q}" '
        f'hx-get="{id_url("log_edit", other.pk)}{week_q}" hx-target="#log-{other.pk}" '
        f'hx-swap="outerHTML">edit it</a>{_trim_offer(context, log, other, week_q)}</span>'
        for other in row.overlaps_with[:3]
    )
    if len(row.overlaps_with) > 3:
        overlaps += (
            f'<span class="overlap-note">… and {len(row.overlaps_with) - 3} more logs</span>'
        )
    # A log over midnight has a row on each day it covers, each counting its piece of the
    # day: say what the whole log is. One of them holds its id; each has its ▶ and its
    # checkbox (the same log's, ticked together by triage.js).
    if row.piece:
        began, ended = timezone.localtime(log.start), timezone.localtime(log.end)
        note += (
            f'<span class="piece-note">Part of a {duration(log.duration)} log, '
            f"{short_day(began.date())} {began:%H:%M} – {short_day(ended.date())} {ended:%H:%M}"
            "</span>"
        )
    row_id = f"log-{log.pk}" if row.first_shown else f"log-{log.pk}-{row.piece[0]:%Y%m%d%H%M}"
    # Among its day's rows, its length as it adds up to the day's total (timesheet._day).
    length = (
        format_duration(row.shown, row.length) if row.shown is not None else duration(log.duration)
    )
    edit_url, delete_url = id_url("log_edit", log.pk), id_url("log_delete", log.pk)
    # The search's results are plain links and forms: their pages come back to the search.
    back = f"?next={escape(quote(context['back_to']))}" if context.get("back_to") else ""
    # Toggl's "continue": the page's one `continue-timer` form starts the timer on the
    # log's task, with its note and tags.
    again = (
        ""
        if task.archived  # in no picker, the timer's neither
        else f'<button type="submit" form="continue-timer" name="again" value="{log.pk}" '
        f'class="small continue" title="Start the timer on {title}" '
        f'aria-label="Start the timer on {title}">▶</button>\n            '
    )
    tick = (
        f'<input type="checkbox" name="log" value="{log.pk}" form="move-logs" '
        f'aria-label="Tick {title} {clock(log.start)}"> '
    )
    return mark_safe(  # numbers, URLs and escaped text only
        f'\n        <tr id="{row_id}" class="{classes}">\n'
        f'          <td class="task-cell">{tick}'
        f'<a href="{id_url("task_detail", task.pk)}">'
        f"{title}</a>{for_whom}{note}\n"
        f"            {overlaps}\n"
        f"          </td>\n"
        f'          <td class="times">{row.times}</td>\n'
        f'          <td class="num">{length}'
        f'<span class="times-inline">{row.times}</span></td>\n'
        f'          <td class="actions">\n'
        f"            {again}"
        f'<a href="{edit_url}{week_q or back}" '
        f'hx-get="{edit_url}{week_q}" hx-target="#log-{log.pk}" '
        f'hx-swap="outerHTML{"" if row.first_shown else " show:top"}" class="button small">'
        "Edit</a>\n"
        f'            <a href="{delete_url}{back}" hx-post="{delete_url}{week_q}" '
        f'hx-target="#week-logs" hx-swap="innerHTML" class="button small danger">Delete</a>\n'
        f"          </td>\n"
        f"        </tr>\n"
        f"      "
    )


def _trim_offer(context, log, other, week_q: str) -> str:
    """` · trim this one to 12:35–13:00`: one click cuts the log clear of the other it
    overlaps (`timesheet.trim_clear_of`), saved as its edit would save it (the timeline's
    drag's `POST /log/<id>/times/`, with its changed-elsewhere check); none when a cut
    cannot free it."""
    trim = trim_clear_of(log, other, timezone.get_current_timezone())
    if trim is None:
        return ""
    address = f"{id_url('log_times', log.pk)}{week_q}"
    back = context.get("back_to")
    fields = {
        "csrfmiddlewaretoken": get_token(context["request"]),
        "day": f"{trim.day:%Y-%m-%d}",
        "start_time": f"{trim.start:%H:%M}",
        "end_time": f"{trim.end:%H:%M}",
        "as_loaded": log.state(),
    } | ({"next": back} if back else {})
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    # On the week's list htmx swaps the days it changed; a search's rows post plainly.
    swap = "" if back else f' hx-post="{address}" hx-target="#week-logs" hx-swap="innerHTML"'
    return (
        f' · <form method="post" action="{address}" class="trim-form"{swap}>{hidden}'
        f'<button type="submit" class="link">trim this one to {trim.start:%H:%M}–'
        f"{trim.end:%H:%M}</button></form>"
    )


@register.simple_tag(takes_context=True)
def week_query(context) -> str:
    """`?week=2026-W48` when the page shows a chosen week, so a form posted from it answers
    with that week; empty for the current week."""
    request = context.get("request")
    week = request.GET.get("week", "") if request else ""
    return f"?week={escape(week)}" if week else ""


def _cell_field(context, name: str, label: str, shown: str = "") -> str:
    """A timesheet field: what the sheet shows (`shown`) or, refused, what was typed, marked
    wrong when it was. The id lets htmx give focus back to the cell Tab moved to once the
    sheet is new."""
    typed = context.get("typed") or {}
    invalid = (
        ' aria-invalid="true" aria-describedby="sheet-errors"'
        if name in (context.get("cell_errors") or {})
        else ""
    )
    return (
        f'<input class="cell" type="text" name="{name}" id="{name}" '
        f'value="{escape(typed.get(name, shown))}" aria-label="{escape(label)}" '
        f'autocomplete="off" size="6"{invalid}>'
    )


@register.simple_tag(takes_context=True)
def timesheet_cell(context, task, day, length) -> str:
    """A timesheet cell (`timesheet.typed_cells`): on a day that has come, a field holding
    the task's time that day, and beside it what the page showed (`was_`), so only a cell
    the owner changed counts."""
    shown = format_duration(length) if length else ""
    if not loggable(day, context["today"]):
        return shown
    name = cell_name(task.pk, day)
    field = _cell_field(context, name, f"{task.title}, {short_day(day)}", shown)
    return mark_safe(  # escaped text and numbers only
        f'{field}<input type="hidden" name="was_{name}" value="{shown}">'
    )


@register.simple_tag(takes_context=True)
def new_row_cell(context, day) -> str:
    """A day of the timesheet's last row (a task picked for it), when it can take time."""
    if not loggable(day, context["today"]):
        return ""
    field = _cell_field(context, f"new_{day:%Y%m%d}", f"The new row, {short_day(day)}")
    return mark_safe(field)  # escaped text and numbers only


@register.simple_tag
def cell_label(name: str, grid) -> str:
    """`Invoicing, Tue 3 Nov`: a timesheet cell named in a message."""
    for row in grid.rows if grid else []:
        for day, _ in row.cells:
            if cell_name(row.task.pk, day) == name:
                return f"{row.task.title}, {short_day(day)}"
    try:  # a day the sheet does not show: named by its date
        return short_day(datetime.strptime(name.rsplit("_", 1)[-1], "%Y%m%d"))
    except ValueError:
        return "A cell"


@register.simple_tag
def report_logs(report, term: str, value) -> str:
    """The logs behind one of a report's figures (`views.helpers.report_logs_address`)."""
    return report_logs_address(report, **{term: value})


@register.simple_tag(takes_context=True)
def report_of(context, term: str, value: str) -> str:
    """The report of the same period narrowed to one client, project or tag (`term`): the
    page's address with that term set, as `{% querystring %}` would write it."""
    query = context["request"].GET.copy()
    query[term] = value
    return f"?{query.urlencode()}"
