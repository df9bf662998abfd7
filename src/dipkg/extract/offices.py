"""Offices persons hold and the state or organization they serve.

Titles come from the title lexicon, found where English puts them: before the
name ("Vice Foreign Minister Chen Hao"), or in an apposition before or
after it ("Ukraine's energy minister, Petro Marchenko"; "Tom
Reeve, the Solomon Islands' fisheries minister"). A title grows left
over the words that modify it ("climate" in "climate envoy"), and the state or
organization named in front of it ("U.S.", "Russian", "China's") is the one the
office serves. A military rank or an honorific is no office.

A title no state qualifies still tells one when the office exists in one state
only ("State Councilor"), when an institution owns it ("the Ethiopian foreign
ministry's spokesman", "its envoy"), or when it is a counterpart's. Otherwise the
state is guessed from the context, by the clause structure around the name
(`_fallback_affiliations`), and left out when the context gives no safe guess.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dipkg.extract.context import ArticleContext
from dipkg.extract.coref import state_descriptions, topic
from dipkg.model import ActorKind, ActorRef, Mention, Office, Person
from dipkg.reference import load_news_agencies, load_titles

_OBJECT_DEPS = ("dobj", "pobj", "dative", "attr", "oprd", "conj")
_NOT_OFFICES = ("honorific", "rank")  # "Spokesman Colonel X", "Energy Minister Prince X"
_MODIFIER_POS = {"ADJ", "NOUN", "PROPN", "NUM"}
_STOP_WORDS = {"top", "senior", "former", "new", "then", "incoming", "outgoing", "acting", "chief", "the", "a", "an"}
_APPOSITION_WINDOW = 24
_TAIL_PREPOSITIONS = {"for", "of", "to", "on"}
_TAIL_INNER_PREPOSITIONS = _TAIL_PREPOSITIONS | {"in", "at"}
_TAIL_POS = {"PROPN", "NOUN", "ADJ", "DET", "ADP", "CCONJ", "PART", "NUM"}
_TAIL_LENGTH = 12
_PLACE_PREPOSITIONS = {"in", "at", "to", "into", "from", "near", "toward", "towards", "across", "around", "via",
                       "through", "outside", "inside"}
_COUNTERPART_NOUNS = {"counterpart", "counterparts"}


def find_offices(ctx: ArticleContext, nlp: Language) -> None:
    """Attach offices and affiliations to the persons already found."""
    doc = ctx.doc
    titles = ctx.titles(nlp)
    ends: dict[int, Span] = {}
    for title in titles:
        ends.setdefault(title.end, title)
        ends.setdefault(_tail_end(ctx, title), title)
    attached: set[int] = set()
    for mention in list(ctx.extraction.mentions):
        if mention.actor.kind is not ActorKind.PERSON or mention.how != "name":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        person = ctx.extraction.persons[mention.actor.key]
        for title in _titles_before(ctx, span, ends) + _titles_after(ctx, span, titles):
            _attach(ctx, person.key, title, 0.7)
            attached.add(title.start)
        _office_by_verb(ctx, person.key, span)
        _apposition_affiliation(ctx, person.key, span)
        _led_body_affiliation(ctx, person.key, span)
    for title in titles:
        if title.start not in attached and title.label_ == "office":
            key = _holder_of_predicate(ctx, title) or _holder_of_description(ctx, title)
            if key is not None:
                _attach(ctx, key, title, 0.6)
    _counterpart_offices(ctx)
    _fallback_affiliations(ctx, titles)


def _attach(ctx: ArticleContext, key: str, title: Span, confidence: float) -> None:
    """Give the person the office `title` states, and count the title as a mention of them."""
    text, served = _grow_title(ctx, title)
    _add_office(ctx, key, text, served, title)
    ctx.add_mention(Mention(ActorRef(ActorKind.PERSON, key), title.start_char, title.end_char,
                            ctx.sentence_index(title[0]), ctx.span_text(title), "title", confidence))


def _person_at(ctx: ArticleContext, token: Token) -> str | None:
    ref = ctx.actor_ref(token, depth=0)
    return ref.key if ref is not None and ref.kind is ActorKind.PERSON else None


def _holder_of_predicate(ctx: ArticleContext, title: Span) -> str | None:
    """"X, now confirmed as deputy secretary", "X was named foreign minister": the person the
    clause governing "as TITLE" (or a naming verb's complement) is about."""
    start, _ = _grow_start(ctx, title)
    doc = title.doc
    k = start - 1
    sent_start = ctx.sentence_start[title.start]
    while k >= sent_start and doc[k].lower_ in ("the", "a", "an"):
        k -= 1
    if k < sent_start or doc[k].lower_ != "as":
        return None
    token = doc[k].head
    for _ in range(4):
        key = _person_at(ctx, token)
        if key is not None:
            return key
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and (key := _person_at(ctx, child)) is not None:
                return key
        if token.head is token:
            return None
        token = token.head
    return None


def _holder_of_description(ctx: ArticleContext, title: Span) -> str | None:
    """"The U.S. special envoy for Haiti ... arrived": a definite description by office, not an
    object, points back to the last person named in an earlier sentence, if their
    state fits (and their office, for a possessor). A description as an object, or after a name in its own
    sentence, is someone else ("Rae said the envoy was summoned")."""
    root = title.root
    if root.dep_ in _OBJECT_DEPS or not any(c.dep_ == "det" and c.lower_ == "the" for c in root.children):
        return None
    end = _tail_end(ctx, title)
    if end < len(title.doc) and ctx.mention_at(title.doc[end]) is not None:
        return None
    _, served = _grow_title(ctx, title)
    sentence = ctx.sentence_index(title[0])
    earlier = [m for m in ctx.extraction.mentions
               if m.actor.kind is ActorKind.PERSON and m.end <= title.start_char and 1 <= sentence - m.sentence <= 2]
    noun = ctx.lower[root.i]
    for mention in sorted(earlier, key=lambda m: -m.start):
        person = ctx.extraction.persons[mention.actor.key]
        # a possessor by office is the person named last only if they hold it: after "Foreign Minister X",
        # "the secretary-general's envoy" names someone else (a subject may take up another of X's offices)
        same_office = root.dep_ != "poss" or not person.offices or any(
            noun in office.title.lower().split() for office in person.offices)
        if same_office and (served is None or person.affiliation in (None, served)):
            return person.key
        return None
    return None


@cache
def _unique_states() -> dict[str, ActorRef]:
    """Titles that only one state has ("state councilor"), with that state."""
    return {t.title: ActorRef(ActorKind.STATE, t.state) for t in load_titles() if t.state}


@cache
def office_verbs() -> dict[str, str]:
    rows = (files("dipkg") / "data" / "office_verbs.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in rows if line and not line.startswith("#")][1:]
    return {verb: title for verb, title in pairs}


def _office_by_verb(ctx: ArticleContext, key: str, name: Span) -> None:
    """"X, who chairs the African Union": an office stated by a verb in a relative clause."""
    for clause in name.root.children:
        title = office_verbs().get(clause.lemma_) if clause.dep_ == "relcl" else None
        if title is None:
            continue
        for obj in clause.children:
            ref = ctx.acting_for(ctx.actor_ref(obj)) if obj.dep_ == "dobj" else None
            if ref is not None and ref.kind is not ActorKind.PERSON:
                phrase = name.doc[obj.left_edge.i:obj.right_edge.i + 1]
                person = ctx.extraction.persons[key]
                person.offices.append(Office(title=f"{title} of {phrase.text}", state=ref,
                                             evidence=ctx.evidence(clause), confidence=0.6))
                if person.affiliation is None:
                    person.affiliation = ref


def _counterpart_offices(ctx: ArticleContext) -> None:
    """"Foreign Minister X and his Azerbaijani counterpart Y": a counterpart holds the same office
    in another state, unless that office exists in one state only ("External Affairs Minister")."""
    for person in ctx.extraction.persons.values():
        name = ctx.doc.char_span(person.evidence.start, person.evidence.end, alignment_mode="expand") \
            if person.evidence is not None and not person.offices else None
        counterpart = _counterpart_before(ctx, name) if name is not None else None
        owner = next((c for c in counterpart.children if c.dep_ == "poss"), None) if counterpart is not None else None
        owner_key = _person_at(ctx, owner) if owner is not None else None
        if owner_key is None or owner_key == person.key:
            continue
        office = next((o for o in ctx.extraction.persons[owner_key].offices
                       if o.title.lower() not in _unique_states()), None)
        if office is not None:
            person.offices.append(Office(title=office.title, state=person.affiliation,
                                         evidence=ctx.evidence(counterpart), confidence=0.6))


def _counterpart_before(ctx: ArticleContext, name: Span) -> Token | None:
    """The counterpart noun a name follows ("his Chinese counterpart, Li Wei")."""
    before = name.start - 2 if name.start > 1 and ctx.texts[name.start - 1] == "," else name.start - 1
    return name.doc[before] if before >= 0 and ctx.lower[before] in _COUNTERPART_NOUNS else None


def _led_body_affiliation(ctx: ArticleContext, key: str, name: Span) -> None:
    """"Its General Secretariat, headed by X"; "the Indian delegation was led by X": whoever heads a
    body serves the state or organization the body belongs to."""
    person = ctx.extraction.persons[key]
    by = name.root.head
    if person.affiliation is not None or name.root.dep_ != "pobj" or by.dep_ != "agent":
        return
    verb = by.head
    if verb.lemma_ not in office_verbs():
        return
    bodies = [verb.head] if verb.dep_ == "acl" else [c for c in verb.children if c.dep_ == "nsubjpass"]
    for body in bodies:
        ref = ctx.actor(body)
        if ref is not None and ref.kind is not ActorKind.PERSON:
            person.affiliation = ref
            return


def _apposition_affiliation(ctx: ArticleContext, key: str, name: Span) -> None:
    """"his Indian counterpart, Ravi Menon": a state modifying the noun the name is in apposition
    to; "the president's envoy, Dan Brooks", "its envoy, X": the state of the noun's possessor (but "his
    counterpart" is the possessor's opposite number); "Hamas official X": the state of the noun the
    name is modified by; "Russia's Ivan Petrov", "Kenyan Joseph Kamau": a state before the name;
    "Evans Njewa of Malawi": a state after "of"."""
    person = ctx.extraction.persons[key]
    if person.affiliation is not None:
        return
    root = name.root
    k = name.start - 1
    while k >= 0 and name.doc[k].tag_ == "POS":
        k -= 1
    owner = ctx.mention_at(name.doc[k]) if k >= 0 and name.start <= name.doc[k].head.i < name.end else None
    if owner is not None and owner.actor.kind is not ActorKind.PERSON:
        person.affiliation = owner.actor  # "Russia's Ivan Petrov", "Kenyan Joseph Kamau"
        return
    counterpart = _counterpart_before(ctx, name)  # "her Korean counterpart Park Min-su", however parsed
    nouns = [counterpart] if counterpart is not None else []
    nouns += [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos"]
    nouns += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < name.start]
    for noun in (n for n in nouns if _person_at(ctx, n) in (None, key)):  # not someone else the parse chose
        for child in noun.children:
            possessor = child.dep_ == "poss" and noun.lower_ not in _COUNTERPART_NOUNS
            if child.dep_ in ("amod", "compound", "nmod") or possessor:
                ref = ctx.acting_for(ctx.actor_ref(child, depth=0))
                if ref is not None and ref.kind is not ActorKind.PERSON:
                    person.affiliation = ref
                    return
    for preposition in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in preposition.children if c.dep_ == "pobj"):
            mention = ctx.mention_at(obj)
            if mention is not None and mention.actor.kind is not ActorKind.PERSON:
                person.affiliation = mention.actor
                return


def _titles_before(ctx: ArticleContext, name: Span, ends: dict[int, Span]) -> list[Span]:
    """Offices right before the name, skipping honorifics and an apposition comma; "A and B NAME" gives both."""
    found: list[Span] = []
    i = name.start
    sent_start = ctx.sentence_start[name.start]
    while i > sent_start and ends.get(i) is not None and ends[i].label_ in _NOT_OFFICES:
        i = ends[i].start
    if i > sent_start and ctx.texts[i - 1] == ",":
        i -= 1
    while i in ends:
        title = ends[i]
        if title.label_ in _NOT_OFFICES:
            i = title.start
            continue
        found.append(title)
        j, _ = _grow_start(ctx, title)
        if j > sent_start and name.doc[j - 1].lower_ in ("and", ",") and (j - 1) in ends:
            i = j - 1  # "Prime Minister and Foreign Minister X"; "Iran's chief negotiator, Deputy Minister X"
            continue
        break
    return found


def _titles_after(ctx: ArticleContext, name: Span, titles: list[Span]) -> list[Span]:
    """An office in an apposition after the name: "NAME, the Marshall Islands' minister, said"."""
    doc = name.doc
    sent_end = ctx.sentence_end[name.end - 1]
    if name.end >= sent_end or ctx.texts[name.end] != ",":
        return []
    stop = min(sent_end, name.end + _APPOSITION_WINDOW)
    for k in range(name.end + 1, stop):
        if ctx.texts[k] in (",", ";", "(", ")") or ctx.pos[k] in ("VERB", "AUX"):
            break
        for span in (t for t in titles if t.start == k and (t.label_ == "office" or _commands_unit(ctx, t))):
            end = _tail_end(ctx, span)
            if end < stop and (end >= len(doc) or ctx.texts[end] in (",", ".", ";", "said", "who")):
                return [span]
    return []


def _commands_unit(ctx: ArticleContext, title: Span) -> bool:
    """"X, commander of the 14 Corps": a rank with the unit it commands is a post."""
    return title.label_ == "rank" and _tail_end(ctx, title) > title.end and ctx.lower[title.end] == "of"


def _tail_end(ctx: ArticleContext, title: Span) -> int:
    """End of the title with a trailing "for X", "of X" or "to X" ("special envoy for Iran")."""
    doc = title.doc
    pos, lower = ctx.pos, ctx.lower
    end = title.end
    sent_end = ctx.sentence_end[title.end - 1]
    if end + 1 >= sent_end or lower[end] not in _TAIL_PREPOSITIONS:
        return end
    k = end + 1
    while (k < sent_end and k < end + _TAIL_LENGTH and ctx.texts[k] != ","
           and (pos[k] in _TAIL_POS or _joins_words(doc, k) or _joins_words(doc, k - 1)
                or _modifying_participle(ctx, k))
           and not (pos[k] == "ADP" and lower[k] not in _TAIL_INNER_PREPOSITIONS)
           and not (doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ == "B") and not _starts_name(ctx, doc[k])):
        k += 1
    while k > end + 1 and pos[k - 1] in ("DET", "ADP", "CCONJ", "PART"):
        k -= 1
    return k if k > end + 1 else end


def _joins_words(doc: Doc, k: int) -> bool:
    """A hyphen inside a compound word ("the Belgrade-Pristina dialogue", "the Leh-based corps"),
    which the tokenizer splits off."""
    return k > 0 and doc[k].text in ("-", "‐") and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def _modifying_participle(ctx: ArticleContext, k: int) -> bool:
    """A participle before a noun in a tail ("of the ruling party")."""
    return ctx.doc[k].tag_ in ("VBG", "VBN") and k + 1 < len(ctx.pos) and ctx.pos[k + 1] in ("NOUN", "PROPN", "ADJ")


def _starts_name(ctx: ArticleContext, token: Token) -> bool:
    mention = ctx.mention_at(token)
    return (mention is not None and mention.actor.kind is ActorKind.PERSON and mention.how == "name"
            and mention.start == token.idx)


def _grow_start(ctx: ArticleContext, title: Span) -> tuple[int, ActorRef | None]:
    """Index of the first token of the title with its modifiers ("natural resources minister"),
    and the state of a seat of government named inside it ("State Department spokesman")."""
    doc = title.doc
    j = title.start
    seat = None
    sent_start = ctx.sentence_start[title.start]
    while j > sent_start:
        tok = doc[j - 1]
        mention = ctx.mention_at(tok)
        if mention is not None and mention.how == "seat":
            seat = ctx.acting_for(mention.actor)
            j = doc.char_span(mention.start, mention.end, alignment_mode="expand").start
            continue
        if ctx.pos[j - 1] not in _MODIFIER_POS or ctx.lower[j - 1] in _STOP_WORDS or mention is not None \
                or tok.tag_ == "POS":
            break
        j -= 1
    return j, seat


def _grow_title(ctx: ArticleContext, title: Span) -> tuple[str, ActorRef | None]:
    """The title with its modifiers and tail, and the state or organization it serves: the one
    named before it ("U.S.", "China's"), in it ("State Department"), or after "of" ("of the EU")."""
    doc = title.doc
    start, served = _grow_start(ctx, title)
    end = _tail_end(ctx, title)
    k = start - 1
    sent_start = ctx.sentence_start[title.start]
    possessive = False
    while served is None and k >= sent_start and k >= start - 4:
        tok = doc[k]
        if tok.tag_ == "POS" or tok.lower_ == "the":
            possessive = possessive or tok.tag_ == "POS"
            k -= 1
            continue
        ref = ctx.acting_for(ctx.actor_ref(tok, depth=0))
        if ref is None and possessive and tok.pos_ in ("NOUN", "PROPN"):
            ref = ctx.acting_for(ctx.actor_ref(tok, depth=1))
            if ref is not None and ref.kind is not ActorKind.PERSON:
                start = _possessor_start(ctx, tok)  # "the Ethiopian foreign ministry's spokesman"
        if ref is not None and ref.kind is not ActorKind.PERSON:
            served = ref
        break
    if served is None and end > title.end and doc[title.end].lower_ == "of":
        inside = [ctx.acting_for(m.actor) for m in ctx.mentions_in(doc[title.end:end])]
        served = next((ref for ref in inside if ref is not None and ref.kind is not ActorKind.PERSON), None)
    text_start = doc[start].idx
    if served is not None and k >= sent_start and doc[k].lower_ == "its":
        institution = _institution_of(ctx, doc[k], served)
        if institution is not None:  # "China's coast guard said ... Its spokesman": "coast guard spokesman"
            return f"{institution} {ctx.text[text_start:ctx.ends[end - 1]]}", served
    if served is None and end == title.end:
        served = _unique_states().get(title.text.lower())  # "Secretary of State X" (not "... for Wales")
    if served is None and start < title.end - 1 and ctx.lower[start] in state_descriptions():
        served = topic(ctx, doc[start], {ActorKind.STATE})  # "junta spokesman": the junta's
    return ctx.text[doc[start].idx:ctx.ends[end - 1]], served


def _institution_of(ctx: ArticleContext, pronoun: Token, state: ActorRef) -> str | None:
    """The institution an "its" stands for, when the state's institution is the subject of the
    previous sentence ("China's coast guard said ... Its spokesman"): its words after the state."""
    sentence = ctx.sentence_index(pronoun)
    if sentence == 0:
        return None
    for token in ctx.sentences[sentence - 1]:
        if (token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("NOUN", "PROPN")
                or not _is_main_clause(token.head) or ctx.mention_at(token) is not None):
            continue
        owner = next((c for c in token.children if c.dep_ in ("poss", "compound", "amod")
                      and ctx.acting_for(ctx.actor_ref(c, depth=0)) == state), None)
        if owner is not None and owner.right_edge.i < token.i:
            return ctx.text[token.doc[owner.right_edge.i + 1].idx:ctx.ends[token.i]]
    return None


def _possessor_start(ctx: ArticleContext, possessor: Token) -> int:
    """First word of an institution that owns a title, after the state that qualifies it: "foreign
    ministry" in "the Ethiopian foreign ministry's spokesman"."""
    k = possessor.i
    doc = possessor.doc
    while (k > possessor.left_edge.i and ctx.mention_at(doc[k - 1]) is None
           and (ctx.pos[k - 1] in _MODIFIER_POS or _joins_words(doc, k - 1))):  # "secretary-general's"
        k -= 1
    return k


def _add_office(ctx: ArticleContext, key: str, text: str, served: ActorRef | None, title: Span) -> None:
    person = ctx.extraction.persons[key]
    if served is not None and person.affiliation is None:
        person.affiliation = served
    if any(o.title.lower() == text.lower() for o in person.offices):
        return
    person.offices.append(Office(title=text, state=served or person.affiliation, evidence=ctx.evidence(title),
                                 confidence=0.85 if served else 0.7))


AGENCY_TAG = re.compile(r"\(([^()\n]{1,40})\)\s*(?:-|\u2014|\u2013)")  # "SEOUL, Dec. 20 (Yonhap) --"
DATELINE_REACH = 400  # characters from the start of the text (a headline, then the dateline)
DATELINE_SENTENCES = 4  # a headline, a deck, a byline, then the dateline


def agency_state(ctx: ArticleContext) -> ActorRef | None:
    """The home state of the national news agency that wrote the article, named by its record's
    `source` or by its dateline's tag: such copy names its own state's office holders by bare
    title, wherever it is datelined ("MEXICO CITY (AP) -- President X" serves the United States)."""
    agencies = load_news_agencies()
    names = [ctx.extraction.article.source or ""]
    tag = AGENCY_TAG.search(ctx.doc.text[:DATELINE_REACH])
    if tag is not None:
        names.append(tag.group(1).strip())
    code = next((agencies[name] for name in names if name in agencies), None)
    return ActorRef(ActorKind.STATE, code) if code is not None else None


def dateline_state(ctx: ArticleContext) -> ActorRef | None:
    """The state of the article's dateline ("BEIJING --"), when it names exactly one."""
    found = {m.actor for m in ctx.extraction.mentions if m.how == "dateline" and m.sentence <= DATELINE_SENTENCES}
    return found.pop() if len(found) == 1 else None


def _fallback_affiliations(ctx: ArticleContext, titles: list[Span]) -> None:
    """Office holders whose title named no state. Wire copy leaves a title unqualified when the
    context makes the state plain, so the guess is, in this order: the place the person speaks
    from ("In Tokyo, Chief Cabinet Secretary X said"); the state named last before the name in
    its sentence ("sanctions on Venezuela's oil, rewarding President X"); the place their
    interlocutor visits; the state their own clause is about ("X said Canberra ..."); the subject
    of the previous sentence, the topic the paragraph continues ("Australia joined Japan. Foreign
    Minister X said"); the home state of a national news agency (see `agency_state`), else the
    dateline's state. A state that qualifies another title ("Russian
    Foreign Minister Y"), a place ("X's visit to Moscow") and the state of the person X meets are
    no guess: no affiliation is better than a wrong one (measured on the dev and tuning articles,
    the dateline alone is right only half the time)."""
    home = agency_state(ctx) or dateline_state(ctx)
    qualifier_starts = {_grow_start(ctx, title)[0] for title in titles}
    for person in ctx.extraction.persons.values():
        if person.affiliation is not None or not person.offices or person.evidence is None:
            _offices_serve_affiliation(person)
            continue
        name = ctx.doc.char_span(person.evidence.start, person.evidence.end, alignment_mode="expand")
        if name is None:
            continue
        _apposition_affiliation(ctx, person.key, name)  # "his envoy, X": "his" may have a state by now
        if person.affiliation is not None:
            _offices_serve_affiliation(person)
            continue
        other = _interlocutor_key(ctx, person.key, name)
        excluded = _counterpart_states(ctx, person.key, name) | _acting_on(ctx, person.key, name)
        if other is not None:
            excluded.add(ctx.extraction.persons[other].affiliation)
        guesses = _guesses(ctx, person.key, name, other, qualifier_starts, home)
        guess = next((ref for ref in guesses if ref is not None and ref not in excluded), None)
        if guess is None:
            continue
        person.affiliation = guess
        person.confidence = 0.5
        _offices_serve_affiliation(person)


def _guesses(ctx: ArticleContext, key: str, name: Span, other: str | None, qualifier_starts: set[int],
             home: ActorRef | None) -> Iterator[ActorRef | None]:
    """The guesses of `_fallback_affiliations` in order of trust, each worked out only when those
    before it gave none to use."""
    yield _own_location(ctx, key, name)
    yield _last_before(ctx, name, qualifier_starts)
    yield _host(ctx, other, name)
    yield _clause_subject(ctx, key, name, qualifier_starts)
    yield _previous_subject(ctx, key, name, qualifier_starts)
    yield home


def _offices_serve_affiliation(person: Person) -> None:
    """An office whose title named no state serves the state the person was found to serve
    elsewhere ("his Russian counterpart, human rights commissioner X")."""
    for office in person.offices:
        office.state = office.state or person.affiliation


def _led_under(name: Span, verb: Token) -> bool:
    """"Under President X, Manila moved closer to Washington": the clause is led by the person."""
    head = _noun_phrase_head(name.root)
    return head.dep_ == "pobj" and head.head.lower_ == "under" and head.head.head == verb


def _acting_on(ctx: ArticleContext, key: str, name: Span) -> set[ActorRef | None]:
    """"Russia hosted Prime Minister X": a state that is the subject of the clause the person is
    only an object in acts on someone else's official."""
    verb = _governing_verb(name.root)
    if _is_subject_of(ctx, verb, key) or _led_under(name, verb):
        return set()
    subjects = (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    return {ref for c in subjects if (ref := ctx.actor_ref(c, depth=0)) is not None and ref.kind is not ActorKind.PERSON}


def _counterpart_states(ctx: ArticleContext, key: str, name: Span) -> set[ActorRef | None]:
    """"Foreign Minister X met her South Korean counterpart": the states of the person's
    counterparts, in any sentence that names the person, which are not theirs."""
    found: set[ActorRef | None] = set()
    person = ActorRef(ActorKind.PERSON, key)
    sentences = {ctx.sentence_index(name.root)} | {m.sentence for m in ctx.extraction.mentions if m.actor == person}
    tokens = [t for index in sorted(sentences)
              for t in ctx.tokens[ctx.sentences[index].start:ctx.sentences[index].end]]
    for token in tokens:
        if ctx.lower[token.i] not in _COUNTERPART_NOUNS:
            continue
        if not _is_subject_of(ctx, token, key) and not _is_subject_of(ctx, _governing_verb(token), key):
            continue  # "her counterpart", "X met the Korean counterpart"
        for child in token.children:
            ref = ctx.acting_for(ctx.actor_ref(child, depth=0)) if child.dep_ in ("amod", "compound", "nmod") else None
            if ref is not None:
                found.add(ref)
    return found


def _governing_verb(word: Token) -> Token:
    """The verb of the clause a word is part of, as argument or modifier."""
    verb = word
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    return verb


def _interlocutor_key(ctx: ArticleContext, key: str, name: Span) -> str | None:
    """The person who meets, calls or answers this one ("Harris met Vice Foreign Minister Chen"):
    the subject of the verb that governs the name, when it is someone else."""
    for child in _governing_verb(name.root).children:
        other = _person_at(ctx, child) if child.dep_ in ("nsubj", "nsubjpass") else None
        if other is not None and other != key:
            return other
    return None


def _host(ctx: ArticleContext, other: str | None, name: Span) -> ActorRef | None:
    """"On his trip to China, Harris met Vice Foreign Minister Chen": the place the person's
    interlocutor travels to or is in, in the clause that names the person, hosts them."""
    if other is None:
        return None
    verb = _governing_verb(name.root)
    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
        ref = ctx.actor(verb.head)  # "Paraguay, where he attended the inauguration of President X"
        if ref is not None and ref.kind is not ActorKind.PERSON:
            return ref
    for mention in ctx.mentions_in(ctx.sentence(name.root)):
        if mention.actor.kind is ActorKind.PERSON:
            continue
        preposition = _place_preposition(ctx, mention)
        if (preposition is not None and preposition.lower_ in ("in", "to") and verb.is_ancestor(preposition)
                and _is_subject_of(ctx, preposition.head, other)):
            return ctx.acting_for(mention.actor)
    return None


def _clause_subject(ctx: ArticleContext, key: str, name: Span, qualifier_starts: set[int]) -> ActorRef | None:
    """The state a person's own clause is about: the subject of what they say ("Foreign Minister X
    said Canberra wanted ..."), or of the clause their name only modifies ("Under President X,
    Manila moved closer to Washington"). Speakers name their own state as the actor of their words."""
    verb = _governing_verb(name.root)
    if _is_subject_of(ctx, verb, key):
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    else:  # under a leader, their state acts; other clauses that name them act on them ("Russia hosted X")
        clauses = [verb] if _led_under(name, verb) else []
    free = _free_mentions(ctx, ctx.sentence_index(name[0]), qualifier_starts)
    for clause in clauses:
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            for mention in free:
                if ctx.mention_root(mention) == subject and mention.actor.kind is not ActorKind.PERSON:
                    return mention.actor
    return None


def _noun_phrase_head(token: Token) -> Token:
    """The head of the noun phrase a modifier is part of: "China" in "China's coast guard" gives
    "guard"; "Japan" in "the people of Japan" gives "people"; a conjunct gives the first conjunct."""
    while token.head is not token:
        if token.dep_ in ("poss", "compound", "amod", "nmod", "conj", "appos"):
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head is not token.head:
            token = token.head.head
        else:
            break
    return token


def _place_preposition(ctx: ArticleContext, mention: Mention) -> Token | None:
    """The preposition that makes the mention a place ("in Tokyo", "a visit to Moscow"), if any."""
    root = ctx.mention_root(mention)
    head = _noun_phrase_head(root) if root is not None else None
    if head is None or head.dep_ != "pobj" or head.head.lower_ not in _PLACE_PREPOSITIONS:
        return None
    return head.head


def _is_subject_of(ctx: ArticleContext, verb: Token, key: str) -> bool:
    """Whether the person is the subject of the verb, or the possessor of the noun ("X's visit")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "poss") and _person_at(ctx, c) == key for c in verb.children)


def _own_location(ctx: ArticleContext, key: str, name: Span) -> ActorRef | None:
    """"In Tokyo, Chief Cabinet Secretary X said": the place a person's own clause is set in, put
    before them as its frame (a place after the verb, "told reporters in Beirut", is where they
    happened to be)."""
    for mention in ctx.mentions_in(ctx.sentence(name.root)):
        if mention.actor.kind is ActorKind.PERSON or mention.how == "dateline":
            continue
        preposition = _place_preposition(ctx, mention)
        if (preposition is not None and preposition.lower_ in ("in", "at") and preposition.i < name.start
                and _is_subject_of(ctx, preposition.head, key)):
            return ctx.acting_for(mention.actor)
    return None


def _qualifies_another(ctx: ArticleContext, mention: Mention, qualifier_starts: set[int]) -> bool:
    """Whether the mention names whose a title or counterpart is ("Russian Foreign Minister Y",
    "his South Korean counterpart"): it tells that person's state, not anyone else's."""
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    k = span.end
    while k < len(ctx.texts) and (ctx.doc[k].tag_ == "POS" or ctx.lower[k] == "the"):
        k += 1
    return k in qualifier_starts or (k < len(ctx.texts) and ctx.lower[k] in _COUNTERPART_NOUNS)


def _free_mentions(ctx: ArticleContext, sentence: int, qualifier_starts: set[int]) -> list[Mention]:
    """The sentence's mentions that could tell an unqualified office holder's state: not the
    dateline, not a place, not the qualifier of another title."""
    return [m for m in ctx.mentions_in(ctx.sentences[sentence])
            if m.how != "dateline" and _place_preposition(ctx, m) is None
            and not _qualifies_another(ctx, m, qualifier_starts)]


def _last_before(ctx: ArticleContext, name: Span, qualifier_starts: set[int]) -> ActorRef | None:
    """The state or organization named last before the name in its sentence."""
    before = [m for m in _free_mentions(ctx, ctx.sentence_index(name[0]), qualifier_starts)
              if m.end <= name.start_char and m.actor.kind is not ActorKind.PERSON]
    return max(before, key=lambda m: m.start).actor if before else None


def _previous_subject(ctx: ArticleContext, key: str, name: Span, qualifier_starts: set[int]) -> ActorRef | None:
    """The actor the previous sentence is about: the subject of a main clause (not of a reported
    one, "KCNA said Kim had overseen the test" is about KCNA), a person standing for their state."""
    sentence = ctx.sentence_index(name[0])
    if sentence == 0:
        return None
    for mention in _free_mentions(ctx, sentence - 1, qualifier_starts):  # in the order of the text
        root = ctx.mention_root(mention)
        head = _noun_phrase_head(root) if root is not None else None
        if (head is not None and head.dep_ in ("nsubj", "nsubjpass") and _is_main_clause(head.head)
                and mention.actor.key != key and (ref := ctx.acting_for(mention.actor)) is not None):
            return ref
    return None


def _is_main_clause(verb: Token) -> bool:
    """The sentence's root verb or one coordinated with it."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"
