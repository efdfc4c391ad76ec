"""The gut check: six answers in, a recommendation with its reasons out."""

from dataclasses import dataclass, field
from decimal import Decimal

from triage import formatting
from triage.choices import DecisionKind, Feeling, Quarter

KEEP = DecisionKind.KEEP
OUTSOURCE = DecisionKind.OUTSOURCE

HAND_OFF = Quarter.HAND_OFF
REPLACE_LATER = Quarter.REPLACE_LATER
INVEST = Quarter.INVEST
PRODUCE = Quarter.PRODUCE

DRAINING_FROM = 3  # overwhelm at or above this drains the owner

_FEELING_PRIORITY = {Feeling.HATE: 30, Feeling.SHRUG: 15, Feeling.LOVE: 0}
_HOURS_FOR_FULL_PRIORITY = Decimal(10)


@dataclass(frozen=True)
class Answers:
    is_mga: bool
    need_to_do: bool
    need_to_learn: bool
    need_to_master: bool
    overwhelm: int  # 1 (fine) … 5 (drains me)
    feeling: str  # "love", "shrug" or "hate"


@dataclass(frozen=True)
class Result:
    recommendation: str  # KEEP or OUTSOURCE
    priority: int  # 0 … 100; 0 for keep
    quarter: str  # where the task sits on the energy × value map
    reasons: list[str] = field(default_factory=list)

    @property
    def priority_label(self) -> str:
        if self.recommendation == KEEP:
            return ""
        if self.priority >= 60:
            return "high"
        if self.priority >= 30:
            return "medium"
        return "low"


def is_draining(overwhelm: int, feeling: str) -> bool:
    return overwhelm >= DRAINING_FROM or feeling == Feeling.HATE


def quarter_for(is_mga: bool, draining: bool) -> str:
    """The energy × value map: money value across, energy down."""
    if draining:
        return REPLACE_LATER if is_mga else HAND_OFF
    return PRODUCE if is_mga else INVEST


def priority_for(overwhelm: int, feeling: str, weekly_hours: Decimal | None) -> int:
    """0 … 100, rising with overwhelm (40), dislike (30) and weekly hours (30)."""
    # Settled: the same hours added up another way must not score a point apart.
    hours = min(formatting.settled(weekly_hours or 0), _HOURS_FOR_FULL_PRIORITY)
    hours_points = int(hours * 30 / _HOURS_FOR_FULL_PRIORITY)
    return (overwhelm - 1) * 10 + _FEELING_PRIORITY[feeling] + hours_points


def evaluate(
    answers: Answers,
    weekly_hours: Decimal | None = None,
    contractor_rate: Decimal | None = None,
    buyback_rate: Decimal | None = None,
    money=lambda value: f"{value:.2f}",  # writes money as the owner reads it
) -> Result:
    """Recommend keep or outsource, with the plain-language reasons that produced it."""
    keepers = [
        word
        for word, needed in (
            ("do", answers.need_to_do),
            ("learn", answers.need_to_learn),
            ("master", answers.need_to_master),
        )
        if needed
    ]
    draining = is_draining(answers.overwhelm, answers.feeling)
    reasons: list[str] = []

    if answers.is_mga:
        reasons.append("It makes you money: a money-generating activity stays with you.")
    if keepers:
        reasons.append(f"You need to {_join(keepers)} this yourself.")
    else:
        reasons.append("You don't need to do, learn or master this.")

    if draining and answers.overwhelm >= DRAINING_FROM:
        reasons.append(f"It drains you: {answers.overwhelm} of 5.")
    if answers.feeling == Feeling.HATE:
        reasons.append("You hate doing it.")
    elif answers.feeling == Feeling.LOVE:
        reasons.append("You love doing it.")
    if weekly_hours is not None and weekly_hours > 0:
        reasons.append(f"You log {formatting.hours(weekly_hours)} h a week on it.")
    if contractor_rate is not None and buyback_rate is not None:
        comparison = "under" if contractor_rate < buyback_rate else "not under"
        reasons.append(
            f"A contractor at {money(contractor_rate)}/h is {comparison} "
            f"your buyback rate of {money(buyback_rate)}/h."
        )

    keep = answers.is_mga or bool(keepers)
    if keep and draining:
        reasons.append("It drains you, so plan to replace yourself here later.")
    return Result(
        recommendation=KEEP if keep else OUTSOURCE,
        priority=0 if keep else priority_for(answers.overwhelm, answers.feeling, weekly_hours),
        quarter=quarter_for(answers.is_mga, draining),
        reasons=reasons,
    )


def keep_label(answers: Answers) -> str:
    """Why a kept task stays, in a few words, for the map: `keep: you're learning it`."""
    if answers.is_mga:
        return "keep: it makes you money"
    if answers.need_to_master:
        return "keep: it's your craft"
    if answers.need_to_learn:
        return "keep: you're learning it"
    if answers.need_to_do:
        return "keep: only you can do it"
    return ""


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
