"""States, organizations, persons, offices and coreference on sentences written for the tests."""
from __future__ import annotations

import pytest

from dipkg.extract.context import ArticleContext
from dipkg.extract.persons import cluster_names, person_key
from dipkg.extract.pipeline import build_context
from dipkg.model import ActorKind, ActorRef, Article
from dipkg.nlp import load_nlp


def context(text: str) -> ArticleContext:
    nlp = load_nlp()
    return build_context(Article(id="t", text=text), nlp(text), nlp)


def states(text: str) -> set[str]:
    return set(context(text).extraction.actors(ActorKind.STATE))


def test_names_capitals_demonyms_and_short_forms() -> None:
    text = ("Tehran rejected the offer. Iranian diplomats met their French counterparts in Vienna, "
            "and the U.S. said the DPRK was watching.")
    assert states(text) == {"IRN", "FRA", "AUT", "USA", "PRK"}


def test_dateline_in_capitals_counts() -> None:
    assert "KEN" in states("NAIROBI (Reuters) - Officials said the vote would go ahead.")


def test_the_north_needs_a_korea_in_context() -> None:
    assert "PRK" in states("Seoul urged Pyongyang to talk. The North has not answered.")
    assert "PRK" not in states("Fighting spread in the North of the province.")


def test_a_capital_named_with_the_is_no_short_form() -> None:
    assert states("Judges in The Hague will hear the border case next month.") == {"NLD"}


def test_organizations_are_not_states() -> None:
    ctx = context("The U.N. Security Council and NATO met while the European Union waited.")
    assert set(ctx.extraction.actors(ActorKind.ORGANIZATION)) == {"UN", "NATO", "EU"}
    assert ctx.extraction.actors(ActorKind.STATE) == []


def test_person_merged_with_surname_mentions_and_office_before_the_name() -> None:
    ctx = context("Brazilian Foreign Minister Mauro Vieira arrived on Monday. Vieira said the talks went well.")
    [person] = ctx.extraction.persons.values()
    assert person.name == "Mauro Vieira"
    assert person.affiliation == ActorRef(ActorKind.STATE, "BRA")
    assert [o.title for o in person.offices] == ["Foreign Minister"]
    later = [m.actor for m in ctx.extraction.mentions if m.text == "Vieira"]
    assert later == [ActorRef(ActorKind.PERSON, person.key)]


def test_office_in_apposition_after_the_name_with_possessive_state() -> None:
    ctx = context("Penny Wong, Australia's foreign minister, spoke to reporters.")
    person = ctx.extraction.persons[person_key("Penny Wong")]
    assert person.affiliation == ActorRef(ActorKind.STATE, "AUS")
    assert [o.title for o in person.offices] == ["foreign minister"]


def test_office_in_apposition_before_the_name() -> None:
    ctx = context("Kenya's trade minister, Rebecca Miano, signed the accord.")
    person = ctx.extraction.persons[person_key("Rebecca Miano")]
    assert person.affiliation == ActorRef(ActorKind.STATE, "KEN")
    assert [o.title.lower() for o in person.offices] == ["trade minister"]


def test_organization_office() -> None:
    ctx = context("NATO Secretary-General Mark Rutte visited the troops.")
    person = ctx.extraction.persons[person_key("Mark Rutte")]
    assert person.affiliation == ActorRef(ActorKind.ORGANIZATION, "NATO")


def test_names_with_particles_are_kept_whole() -> None:
    ctx = context("Saudi Foreign Minister Prince Faisal bin Farhan met the envoy.")
    names = [p.name for p in ctx.extraction.persons.values()]
    assert names == ["Faisal bin Farhan"]


def test_pronoun_and_description_coreference() -> None:
    ctx = context("Chile recalled its ambassador. The country said he would return after the inquiry.")
    by_text = {m.text: m.actor for m in ctx.extraction.mentions if m.how in ("pronoun", "description")}
    assert by_text["its"] == ActorRef(ActorKind.STATE, "CHL")
    assert by_text["country"] == ActorRef(ActorKind.STATE, "CHL")


@pytest.mark.parametrize(("names", "expected"), [
    (["Stephen Smith", "Smith"], {"Smith": "Stephen Smith", "Stephen Smith": "Stephen Smith"}),
    (["Ali Bagheri Kani", "Bagheri Kani", "Bagheri"], {"Bagheri Kani": "Ali Bagheri Kani", "Bagheri": "Ali Bagheri Kani",
                                                         "Ali Bagheri Kani": "Ali Bagheri Kani"}),
    (["John Kerry", "John Silk"], {"John Kerry": "John Kerry", "John Silk": "John Silk"}),
])
def test_cluster_names(names: list[str], expected: dict[str, str]) -> None:
    assert cluster_names(names) == expected


def test_office_by_verb_in_a_relative_clause() -> None:
    ctx = context("Kenyan President William Ruto, who chairs the African Union, opened the summit.")
    person = ctx.extraction.persons[person_key("William Ruto")]
    assert person.affiliation == ActorRef(ActorKind.STATE, "KEN")
    assert [(o.title, o.state) for o in person.offices][-1] == (
        "chair of the African Union", ActorRef(ActorKind.ORGANIZATION, "AU"))


def test_office_stated_with_as_and_by_a_definite_description() -> None:
    ctx = context("Canadian envoy Bob Rae arrived in Haiti. The Canadian special envoy for Haiti, "
                  "recently named as deputy foreign minister, met the prime minister.")
    person = ctx.extraction.persons[person_key("Bob Rae")]
    titles = {o.title.lower() for o in person.offices}
    assert {"envoy", "special envoy for haiti", "deputy foreign minister"} <= titles


def test_name_in_apposition_to_an_office_the_recognizer_missed() -> None:
    ctx = context("A spokesperson for the ministry, Randeep Jaiwar, dismissed the letter on Friday.")
    assert [(p.name, [o.title for o in p.offices]) for p in ctx.extraction.persons.values()] == [
        ("Randeep Jaiwar", ["spokesperson for the ministry"])]


def test_an_office_owned_by_another_office_and_a_name_with_a_particle() -> None:
    ctx = context("Foreign Minister Karim Benali spoke on Monday. Algeria backed the efforts of the "
                  "UN secretary-general's personal envoy, Staffan de Mistura, on Tuesday.")
    persons = {p.name: (p.affiliation, [o.title for o in p.offices]) for p in ctx.extraction.persons.values()}
    assert persons["Karim Benali"][1] == ["Foreign Minister"]  # the secretary-general is someone else
    assert persons["Staffan de Mistura"] == (ActorRef(ActorKind.ORGANIZATION, "UN"),
                                             ["secretary-general's personal envoy"])


def test_apposition_to_a_noun_with_a_state_gives_the_affiliation() -> None:
    ctx = context("The minister spoke with her Nigerian counterpart, Yusuf Tuggar, on Monday.")
    assert ctx.extraction.persons[person_key("Yusuf Tuggar")].affiliation == ActorRef(ActorKind.STATE, "NGA")


def test_family_name_first_and_person_and_organization_descriptions() -> None:
    ctx = context("Chinese Foreign Minister Wang Yi met NATO officials. Wang said the alliance should talk. "
                  "The diplomat later left. The European Commission proposed tariffs, and the Commission said more would follow.")
    wang = ActorRef(ActorKind.PERSON, person_key("Wang Yi"))
    refs = {(m.text, m.actor) for m in ctx.extraction.mentions}
    assert ("Wang", wang) in refs
    assert ("diplomat", wang) in refs
    assert ("alliance", ActorRef(ActorKind.ORGANIZATION, "NATO")) in refs
    assert ("Commission", ActorRef(ActorKind.ORGANIZATION, "EU")) in refs


def test_group_description_goes_to_the_group_or_organization_named_last() -> None:
    ctx = context("Hezbollah fired rockets at Israel on Monday. The group said it had acted alone. "
                  "G7 ministers met in Rome. The group called for calm.")
    assert [(m.text, m.actor.key) for m in ctx.extraction.mentions if m.how == "description"] == [
        ("group", "LBN"), ("group", "G7")]
    ctx = context("Hamas freed two hostages. The United Nations welcomed the move. The group said more would follow.")
    assert not [m for m in ctx.extraction.mentions if m.text == "group"]


def test_the_last_word_of_an_organization_name_refers_back_to_it() -> None:
    ctx = context("The UN Security Council renewed the mission on Monday. Algeria accused the council of bias.")
    assert ("council", "UN") in {(m.text, m.actor.key) for m in ctx.extraction.mentions if m.how == "description"}
    ctx = context("Algeria accused the council of bias.")
    assert not [m for m in ctx.extraction.mentions if m.text == "council"]


def test_a_shared_first_word_is_not_a_mention() -> None:
    ctx = context("Chinese Foreign Minister Wang Yi met Commerce Minister Wang Wentao. Wang said little.")
    assert all(m.text != "Wang" or m.how == "name" for m in ctx.extraction.mentions)


def test_state_description_goes_to_the_topic_not_the_last_name() -> None:
    ctx = context("Guinea's junta extended its rule. Guinea's military leaders dissolved the parliament on Monday. "
                  "Senegal's president urged the junta to hold elections. Gambia withdrew after the junta refused.")
    juntas = [m.actor.key for m in ctx.extraction.mentions if m.text == "junta" and m.how == "description"]
    assert juntas == ["GIN", "GIN"]


def test_ranks_are_skipped_and_descriptions_in_object_or_same_sentence_are_someone_else() -> None:
    ctx = context("Junta spokesman Colonel Assimi Kone said the envoy had been summoned. "
                  "Army chief General Kofi Mensah met the president.")
    offices = {p.name: [o.title for o in p.offices] for p in ctx.extraction.persons.values()}
    assert offices == {"Assimi Kone": ["Junta spokesman"], "Kofi Mensah": ["Army chief"]}


def affiliation(ctx: ArticleContext, name: str) -> str | None:
    person = ctx.extraction.persons[person_key(name)]
    return person.affiliation.key if person.affiliation else None


@pytest.mark.parametrize("text, name, code", [
    # unqualified office takes the place its holder speaks from
    (("OTTAWA (Reuters) -- Chile protested on Monday. "
     "In Lima, Foreign Minister Ana Torres said the dispute would go to court."),
     "Ana Torres", "PER"),
    # unqualified office skips states of other titles and destinations
    (("NAIROBI (AFP) -- Kenya sent a delegation. The minister held talks with French Foreign "
     "Minister Paul Girard and prepared for President Samuel Otieno's trip to Paris."),
     "Samuel Otieno", "KEN"),
    # unqualified office of someone met is the host not the visitor
    (("Canadian envoy Mark Dubois arrived in Seoul. During his visit to Japan, Dubois met "
     "Vice Foreign Minister Kenji Sato."),
     "Kenji Sato", "JPN"),
    # unqualified office takes the state its holder speaks for
    ("LONDON (Reuters) -- Talks resumed. Prime Minister Ivan Petrov said Bulgaria wanted a deal soon.",
     "Ivan Petrov", "BGR"),
    # unqualified office continues the previous subject
    (("TOKYO (Kyodo) -- Japan voiced concern. Norway joined Japan in calling for restraint. "
     "Foreign Minister Erik Lund said the drills were dangerous."),
     "Erik Lund", "NOR"),
    # ambiguous state name owning a title is the state
    ("Chad's President Mahamat Idriss Deby flew to the summit on Sunday.",
     "Mahamat Idriss Deby", "TCD"),
    # state description modifying a title is the topic state
    (("Mali's army seized power last week. Mali closed its borders and Mali expelled the envoy. "
     "Senegal condemned the coup. Junta spokesman Amadou Traore said elections would wait."),
     "Amadou Traore", "MLI"),
    # description only one organization goes by reaches far back
    (("NATO leaders met in Vilnius. The summit ran late. Talks went on. Nobody left early. "
     "Then the alliance's secretary-general, Jens Olsen, spoke."),
     "Jens Olsen", "NATO"),
    # name before an apposition that is an office
    ("Jasem Mohamed Albudaiwi, secretary-general of the Gulf Cooperation Council, welcomed the deal.",
     "Jasem Mohamed Albudaiwi", "GCC"),
    # office met where the interlocutor travelled is the host state
    (("Kenyan President William Ruto flew to Ghana, where he attended the swearing-in of "
     "President Kofi Mensah."),
     "Kofi Mensah", "GHA"),
    # previous sentence counts by its main subject not a reported one
    (("SEOUL (Yonhap) -- The agency reported that North Korea had fired a missile. "
     "Foreign Minister Park Jin held a call with Tokyo."),
     "Park Jin", "KOR"),
    # a national agency's bare title is its home state's, wherever it is datelined
    (("LIMA (Kyodo) -- The summit opened on Monday. "
     "Prime Minister Taro Kono arrived for the talks."),
     "Taro Kono", "JPN"),
    # a dateline after a deck and a byline still dates and places the story
    (("Talks open in Lima\n\nThe visit is the first in a decade\n\nAna Ruiz\n\nLIMA\n\n"
      "Chief Adviser Jorge Salas received the delegation on Monday."),
     "Jorge Salas", "PER"),
    # an international agency's is the dateline's
    (("LIMA (Reuters) -- The summit opened on Monday. "
     "Prime Minister Ana Torres arrived for the talks."),
     "Ana Torres", "PER"),
])
def test_affiliation_from_the_context(text: str, name: str, code: str) -> None:
    assert affiliation(context(text), name) == code


def test_a_counterpart_named_in_a_later_sentence_rules_out_its_state() -> None:
    text = ("LIMA -- Foreign Secretary Tom Hale arrived for talks on Monday. "
            "Mr. Hale met his Peruvian counterpart, Carlos Mendoza, at the ministry.")
    ctx = context(text)
    assert affiliation(ctx, "Tom Hale") is None
    assert affiliation(ctx, "Carlos Mendoza") == "PER"


def test_the_agency_of_a_record_s_source_gives_a_bare_title_its_state() -> None:
    text = "LIMA -- The summit opened on Monday. President Maria Silva arrived for the talks."
    nlp = load_nlp()
    for source, code in (("Agência Brasil", "BRA"), ("Reuters", "PER"), (None, "PER")):
        ctx = build_context(Article(id="t", text=text, source=source), nlp(text), nlp)
        assert affiliation(ctx, "Maria Silva") == code


def test_institution_possessor_before_a_title_gives_state_and_office() -> None:
    ctx = context("Lemma Bekele, the Kenyan foreign ministry's spokesman, told reporters the plan was fine.")
    person = ctx.extraction.persons[person_key("Lemma Bekele")]
    assert affiliation(ctx, "Lemma Bekele") == "KEN"
    assert [o.title for o in person.offices] == ["foreign ministry's spokesman"]


def test_organization_name_ending_a_longer_name_is_not_the_organization() -> None:
    ctx = context("Ali Reza Tangsiri, secretary of Iran's Supreme National Security Council, "
                  "said the talks failed.")
    assert affiliation(ctx, "Ali Reza Tangsiri") == "IRN"
    assert "UN" not in ctx.extraction.actors(ActorKind.ORGANIZATION)
    assert "UN" in context("The UN Security Council met on Friday.").extraction.actors(ActorKind.ORGANIZATION)


def test_name_followed_by_of_and_a_state() -> None:
    assert affiliation(context("Harold Njewa of Malawi said the talks had failed."), "Harold Njewa") == "MWI"


def test_envoy_of_a_possessor_serves_the_possessor_state() -> None:
    ctx = context("President Joe Doe, who leads Sweden, spoke first. "
                  "His new Arctic envoy, Sten Berg, joined the talks.")
    assert affiliation(ctx, "Sten Berg") == "SWE"
    ctx = context("Chile recalled its ambassador. Its special envoy, Pablo Rojas, said the talks had failed.")
    assert affiliation(ctx, "Pablo Rojas") == "CHL"


def test_office_without_a_state_serves_the_affiliation_found_elsewhere() -> None:
    ctx = context("He discussed swaps with his Russian counterpart, human rights commissioner Tatyana Orlova.")
    person = ctx.extraction.persons[person_key("Tatyana Orlova")]
    assert [(o.title, o.state and o.state.key) for o in person.offices] == [("human rights commissioner", "RUS")]


def test_title_unique_to_one_state_implies_it_unless_a_tail_names_another_post() -> None:
    ctx = context("Secretary of State Jane Miller flew to Cairo. State Councilor Li Wenhua met her there.")
    assert affiliation(ctx, "Jane Miller") == "USA"
    assert affiliation(ctx, "Li Wenhua") == "CHN"
    ctx = context("Jo Evans, the Secretary of State for Wales, spoke on Monday.")
    assert affiliation(ctx, "Jo Evans") != "USA"


def test_chief_and_leader_are_offices_with_their_modifiers() -> None:
    ctx = context("UN climate chief Simon Reed said the draft was weak. North Korean leader Kim Song-il watched.")
    stiell = ctx.extraction.persons[person_key("Simon Reed")]
    assert [(o.title, o.state and o.state.key) for o in stiell.offices] == [("climate chief", "UN")]
    assert affiliation(ctx, "Kim Song-il") == "PRK"


def names(text: str) -> set[str]:
    return names_of(context(text))


def names_of(ctx: ArticleContext) -> set[str]:
    return {p.name for p in ctx.extraction.persons.values()}


def test_hyphenated_name_after_a_title() -> None:
    assert names("Kazakh President Kassym-Jomart Tokayev received both ministers.") == {"Kassym-Jomart Tokayev"}


def test_places_taken_for_persons_are_dropped() -> None:
    assert names("The armies pulled back from Galwan, but differences persist over Depsang and Demchok.") == set()


def test_given_name_the_recognizer_cut_off_is_kept() -> None:
    assert names("Ambassador to Chile Mary Lou Carlson said the embassy was open.") == {"Mary Lou Carlson"}


def test_it_refers_to_the_state_whose_institution_is_the_subject() -> None:
    ctx = context("Japan urged calm. Taiwan's Defense Ministry said it detected 42 aircraft.")
    assert [m.actor.key for m in ctx.extraction.mentions if m.text == "it"] == ["TWN"]


def offices_of(ctx: ArticleContext, name: str) -> list[str]:
    return [o.title for o in ctx.extraction.persons[person_key(name)].offices]


@pytest.mark.parametrize("text, name, office, code", [
    # a title's tail runs over hyphenated words and numbers
    ("Maria Bauer, the EU's special representative for the Tbilisi-Sukhumi dialogue, met both sides.",
     "Maria Bauer", "special representative for the Tbilisi-Sukhumi dialogue", "EU"),
    # a coordinator is an office, and a seat inside the title gives its state
    ("Brett Hale, the White House Middle East coordinator, arrived in Cairo.",
     "Brett Hale", "White House Middle East coordinator", "USA"),
])
def test_office_in_an_apposition_and_the_state_it_serves(text: str, name: str, office: str, code: str) -> None:
    ctx = context(text)
    assert offices_of(ctx, name) == [office]
    assert affiliation(ctx, name) == code


def test_rank_with_the_unit_it_commands_is_an_office() -> None:
    ctx = context("The Indian team was led by Lt Gen Ravi Menon, commander of the 14 Corps.")
    assert offices_of(ctx, "Ravi Menon") == ["commander of the 14 Corps"]


def test_head_of_a_body_serves_the_body_owner() -> None:
    ctx = context("The OAS condemned the vote. Its General Secretariat, headed by Luis Ortega, called for a recount.")
    assert affiliation(ctx, "Luis Ortega") == "OAS"
    assert affiliation(context("The Indian delegation was led by Ravi Menon."), "Ravi Menon") == "IND"


def test_long_tails_and_appositions_after_a_name() -> None:
    ctx = context("Li Qiang, the close ally of the premier and deputy director of the ruling party's "
                  "Central Foreign Affairs Commission, met the envoy.")
    assert offices_of(ctx, "Li Qiang") == ["deputy director of the ruling party's Central Foreign Affairs Commission"]


def test_state_of_ones_counterpart_is_not_ones_own() -> None:
    ctx = context("SEOUL (Yonhap) -- Talks opened on Monday. "
                  "Foreign Minister Aiko Tanabe met her South Korean counterpart Park Min-su.")
    assert affiliation(ctx, "Aiko Tanabe") is None
    assert affiliation(ctx, "Park Min-su") == "KOR"


def test_state_or_group_right_before_a_bare_name() -> None:
    assert affiliation(context("Russia's Sergei Petrov said the talks had failed."), "Sergei Petrov") == "RUS"
    ctx = context("Kenyan Joseph Kamau said the talks had failed.")
    assert names_of(ctx) == {"Joseph Kamau"} and affiliation(ctx, "Joseph Kamau") == "KEN"
    assert affiliation(context("Hamas official Basem Nasser said the talks had failed."), "Basem Nasser") == "PSE"


def test_its_title_after_a_state_institution_names_the_institution() -> None:
    ctx = context("Vietnam's coast guard said on Saturday that the boats had left. "
                  "Its spokesman, Tran Van Minh, urged calm.")
    assert offices_of(ctx, "Tran Van Minh") == ["coast guard spokesman"]
    assert affiliation(ctx, "Tran Van Minh") == "VNM"


def test_state_acting_on_an_official_is_not_their_state() -> None:
    ctx = context("TOKYO (Kyodo) -- Talks resumed. Russia hosted Prime Minister Juan Perez on Monday.")
    assert affiliation(ctx, "Juan Perez") != "RUS"
    ctx = context("Under President Ana Diaz, Peru moved closer to Washington.")
    assert affiliation(ctx, "Ana Diaz") == "PER"


def test_counterpart_holds_the_same_office_in_its_own_state() -> None:
    ctx = context("Chilean President Rosa Vidal and her Bolivian counterpart Luis Arce Mendoza spoke on Monday.")
    assert offices_of(ctx, "Luis Arce Mendoza") == ["President"]
    assert affiliation(ctx, "Luis Arce Mendoza") == "BOL"
    ctx = context("External Affairs Minister Arun Rao and his Chinese counterpart Wang Li agreed on Monday.")
    assert offices_of(ctx, "Wang Li") == [] and affiliation(ctx, "Wang Li") == "CHN"
