"""Every fixed list Triage shows or stores, in one place: categories, feelings, decision
kinds and statuses, baseline sources, weekdays, and the quarters of the energy × value map.
The domain modules, the models, the forms and the templates all take them from here.

(Django's choice classes are plain enums with labels: no database, no request.)
"""

from django.db import models

# The six answers of a gut check, in the order they are asked (and exported).
GUT_CHECK_ANSWERS = [
    "is_mga",
    "need_to_do",
    "need_to_learn",
    "need_to_master",
    "overwhelm",
    "feeling",
]


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Category(models.TextChoices):
    ADMIN = "admin", "Admin"
    BOOKKEEPING = "bookkeeping", "Bookkeeping"
    EMAIL = "email", "Email"
    MARKETING = "marketing", "Marketing"
    SALES = "sales", "Sales"
    CLIENT_WORK = "client work", "Client work"
    CONTENT = "content", "Content"
    TECH = "tech", "Tech"
    OPERATIONS = "operations", "Operations"
    OTHER = "other", "Other"


class Feeling(models.TextChoices):
    LOVE = "love", "Love it"
    SHRUG = "shrug", "Shrug"
    HATE = "hate", "Hate it"


class DecisionKind(models.TextChoices):
    OUTSOURCE = "outsource", "Outsource"
    KEEP = "keep", "Keep"
    AUTOMATE = "automate", "Automate"
    ELIMINATE = "eliminate", "Eliminate"


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class BaselineSource(models.TextChoices):
    LOGS = "logs", "from your logs, the 4 complete weeks before"
    RECENT = "recent", "from your last 7 days"
    ESTIMATE = "estimate", "from your estimate"
    NONE = "none", "no data"


class Quarter(models.TextChoices):
    """The energy × value map: money value across, energy down."""

    REPLACE_LATER = "replace later", "high value, draining"
    PRODUCE = "produce", "high value, energising"
    HAND_OFF = "hand off", "low value, draining"
    INVEST = "invest", "low value, energising"


class Blocker(models.TextChoices):
    """What holds an owner back from letting a task go (each has its next step)."""

    CONTROL = "control", "Control: nobody does it like me"
    FEAR = "fear", "Fear of failure: what if it goes wrong"
    MONEY = "money", "Money: I can't afford it"
    WHO = "who", "Who: I don't know who"
    TIME = "time", "Time: no time to hand it off"


class ReviewAnswer(models.TextChoices):
    """Is the handoff working?"""

    KEEP_GOING = "keep_going", "Keep going"
    ADJUST = "adjust", "Adjust"
    TAKE_BACK = "take_back", "Take it back"
