"""The calendar day of an event, from the time expression attached to it.

`resolve_date` turns one time expression into a day relative to the
article's publication date: "yesterday", "today", "on Thursday" (the most
recent Thursday on or before publication), "Dec. 19", "July 24",
"October 7, 2023", "7 October 2023", "2023-10-07". Expressions that name a
span longer than a day ("last week", "earlier this month", "in 2019",
"in February") resolve to nothing: a week is not a day.

`event_date` finds the time expression that belongs to an event: one inside
the event's clause (a DATE/TIME entity, or a weekday word, reached through
prepositions, noun-phrase adverbials and objects, not through embedded
clauses), else the one of the clause it is part of ("met X on Monday and
discussed ...", "X signed on Friday, while Y signed ...", "held talks on
Tuesday, with the two sides agreeing ..."). A clause without a time
expression has no date: the publication date is never copied. `event_time`
also says what kind of expression it found, so that the events component can
count relative days ("hours earlier", "the next day") from the story's time.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
            "fri": 4, "sat": 5, "sun": 6}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
          "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
          "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
          "oct": 10, "nov": 11, "dec": 12}
_SAME_DAY = {"today", "tonight"}
_SAME_DAY_PARTS = {"morning", "afternoon", "evening", "night"}
# words that make an expression a span, or a point only relative to another event
_UNBOUND = {"week", "weeks", "month", "months", "year", "years", "weekend", "ago", "earlier", "later",
            "past", "recent", "recently", "decade", "decades", "century", "spring", "summer", "autumn",
            "fall", "winter", "quarter", "season", "before", "after", "previous", "following", "since",
            "day", "days", "hours", "hour", "period", "era", "late", "early", "mid"}
# verbs that report a statement: a speech act reported without its own time took place when reported
REPORTING_VERBS = frozenset({"say", "tell", "add", "announce", "state", "declare", "write", "tweet", "report"})
# prepositions that make a day the edge of a span, not the time of the event ("since Wednesday")
_EDGE_PREPS = frozenset({"since", "until", "till", "by", "before", "after", "from", "through", "throughout",
                         "ahead", "between", "within"})
# conjunctions of a clause that happens at the time of the clause it depends on
_SIMULTANEOUS = frozenset({"while", "as", "when", "whilst"})
# resolve month-day dates without a year to the previous year when they would lie this far ahead
_FUTURE_SLACK = timedelta(days=62)

# dependency labels through which an event's own time expression is reached
_DESCEND = {"prep", "pobj", "npadvmod", "tmod", "advmod", "dobj", "compound", "nummod", "amod", "acl",
            "appos", "nmod", "poss", "pcomp", "dative", "attr", "oprd", "agent", "quantmod", "case"}
# dependency labels of clauses that carry their own time ("said on Monday that X had met on Friday")
_BLOCK = {"nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "conj", "relcl", "parataxis",
          "xcomp", "mark", "punct", "cc"}
_MAX_DEPTH = 6


# ---------------------------------------------------------------- one expression
def resolve_date(expression: str | Span | Token | list[Token], published: date | None) -> date | None:
    """The calendar day an expression names, relative to the publication date; None if it names none."""
    text = _text(expression)
    low = text.lower()
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", low)
    if iso:
        return _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    words = re.findall(r"[a-z]+|\d+", low)
    if not words:
        return None

    month = day = year = None
    for i, word in enumerate(words):
        if word in MONTHS and month is None:
            if word == "may" and not _has_number_near(words, i):
                continue  # the modal, or "in May" with no day
            if word == "mar" and not _has_number_near(words, i):
                continue
            month = MONTHS[word]
            for j in (i + 1, i - 1, i + 2):
                if 0 <= j < len(words) and words[j].isdigit() and 1 <= int(words[j]) <= 31 and day is None:
                    if j == i + 2 and words[i + 1] != "the":
                        continue
                    day = int(words[j])
    for word in words:
        if word.isdigit() and len(word) == 4 and 1900 <= int(word) <= 2100:
            year = int(word)
    if month is not None:
        if day is None:
            return None  # "in February", "in July 2019": a month is not a day
        if year is not None:
            return _make(year, month, day)
        if published is None:
            return None
        guess = _make(published.year, month, day)
        if guess is not None and guess > published + _FUTURE_SLACK:
            guess = _make(published.year - 1, month, day)
        return guess
    if published is None:
        return None
    if "yesterday" in words:
        return published - timedelta(days=1) if not _any_unbound(words, allow={"day"}) else None
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS and _is_weekday_word(w, text)), None)
    if weekday is not None:
        if "next" in words or "coming" in words:
            delta = (weekday - published.weekday()) % 7 or 7
            return published + timedelta(days=delta)
        if "last" in words or "previous" in words or "past" in words:
            delta = (published.weekday() - weekday) % 7 or 7
            return published - timedelta(days=delta)
        if _any_unbound(words, allow={"late", "early"}):
            return None  # "the week before Monday", "days after Monday"
        delta = (published.weekday() - weekday) % 7
        return published - timedelta(days=delta)
    if any(w in _SAME_DAY for w in words) and not _any_unbound(words):
        return published
    if "this" in words and any(w in _SAME_DAY_PARTS for w in words):
        return published
    return None


def _text(expression: str | Span | Token | list[Token]) -> str:
    if isinstance(expression, str):
        return expression
    if isinstance(expression, (Span, Token)):
        return expression.text
    return " ".join(t.text for t in expression)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _has_number_near(words: list[str], i: int) -> bool:
    return any(0 <= j < len(words) and words[j].isdigit() for j in (i - 1, i + 1))


def _any_unbound(words: list[str], allow: set[str] = frozenset()) -> bool:
    return any(w in _UNBOUND and w not in allow for w in words)


def _is_weekday_word(word: str, text: str) -> bool:
    """Short forms ("Sat", "Sun", "Wed") count only capitalised, so "sun" and "wed" stay words."""
    if len(word) > 4 or word in ("tues", "thur"):
        return True
    return re.search(r"\b" + word.capitalize() + r"\b", text) is not None


# ---------------------------------------------------------------- an event's expression
@dataclass(frozen=True)
class Time:
    """The time expression of a clause.

    `kind` is "point" (a day: `span` names it), "span" (a stretch longer than a
    day, "last week"), "edge" (a day or stretch that bounds the event, "since
    Wednesday", "after weeks of talks"), "relative" (a day counted from the
    story's own time, "hours earlier", "the next day": `offset` days from it),
    or "" when the clause has none.
    """

    kind: str = ""
    span: Span | None = None
    offset: int = 0

    @property
    def found(self) -> bool:
        return bool(self.kind)


@dataclass(frozen=True)
class EventTime:
    """The day of an event and how it was found."""

    date: date | None = None
    kind: str = ""  # the kind of the time expression that decided it ("" when no clause had one)
    offset: int | None = None  # for a relative expression: days from the story's time


def event_date(trigger: Token, published: date | None, inherit: bool = True,
               through_reporting: bool = False, via: Token | None = None) -> date | None:
    """The day of the event that `trigger` expresses, from the time expression of its clause.

    With `inherit`, a clause without a time expression shares the time of the
    clause it continues ("met X on Monday and thanked Y", "postponed the vote
    on Thursday, accusing X"). With `through_reporting` (for speech acts: an
    accusation, a demand, a statement of support), it also takes the time of
    the statement that reports it ("In a statement Saturday, X said it stood
    with Y"). `via` is the clause the event belongs to when the parse hung it
    elsewhere (see `events`): its time is the event's when the event's own
    clause has none.
    """
    return event_time(trigger, published, inherit, through_reporting, via).date


def event_time(trigger: Token, published: date | None, inherit: bool = True,
               through_reporting: bool = False, via: Token | None = None) -> EventTime:
    """Like `event_date`, and says what kind of expression decided the day.

    A speech act reported "after weeks of talks" took place when reported: an
    expression that only bounds it does not stop the search for the time of
    its report.
    """
    token = trigger
    for _ in range(6):
        time = find_time(token)
        if time.kind == "point":
            return EventTime(resolve_date(time.span, published) if time.span is not None else None, "point")
        if time.kind == "relative":
            return EventTime(None, "relative", time.offset)
        if time.found and not (time.kind == "edge" and through_reporting):
            return EventTime(None, time.kind)
        if not inherit:
            return EventTime(None, time.kind)
        head = via if via is not None and via.i != token.i else _sharing_head(token, through_reporting)
        via = None
        if head is None:
            return EventTime(None, time.kind)
        token = head
    return EventTime()


def find_time_expression(trigger: Token) -> tuple[Span | None, bool]:
    """The time expression that dates the clause of `trigger`.

    Returns ``(span, True)`` when the clause has one (``span`` None when it
    names a span of time rather than a day, "last week"), ``(None, False)``
    when it has none.
    """
    time = find_time(trigger)
    return (time.span if time.kind == "point" else None), time.found


def find_time(trigger: Token) -> Time:
    """The time expression of the clause of `trigger` (see `Time`)."""
    seen: set[int] = {trigger.i}
    children = list(trigger.children)  # read twice; `Token.children` builds them anew
    queue: deque[tuple[Token, int]] = deque((c, 1) for c in children)
    # "Israel on Thursday postponed ...": a time phrase the parser hung on the subject
    for child in children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            for grandchild in child.children:
                if grandchild.dep_ == "npadvmod" or (grandchild.dep_ == "prep" and grandchild.lower_ == "on"):
                    queue.append((grandchild, 3))
    candidates: list[tuple[int, int, Time]] = []
    while queue:
        token, depth = queue.popleft()
        if token.i in seen:
            continue
        seen.add(token.i)
        dep = token.dep_
        if dep in _BLOCK:
            continue
        if dep == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            continue  # "talks to revive the 2015 deal": a purpose, with times of its own
        offset = _relative_day(token)
        if offset is not None:
            candidates.append((depth, token.i, Time("relative", None, offset)))
            continue
        kind, span = _time_at(token)
        if kind:
            candidates.append((depth, token.i, Time(kind, span)))
            continue
        if depth < _MAX_DEPTH and dep in _DESCEND:
            queue.extend((c, depth + 1) for c in token.children)
    if not candidates:
        return Time()
    # a day wins over a vaguer expression of the same clause ("on Friday, the last day of his trip")
    order = {"point": 0, "relative": 1, "span": 2, "edge": 3}
    candidates.sort(key=lambda c: (order[c[2].kind], c[0], abs(c[1] - trigger.i)))
    return candidates[0][2]


# relative expressions counted from the story's time: "hours earlier", "a day later", "the next day"
_SAME_DAY_UNITS = {"hour", "hours", "minute", "minutes", "moment", "moments"}
_BACKWARD = {"earlier", "before"}
_FORWARD = {"later", "after"}


def _relative_day(token: Token) -> int | None:
    """Days from the story's time that a relative expression headed by `token` names, or None.

    "hours earlier", "later that day", "the same day" are 0; "the next day",
    "a day later", "the following day" +1; "the previous day", "a day
    earlier", "the day before" -1. An expression with an anchor of its own
    ("a day after the vote", "hours before the talks") is no such expression.
    """
    lower = token.lower_
    is_day = token.lemma_.lower() == "day"
    if not is_day and lower not in _BACKWARD and lower not in _FORWARD:
        return None  # every expression below is headed by one of these words
    children = list(token.children)
    if any(c.dep_ in ("pobj", "pcomp") for c in children):
        return None  # "hours after the attack": counted from another event
    if token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("than", "of"):
        return None
    if lower in _BACKWARD | _FORWARD:
        sign = -1 if lower in _BACKWARD else 1
        for child in children:
            if child.dep_ in ("npadvmod", "nmod", "advmod", "compound"):
                if child.lower_ in _SAME_DAY_UNITS:
                    return 0
                if child.lower_ == "day" and any(g.lower_ in ("a", "one") for g in child.children):
                    return sign
        return None
    if is_day and token.tag_ == "NN":
        words = {c.lower_ for c in children if c.dep_ in ("det", "amod", "advmod", "npadvmod")}
        if "the" in words and words & {"next", "following"}:
            return 1
        if "the" in words and words & {"previous", "preceding"}:
            return -1
        if words & {"same"} or ("that" in words and words & {"later", "earlier"}):
            return 0
        if "the" in words and any(c.dep_ == "advmod" and c.lower_ == "before" for c in children):
            return -1
    return None


def _sharing_head(trigger: Token, through_reporting: bool = False) -> Token | None:
    """The clause whose time a clause shares: the head of a conjunct or participle without a subject."""
    dep, head = trigger.dep_, trigger.head
    if head.i == trigger.i:
        return None
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
    if trigger.pos_ in ("VERB", "AUX"):
        if dep == "conj" and not own_subject:
            return head.head if parenthetical(head) else head
        if dep == "conj" and trigger.lemma_.lower() == head.lemma_.lower() and trigger.tag_ == head.tag_:
            return head  # parallel clauses: "X signed on Friday, and Y signed a matching text"
        if dep == "advcl" and trigger.tag_ == "VBD" and any(c.dep_ == "mark" and c.lower_ in _SIMULTANEOUS
                                                            for c in trigger.children):
            return head  # "X signed on Friday, while Y signed ...": at the same time
        if dep == "advcl" and not own_subject and trigger.tag_ in ("VBG", "VBN"):
            return head
        if dep == "xcomp":
            return head
        if dep == "pcomp" and head.lower_ == "with" and head.head.pos_ in ("VERB", "AUX"):
            return head.head  # "held talks on Tuesday, with the two sides agreeing to ...": at the same time
        if through_reporting and dep == "ccomp" and head.lemma_.lower() in REPORTING_VERBS:
            return head
        if through_reporting and dep == "conj" and head.dep_ == "ccomp" \
                and head.head.lemma_.lower() in REPORTING_VERBS:
            return head  # "said that A ... and that X reserved the right to respond": reported together
        return None
    if dep in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return head  # "talks ended on Tuesday"
    if dep in ("dobj", "attr", "oprd"):
        return None  # the verb's time is that verb's event
    return None


def parenthetical(clause: Token) -> bool:
    """A subordinate clause set off by commas after its main clause, and followed by a coordinated one
    ("X accused Y, hours after Z announced W, and urged ..."): the coordinated clause continues the main one."""
    if clause.dep_ != "advcl" or clause.head.i >= clause.i or clause.head.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ == "mark" for c in clause.children):
        return False
    left = clause.left_edge.i
    if left == 0 or clause.doc[left - 1].text != ",":
        return False
    return any(c.dep_ == "cc" and c.i > 0 and clause.doc[c.i - 1].text == "," for c in clause.children)


def _time_at(token: Token) -> tuple[str, Span | None]:
    """Whether `token` is part of a time expression: ("point", span), ("span", span), or ("", None).

    Durations ("for six weeks", "a three-day meeting") are no time of the event: ("", None).
    """
    lower = token.lower_
    if token.ent_type_ in ("DATE", "TIME"):
        span = _entity(token)
    elif lower in WEEKDAYS and _is_weekday_word(lower, token.text) or lower in ("yesterday", "today", "tonight"):
        span = token.doc[token.i:token.i + 1]
    else:
        return "", None
    if _in_dateline(span):
        return "", None
    governor = span.root.head
    if governor.dep_ in ("prep", "mark") and governor.lower_ in _EDGE_PREPS and governor.i < span.start:
        return "edge", span
    words = re.findall(r"[a-z]+|\d+", span.text.lower())
    has_weekday = any(w in WEEKDAYS and _is_weekday_word(w, span.text) for w in words)
    has_month_day = any(w in MONTHS for w in words) and any(w.isdigit() and int(w) <= 31 for w in words)
    if has_weekday or has_month_day or any(w in ("yesterday", "today", "tonight") for w in words) \
            or re.search(r"\d{4}-\d{1,2}-\d{1,2}", span.text):
        return "point", span
    if any(w in MONTHS for w in words) or any(w.isdigit() and len(w) == 4 for w in words) \
            or any(w in ("last", "this", "earlier", "ago", "next", "past", "recent", "later", "previous")
                   for w in words):
        return "span", span
    return "", None


def _entity(token: Token) -> Span:
    """The entity `token` is part of, found from the IOB tags as `Doc.ents` finds it (without building
    every entity of the document anew)."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    first = doc[start]
    if first.ent_iob_ != "B" or not first.ent_type:
        return doc[token.i:token.i + 1]
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id, span_id=first.ent_id)


def _in_dateline(span: Span) -> bool:
    """A date in a wire dateline ("KYIV, July 24 (Reuters) -") dates the report, not an event."""
    doc = span.doc
    i = span.start - 1
    saw_upper = False
    while i >= 0 and "\n" not in doc[i].text:
        token = doc[i]
        if token.is_alpha and token.is_upper and len(token.text) > 1:
            saw_upper = True
        elif not (token.is_punct or token.is_space or (token.is_alpha and token.is_upper)):
            return False
        i -= 1
    if not saw_upper:
        return False
    # the dateline ends in an agency tag or a dash shortly after the date
    for token in doc[span.end:span.end + 6]:
        if token.text in ("-", "--", "\u2014", "\u2013", "(") or token.text.startswith("--"):
            return True
    return False
