"""Forms: they validate and normalise what people type; views only assign."""

import zoneinfo
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.core import validators
from django.db import transaction
from django.db.models import Q
from django.forms.models import ModelChoiceIterator, model_to_dict
from django.forms.utils import flatatt
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from triage import formatting, outsourcing
from triage.categories import default_is_mga, guess_category
from triage.choices import GUT_CHECK_ANSWERS, Weekday
from triage.durations import MAX_ENTRY, DurationError, format_duration, parse_duration
from triage.entries import (
    EARLIEST_DAY,
    FUTURE_TOLERANCE,
    TITLE_LENGTH,
    EntryError,
    QuickEntry,
    check_day,
    parse_quick_entry,
    short_day,
)
from triage.models import (
    Blocker,
    Category,
    ChangedMeanwhile,
    Contractor,
    Decision,
    DecisionKind,
    Feeling,
    GutCheck,
    OwnerSettings,
    ReviewAnswer,
    Task,
    TimeLog,
    record_state,
)
from triage.text import close_matches, one_line, tag_line
from triage.timelogs import split_refusal
from triage.weeks import local_moment

YES_NO = [(True, "Yes"), (False, "No")]

COMMON_CURRENCIES = [
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "JPY",
    "INR",
    "SGD",
    "ZAR",
    "BRL",
    "MXN",
]


class FastSelect(forms.Select):
    """A <select> written in one pass rather than a template per option: the task and time
    zone lists have dozens to hundreds of options on the busiest pages."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        attributes = self.build_attrs(self.attrs, attrs) | {"name": name}
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            chosen.discard(option_value)  # one selected option, as Django's Select
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option_value,
                    mark_safe(" selected") if selected else "",
                    label,
                )
            )
        return format_html(
            "<select{}>{}</select>", flatatt(attributes), mark_safe("".join(options))
        )


class ListedChoices(ModelChoiceIterator):
    """A short list read in one go: Django's iterator opens a server-side cursor on
    PostgreSQL (DECLARE, FETCH, CLOSE) for what is a handful of rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # A page with several task lists reads the tasks once and hands them to each field.
        for obj in getattr(self.field, "listed", None) or self.queryset:
            yield self.choice(obj)


class OwnersChoiceField(forms.ModelChoiceField):
    """One of the owner's tasks or contractors, as a plain one-pass <select>."""

    iterator = ListedChoices
    widget = FastSelect
    # Django's "Select a valid choice. That choice is not one of the available choices."
    # told an API script timing an archived task nothing it could act on.
    default_error_messages = {
        "invalid_choice": "That one is not open to choose (archived, or deleted meanwhile?): "
        "pick another, or restore it on its page first."
    }


class TagsField(forms.CharField):
    """A log's tags, typed comma-separated (`billable, Q4`): cleaned to one spelling of
    each (`text.tag_list`), and shown so. The length limit counts what is kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)  # TimeLog.tags
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        return tag_line(super().to_python(value))

    def prepare_value(self, value):
        return value if value is None else tag_line(str(value))


class TagRenameForm(forms.Form):
    """A tag's new name, everywhere: one tag (no commas), on one line."""

    name = forms.CharField(
        label="New name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
        help_text="The name of a tag you already use makes the two one.",
    )

    def clean_name(self) -> str:
        name = one_line(self.cleaned_data["name"]).lstrip("#").strip()  # "#billable" typed
        if not name:
            raise forms.ValidationError("Type the tag's new name.")
        if "," in name:
            raise forms.ValidationError("A tag has no commas: that would make it two tags.")
        return name


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def carry_as_loaded(form: forms.Form, state: str) -> None:
    """A form refused because its row changed meanwhile now carries the row as it is: saved
    again, what was typed goes in its place (the owner has seen the warning)."""
    form.data = form.data.copy()
    form.data[form.add_prefix("as_loaded")] = state


class KeepsChangesMadeElsewhere(forms.ModelForm):
    """An edit of a saved row (a task, a decision, a contractor) that carries the row as it
    was drawn, a short fingerprint per field: saved over a change made since in another tab
    or on the phone, it names what changed and what it reads now, instead of quietly undoing
    it. Forms posted without it (the API's) are not checked."""

    as_loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["as_loaded"] = self.row_state()

    def row_state(self, row=None) -> str:
        """The row's fields this form edits, as read (before the form's values go in)."""
        values = model_to_dict(self.instance if row is None else row, self._meta.fields)
        return ".".join(record_state(values[name])[:4] for name in self._meta.fields)

    def clean(self) -> dict:
        cleaned = super().clean()
        as_loaded, now = cleaned.get("as_loaded"), self.row_state()
        self.read_as = now
        if not self.instance.pk or not as_loaded or as_loaded == now:
            return cleaned
        # A fingerprint of another shape (tampered with, or from an older page): unnamed.
        fields = zip(self._meta.fields, as_loaded.split("."), now.split("."), strict=False)
        said = "; ".join(self._reads_now(name) for name, was, is_ in fields if was != is_)
        self.add_error(
            None,
            "Changed elsewhere (another tab or device) since you opened this"
            + (f": {said}" if said else "")
            + ". Save again to put what you typed here in its place, or reload to see it.",
        )
        carry_as_loaded(self, now)
        return cleaned

    def refuse_if_changed_meanwhile(self) -> None:
        """The row read again, locked, inside the transaction that writes it: two tabs
        saving at the same moment both pass the check above, and the later must not quietly
        undo the earlier. Changed since the form's check: ChangedMeanwhile, and the caller's
        transaction writes nothing: `views.helpers.save_changes` checks the form again and it
        says what changed; a save elsewhere answers 409 (`GoneMeanwhileMiddleware`)."""
        if not self.instance.pk or not self.cleaned_data.get("as_loaded"):
            return
        rows = type(self.instance).objects.select_for_update()
        as_now = rows.filter(pk=self.instance.pk).first()
        if as_now is not None and self.row_state(as_now) != self.read_as:
            raise ChangedMeanwhile

    def save(self, commit: bool = True):
        if not commit:  # the caller writes it (`views.helpers.save_changes` checks first)
            return super().save(commit)
        with transaction.atomic():
            self.refuse_if_changed_meanwhile()
            return super().save(commit)

    def _reads_now(self, name: str) -> str:
        """`Project now reads “Q4”`: a field another tab changed, as it is now."""
        model_field = self.instance._meta.get_field(name)
        label = self.fields[name].label if name in self.fields else None
        value = getattr(self.instance, name)
        if model_field.choices:
            value = getattr(self.instance, f"get_{name}_display")()
        if value is None or value == "" or value == []:
            shown = "is empty now"
        elif isinstance(value, bool):
            shown = f"is now {'yes' if value else 'no'}"
        elif isinstance(value, list):  # ticked boxes: `Money, Time`
            names = dict(self.fields[name].choices)
            shown = f"now reads “{', '.join(str(names.get(item, item)) for item in value)}”"
        else:
            shown = f"now reads “{truncatechars(str(value), 60)}”"
        return f"{label or capfirst(model_field.verbose_name)} {shown}"


class OwnerSettingsForm(KeepsChangesMadeElsewhere, forms.ModelForm):
    time_zone = forms.ChoiceField(choices=_time_zone_choices, widget=FastSelect)
    currency = forms.CharField(
        max_length=10,
        widget=forms.TextInput(attrs={"list": "currencies", "autocomplete": "off", "size": 4}),
        help_text="Three-letter code, like USD or EUR.",
    )
    locale = forms.ChoiceField(
        label="Numbers written as",
        required=False,
        choices=formatting.locale_choices,
        help_text="Language and country: how money and numbers read (1,234.50 or 1.234,50).",
    )
    reminder_days = forms.TypedMultipleChoiceField(
        label="On",
        required=False,
        coerce=int,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    mga_hourly_value = forms.DecimalField(
        label="MGA hourly value",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text="What one hour of money-generating work earns you. Leave it empty to work "
        "it out from the two fields below.",
    )

    class Meta:
        model = OwnerSettings
        fields = [
            "currency",
            "locale",
            "time_zone",
            "first_weekday",
            "mga_hourly_value",
            "monthly_revenue",
            "monthly_mga_hours",
            "default_contractor_rate",
            "weeks_per_year",
            "monthly_income",
            "reinvested_percent",
            "mga_share_goal",
            "weekly_hours_cap",
            "weekly_email",
            "weekly_email_weekday",
            "weekly_email_hour",
            "reminder_email",
            "reminder_days",
            "reminder_hour",
        ]
        help_texts = {
            "reminder_email": "An email on the days below, from the hour below, when "
            "nothing is logged that day and no timer runs: a day forgotten is missing from "
            "every figure. Sent to your verified email.",
            "reminder_hour": "In your time zone, 0–23.",
            "weekly_email": "Last week's figures, reviews due and what to hand off next, "
            "sent to your email once you have verified it.",
            "monthly_revenue": "What your business earns in a typical month.",
            "monthly_mga_hours": "Hours a month you spend on money-generating work.",
            "monthly_income": "Optional: gives your effective hourly rate and buyback rate.",
            "reinvested_percent": "Of the hours you free up, how much really goes into MGAs.",
            "mga_share_goal": "Optional: the share of your hours you want on money-generating "
            "work. The dashboard says how far a week is from it.",
            "weekly_hours_cap": "Optional: the most you want to work in a week. The dashboard "
            "draws it across your weeks.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice shows an amount in the owner's own currency (or the one guessed for
        # a new owner: `initial` holds it over the instance's).
        currency = self.initial.get("currency", "")
        currency = currency if formatting.is_currency(currency) else "EUR"
        self.fields["locale"].choices = formatting.locale_choices(currency)
        if "reminder_days" in self.fields and not self.is_bound:
            self.initial["reminder_days"] = sorted(self.instance.reminder_weekdays)

    # The page in parts, each a fieldset with its legend: what a field is for, at a glance.
    SECTIONS = [
        ("Money", ["currency", "locale", "mga_hourly_value", "monthly_revenue",
                   "monthly_mga_hours", "default_contractor_rate", "monthly_income",
                   "reinvested_percent"]),
        ("Your week", ["time_zone", "first_weekday", "weeks_per_year"]),
        ("Goals", ["mga_share_goal", "weekly_hours_cap"]),
        ("Emails", ["weekly_email", "weekly_email_weekday", "weekly_email_hour",
                    "reminder_email", "reminder_days", "reminder_hour"]),
    ]  # fmt: skip

    def sections(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for each part that has fields on this form."""
        parts = [
            (name, [self[f] for f in names if f in self.fields]) for name, names in self.SECTIONS
        ]
        return [(name, fields) for name, fields in parts if fields]

    def clean_reminder_days(self) -> str:
        """The ticked days as the model keeps them: "01234"."""
        return "".join(str(day) for day in sorted(set(self.cleaned_data["reminder_days"])))

    def clean_locale(self) -> str:
        return self.cleaned_data["locale"] or self.instance.locale or formatting.DEFAULT_LOCALE

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].strip().upper()
        if not formatting.is_currency(code):
            raise forms.ValidationError(
                f"“{code}” is not an ISO 4217 currency code. Use one like USD, EUR or JPY."
            )
        return code

    def clean(self) -> dict:
        """The MGA hourly value as typed; when left empty, monthly revenue ÷ monthly MGA
        hours. Revenue and hours are kept as typed either way. A reminder needs its days."""
        cleaned = super().clean()
        if cleaned.get("reminder_email") and cleaned.get("reminder_days") == "":
            self.add_error("reminder_days", "Tick the days to be reminded on.")
        revenue = cleaned.get("monthly_revenue")
        mga_hours = cleaned.get("monthly_mga_hours")
        if cleaned.get("mga_hourly_value") is not None or "mga_hourly_value" in self.errors:
            return cleaned
        if revenue is not None and mga_hours is not None and mga_hours > 0:
            cleaned["mga_hourly_value"] = outsourcing.mga_hourly_value_from(
                revenue, mga_hours
            ).quantize(Decimal("0.01"))
        elif revenue is not None or mga_hours is not None:
            self.add_error(
                "monthly_mga_hours",
                "Give both monthly revenue and monthly MGA hours (more than 0) to work out "
                "your MGA hourly value, or type the value itself.",
            )
        else:
            self.add_error(
                "mga_hourly_value",
                "Type what an hour of money-generating work earns you, or give your monthly "
                "revenue and MGA hours below to work it out.",
            )
        return cleaned

    def save(self, commit: bool = True) -> OwnerSettings:
        self.instance.onboarded = True  # saving any settings form completes onboarding
        return super().save(commit)


class OnboardingForm(OwnerSettingsForm):
    reminder_days = None  # a declared field of Settings that onboarding does not ask

    class Meta(OwnerSettingsForm.Meta):
        fields = [
            "currency",
            "locale",
            "time_zone",
            "mga_hourly_value",
            "monthly_revenue",
            "monthly_mga_hours",
            "default_contractor_rate",
            "weekly_email",
            "reminder_email",  # on its defaults: Monday to Friday from 17:00
        ]


def category_choices() -> list[tuple[str, str]]:
    return [("", "Pick a category…"), *Category.choices]


def money_question(help_text: str = "") -> forms.TypedChoiceField:
    """“Does it make you money?”: yes, no, or unanswered (None: the category decides)."""
    return forms.TypedChoiceField(
        label="Does it make you money?",
        required=False,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "toggle"}),
        help_text=help_text,
    )


class NewTaskQuestionMixin:
    """A form that, for a task it has not seen, asks its category and whether it makes
    money before it saves — with a guess picked, so one more Enter confirms. The question
    is not an error: the page answers it with 200, not 422 (a browser logs every 4xx)."""

    new_task_title: str | None = None
    suggestions: list[str] = []  # the owner's tasks the new title may have meant

    @property
    def only_asks_about_the_new_task(self) -> bool:
        return self.new_task_title is not None and set(self.errors) == {"category"}

    def answers_are_for(self, cleaned: dict, title: str) -> None:
        """The category and money answers came with the question about one title (the
        form's `asked_about`); typed over with another new task's, they are not its answers:
        drop them, so that one is asked about in turn."""
        asked = one_line(cleaned.get("asked_about") or "")
        if asked and asked.casefold() != title.casefold():
            cleaned["category"], cleaned["is_mga"] = "", None

    def ask_about_new_task(self, cleaned: dict, title: str, then: str, owner=None) -> None:
        """Ask about `title`, a task the owner does not have: its category (a guess picked)
        when none came, else whether it makes money by the category's default. With the
        `owner`, also offer the open tasks whose titles are close to it: a typo
        ("invocing") should not become a second task by one more Enter."""
        self.new_task_title = title
        if owner is not None:
            titles = owner.tasks.filter(archived=False).values_list("title", flat=True)
            self.suggestions = close_matches(title, titles)
        if not cleaned.get("category"):
            guess = guess_category(title)
            self.data = self.data.copy()
            self.data["category"] = guess
            self.data.setdefault("is_mga", str(default_is_mga(guess)))
            self.add_error("category", f"“{title}” is a new task: pick its category to {then}.")
        elif cleaned.get("is_mga") is None:
            cleaned["is_mga"] = default_is_mga(cleaned["category"])


class QuickEntryForm(NewTaskQuestionMixin, forms.Form):
    """`45m invoicing`: one text box, and a category only when the task is new.

    The form parses the entry; the task is looked up when the entry is saved, under the
    owner's lock (`timelogs.add_quick_entry`), which raises NewTask for `ask_about_new_task`.
    """

    entry = forms.CharField(
        label="What did you just do?",
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "placeholder": "45m invoicing · 1h30 client call yesterday · 2h proposals mon",
                "autocomplete": "off",
                "list": "entry-tasks",  # your tasks' names, offered as you type (triage.js)
                "autofocus": True,
                "data-shortcut": "n",
            }
        ),
    )
    category = forms.ChoiceField(
        label="Category for the new task", required=False, choices=category_choices
    )
    is_mga = money_question()
    # Sent by a "did you mean" button: the existing task the entry's title was meant to be.
    meant = forms.CharField(required=False, max_length=TITLE_LENGTH, widget=forms.HiddenInput)
    # The new task the category question was about (`NewTaskQuestionMixin.answers_are_for`).
    asked_about = forms.CharField(required=False, max_length=TITLE_LENGTH, widget=forms.HiddenInput)
    # An entry typed offline on the phone (`offline.html`), sent once the network is back:
    # when it was typed, which stands for "now" (`45m invoicing` ends then, `yesterday` is
    # the day before it), and the phone's key for it, so it is never saved twice.
    typed_at = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    entry_key = forms.RegexField(
        regex=r"^[A-Za-z0-9-]{8,64}$", required=False, widget=forms.HiddenInput
    )
    _typed_at_error = ""  # `typed_at` sent, but not a moment: said on the entry

    def __init__(self, *args, today: date, first_weekday: int = 0, zone=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.first_weekday = first_weekday
        # With them, times typed are checked here too. `now` is the moment the entry stands
        # for, which its callers place it by: when it was typed, for one sent later.
        self.zone, self.now = zone, now
        typed_offline = self._typed_at() if self.is_bound else None
        if typed_offline:
            self.now = typed_offline
            self.today = typed_offline.astimezone(zone).date()

    def _typed_at(self) -> datetime | None:
        """When an entry sent later was typed: a moment with its offset, from 2000 on; one
        after now (a phone's clock ahead of ours) is now. None when none was sent, or (with
        the reason kept for the entry's field) when it is not such a moment."""
        text = (self.data.get(self.add_prefix("typed_at")) or "").strip()
        if not text or self.zone is None or self.now is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        earliest = local_moment(EARLIEST_DAY, time(0), self.zone)
        if moment is None or moment.tzinfo is None or not earliest <= moment:
            self._typed_at_error = f"“{text[:40]}” is not when an entry was typed."
            return None
        return min(moment, self.now)  # a phone's clock ahead of ours: now, not the future

    def clean_entry(self) -> QuickEntry:
        try:
            entry = parse_quick_entry(self.cleaned_data["entry"], self.today, self.first_weekday)
            if entry.clock and self.now is not None:
                entry.times(self.zone, self.now)  # before asking about a new task, not after
        except EntryError as error:
            raise forms.ValidationError(str(error)) from None
        return entry

    def clean(self) -> dict:
        cleaned = super().clean()
        if self._typed_at_error:
            self.add_error("entry", self._typed_at_error)
        meant = one_line(cleaned.get("meant") or "")
        if meant and isinstance(cleaned.get("entry"), QuickEntry):
            cleaned["entry"] = replace(cleaned["entry"], task_title=meant)
        if isinstance(cleaned.get("entry"), QuickEntry):
            self.answers_are_for(cleaned, cleaned["entry"].task_title)
        return cleaned


class TaskForm(forms.ModelForm):
    category = forms.CharField(
        max_length=40,
        initial=Category.OTHER,
        widget=forms.TextInput(attrs={"list": "categories", "autocomplete": "off"}),
        help_text="Pick one or type your own.",
    )
    estimated_minutes_per_week = forms.CharField(
        label="Estimate a week",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. 2h or 90m", "size": 8}),
        help_text="Used until you have logs for it.",
    )

    is_mga = money_question("Left unanswered: yes for client work and sales, no otherwise.")

    class Meta:
        model = Task
        fields = ["title", "category", "is_mga", "estimated_minutes_per_week"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.merge_target: Task | None = None
        minutes = self.instance.estimated_minutes_per_week
        if minutes is not None and not self.is_bound:
            self.initial["estimated_minutes_per_week"] = format_duration(timedelta(minutes=minutes))

    def clean_title(self) -> str:
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the task a name.")
        clash = self.owner.tasks.filter(title__iexact=title).exclude(pk=self.instance.pk).first()
        if clash:
            self.merge_target = clash  # renaming onto it: the page offers to merge instead
            raise forms.ValidationError(f"You already have a task called “{clash.title}”.")
        return title

    def clean_category(self) -> str:
        category = one_line(self.cleaned_data["category"]).lower()
        return category or Category.OTHER

    def clean_is_mga(self) -> bool | None:
        return self.cleaned_data["is_mga"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("is_mga") is None and "category" in cleaned:
            cleaned["is_mga"] = default_is_mga(cleaned["category"])
        return cleaned

    def clean_estimated_minutes_per_week(self) -> int | None:
        text = self.cleaned_data["estimated_minutes_per_week"].strip()
        if not text:
            return None
        try:
            return round(parse_duration(text).total_seconds() / 60)
        except DurationError as error:
            raise forms.ValidationError(str(error)) from None

    def save(self, commit: bool = True) -> Task:
        self.instance.owner = self.owner
        return super().save(commit)


class TaskEditForm(KeepsChangesMadeElsewhere, TaskForm):
    """A task's own page edits its client, project and tags for new logs too (imports bring
    the first two; the new-task card keeps to what every task needs)."""

    default_tags = TagsField(
        label="Tags for new logs",
        help_text="Each new log of this task gets them (billable, say), unless it comes with "
        "tags of its own. Logs already here keep theirs.",
    )

    class Meta(TaskForm.Meta):
        fields = [*TaskForm.Meta.fields, "client", "project", "default_tags", "pinned"]
        widgets = {
            "client": forms.TextInput(attrs={"list": "task-clients", "autocomplete": "off"}),
            "project": forms.TextInput(attrs={"list": "task-projects", "autocomplete": "off"}),
        }
        help_texts = {
            "client": "Optional: who the work is for. Reports add hours up by it.",
            "pinned": "Always one tap away among the timer's chips on the Log page, first.",
        }

    def clean_client(self) -> str:
        return self._existing_spelling("client")

    def clean_project(self) -> str:
        return self._existing_spelling("project")

    def _existing_spelling(self, field: str) -> str:
        """A client or project as the owner already writes it elsewhere ("acme" → "Acme")."""
        return self.owner.tasks.exclude(pk=self.instance.pk).spelt_as(
            field, self.cleaned_data[field]
        )


def _as_they_are(max_length: int, suggestions: str) -> forms.CharField:
    """A field of the ticked tasks' form: left blank, each task keeps its own."""
    attrs = {"list": suggestions, "autocomplete": "off", "placeholder": "as they are", "size": 12}
    return forms.CharField(
        required=False, max_length=max_length, widget=forms.TextInput(attrs=attrs)
    )


def _yes_no_as_they_are(label: str, yes: str, no: str) -> forms.TypedChoiceField:
    """A yes-or-no of the ticked tasks' form: True, False, or None to leave each as it is."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "As they are"), ("True", yes), ("False", no)],
        coerce=lambda value: value == "True",
        empty_value=None,
    )


class TaskChangeForm(forms.Form):
    """The ticked tasks changed together (Toggl's bulk edit): what is typed or picked is
    set on each, what is left blank stays as each task has it. After an import of months of
    history, dozens of tasks get their category, client or project at once; a client
    renamed on all its tasks keeps the report's hours together."""

    prefix = "ticked"  # its fields beside the new-task card's on one page: ids of their own
    category = _as_they_are(40, "categories")
    is_mga = _yes_no_as_they_are("Makes money", "Yes", "No")
    client = _as_they_are(120, "ticked-clients")
    project = _as_they_are(120, "ticked-projects")
    pinned = _yes_no_as_they_are("Pinned", "Pin", "Unpin")

    def __init__(self, *args, owner, ticked: set[int] = frozenset(), archive=None, **kw):
        """`archive`: True to archive the ticked tasks, False to restore them, None for
        neither."""
        super().__init__(*args, **kw)
        self.owner, self.ticked, self.archive = owner, ticked, archive

    def clean_category(self) -> str:
        return one_line(self.cleaned_data["category"]).lower()

    def clean_client(self) -> str:
        return self._existing_spelling("client")

    def clean_project(self) -> str:
        return self._existing_spelling("project")

    def _existing_spelling(self, field: str) -> str:
        """As the owner already writes it on a task not ticked ("acme" → "Acme"); as typed
        when only ticked tasks have it, so a client is renamed in any case."""
        return self.owner.tasks.exclude(pk__in=self.ticked).spelt_as(
            field, self.cleaned_data[field]
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.ticked:
            raise forms.ValidationError("Tick the tasks to change first.")
        if self.archive is None and not self.changes():
            raise forms.ValidationError(
                "Type or pick what to change: a category, money or not, a client, a project "
                "or pinned."
            )
        return cleaned

    def changes(self) -> dict:
        """The fields to set on each ticked task: those given (archiving or restoring, if
        asked)."""
        given = {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in ("", None)  # (False, "doesn't make money", is a change)
        }
        return given | ({} if self.archive is None else {"archived": self.archive})


class TaskEstimateForm(forms.ModelForm):
    """A task with no logs yet: how long does it take a week? (Used until logs exist.)"""

    estimated_minutes_per_week = forms.CharField(
        label="How long does it take you a week?",
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "e.g. 2h or 90m", "size": 8}),
    )

    class Meta:
        model = Task
        fields = ["estimated_minutes_per_week"]

    def clean_estimated_minutes_per_week(self) -> int:
        try:
            minutes = parse_duration(self.cleaned_data["estimated_minutes_per_week"])
        except DurationError as error:
            raise forms.ValidationError(str(error)) from None
        return round(minutes.total_seconds() / 60)


class TimeLogForm(forms.Form):
    """The full form: a task, a day, and start and end times or a duration.

    Cleaned, it holds either exact `start` and `end`, or a `day` and a `duration` for
    `timelogs.save_log` to place where nothing else is logged.
    """

    task = OwnersChoiceField(queryset=Task.objects.none(), empty_label="Pick a task…")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    # To the minute, as the picker shows them and the owner types them.
    start_time = forms.TimeField(
        label="Start",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    end_time = forms.TimeField(
        label="End", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    ends_next_day = forms.BooleanField(
        label="ends the next day", required=False, help_text="For work past midnight."
    )
    duration = forms.CharField(
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "or 1h30", "size": 8}),
    )
    note = forms.CharField(required=False, max_length=500)
    tags = TagsField(
        help_text="Comma-separated, like billable, retainer. Search finds them. Left empty, a "
        "new log gets its task's tags for new logs, if it has some."
    )
    # The log as the form was drawn from it (`TimeLog.state`): changed since, it is asked.
    as_loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, owner, now: datetime, zone, existing: TimeLog | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.owner, self.now, self.zone, self.existing = owner, now, zone, existing
        self.today = now.astimezone(zone).date()
        tasks = owner.tasks.filter(archived=False)
        if existing is not None:
            tasks = owner.tasks.filter(Q(archived=False) | Q(pk=existing.task_id))
        self.fields["task"].queryset = tasks
        self.fields["day"].widget.attrs.update(min=EARLIEST_DAY.isoformat(), max=self.today)
        if existing is not None and not self.is_bound:
            local_start = existing.start.astimezone(zone)
            local_end = existing.end.astimezone(zone) if existing.end else None
            self.initial.update(
                task=existing.task_id,
                day=local_start.date(),
                start_time=local_start.time().replace(second=0, microsecond=0),
                end_time=local_end.time().replace(second=0, microsecond=0) if local_end else None,
                ends_next_day=bool(local_end and local_end.date() > local_start.date()),
                note=existing.note,
                tags=existing.tags,
                as_loaded=existing.state(),
            )
        elif not self.is_bound:
            self.initial.setdefault("day", self.today)

    @classmethod
    def as_posted(cls, log: TimeLog, **kwargs) -> dict:
        """`log` as its edit form would post it unchanged — what a change is laid over (the
        timeline's drag, the API's PATCH): an empty field or an unticked box not sent, as a
        browser leaves them out."""
        drawn = cls(existing=log, **kwargs).initial
        return {name: value for name, value in drawn.items() if value not in (None, False)}

    def fill(self, log: TimeLog) -> None:
        """Give `log` the form's task, note and tags (its times are `timelogs.save_log`'s); a
        new log typed without tags gets its task's (`Task.tags_for_new_log`)."""
        task, tags = self.cleaned_data["task"], self.cleaned_data["tags"]
        if log._state.adding:
            tags = task.tags_for_new_log(tags)
        log.task, log.note, log.tags = task, self.cleaned_data["note"], tags

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        try:
            check_day(day, self.today)
        except EntryError as error:
            raise forms.ValidationError(str(error)) from None
        return day

    def clean_duration(self) -> timedelta | None:
        text = self.cleaned_data["duration"].strip()
        if not text:
            return None
        try:
            return parse_duration(text)
        except DurationError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_unchanged(cleaned.get("as_loaded"))
        day, start_time, end_time = (cleaned.get(k) for k in ("day", "start_time", "end_time"))
        duration = cleaned.get("duration")
        if day is None or self.errors:
            return cleaned
        if start_time and end_time:
            end_day = day + timedelta(days=1) if cleaned.get("ends_next_day") else day
            if end_day == day and end_time == start_time:
                self.add_error("end_time", "The end is the same as the start: nothing to log.")
                return cleaned
            if end_day == day and end_time < start_time:
                self.add_error(
                    "end_time",
                    "The end is before the start. Tick “ends the next day” for work past midnight.",
                )
                return cleaned
            start = self._moment(day, start_time, "start_time")
            end = self._moment(end_day, end_time, "end_time")
            if start is None or end is None:
                return cleaned
            if end <= start:  # real, not wall-clock, hours: the clocks fell back in between
                self.add_error("end_time", "The end is not after the start in real time.")
                return cleaned
        elif duration and start_time:
            start = self._moment(day, start_time, "start_time")
            if start is None:
                return cleaned
            end = start + duration  # real hours, also on a DST day
        elif duration:
            cleaned["placement"] = {"day": day, "duration": duration}
            return cleaned
        elif self.existing is not None and self.existing.is_running:
            self.add_error("end_time", RUNNING_LOG_EDIT)
            return cleaned
        else:
            self.add_error("duration", "Give a start and an end, or a duration like 1h30.")
            return cleaned
        if end - start > MAX_ENTRY:
            self.add_error("end_time", "One entry can be at most 24 hours.")
        elif end > self.now + FUTURE_TOLERANCE:
            self.add_error("end_time", "That ends in the future; log work once it's done.")
        cleaned["placement"] = {"start": start, "end": end}
        return cleaned

    def _check_unchanged(self, as_loaded: str | None) -> None:
        """Two tabs (or the phone and the laptop) editing one log: the later save does not
        quietly undo the earlier one. It says what the log holds now; saving again (the
        form then carries the log as it is now) puts the typed version in its place."""
        log_changed_elsewhere(self, self.existing, as_loaded, self.zone, "Save")

    def _moment(self, day: date, at, field: str) -> datetime | None:
        """The instant of a local day and time, or None with the field's error when the
        clocks skip that time. An edited log's own start or end sent back as the form
        showed it (to the minute) stays as it was: to the second, and in an hour the
        clocks repeat, the one it was in — changing a note moves nothing."""
        existing = self.existing
        kept = existing and (existing.start if field == "start_time" else existing.end)
        if kept:
            local = kept.astimezone(self.zone)
            if (local.date(), local.time().replace(second=0, microsecond=0)) == (day, at):
                return kept
        try:
            return local_moment(day, at, self.zone)
        except ValueError as error:
            self.add_error(field, f"{error}.")
            return None


# The running timer's log opened in the edit form (the timeline's running block): an end
# stops it there; what changes while it keeps running is the timer's to change (the form's
# notice says so, with the link).
RUNNING_LOG_EDIT = "Give the time it ended: the timer stops there."


def log_changed_elsewhere(form, log: TimeLog | None, as_loaded: str | None, zone, act: str):
    """Whether `log` changed since `form` was drawn from it (`TimeLog.state`); if so, the
    form says what it reads now, and carries it as it is now: `act` again goes ahead."""
    if log is None or not as_loaded or as_loaded == log.state():
        return False
    local_day = log.start.astimezone(zone).date()
    now_reads = f"{short_day(local_day)} {formatting.time_range(log.start, log.end, zone)}"
    form.add_error(
        None,
        f"This log changed elsewhere (another tab or device) since you opened it: it now "
        f"reads {now_reads}, {log.task.title}"
        + (f" — {log.note}" if log.note else "")
        + f". {act} again to put what you typed here in its place, or cancel to keep it.",
    )
    carry_as_loaded(form, log.state())
    return True


class SplitLogForm(forms.Form):
    """Toggl's split: a log cut in two at a time inside it (the timer ran on past a change
    of task), the later part on the same task or another."""

    at = forms.TimeField(label="Split at", widget=forms.TimeInput(attrs={"type": "time"}))
    then_task = OwnersChoiceField(
        queryset=Task.objects.none(),
        required=False,
        label="then",
        empty_label="the same task",
    )
    as_loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, log: TimeLog, zone, **kwargs):
        # Ids of their own: the log's edit form, drawn beside it, has an `as_loaded` too.
        super().__init__(*args, auto_id=f"split-%s-{log.pk}", **kwargs)
        self.log, self.zone = log, zone
        owner = log.owner
        self.fields["then_task"].queryset = owner.tasks.filter(archived=False).exclude(
            pk=log.task_id
        )
        if not self.is_bound:
            self.initial["as_loaded"] = log.state()

    def clean(self) -> dict:
        cleaned = super().clean()
        log, at = self.log, cleaned.get("at")
        if log.end is None:
            raise forms.ValidationError(split_refusal(log, log.start, self.zone))
        if log_changed_elsewhere(self, log, cleaned.get("as_loaded"), self.zone, "Split"):
            return cleaned
        if at is None:
            return cleaned
        # The time on the log's first day, else on its second (a log over midnight).
        days = sorted({moment.astimezone(self.zone).date() for moment in (log.start, log.end)})
        refusal = ""
        for day in days:
            try:
                moment = local_moment(day, at, self.zone)
            except ValueError as error:
                self.add_error("at", f"{error}.")
                return cleaned
            refusal = split_refusal(log, moment, self.zone)
            if not refusal:
                cleaned["split_at"] = moment
                return cleaned
        self.add_error("at", refusal)
        return cleaned


class TimerStartForm(NewTaskQuestionMixin, forms.Form):
    task = OwnersChoiceField(
        queryset=Task.objects.none(), required=False, empty_label="Pick a task…"
    )
    new_task = forms.CharField(
        label="or a new task",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "New task name"}),
    )
    category = forms.ChoiceField(label="Category", required=False, choices=category_choices)
    is_mga = money_question()
    # Sent by a "did you mean" button: the existing task the typed title was meant to be.
    meant = forms.CharField(required=False, max_length=TITLE_LENGTH, widget=forms.HiddenInput)
    # The new task the category question was about (`NewTaskQuestionMixin.answers_are_for`).
    asked_about = forms.CharField(required=False, max_length=TITLE_LENGTH, widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        # Its own ids: the timer shares pages with the full log form, which has a task too.
        kwargs.setdefault("auto_id", "timer_%s")
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["task"].queryset = owner.tasks.filter(archived=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        title = one_line(cleaned.get("meant") or cleaned.get("new_task") or "")
        if cleaned.get("task") or self.errors:
            return cleaned
        if not title:
            self.add_error("task", "Pick a task, or type a new one, to start the timer.")
            return cleaned
        cleaned["new_task"] = title
        self.answers_are_for(cleaned, title)
        if not self.owner.tasks.filter(title__iexact=title).exists():
            self.ask_about_new_task(cleaned, title, then="start", owner=self.owner)
        return cleaned  # an existing title: Task.objects.titled() finds it


class TimerStartedAtForm(forms.Form):
    """The running timer began earlier than it was started: when, on the owner's clock."""

    start = forms.TimeField(
        label="Began earlier?",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Type when the work began, like 09:15."},
    )
    # The timer the page showed: another started since in a second tab is not moved.
    running = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TimerNoteForm(forms.Form):
    """What the running timer's work is: its log's note and tags, typed while it runs."""

    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "What are you working on?"}),
    )
    tags = TagsField()
    # The timer the page showed: another started since in a second tab is not changed.
    running = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TimerSwitchForm(forms.Form):
    """The running timer was started on the wrong task: the right one, keeping its start."""

    task = OwnersChoiceField(
        queryset=Task.objects.none(), label="The right task", empty_label="Pick a task…"
    )
    # The timer the page showed: another started since in a second tab is not changed.
    running = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = owner.tasks.filter(archived=False)


class TimerStopForm(forms.Form):
    """Only asked for when a timer ran over 12 hours: when did the work really end?"""

    end = forms.DateTimeField(
        label="When did you stop?",
        # The browser's datetime picker reads and writes this one format.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, log: TimeLog, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.log, self.now = log, now

    def clean_end(self) -> datetime:
        end = self.cleaned_data["end"]
        if end <= self.log.start:
            raise forms.ValidationError("The end must be after the timer started.")
        if end > self.now + FUTURE_TOLERANCE:
            raise forms.ValidationError("That is in the future.")
        if end - self.log.start > MAX_ENTRY:
            latest = timezone.localtime(self.log.start + MAX_ENTRY)
            raise forms.ValidationError(
                f"One log can be at most 24 hours: pick a time by {latest:%a %d %b %H:%M}."
            )
        return end


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect(attrs={"class": "toggle"}),
    )


class GutCheckForm(forms.ModelForm):
    is_mga = _yes_no("1. Is it a money-generating activity?")
    need_to_do = _yes_no("2. Do I need to do it myself (only I can)?")
    need_to_learn = _yes_no("3. Do I need to learn it (a skill my business needs me to have)?")
    need_to_master = _yes_no("4. Do I need to master it (it is my craft)?")
    overwhelm = forms.TypedChoiceField(
        label="5. Does it kick me into overwhelm? (1 = not at all, 5 = drains me)",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )

    feeling = forms.ChoiceField(
        label="6. Do I love it, shrug at it, or hate it?",
        choices=Feeling.choices,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )

    class Meta:
        model = GutCheck
        fields = GUT_CHECK_ANSWERS


WHAT_IF_FIELDS = [
    "contractor_rate",
    "contractor_hours_per_week",
    "management_minutes_per_week",
    "handoff_hours",
    "reinvested_percent",
]


class WhatIfForm(forms.ModelForm):
    """Try a handoff without saving: the decision's own fields and limits, each defaulting
    from settings and the baseline. Never saved."""

    class Meta:
        model = Decision
        fields = WHAT_IF_FIELDS

    @classmethod
    def defaults(cls, owner_settings: OwnerSettings, baseline_hours: Decimal) -> dict:
        plan = owner_settings.default_plan(baseline_hours)
        return {
            "contractor_rate": plan.contractor_rate,
            "contractor_hours_per_week": plan.contractor_hours,
            "management_minutes_per_week": int(plan.management_hours * 60),
            "handoff_hours": plan.handoff_hours,
            "reinvested_percent": owner_settings.reinvested_percent,
        }

    def plan(self, baseline_hours: Decimal, mga_hourly_value: Decimal) -> outsourcing.Plan:
        data = self.cleaned_data
        return outsourcing.plan_from(
            baseline_hours=baseline_hours,
            management_minutes=data["management_minutes_per_week"],
            contractor_hours=data["contractor_hours_per_week"],
            contractor_rate=data["contractor_rate"],
            mga_hourly_value=mga_hourly_value,
            reinvested_percent=data["reinvested_percent"],
            handoff_hours=data["handoff_hours"],
        )


class DecisionForm(KeepsChangesMadeElsewhere, forms.ModelForm):
    kind = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )
    contractor = OwnersChoiceField(
        queryset=Contractor.objects.none(), required=False, empty_label="Nobody yet"
    )
    new_contractor = forms.CharField(
        label="or add a contractor",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "Name"}),
    )
    # "or add a contractor" right under the contractors to pick from, not after the notes.
    field_order = ["kind", "decided_on", "contractor", "new_contractor"]

    class Meta:
        model = Decision
        fields = ["kind", "decided_on", "contractor", *WHAT_IF_FIELDS, "notes"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, today: date, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.owner = today, owner
        self.fields["contractor"].queryset = owner.contractors.all()
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("decided_on", today)

    def clean_new_contractor(self) -> str:
        return one_line(self.cleaned_data["new_contractor"])

    def save(self, commit: bool = True) -> Decision:
        """A contractor typed by name is added to the owner's list (or found there)."""
        name = self.cleaned_data.get("new_contractor")
        with transaction.atomic():  # refused as changed meanwhile, no contractor is added
            if name:
                self.instance.contractor = Contractor.objects.named(
                    self.owner, name, rate=self.cleaned_data.get("contractor_rate")
                )
            return super().save(commit)

    def clean_decided_on(self) -> date:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > self.today:
            raise forms.ValidationError("A decision is made today or earlier, not in the future.")
        if decided_on < EARLIEST_DAY:
            raise forms.ValidationError("Triage keeps decisions from 1 Jan 2000 on.")
        return decided_on


class DecisionStatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("activate", "Start"), ("end", "End")])
    on = forms.DateField(label="On", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, decision: Decision, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision, self.today = decision, today

    def clean(self) -> dict:
        cleaned = super().clean()
        on, action = cleaned.get("on"), cleaned.get("action")
        if on is None or action is None:
            return cleaned
        if on > self.today:
            self.add_error("on", "That date is in the future.")
            return cleaned
        problem = self.decision.transition_problem(action, on)  # the model's rules
        if problem:
            self.add_error(*problem)
        return cleaned


class BlockersForm(KeepsChangesMadeElsewhere, forms.ModelForm):
    """What's holding you back? Ticked on a decision (this form) or on the gut check
    (`GutCheckBlockersForm`): saved over what another tab ticked since, it says so."""

    blockers = forms.MultipleChoiceField(
        label="What's holding you back?",
        required=False,
        choices=Blocker.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Decision
        fields = ["blockers"]


class GutCheckBlockersForm(BlockersForm):
    class Meta(BlockersForm.Meta):
        model = GutCheck


class HandoffForm(KeepsChangesMadeElsewhere, forms.ModelForm):
    """How the task is handed over: the SOP, what done means, when the trial is reviewed."""

    class Meta:
        model = Decision
        fields = ["sop_url", "definition_of_done", "review_on"]
        widgets = {
            "definition_of_done": forms.Textarea(attrs={"rows": 3}),
            "review_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "sop_url": "A document or video where you show how you do it.",
            "definition_of_done": "What the work looks like when it is done to your standard.",
        }

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        if review_on and review_on < self.instance.decided_on:
            raise forms.ValidationError("A review comes after the decision.")
        return review_on


class StepForm(forms.Form):
    text = forms.CharField(
        label="Step", max_length=300, widget=forms.TextInput(attrs={"placeholder": "Next step…"})
    )

    def clean_text(self) -> str:
        text = one_line(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError("Write the step.")
        return text


class ReviewForm(forms.Form):
    answer = forms.ChoiceField(choices=ReviewAnswer.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractorForm(KeepsChangesMadeElsewhere, forms.ModelForm):
    class Meta:
        model = Contractor
        fields = ["name", "loves_doing", "rate", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Give the contractor a name.")
        clash = self.owner.contractors.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"You already have a contractor called “{name}”.")
        return name

    def clean_contact(self) -> str:
        """An email address or a web address, as typed."""
        contact = self.cleaned_data["contact"].strip()
        if not contact:
            return contact
        validator = (
            validators.EmailValidator()
            if "@" in contact and "/" not in contact
            else (validators.URLValidator())
        )
        try:
            validator(contact)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Give an email address or a web address (https://…)."
            ) from None
        return contact

    def save(self, commit: bool = True) -> Contractor:
        self.instance.owner = self.owner
        return super().save(commit)


class MergeForm(forms.Form):
    """Merge a task into another of the owner's: its logs, checks and decisions move."""

    into = OwnersChoiceField(
        queryset=Task.objects.none(), label="Merge into", empty_label="Pick a task…"
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["into"].queryset = task.owner.tasks.exclude(pk=task.pk)

    def clean_into(self) -> Task:
        into = self.cleaned_data["into"]
        clash = self.task.decisions_in_force_with(into)
        if clash:
            mine, theirs = clash
            raise forms.ValidationError(
                f"“{mine}” and “{theirs}” are both in force on some of the same days: as one "
                "task its hours would count twice. End one of them first (a day before the "
                "other starts)."
            )
        return into
