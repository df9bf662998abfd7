"""Time expressions resolved to days, and the time expression that belongs to an event."""
from __future__ import annotations

from datetime import date

import pytest

from dipkg.extract.dates import event_date, event_time, find_time, find_time_expression, resolve_date
from dipkg.nlp import load_nlp

FRIDAY = date(2024, 3, 15)  # a Friday


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _token(doc, text):
    return next(t for t in doc if t.text == text)


# ---------------------------------------------------------------- resolve_date
@pytest.mark.parametrize("expression, expected", [
    ("yesterday", date(2024, 3, 14)),
    ("today", FRIDAY),
    ("tonight", FRIDAY),
    ("this morning", FRIDAY),
    ("Thursday", date(2024, 3, 14)),
    ("on Thursday", date(2024, 3, 14)),
    ("Friday", FRIDAY),  # the publication day itself: news reports the same day's events
    ("Saturday", date(2024, 3, 9)),  # the past, not tomorrow
    ("Wednesday evening", date(2024, 3, 13)),
    ("late on Monday", date(2024, 3, 11)),
    ("Monday night", date(2024, 3, 11)),
    ("last Friday", date(2024, 3, 8)),
    ("next Tuesday", date(2024, 3, 19)),
    ("Dec. 19", date(2023, 12, 19)),  # without a year, and months ahead: the previous year
    ("March 12", date(2024, 3, 12)),
    ("July 24", date(2023, 7, 24)),
    ("April 2", date(2024, 4, 2)),  # shortly after publication: still this year
    ("12 March", date(2024, 3, 12)),
    ("Sept. 3", date(2023, 9, 3)),
    ("October 7, 2023", date(2023, 10, 7)),
    ("7 October 2023", date(2023, 10, 7)),
    ("2022-02-24", date(2022, 2, 24)),
])
def test_resolve_date_forms(expression, expected):
    assert resolve_date(expression, FRIDAY) == expected


@pytest.mark.parametrize("expression", [
    "last week", "this week", "earlier this month", "last month", "in 2019", "February", "July 2019",
    "six months later", "recent weeks", "the next day", "for months", "", "the weekend",
])
def test_spans_of_time_are_no_day(expression):
    assert resolve_date(expression, FRIDAY) is None


def test_without_publication_date_only_full_dates_resolve():
    assert resolve_date("October 7, 2023", None) == date(2023, 10, 7)
    assert resolve_date("Thursday", None) is None
    assert resolve_date("July 24", None) is None
    assert resolve_date("yesterday", None) is None


def test_year_end_rollover():
    published = date(2024, 1, 3)
    assert resolve_date("Dec. 30", published) == date(2023, 12, 30)
    assert resolve_date("Sunday", published) == date(2023, 12, 31)
    assert resolve_date("Jan. 2", published) == date(2024, 1, 2)


def test_accepts_tokens(nlp):
    doc = nlp("They met on Dec. 19 in Geneva.")
    assert resolve_date(list(doc[3:5]), FRIDAY) == date(2023, 12, 19)
    assert resolve_date(doc[3:5], FRIDAY) == date(2023, 12, 19)


# ---------------------------------------------------------------- event_date
@pytest.mark.parametrize("sentence, trigger, expected", [
    ("Kenya and Uganda signed the pact on Thursday.", "signed", date(2024, 3, 14)),
    ("On Wednesday, Peru expelled the envoy.", "expelled", date(2024, 3, 13)),
    ("Chile recalled its ambassador yesterday.", "recalled", date(2024, 3, 14)),
    ("Rebels attacked the base on October 7, 2023.", "attacked", date(2023, 10, 7)),
    ("The ministers met in Lima on Dec. 19 to discuss trade.", "met", date(2023, 12, 19)),
    ("Ghana said late on Monday that it had closed the border.", "said", date(2024, 3, 11)),
    ("The two leaders spoke by phone on Wednesday evening.", "spoke", date(2024, 3, 13)),
    ("Norway hosted the talks last week.", "hosted", None),  # a week is not a day
    ("The envoy visited the region earlier this month.", "visited", None),
    ("The envoy visited the region.", "visited", None),  # no time expression: no date
])
def test_event_date(nlp, sentence, trigger, expected):
    doc = nlp(sentence)
    assert event_date(_token(doc, trigger), FRIDAY) == expected


def test_a_conjunct_shares_the_time_of_its_clause(nlp):
    doc = nlp("The president met the envoy on Tuesday and thanked him for his work.")
    assert event_date(_token(doc, "thanked"), FRIDAY) == date(2024, 3, 12)


def test_a_participle_shares_the_time_of_its_clause(nlp):
    doc = nlp("Israel on Thursday postponed the vote, accusing the group of backtracking.")
    assert event_date(_token(doc, "accusing"), FRIDAY) == date(2024, 3, 14)


def test_a_reported_act_does_not_take_the_time_of_its_report(nlp):
    doc = nlp("Officials said on Monday that the militia had attacked the convoy.")
    assert event_date(_token(doc, "attacked"), FRIDAY) is None
    # ... unless the act is the statement itself (a speech act reported without a time of its own)
    doc = nlp("In a statement on Monday, the ministry said Canada stood with Ukraine.")
    assert event_date(_token(doc, "stood"), FRIDAY, through_reporting=True) == date(2024, 3, 11)


def test_a_day_that_bounds_a_span_dates_nothing(nlp):
    doc = nlp("Strikes have killed dozens of people since Wednesday night.")
    assert event_date(_token(doc, "killed"), FRIDAY) is None


def test_a_dateline_dates_the_report_not_the_event(nlp):
    doc = nlp("GENEVA, March 14 (Reuters) - Swiss police arrested two diplomats on Tuesday.")
    assert event_date(_token(doc, "arrested"), FRIDAY) == date(2024, 3, 12)


def test_a_day_wins_over_a_vaguer_expression(nlp):
    doc = nlp("The envoy met the minister on Friday, the last day of his trip.")
    span, found = find_time_expression(_token(doc, "met"))
    assert found and span is not None and "Friday" in span.text


# ---------------------------------------------------------------- kinds of time expressions
@pytest.mark.parametrize("sentence, trigger, offset", [
    ("Hours earlier, the two leaders traded barbs.", "traded", 0),
    ("Later that day, the two ministers met again.", "met", 0),
    ("The envoy left the next day.", "left", 1),
    ("A day earlier, the ministry had summoned the ambassador.", "summoned", -1),
])
def test_relative_days(nlp, sentence, trigger, offset):
    time = event_time(_token(nlp(sentence), trigger), FRIDAY)
    assert (time.kind, time.offset, time.date) == ("relative", offset, None)


def test_a_relative_day_with_its_own_anchor_is_no_story_time(nlp):
    doc = nlp("Protesters gathered a day after the vote on Thursday.")
    assert find_time(_token(doc, "gathered")).kind != "relative"


def test_an_edge_does_not_hide_the_time_of_the_report_of_a_speech_act(nlp):
    doc = nlp("Qatar said on Wednesday that both sides had accepted the deal after weeks of talks.")
    accepted = _token(doc, "accepted")
    assert event_time(accepted, FRIDAY).kind == "edge" and event_date(accepted, FRIDAY) is None
    assert event_date(accepted, FRIDAY, through_reporting=True) == date(2024, 3, 13)


def test_a_simultaneous_clause_shares_the_time_of_its_main_clause(nlp):
    doc = nlp("Ghana signed the accord on Thursday, while Togo signed a matching text.")
    assert event_date([t for t in doc if t.text == "signed"][1], FRIDAY) == date(2024, 3, 14)
    doc = nlp("The premier held talks with the envoy on Tuesday, with the two sides agreeing to expand trade.")
    assert event_date(_token(doc, "agreeing"), FRIDAY) == date(2024, 3, 12)


def test_a_clause_after_a_parenthetical_shares_the_main_clause_time(nlp):
    doc = nlp("Chile on Sunday accused Peru of spying, hours after Lima expelled a diplomat, and urged the "
              "United Nations to act.")
    assert event_date(_token(doc, "urged"), FRIDAY) == date(2024, 3, 10)


def test_an_infinitive_of_purpose_keeps_its_times_to_itself(nlp):
    doc = nlp("Talks to revive the 2015 border accord between Kenya and Uganda resumed in the Ugandan capital "
              "on Monday.")
    assert event_date(_token(doc, "Talks"), FRIDAY) == date(2024, 3, 11)


def test_the_governing_clause_given_by_the_caller(nlp):
    doc = nlp("The Kenyan president said late on Tuesday that the raid showed the militia could not be trusted to "
              "keep any promise, calling it an act of terror.")
    calling, said = _token(doc, "calling"), _token(doc, "said")
    assert event_date(calling, FRIDAY, via=said) == date(2024, 3, 12)
