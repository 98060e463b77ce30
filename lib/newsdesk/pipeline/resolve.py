"""The second step of a partition, once people are linked across the corpus: its quotes and
mentions get their people's canonical names and ids (from ``state/raw`` into the final tables)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.pipeline.partitions import RAW_DIR
from newsdesk.pipeline.sources import speaker_gender
from newsdesk.pipeline.store import write_part

__all__ = ["resolve_partition"]


def resolve_partition(
    staging: str, number: int, columns: Mapping[str, Sequence[str]],
    canonical: Mapping[tuple[str, str], tuple[str, str]],
    organisations: Mapping[str, str] | None = None,
) -> tuple[Counter[str], dict[str, list[str]]]:
    """Give one partition's quotes and mentions their people's canonical names and ids, and
    organisation and outlet speakers their one spelling across the corpus.

    Args:
        staging: the build's staging folder.
        number: the partition.
        columns: the table contract.
        canonical: (article_id, in-article name) -> (canonical name, person_id).
        organisations: an organisation or outlet speaker -> its spelling across the corpus.

    Returns:
        Quotes per person_id in this partition, and the genders its speaker phrases state of
        each person ("she said", "Mrs Ferris said").
    """
    base = Path(staging)
    organisations = organisations or {}
    # Only the columns that change are read as Python values; the rest are written as they are.
    quotes = pq.read_table(base / RAW_DIR / "quotes" / f"part-{number:05d}.parquet")
    article_ids, speakers, kinds, phrases = (_values(quotes, name) for name in
                                             ("article_id", "speaker", "speaker_kind", "speaker_mention"))  # fmt: skip
    person_ids: list[str | None] = []
    quoted: Counter[str] = Counter()
    spoken: dict[str, list[str]] = {}
    genders: dict[Any, str] = {}  # by speaker phrase: a corpus repeats "he", "she", "Mr Smith"
    for index, (article_id, speaker, kind, phrase) in enumerate(zip(article_ids, speakers, kinds, phrases, strict=True)):
        if kind in ("organisation", "outlet") and speaker in organisations:
            speaker = speakers[index] = organisations[speaker]
        person = canonical.get((str(article_id), speaker)) if isinstance(speaker, str) else None
        person_ids.append(person[1] if person else None)
        if person:
            speakers[index] = person[0]
            quoted[person[1]] += 1
            gender = genders.get(phrase) if isinstance(phrase, str) else "-"  # speaker_gender's answer
            if gender is None:
                gender = genders[phrase] = speaker_gender(phrase)
            if gender != "-":
                spoken.setdefault(person[1], []).append(gender)
    write_part(_replaced(quotes, {"speaker": speakers, "person_id": person_ids}), base / "quotes", number)
    mentions = pq.read_table(base / RAW_DIR / "mentions" / f"part-{number:05d}.parquet")
    entities = _values(mentions, "entity")
    for index, (article_id, entity, kind) in enumerate(zip(_values(mentions, "article_id"), entities,
                                                           _values(mentions, "kind"), strict=True)):  # fmt: skip
        if kind == "person" and isinstance(entity, str):
            person = canonical.get((str(article_id), entity))
            if person:
                entities[index] = person[0]
    write_part(_replaced(mentions, {"entity": entities}), base / "mentions", number)
    return quoted, spoken


def _values(table: pa.Table, name: str) -> list[Any]:
    """A column as Python values (nulls if the table lacks it)."""
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def _replaced(table: pa.Table, columns: Mapping[str, list[Any]]) -> pa.Table:
    """A table with some columns' values replaced, typed as ``to_arrow`` infers them."""
    for name, values in columns.items():
        if name in table.column_names:
            table = table.set_column(table.column_names.index(name), name, pa.array(values))
    return table
