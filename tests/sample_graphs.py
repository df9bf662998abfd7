"""Small article graphs shaped after docs/graph.md, for the store and endpoint tests."""
from __future__ import annotations

from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
DIP = "https://w3id.org/dipkg/"
ONT = DIP + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


def article_nquads(article_id: str, events: int = 3, headline: str = "Envoys meet in Beijing") -> bytes:
    """One article graph shaped after docs/graph.md: the article, evidence sentences, events."""
    a = f"{DIP}article/{article_id}"
    lines = [
        f"<{a}> <{RDF_TYPE}> <{ONT}Article> <{a}> .",
        f'<{a}> <http://purl.org/dc/terms/identifier> "{article_id}" <{a}> .',
        f'<{a}> <https://schema.org/headline> "{headline}" <{a}> .',
    ]
    for i in range(events):
        sentence, event = f"{a}/sentence/{i}", f"{a}/event/{i:012x}"
        lines += [
            f"<{sentence}> <{RDF_TYPE}> <{ONT}Sentence> <{a}> .",
            f'<{sentence}> <{ONT}sentenceIndex> "{i}"^^<{XSD}integer> <{a}> .',
            f"<{event}> <{RDF_TYPE}> <{ONT}Event> <{a}> .",
            f"<{event}> <{ONT}eventType> <{DIP}plover/CONSULT> <{a}> .",
            f"<{event}> <{ONT}actor> <{DIP}state/USA> <{a}> .",
            f"<{event}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{sentence}> <{a}> .",
            f'<{event}> <{ONT}confidence> "0.70"^^<{XSD}decimal> <{a}> .',
        ]
    return ("\n".join(lines) + "\n").encode()


def quads_in(events: int) -> int:
    return 3 + 7 * events
