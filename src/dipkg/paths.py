"""Where the files dipkg reads at run time are: the ontology, the shapes and the named queries.

They live at the top of the repository (ontology/, shapes/, queries/), where
people edit them; ``dipkg/resources/`` holds symbolic links to those folders,
and building a wheel copies the files they point at into the package. So the
same path works in a source checkout, an editable install and a wheel.
"""
from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under dipkg/resources, e.g. ``resource_path("shapes", "dipkg.shacl.ttl")``."""
    return RESOURCES.joinpath(*parts)


ONTOLOGY = resource_path("ontology", "dipkg.ttl")
SHAPES = resource_path("shapes", "dipkg.shacl.ttl")
QUERIES = resource_path("queries")
