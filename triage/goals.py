"""The owner's goals for a week (settings, both optional): at least a share of the hours on
money-generating work, and at most so many hours in all.

Each is judged on the figures as the dashboard shows them — a share that reads 70% meets a
70% goal, 40.0 h is not over a 40 h cap — so the verdict never contradicts the number
beside it. Pure: the dashboard, the weekly email and the API pass the week's hours in.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from triage.formatting import rounded, settled

TENTH = Decimal("0.1")
ZERO = Decimal(0)


@dataclass(frozen=True)
class ShareGoal:
    """At least `goal` percent of the week's hours on MGAs."""

    goal: int
    mga_hours: Decimal
    hours: Decimal  # all hours logged in the week

    @property
    def share(self) -> Decimal | None:
        return self.mga_hours / self.hours * 100 if self.hours else None

    @property
    def met(self) -> bool | None:
        """None for a week with nothing logged: no share, so no verdict."""
        if self.share is None:
            return None
        return rounded(self.share, 0) >= self.goal

    @property
    def other_over(self) -> Decimal | None:
        """The hours of other work beyond what the goal allows beside the week's MGA hours,
        rounded up to the tenth (handing off that much does meet it): what handing off is
        worth to the goal. None when the goal is met, or when no MGA hours were logged
        (no amount of less other work makes a share of nothing)."""
        if self.met is not False or self.mga_hours <= 0:
            return None
        other = self.hours - self.mga_hours
        allowed = self.mga_hours * (100 - self.goal) / self.goal
        # Settled first: 0.1 h and Decimal's last digit over it is 0.1 h, not 0.2.
        return settled(other - allowed).quantize(TENTH, rounding=ROUND_CEILING)


@dataclass(frozen=True)
class HoursCap:
    """At most `cap` hours logged in the week."""

    cap: Decimal
    hours: Decimal

    @property
    def over(self) -> Decimal:
        """How far over the cap, as the hours read (to the tenth); 0 within it."""
        return max(rounded(self.hours) - self.cap, ZERO)

    @property
    def to_spare(self) -> Decimal:
        return max(self.cap - rounded(self.hours), ZERO)

    @property
    def met(self) -> bool:
        return self.over == 0


@dataclass(frozen=True)
class WeekGoals:
    share: ShareGoal | None
    cap: HoursCap | None

    @property
    def any(self) -> bool:
        return self.share is not None or self.cap is not None


def of_week(owner_settings, hours: Decimal, mga_hours: Decimal) -> WeekGoals:
    """The owner's goals, held against one week's hours (None for a goal not set)."""
    share_goal, cap = owner_settings.mga_share_goal, owner_settings.weekly_hours_cap
    return WeekGoals(
        share=ShareGoal(share_goal, mga_hours, hours) if share_goal else None,
        cap=HoursCap(cap, hours) if cap else None,
    )


@dataclass(frozen=True)
class WeeksMet:
    """Over a run of weeks with logs: how many met each goal set (None: not set)."""

    weeks: int
    share: int | None
    cap: int | None


def weeks_met(owner_settings, hours: list[Decimal], mga_hours: list[Decimal]) -> WeeksMet | None:
    """How many of the weeks with logs met each goal; None when no goal is set or no week
    has logs."""
    logged = [of_week(owner_settings, h, m) for h, m in zip(hours, mga_hours, strict=True) if h]
    if not logged or not logged[0].any:
        return None
    return WeeksMet(
        weeks=len(logged),
        share=sum(1 for g in logged if g.share.met) if logged[0].share else None,
        cap=sum(1 for g in logged if g.cap.met) if logged[0].cap else None,
    )
