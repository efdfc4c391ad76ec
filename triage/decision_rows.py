"""Decisions as the pages list them: each with its figures and, when the owner's logs now
say something else about its baseline, what they say. A fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from triage import logged_hours, outsourcing
from triage.models import BaselineSource, Decision, OwnerSettings


@dataclass
class DecisionRow:
    decision: Decision
    figures: outsourcing.Numbers
    logs_baseline: Decimal  # what the logs now say the baseline was on the decision's day
    logs_source: str
    status_form: object = None  # the page's start/end form, when it shows one

    @property
    def baseline_disagrees(self) -> bool:
        return outsourcing.baselines_disagree(
            self.decision.baseline_hours_per_week, self.logs_baseline
        ) and self.logs_source in (BaselineSource.LOGS, BaselineSource.RECENT)

    @property
    def logs_source_label(self) -> str:
        return BaselineSource(self.logs_source).label


def decision_rows(decisions: list[Decision], owner_settings: OwnerSettings) -> list[DecisionRow]:
    baselines = logged_hours.decision_baselines(decisions, owner_settings)
    return [
        DecisionRow(
            decision,
            decision.numbers(owner_settings.weeks_per_year),
            *baselines[decision.pk],
        )
        for decision in decisions
    ]
