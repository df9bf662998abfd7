"""The actors and titles dipkg knows by name, read from the TSV files in dipkg/data.

The reference data are files, not Python literals, so that a country's
capital or a new title can be corrected without touching code. They are parsed
once per process and checked while parsing: a malformed row is a packaging
bug, so it fails loudly with the file and line rather than silently dropping a
state the matcher would then never find.

Files (UTF-8, tab-separated, a header row, list fields joined by ``|``):

- ``states.tsv``: code, iso2, name, aliases, capitals, demonyms, ambiguous
- ``organizations.tsv``: code, name, aliases, seats, descriptions
- ``institutions.tsv``: name (aliases joined by ``|``), code, kind
  (``seat``: an executive seat or a uniquely named national institution that
  stands for its state; ``group``: an armed or political group whose acts news
  coding attributes to the state it operates from)
- ``cities.tsv``: name (variants joined by ``|``), code, ambiguous (``yes`` or
  empty): cities other than capitals that datelines and reports name as the
  place of events
- ``news_agencies.tsv``: name (aliases joined by ``|``, as written in a
  dateline's tag or a record's ``source``), code: national agencies, whose
  copy names their own state's office holders by bare title ("President X")
- ``titles.tsv``: title (lower case), kind (office, rank, honorific), scope
  (state, org, any), state (the alpha-3 code of the one state that has the
  office, for titles unique to it such as "state councilor"; else empty)
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NoReturn

from dipkg.model import ActorKind, ActorRef

STATE_COLUMNS = ("code", "iso2", "name", "aliases", "capitals", "demonyms", "ambiguous")
ORGANIZATION_COLUMNS = ("code", "name", "aliases", "seats", "descriptions")
INSTITUTION_COLUMNS = ("name", "code", "kind")
CITY_COLUMNS = ("name", "code", "ambiguous")
NEWS_AGENCY_COLUMNS = ("name", "code")
TITLE_COLUMNS = ("title", "kind", "scope", "state")

INSTITUTION_KINDS = frozenset({"seat", "group"})
TITLE_KINDS = frozenset({"office", "rank", "honorific"})
TITLE_SCOPES = frozenset({"state", "org", "any"})

_STATE_CODE = re.compile(r"[A-Z]{3}")
_ISO2 = re.compile(r"[A-Z]{2}")
_ORGANIZATION_CODE = re.compile(r"[A-Z][A-Z0-9_]*")

Source = Path | Traversable


class ReferenceDataError(ValueError):
    """A reference file is malformed; the message names the file and the line."""


@dataclass(frozen=True)
class StateRecord:
    code: str  # ISO 3166-1 alpha-3 (XKX for Kosovo)
    iso2: str
    name: str  # common English name, used as the label
    aliases: tuple[str, ...]
    capitals: tuple[str, ...]  # capitals and seats of government used as metonyms
    demonyms: tuple[str, ...]
    ambiguous: frozenset[str]  # forms that name this state only in context ("Jordan", "the North")


@dataclass(frozen=True)
class OrganizationRecord:
    code: str  # the contract code: UN, EU, ARAB_LEAGUE, ...
    name: str
    aliases: tuple[str, ...]
    seats: tuple[str, ...]  # cities standing for the organization ("Brussels")
    descriptions: tuple[str, ...]  # lower-case nouns that refer back to it ("bloc", "alliance")


@dataclass(frozen=True)
class Institution:
    """One name of a seat or group that stands for a state (one record per alias)."""

    name: str
    code: str  # alpha-3 of the state it stands for
    kind: str  # seat or group


@dataclass(frozen=True)
class City:
    """One name of a city that is not a capital, and the state it lies in."""

    name: str
    code: str
    ambiguous: bool


@dataclass(frozen=True)
class Title:
    title: str  # lower case, as written in English news
    kind: str  # office, rank or honorific
    scope: str  # state, org or any: what kind of actor an office typically serves
    state: str = ""  # the one state that has this office ("state councilor": CHN), if unique to it


@dataclass(frozen=True)
class SurfaceForm:
    """A string that names an actor, with how it names it, for a phrase matcher."""

    text: str
    actor: ActorRef
    how: str  # name, alias, capital, demonym, seat, group, city, org_name, org_alias
    ambiguous: bool  # marked ambiguous in the data, or shared by more than one actor


@dataclass(frozen=True)
class Gazetteer:
    states: dict[str, StateRecord]
    organizations: dict[str, OrganizationRecord]
    institutions: list[Institution]
    cities: list[City]

    def surface_forms(self) -> list[SurfaceForm]:
        """Every form naming a state or organization; descriptions are left out (they need an antecedent)."""
        raw: list[tuple[str, ActorRef, str, bool]] = []
        for state in self.states.values():
            ref = ActorRef(ActorKind.STATE, state.code)
            for how, texts in (
                ("name", (state.name,)),
                ("alias", state.aliases),
                ("capital", state.capitals),
                ("demonym", state.demonyms),
            ):
                raw.extend((text, ref, how, text in state.ambiguous) for text in texts)
        for org in self.organizations.values():
            ref = ActorRef(ActorKind.ORGANIZATION, org.code)
            for how, texts in (("org_name", (org.name,)), ("org_alias", org.aliases), ("seat", org.seats)):
                raw.extend((text, ref, how, False) for text in texts)
        for inst in self.institutions:
            raw.append((inst.name, ActorRef(ActorKind.STATE, inst.code), inst.kind, False))
        for city in self.cities:
            raw.append((city.name, ActorRef(ActorKind.STATE, city.code), "city", city.ambiguous))

        actors_of: dict[str, set[ActorRef]] = {}
        for text, ref, _, _ in raw:
            actors_of.setdefault(text, set()).add(ref)
        return [
            SurfaceForm(text, ref, how, marked or len(actors_of[text]) > 1)
            for text, ref, how, marked in raw
        ]

    def label(self, ref: ActorRef) -> str:
        """The English name of a state or organization, for rdfs:label."""
        if ref.kind is ActorKind.STATE and ref.key in self.states:
            return self.states[ref.key].name
        if ref.kind is ActorKind.ORGANIZATION and ref.key in self.organizations:
            return self.organizations[ref.key].name
        raise KeyError(f"no state or organization {ref.key!r} of kind {ref.kind.value!r} in the gazetteer")

    def is_state(self, code: str) -> bool:
        return code in self.states


# ------------------------------------------------------------------ parsing
def read_tsv(source: Source, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must be exactly `columns`."""
    with source.open("r", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if not lines or lines[0].split("\t") != list(columns):
        found = lines[0].split("\t") if lines else []
        raise ReferenceDataError(f"{source} line 1: header {found} should be {list(columns)}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            _fail(source, number, f"expected {len(columns)} tab-separated fields, found {len(fields)}")
        for column, value in zip(columns, fields):
            if value != value.strip():
                _fail(source, number, f"{column} {value!r} has surrounding whitespace")
        yield number, dict(zip(columns, fields))


def read_states(source: Source) -> dict[str, StateRecord]:
    states: dict[str, StateRecord] = {}
    iso2_seen: set[str] = set()
    for number, row in read_tsv(source, STATE_COLUMNS):
        code, iso2, name = row["code"], row["iso2"], row["name"]
        if not _STATE_CODE.fullmatch(code):
            _fail(source, number, f"code {code!r} is not an ISO alpha-3 code (3 capital letters)")
        if code in states:
            _fail(source, number, f"duplicate code {code!r}")
        if not _ISO2.fullmatch(iso2):
            _fail(source, number, f"iso2 {iso2!r} is not 2 capital letters")
        if iso2 in iso2_seen:
            _fail(source, number, f"duplicate iso2 {iso2!r}")
        if not name:
            _fail(source, number, "empty name")
        aliases = _split(source, number, row, "aliases")
        capitals = _split(source, number, row, "capitals")
        demonyms = _split(source, number, row, "demonyms")
        ambiguous = _split(source, number, row, "ambiguous")
        forms = (name, *aliases, *capitals, *demonyms)
        repeated = sorted({f for f in forms if forms.count(f) > 1})
        if repeated:
            _fail(source, number, f"forms listed twice: {repeated}")
        stray = sorted(set(ambiguous) - set(forms))
        if stray:
            _fail(source, number, f"ambiguous forms {stray} are not a name, alias, capital or demonym of {code}")
        iso2_seen.add(iso2)
        states[code] = StateRecord(code, iso2, name, aliases, capitals, demonyms, frozenset(ambiguous))
    return states


def read_organizations(source: Source) -> dict[str, OrganizationRecord]:
    organizations: dict[str, OrganizationRecord] = {}
    for number, row in read_tsv(source, ORGANIZATION_COLUMNS):
        code, name = row["code"], row["name"]
        if not _ORGANIZATION_CODE.fullmatch(code):
            _fail(source, number, f"code {code!r} is not capital letters, digits and underscores")
        if code in organizations:
            _fail(source, number, f"duplicate code {code!r}")
        if not name:
            _fail(source, number, "empty name")
        aliases = _split(source, number, row, "aliases")
        seats = _split(source, number, row, "seats")
        forms = (name, *aliases, *seats)
        repeated = sorted({f for f in forms if forms.count(f) > 1})
        if repeated:
            _fail(source, number, f"forms listed twice: {repeated}")
        descriptions = _split(source, number, row, "descriptions")
        upper = [d for d in descriptions if d != d.lower()]
        if upper:
            _fail(source, number, f"descriptions must be lower case: {upper}")
        organizations[code] = OrganizationRecord(code, name, aliases, seats, descriptions)
    return organizations


def _named_rows(source: Source, columns: Sequence[str],
                state_codes: frozenset[str]) -> Iterator[tuple[int, dict[str, str], str]]:
    """Rows that name places or bodies of a state: one (line, row, name) per `|`-joined name,
    each name listed once in the file, every code a state of `state_codes`."""
    seen: set[str] = set()
    for number, row in read_tsv(source, columns):
        if row["code"] not in state_codes:
            _fail(source, number, f"code {row['code']!r} is not a state of states.tsv")
        names = _split(source, number, row, "name")
        if not names:
            _fail(source, number, "empty name")
        for name in names:
            if name in seen:
                _fail(source, number, f"name {name!r} is listed twice")
            seen.add(name)
            yield number, row, name


def read_institutions(source: Source, state_codes: frozenset[str]) -> list[Institution]:
    """One `Institution` per alias; every code must be a state of `state_codes`."""
    institutions: list[Institution] = []
    for number, row, name in _named_rows(source, INSTITUTION_COLUMNS, state_codes):
        if row["kind"] not in INSTITUTION_KINDS:
            _fail(source, number, f"kind {row['kind']!r} is not one of {sorted(INSTITUTION_KINDS)}")
        institutions.append(Institution(name, row["code"], row["kind"]))
    return institutions


def read_cities(source: Source, state_codes: frozenset[str]) -> list[City]:
    """One `City` per name variant; every code must be a state of `state_codes`."""
    cities: list[City] = []
    for number, row, name in _named_rows(source, CITY_COLUMNS, state_codes):
        if row["ambiguous"] not in ("", "yes"):
            _fail(source, number, f"ambiguous must be 'yes' or empty, not {row['ambiguous']!r}")
        cities.append(City(name, row["code"], row["ambiguous"] == "yes"))
    return cities


def read_news_agencies(source: Source, state_codes: frozenset[str]) -> dict[str, str]:
    """The home state's code of each agency name; every code must be a state of `state_codes`."""
    return {name: row["code"] for _, row, name in _named_rows(source, NEWS_AGENCY_COLUMNS, state_codes)}


def read_titles(source: Source) -> list[Title]:
    titles: list[Title] = []
    seen: set[str] = set()
    for number, row in read_tsv(source, TITLE_COLUMNS):
        title, kind, scope, state = row["title"], row["kind"], row["scope"], row["state"]
        if not title:
            _fail(source, number, "empty title")
        if title != title.lower():
            _fail(source, number, f"title {title!r} is not lower case")
        if title in seen:
            _fail(source, number, f"title {title!r} is listed twice")
        if kind not in TITLE_KINDS:
            _fail(source, number, f"kind {kind!r} is not one of {sorted(TITLE_KINDS)}")
        if scope not in TITLE_SCOPES:
            _fail(source, number, f"scope {scope!r} is not one of {sorted(TITLE_SCOPES)}")
        if state and not _STATE_CODE.fullmatch(state):
            _fail(source, number, f"state {state!r} is not an ISO alpha-3 code (3 capital letters)")
        seen.add(title)
        titles.append(Title(title, kind, scope, state))
    return titles


def _split(source: Source, number: int, row: dict[str, str], column: str) -> tuple[str, ...]:
    """A `|`-joined field as a tuple; an empty field is an empty tuple, an empty item an error."""
    value = row[column]
    if not value:
        return ()
    items = tuple(value.split("|"))
    if any(not item or item != item.strip() for item in items):
        _fail(source, number, f"{column} {value!r} has an empty or padded item")
    return items


def _fail(source: Source, number: int, message: str) -> NoReturn:
    raise ReferenceDataError(f"{source} line {number}: {message}")


# ------------------------------------------------------------------ loading
def _data() -> Traversable:
    return files("dipkg") / "data"


@cache
def load_gazetteer() -> Gazetteer:
    """The states, organizations and institutions shipped with dipkg, read once per process."""
    states = read_states(_data() / "states.tsv")
    return Gazetteer(
        states=states,
        organizations=read_organizations(_data() / "organizations.tsv"),
        institutions=read_institutions(_data() / "institutions.tsv", frozenset(states)),
        cities=read_cities(_data() / "cities.tsv", frozenset(states)),
    )


@cache
def load_news_agencies() -> dict[str, str]:
    """The national news agencies shipped with dipkg and their home states, read once per process."""
    return read_news_agencies(_data() / "news_agencies.tsv", frozenset(load_gazetteer().states))


@cache
def load_titles() -> list[Title]:
    """The political titles shipped with dipkg, read once per process."""
    return read_titles(_data() / "titles.tsv")
