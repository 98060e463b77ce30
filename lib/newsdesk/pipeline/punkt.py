"""The sentence model of a build: Punkt trained on the scan's bounded, deterministic sample, and
kept with the build, with each sample article's counts, so that a rebuild updates it cheaply.

The model is a function of the sample's set of articles (``text.sentence_model`` over counts
summed per article), so a rebuild counts only the articles that joined the sample, plus the few
kept ones whose abbreviation look-ups changed, and gives exactly the model a fresh build trains.
A changed model then touches only the articles that contain a word whose entry changed
(``partitions.ModelChange``): the others split where they did.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from nltk.tokenize.punkt import PunktParameters

from newsdesk.clean.article import CleanConfig
from newsdesk.corpus import Article
from newsdesk.pipeline.analyse import clean_documents
from newsdesk.pipeline.partitions import HashedKeys
from newsdesk.pipeline.scan import read_articles
from newsdesk.pipeline.store import read_json, write_part_file, write_text_atomic
from newsdesk.text import (
    ContextCounts,
    TextConfig,
    TypeCounts,
    count_contexts,
    count_types,
    find_abbreviations,
    punkt_tokens,
    sentence_model,
)

__all__ = ["COUNTS_NAME", "SampleEntry", "load_model", "model_json", "read_counts", "save_model", "saved_model", "train_on_sample", "write_counts"]

MODEL_NAME = Path("state") / "punkt.json"
COUNTS_NAME = Path("state") / "punkt-counts.parquet"
#: (article_id, file name, article key) of one article of the sample.
SampleEntry = tuple[str, str, str]
Counts = tuple[TypeCounts, ContextCounts]
_COUNTS_SCHEMA = pa.schema([
    ("key", pa.string()), ("types", pa.string()), ("period_tokens", pa.int64()), ("lookups", pa.string()),
    ("abbreviations", pa.string()), ("ortho", pa.string()), ("sentbreaks", pa.int64()), ("starters", pa.string()),
    ("collocations", pa.string()), ("rare", pa.string()),
])  # fmt: skip


def train_on_sample(
    sample: Sequence[SampleEntry], folder: str, manifest: Mapping[str, Mapping[str, str]],
    repeated: frozenset[int], config: CleanConfig, previous: str | None, staging: str,
) -> TextConfig:
    """Punkt on the sample's cleaned texts (as the build cleans them), from the previous build's
    counts where an article's key is unchanged; this build's counts go into ``staging``."""
    kept_table = _counts_table(Path(previous)) if previous else None
    kept = _parse_counts(kept_table)
    keys = sorted({key for _, _, key in sample})
    tokens = _tokens([entry for entry in sample if entry[2] not in kept], folder, manifest, repeated, config)
    types = {key: kept[key][0] if key in kept else count_types(tokens[key]) for key in keys}
    summed: dict[str, int] = defaultdict(int)
    for counts in types.values():
        for word, count in counts.types.items():
            summed[word] += count
    abbreviations = find_abbreviations(summed, sum(counts.period_tokens for counts in types.values()))
    # A kept article's contexts stand if the abbreviations among its look-ups are the same.
    stale = [entry for entry in sample if entry[2] in kept and entry[2] not in tokens
             and kept[entry[2]][1].abbreviations != abbreviations & types[entry[2]].lookups]  # fmt: skip
    tokens.update(_tokens(stale, folder, manifest, repeated, config))
    contexts = {key: count_contexts(tokens[key], types[key].lookups, abbreviations) if key in tokens else kept[key][1]
                for key in keys}  # fmt: skip
    # A kept article's row is written as it was read: only the counted ones are encoded again.
    write_counts(Path(staging), {key: (types[key], contexts[key]) for key in keys if key in tokens},
                 kept_table, [key for key in keys if key not in tokens])  # fmt: skip
    return sentence_model(types.values(), contexts.values(), abbreviations)


def _tokens(
    entries: Sequence[SampleEntry], folder: str, manifest: Mapping[str, Mapping[str, str]],
    repeated: frozenset[int], config: CleanConfig,
) -> dict[str, list[list[object]]]:
    """Article key -> Punkt's tokens of each of its cleaned documents."""
    articles: dict[str, Article] = read_articles(folder, manifest, [(article_id, name) for article_id, name, _ in entries])
    keys = HashedKeys(repeated)
    found: dict[str, list[list[object]]] = {}
    for article_id, _, key in entries:
        documents, _, _ = clean_documents(articles[article_id], keys, config) if article_id in articles else ([], [], None)
        found[key] = punkt_tokens(document.text for document in documents)
    return found


def write_counts(
    build: Path, counts: Mapping[str, Counts], kept: pa.Table | None = None, kept_keys: Sequence[str] = ()
) -> None:
    """Each sample article's counts, by article key, in the build's state (JSON in ASCII: a word
    may hold a lone surrogate, which Parquet's strings cannot); the rows of ``kept_keys`` are taken
    as they are from ``kept``, the table of a previous build (``_counts_table``)."""
    keys = sorted(counts)
    types = [counts[key][0] for key in keys]
    contexts = [counts[key][1] for key in keys]
    table = pa.table({
        "key": keys,
        "types": [json.dumps(t.types) for t in types],
        "period_tokens": [t.period_tokens for t in types],
        "lookups": [json.dumps(sorted(t.lookups)) for t in types],
        "abbreviations": [json.dumps(sorted(c.abbreviations)) for c in contexts],
        "ortho": [json.dumps(c.ortho) for c in contexts],
        "sentbreaks": [c.sentbreaks for c in contexts],
        "starters": [json.dumps(c.starters) for c in contexts],
        "collocations": [json.dumps(sorted([*pair, n] for pair, n in c.collocations.items())) for c in contexts],
        "rare": [json.dumps(sorted(c.rare, key=repr)) for c in contexts],
    }, schema=_COUNTS_SCHEMA)  # fmt: skip
    if kept_keys:
        if kept is None:
            raise ValueError("kept counts without the table they were read from")
        positions = {key: index for index, key in enumerate(kept.column("key").to_pylist())}
        taken = kept.take(pa.array([positions[key] for key in kept_keys], pa.int64()))
        table = pa.concat_tables([taken, table]).sort_by("key")
    write_part_file(table, build / COUNTS_NAME)


def read_counts(build: Path) -> dict[str, Counts]:
    """The sample's counts kept with a build (none if it kept none)."""
    return _parse_counts(_counts_table(build))


def _counts_table(build: Path) -> pa.Table | None:
    """The counts' table as a build wrote it (None if it kept none, or kept them otherwise)."""
    if not (build / COUNTS_NAME).is_file():
        return None
    table = pq.read_table(build / COUNTS_NAME)
    return table if table.schema == _COUNTS_SCHEMA else None


def _parse_counts(table: pa.Table | None) -> dict[str, Counts]:
    if table is None:
        return {}
    columns = table.to_pydict()
    found: dict[str, Counts] = {}
    for row in zip(*columns.values(), strict=True):
        key, types, period_tokens, lookups, abbreviations, ortho, sentbreaks, starters, collocations, rare = row
        found[key] = (
            TypeCounts(json.loads(types), period_tokens, frozenset(json.loads(lookups))),
            ContextCounts(frozenset(json.loads(abbreviations)), json.loads(ortho), sentbreaks, json.loads(starters),
                          {(a, b): n for a, b, n in json.loads(collocations)},
                          frozenset((a, b) for a, b in json.loads(rare))),
        )  # fmt: skip
    return found


def save_model(build: Path, config: TextConfig, fingerprint: str) -> None:
    """Keep the model in the build folder, under the fingerprint of its sample."""
    parameters = config.parameters
    # Without indentation, which only Python's slower JSON encoder writes: the file is state.
    write_text_atomic(build / MODEL_NAME, json.dumps({
        "fingerprint": fingerprint,
        "abbrev_types": sorted(parameters.abbrev_types),
        "collocations": sorted(list(pair) for pair in parameters.collocations),
        "sent_starters": sorted(parameters.sent_starters),
        "ortho_context": _ortho_context(config),
    }, ensure_ascii=False))  # fmt: skip


def load_model(build: Path | None, fingerprint: str | None) -> TextConfig | None:
    """The model kept with a build, if it was trained on the same sample (any, if ``fingerprint``
    is None)."""
    saved = saved_model(build)
    return saved[0] if saved is not None and fingerprint in (None, saved[1]) else None


def saved_model(build: Path | None) -> tuple[TextConfig, str] | None:
    """The model kept with a build and the fingerprint of its sample (None if it kept none)."""
    saved = read_json(build / MODEL_NAME) if build else None
    if not isinstance(saved, dict):
        return None
    parameters = PunktParameters()
    parameters.abbrev_types = set(saved["abbrev_types"])
    parameters.collocations = {tuple(pair) for pair in saved["collocations"]}
    parameters.sent_starters = set(saved["sent_starters"])
    parameters.ortho_context = defaultdict(int, {key: value for key, value in saved["ortho_context"]})
    return TextConfig(parameters=parameters), str(saved.get("fingerprint"))


def model_json(config: TextConfig) -> str:
    """The model as JSON text (for its fingerprint)."""
    parameters = config.parameters
    return json.dumps([sorted(parameters.abbrev_types), sorted(map(list, parameters.collocations)),
                       sorted(parameters.sent_starters), _ortho_context(config)])  # fmt: skip


def _ortho_context(config: TextConfig) -> list[tuple[str, int]]:
    """The orthographic contexts, without the empty entries that splitting adds (Punkt's table is
    a defaultdict, so every word it looks up gets one)."""
    return sorted((word, flags) for word, flags in config.parameters.ortho_context.items() if flags)
