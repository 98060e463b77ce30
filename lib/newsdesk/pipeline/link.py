"""People linking across the whole corpus, from the people each partition found.

Runs once per build over every article's people (kept small: offsets dropped, equal mentions
shared), so a rebuild merges the new articles' people with the kept ones at the cost of one
linking, never of re-analysing an article.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.people.attributes import name_list, name_list_file, use_name_list
from newsdesk.people.linking import link_people
from newsdesk.people.mentions import PersonMention
from newsdesk.people.names import name_parts
from newsdesk.pipeline.fingerprint import content_hash
from newsdesk.pipeline.partitions import PartitionOutput
from newsdesk.pipeline.sources import Descriptions
from newsdesk.pipeline.store import link_file, write_bytes_atomic, write_part_file

__all__ = [
    "LinkedPeople", "keep_name_list", "link_partitions", "people_rows", "read_descriptions", "read_state", "take_name_list",
    "write_descriptions", "write_state",
]  # fmt: skip

#: Each name linking split into first name and surname (``name_parts``), for the next build.
PARTS_NAME = Path("state") / "name-parts.parquet"
#: The first-name list as the people stage parsed it (``marshal``, with what it depends on).
NAME_LIST_NAME = Path("state") / "name-list.marshal"
#: Each person's description (gender, role, nation) by what it was made from, for the next build.
DESCRIPTIONS_NAME = Path("state") / "people-descriptions.parquet"

#: partition -> (article_id, in-article name) -> (canonical name, person_id); the people; and the
#: genders each (article_id, in-article name) was stated to have (Mr/Mrs/Ms, gendered titles).
LinkedPeople = tuple[
    dict[int, dict[tuple[str, str], tuple[str, str]]], list[Any], dict[tuple[str, str], list[str]]
]


def link_partitions(
    outputs: Sequence[PartitionOutput], previous: str | None = None, staging: str | None = None, salt: str = ""
) -> LinkedPeople:
    """Link the people of every partition (in build order) into corpus-wide people; the names'
    parts are taken from the previous build's state where it split them with the same code
    (``salt``), and this build's are kept in ``staging``."""
    shared: dict[PersonMention, PersonMention] = {}  # across partitions (and Dask workers)
    by_article: dict[str, list[PersonMention]] = {}
    partition_of: dict[str, int] = {}
    stated: dict[tuple[str, str], list[str]] = {}
    for output in outputs:
        for article_id, mentions in output.people:
            partition_of[article_id] = output.number
            compact = []
            for mention in mentions:
                if mention.gender != "-":
                    stated.setdefault((article_id, mention.name), []).append(mention.gender)
                # Partitions hand over compact mentions already (offsets 0): only others are copied.
                compact_already = mention.start == 0 and mention.end == 0 and mention.sentence_index == 0
                key = mention if compact_already else dataclasses.replace(mention, start=0, end=0, sentence_index=0)
                compact.append(shared.setdefault(key, key))
            by_article[article_id] = compact
        output.people = []  # the compact copies are all linking needs; let the originals go
    kept = {name: (first, surname) for name, first, surname in read_state(previous, PARTS_NAME, salt) or ()}
    names = sorted({mention.name for mentions in by_article.values() for mention in mentions})
    parts = {name: kept[name] if name in kept else name_parts(name) for name in names}
    if staging:
        write_state(staging, PARTS_NAME, salt, [[name, *parts[name]] for name in names])
    people = link_people(by_article, parts)
    canonical: dict[int, dict[tuple[str, str], tuple[str, str]]] = {output.number: {} for output in outputs}
    for person in people:
        for article_id, name in person.members:
            canonical[partition_of[article_id]][(article_id, name)] = (person.name, person.person_id)
    return canonical, people, stated


def read_state(build: str | Path | None, name: Path, salt: str) -> Any:
    """A value a build kept in its state (``write_state``), if kept by the same code and
    options (``salt``); else None."""
    if build is None or not (Path(build) / name).is_file():
        return None
    columns = pq.read_table(Path(build) / name).to_pydict()
    return json.loads(columns["value"][0]) if columns.get("salt") == [salt] and "value" in columns else None


def write_state(build: str | Path, name: Path, salt: str, value: Any) -> None:
    """Keep a value as JSON in a build's state, for the next build (``read_state``)."""
    # JSON in ASCII: a name may hold a lone surrogate, which Parquet's strings cannot.
    write_part_file(pa.table({"salt": [salt], "value": [json.dumps(value)]}), Path(build) / name)


def read_descriptions(build: str | Path | None, salt: str) -> Descriptions:
    """The people a build described (``sources.people_attributes``), if described by the same code."""
    return {(name, tuple(titles), tuple(evidence)): (gender, source, role, nation)
            for name, titles, evidence, gender, source, role, nation in read_state(build, DESCRIPTIONS_NAME, salt) or ()}  # fmt: skip


def write_descriptions(build: str | Path, salt: str, descriptions: Descriptions) -> None:
    """Keep the people a build described, for the next build."""
    write_state(build, DESCRIPTIONS_NAME, salt, [[*key[0:1], list(key[1]), list(key[2]), *value] for key, value in descriptions.items()])


def take_name_list(previous: Path | None, salt: str) -> bool:
    """Hand the first-name list the previous build kept (parsed by the same code from the same
    file) to the people stage, so that this process does not parse it again; whether it was kept."""
    if previous is None:
        return False
    try:
        key, names = marshal.loads((previous / NAME_LIST_NAME).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    return key == _name_list_key(salt) and isinstance(names, dict) and (use_name_list(names) or True)


def keep_name_list(build: Path, salt: str, previous: Path | None = None) -> None:
    """Keep the parsed first-name list in a build's state for the next one: the ``previous``
    build's file as it is, if it kept the same (``take_name_list``)."""
    if previous is not None:
        link_file(previous / NAME_LIST_NAME, build / NAME_LIST_NAME)
    else:
        write_bytes_atomic(build / NAME_LIST_NAME, [marshal.dumps((_name_list_key(salt), name_list()))])


def _name_list_key(salt: str) -> str:
    """What the parsed list depends on: the code (``salt``), the list's file, the marshal format."""
    status = os.stat(name_list_file())
    return content_hash(salt, status.st_size, status.st_mtime_ns, marshal.version, sys.version_info[:2])


def people_rows(
    people: Sequence[Any], quoted: dict[str, int], attributes: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The people table's rows, with each person's attributes (``sources.people_attributes``)."""
    return [
        {"person_id": p.person_id, "name": p.name, "aliases": list(p.aliases), "titles": list(p.titles),
         **attributes.get(p.person_id, {}),
         "n_quotes": int(quoted.get(p.person_id, 0)), "n_mentions": p.n_mentions}
        for p in people
    ]  # fmt: skip
