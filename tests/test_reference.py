"""The shipped reference data load, are complete where the contract needs it, and bad rows fail loudly."""
from __future__ import annotations

from pathlib import Path

import pytest

from dipkg.model import ActorKind, ActorRef
from dipkg.reference import (
    ReferenceDataError,
    SurfaceForm,
    load_gazetteer,
    load_news_agencies,
    load_titles,
    read_cities,
    read_institutions,
    read_news_agencies,
    read_states,
    read_titles,
)
from dipkg.vocab import ORGANIZATION_CODES

STATE_HEADER = "code\tiso2\tname\taliases\tcapitals\tdemonyms\tambiguous\n"


def forms_for(text: str) -> list[SurfaceForm]:
    return [f for f in load_gazetteer().surface_forms() if f.text == text]


def state_of(text: str) -> str:
    """The one state a surface form names (fails if it names none or several)."""
    actors = {f.actor for f in forms_for(text)}
    assert len(actors) == 1, f"{text!r} names {actors}"
    (actor,) = actors
    assert actor.kind is ActorKind.STATE
    return actor.key


def test_every_un_member_and_observer_plus_taiwan_and_kosovo() -> None:
    states = load_gazetteer().states
    assert len(states) >= 195
    assert {"PRK", "KOR", "TWN", "XKX", "PSE", "VAT", "USA", "CHN", "RUS"} <= set(states)
    assert states["XKX"].iso2 == "XK"
    assert states["PRK"].iso2 == "KP"
    assert states["PRK"].name == "North Korea"


def test_capitals_name_their_state() -> None:
    assert state_of("Pyongyang") == "PRK"
    assert state_of("Kyiv") == "UKR"
    assert state_of("Kiev") == "UKR"
    assert state_of("Taipei") == "TWN"
    assert state_of("Ramallah") == "PSE"
    assert [f.how for f in forms_for("Jerusalem")] == ["capital"]


def test_demonyms_and_aliases_name_their_state() -> None:
    assert state_of("Chinese") == "CHN"
    assert state_of("Iranians") == "IRN"
    assert state_of("Emiratis") == "ARE"
    assert state_of("DPRK") == "PRK"
    assert state_of("U.S.") == "USA"
    assert state_of("Ivory Coast") == state_of("Côte d'Ivoire") == "CIV"
    assert state_of("Türkiye") == state_of("Turkey") == "TUR"


def test_ambiguous_forms_are_flagged_and_plain_ones_are_not() -> None:
    (north,) = forms_for("the North")
    assert north.actor == ActorRef(ActorKind.STATE, "PRK") and north.ambiguous
    (jordan,) = forms_for("Jordan")
    assert jordan.how == "name" and jordan.ambiguous
    (pyongyang,) = forms_for("Pyongyang")
    assert not pyongyang.ambiguous
    # a form shared by two actors is ambiguous even where the data do not mark it
    brussels = {f.actor: f.ambiguous for f in forms_for("Brussels")}
    assert brussels == {ActorRef(ActorKind.STATE, "BEL"): True, ActorRef(ActorKind.ORGANIZATION, "EU"): True}


def test_organizations_cover_the_contract_codes() -> None:
    gazetteer = load_gazetteer()
    assert set(gazetteer.organizations) == set(ORGANIZATION_CODES)
    un = ActorRef(ActorKind.ORGANIZATION, "UN")
    assert gazetteer.label(un) == "United Nations"
    assert {f.actor for f in forms_for("U.N. Security Council")} == {un}
    assert "bloc" in gazetteer.organizations["EU"].descriptions
    assert not forms_for("bloc")  # descriptions need an antecedent: not surface forms


def test_institutions_stand_for_known_states() -> None:
    gazetteer = load_gazetteer()
    assert all(gazetteer.is_state(inst.code) for inst in gazetteer.institutions)
    assert state_of("Kremlin") == "RUS"
    assert state_of("Hamas") == "PSE"
    (irgc,) = forms_for("IRGC")
    assert irgc.how == "group" and irgc.actor.key == "IRN"


def test_label_and_is_state() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.label(ActorRef(ActorKind.STATE, "USA")) == "United States"
    assert gazetteer.is_state("TWN") and not gazetteer.is_state("EU")
    with pytest.raises(KeyError):
        gazetteer.label(ActorRef(ActorKind.PERSON, "kim-jong-un"))


def test_titles_lexicon() -> None:
    titles = {t.title: t for t in load_titles()}
    assert len(titles) >= 300
    assert titles["vice foreign minister"].kind == "office"
    assert titles["defence minister"].scope == titles["defense minister"].scope == "state"
    assert titles["secretary-general"].scope == "org"
    assert titles["state councilor"].state == "CHN" and titles["foreign minister"].state == ""
    assert titles["lieutenant general"].kind == "rank"
    assert titles["sheikh"].kind == "honorific"


def test_loaders_are_cached() -> None:
    assert load_gazetteer() is load_gazetteer()
    assert load_titles() is load_titles()


def test_malformed_state_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "states.tsv"
    path.write_text(STATE_HEADER + "FRA\tFR\tFrance\t\tParis\tFrench\t\nUS\tUS\tUnited States\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"states\.tsv line 3: code 'US'"):
        read_states(path)


def test_short_row_and_duplicate_code_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "states.tsv"
    path.write_text(STATE_HEADER + "FRA\tFR\tFrance\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 2: expected 7 tab-separated fields, found 3"):
        read_states(path)
    row = "FRA\tFR\tFrance\t\tParis\tFrench\t\n"
    path.write_text(STATE_HEADER + row + row, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 3: duplicate code 'FRA'"):
        read_states(path)


def test_ambiguous_must_be_a_form_of_the_row(tmp_path: Path) -> None:
    path = tmp_path / "states.tsv"
    path.write_text(STATE_HEADER + "FRA\tFR\tFrance\t\tParis\tFrench\tGaul\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 2: ambiguous forms \\['Gaul'\\]"):
        read_states(path)


def test_institution_of_unknown_state_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "institutions.tsv"
    path.write_text("name\tcode\tkind\nKremlin\tRUS\tseat\nAtlantis Palace\tATL\tseat\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="institutions.tsv line 3: code 'ATL'"):
        read_institutions(path, frozenset({"RUS"}))


def test_bad_title_kind_and_header_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "titles.tsv"
    path.write_text("title\tkind\tscope\tstate\nforeign minister\tjob\tstate\t\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 2: kind 'job'"):
        read_titles(path)
    path.write_text("title\tkind\nforeign minister\toffice\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 1: header"):
        read_titles(path)


def test_cities_name_their_state_and_bad_rows_are_rejected(tmp_path: Path) -> None:
    gazetteer = load_gazetteer()
    forms = {f.text: f.actor.key for f in gazetteer.surface_forms() if f.how == "city"}
    assert forms["Istanbul"] == "TUR" and forms["Geneva"] == "CHE"
    assert not set(forms) & {c for s in gazetteer.states.values() for c in s.capitals}
    path = tmp_path / "cities.tsv"
    path.write_text("name\tcode\tambiguous\nOdesa|Odessa\tUKR\t\nLyon\tFRA\tmaybe\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"cities.tsv line 3: ambiguous must be 'yes' or empty"):
        read_cities(path, frozenset({"UKR", "FRA"}))


def test_news_agencies_name_their_home_state_and_bad_rows_are_rejected(tmp_path: Path) -> None:
    agencies = load_news_agencies()
    assert (agencies["AP"], agencies["Yonhap"], agencies["Kyodo News"]) == ("USA", "KOR", "JPN")
    assert not {"Reuters", "AFP", "Bloomberg", "Al Jazeera"} & set(agencies)  # international: no home title
    path = tmp_path / "news_agencies.tsv"
    path.write_text("name\tcode\nTASS\tRUS\nEFE\tXXX\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"news_agencies.tsv line 3: code 'XXX' is not a state"):
        read_news_agencies(path, frozenset({"RUS"}))
