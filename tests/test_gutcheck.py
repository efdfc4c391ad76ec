"""The gut check's rules, without a database."""

from decimal import Decimal
from itertools import product

import pytest

from triage import gutcheck
from triage.gutcheck import Answers, evaluate


@pytest.mark.parametrize(
    ("is_mga", "need_to_do", "need_to_learn", "need_to_master"),
    list(product([False, True], repeat=4)),
)
def test_the_full_truth_table_of_the_four_yes_no_answers(
    is_mga, need_to_do, need_to_learn, need_to_master
):
    answers = Answers(
        is_mga, need_to_do, need_to_learn, need_to_master, overwhelm=3, feeling="shrug"
    )
    result = evaluate(answers)
    should_keep = is_mga or need_to_do or need_to_learn or need_to_master
    assert result.recommendation == (gutcheck.KEEP if should_keep else gutcheck.OUTSOURCE)
    needs_owner = need_to_do or need_to_learn or need_to_master
    assert ("You don't need to do, learn or master this." in result.reasons) == (not needs_owner)
    assert any(r.startswith("It makes you money") for r in result.reasons) == is_mga
    if should_keep:
        assert result.priority == 0
    else:
        assert result.priority > 0


def test_reasons_are_plain_words():
    answers = Answers(False, False, False, False, overwhelm=4, feeling="hate")
    result = evaluate(
        answers, weekly_hours=Decimal(5), contractor_rate=Decimal(25), buyback_rate=Decimal("38.2")
    )
    assert result.reasons == [
        "You don't need to do, learn or master this.",
        "It drains you: 4 of 5.",
        "You hate doing it.",
        "You log 5.0 h a week on it.",
        "A contractor at 25.00/h is under your buyback rate of 38.20/h.",  # one rounding
    ]


def test_reasons_write_hours_as_the_owners_locale_does():
    from triage import formatting

    answers = Answers(False, False, False, False, overwhelm=4, feeling="hate")
    with formatting.numbers_in("de_DE"):
        result = evaluate(answers, weekly_hours=Decimal("5.5"))
    assert "You log 5,5 h a week on it." in result.reasons
    # Rounded half-up like every hours figure: the task list shows 0.25 h a week as 0.3.
    assert "You log 0.3 h a week on it." in evaluate(answers, Decimal("0.25")).reasons


def test_keep_names_what_the_owner_needs():
    result = evaluate(Answers(False, True, False, True, overwhelm=1, feeling="love"))
    assert "You need to do and master this yourself." in result.reasons
    result = evaluate(Answers(True, False, False, False, overwhelm=1, feeling="love"))
    assert result.reasons[0].startswith("It makes you money")


def test_priority_rises_with_overwhelm_dislike_and_hours():
    def priority(overwhelm=3, feeling="shrug", hours=Decimal(2)):
        return evaluate(Answers(False, False, False, False, overwhelm, feeling), hours).priority

    assert priority(overwhelm=1) < priority(overwhelm=3) < priority(overwhelm=5)
    assert priority(feeling="love") < priority(feeling="shrug") < priority(feeling="hate")
    assert priority(hours=Decimal(1)) < priority(hours=Decimal(4)) < priority(hours=Decimal(9))
    assert priority(overwhelm=5, feeling="hate", hours=Decimal(40)) == 100
    # 4 weeks' hours added up (0.9999…98 h a week in Decimal's 28 digits) score as their
    # total ÷ 4 (1 h): the task list and the gut check give one priority.
    weeks = [Decimal(seconds) / 3600 for seconds in (6452, 5304, 2311, 333)]
    added, whole = sum(weeks, Decimal(0)) / 4, Decimal(14400) / 3600 / 4
    assert added * 30 / 10 < 3 == whole * 30 / 10  # a point apart, unsettled
    assert priority(hours=added) == priority(hours=whole)


@pytest.mark.parametrize(
    ("is_mga", "overwhelm", "feeling", "quarter"),
    [
        (False, 4, "shrug", gutcheck.HAND_OFF),
        (False, 1, "hate", gutcheck.HAND_OFF),
        (True, 3, "love", gutcheck.REPLACE_LATER),
        (False, 2, "love", gutcheck.INVEST),
        (True, 2, "shrug", gutcheck.PRODUCE),
    ],
)
def test_the_energy_value_quarters(is_mga, overwhelm, feeling, quarter):
    assert evaluate(Answers(is_mga, True, False, False, overwhelm, feeling)).quarter == quarter


def test_priority_labels():
    high = evaluate(Answers(False, False, False, False, 5, "hate"), Decimal(8))
    low = evaluate(Answers(False, False, False, False, 1, "love"), Decimal(1))
    assert high.priority_label == "high"
    assert low.priority_label == "low"
    assert evaluate(Answers(True, False, False, False, 5, "hate")).priority_label == ""
