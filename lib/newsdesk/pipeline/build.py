"""Run the stages over a corpus, in partitions, and write the tables of DESIGN.md as one build.

The build streams: a first cheap pass (``scan``) reads every file once for its articles' ids and
content hashes, each outlet's repeated lines and the Punkt sample; then each partition of about
``partition_size`` articles is read, cleaned, analysed and written as its part of every table
(``partitions``), on this machine or on Dask workers (``engines``); people are linked across the
corpus (``link``) and each partition's quotes and mentions get their canonical names. Articles
whose key is unchanged since the previous build are not analysed again (``incremental``). All of
it is written into a staging folder that ``store`` switches into place as one unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newsdesk.clean.article import CleanConfig
from newsdesk.corpus import Rejection, corpus_files, keep_readings
from newsdesk.entities import EntityConfig
from newsdesk.people.mentions import PeopleConfig
from newsdesk.pipeline.analyse import ArticleResult, Document, StageConfigs, analyse_document
from newsdesk.pipeline.boundaries import model_change
from newsdesk.pipeline.copies import same_rows, write_copies
from newsdesk.pipeline.engines import open_engine
from newsdesk.pipeline.fingerprint import canonical, code_fingerprint, content_hash, new_build_id
from newsdesk.pipeline.incremental import article_key, read_index, write_index
from newsdesk.pipeline.link import (
    keep_name_list,
    link_partitions,
    people_rows,
    read_descriptions,
    take_name_list,
    write_descriptions,
)
from newsdesk.pipeline.lock import build_lock
from newsdesk.pipeline.partitions import (
    FINAL_TABLES,
    RAW_DIR,
    PartitionOutput,
    PartitionTask,
    analyse_partition,
    release_previous,
    to_arrow,
)
from newsdesk.pipeline.punkt import (
    COUNTS_NAME,
    model_json,
    save_model,
    saved_model,
    train_on_sample,
)
from newsdesk.pipeline.resolve import resolve_partition
from newsdesk.pipeline.scan import (
    PUNKT_SAMPLE_CHARS,
    Scan,
    merge_scans,
    read_scans,
    repeated_hashes,
    scan_files,
    write_scans,
)
from newsdesk.pipeline.sources import organisation_spellings, people_attributes
from newsdesk.pipeline.store import (
    STAMP_NAME,
    build_dir,
    clear_leftovers,
    count_rows,
    new_staging,
    prune_builds,
    publish,
    read_stamp,
    read_table,
    write_json_atomic,
    write_part,
    write_tables,
    write_text_atomic,
)
from newsdesk.quotes.extract import QuoteConfig
from newsdesk.sentiment.scoring import SentimentConfig
from newsdesk.text import TextConfig
from newsdesk.timeline.scan import TimelineConfig

__all__ = [
    "TABLE_COLUMNS",
    "ArticleResult",
    "BuildConfig",
    "BuildReport",
    "BuildResult",
    "Document",
    "analyse_document",
    "build",
    "build_corpus",
    "code_fingerprint",
    "write_build",
]

logger = logging.getLogger(__name__)

REJECTED_NAME = "rejected.csv"
#: rejected.csv: what was set aside (severity "error") or kept with a flag ("warning"), and why
REJECTED_COLUMNS = ["file", "reason", "detail", "severity"]
#: A corpus this small also gets a CSV of each table, for a person to open.
CSV_MAX_ARTICLES = 5_000
#: Files per task of the first pass.
SCAN_CHUNK_FILES = 500
#: The version of the build folder's layout; a build of another layout is never reused.
FORMAT = 2
# The contract of DESIGN.md: these columns come first, in this order, and every table exists
# (empty if need be) so that notebooks can rely on them; stages may add columns after them.
TABLE_COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "parent_id", "file", "outlet", "title", "url", "published",
                 "published_source", "text", "n_sentences", "n_tokens", "removed_chars", "sentiment"],
    "sentences": ["article_id", "sentence_id", "start", "end", "text", "tokens", "compound", "pos", "neu", "neg"],
    "quotes": ["article_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker",
               "speaker_kind", "speaker_mention", "role", "person_id", "cue", "compound"],
    "people": ["person_id", "name", "aliases", "titles", "gender", "gender_source", "role", "nation",
               "n_quotes", "n_mentions"],
    "mentions": ["article_id", "sentence_id", "start", "end", "surface", "entity", "kind",
                 "target_compound"],
    "events": ["article_id", "sentence_id", "start", "end", "expr", "value", "granularity", "relative",
               "date_start", "date_end", "sentence"],
}  # fmt: skip
TABLES = (*TABLE_COLUMNS, "cleaning")


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """How to build: the engine, the partitions, and the options of the stages."""

    engine: str = "pandas"  # pandas or dask
    scheduler: str | None = None  # a Dask scheduler address; None runs a local cluster
    workers: int | None = None  # local Dask workers (default: one per core)
    strict: bool = False  # refuse to write anything when a file is set aside
    progress: bool | None = None  # None: a bar only on a terminal
    partition_size: int = 1_000  # articles per partition
    force: bool = False  # analyse every article again, even if unchanged
    lock_timeout: float = 10.0  # seconds to wait for another build of the same output folder
    # Every stage's options, so that a build never runs a stage on defaults it was not given.
    clean: CleanConfig = field(default_factory=CleanConfig)
    text: TextConfig | None = None  # None: a Punkt model trained on a sample of the corpus
    people: PeopleConfig = field(default_factory=PeopleConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    sentiment: SentimentConfig = field(default_factory=SentimentConfig)

    def stages(self) -> StageConfigs:
        """The per-article stages' options, as a partition task carries them."""
        return StageConfigs(self.people, self.quotes, self.timeline, self.entities, self.sentiment)


@dataclass
class BuildReport:
    """What a build did."""

    out_dir: Path
    stamp: dict[str, Any]
    rejections: list[Rejection]
    up_to_date: bool = False
    written: bool = True

    @property
    def summary(self) -> str:
        return str(self.stamp.get("summary", ""))


@dataclass
class BuildResult:
    """The tables (in memory), what was set aside, and the figures of the one-line summary."""

    tables: dict[str, pd.DataFrame]
    rejections: list[Rejection]

    def summary(self) -> str:
        """One line: articles, sentences, tokens, characters removed, files set aside."""
        return _summary(self.tables["articles"], len(self.tables["sentences"]), self.rejections)


class StrictRefusal(ValueError):
    """``--strict`` and something was set aside: nothing written."""

    def __init__(self, rejections: list[Rejection]) -> None:
        super().__init__(f"--strict: {len(rejections)} set aside or flagged; nothing written")
        self.rejections = rejections


def _summary(articles: pd.DataFrame, n_sentences: int, rejections: list[Rejection]) -> str:
    appended = int(articles["parent_id"].notna().sum())
    set_aside = sum(r.severity == "error" for r in rejections)
    return (
        f"{len(articles)} articles ({appended} appended), {n_sentences:,} sentences, "
        f"{int(articles['n_tokens'].sum()):,} tokens, "
        f"{int(articles['removed_chars'].sum()):,} characters removed, "
        f"{set_aside} set aside, {len(rejections) - set_aside} flagged"
    )


#: BuildConfig fields that say how to run, not what to compute: they never change a row.
_RUN_OPTIONS = ("engine", "scheduler", "workers", "strict", "progress", "partition_size", "force", "lock_timeout")


def _settings(config: BuildConfig) -> str:
    """What every row depends on besides its article: the code and every stage option in the
    config (any field added to BuildConfig counts, unless it is one of ``_RUN_OPTIONS``)."""
    options = {f.name: canonical(getattr(config, f.name)) for f in dataclasses.fields(config) if f.name not in _RUN_OPTIONS}
    # A given Punkt model by its content: its repr is an address, new in every process.
    options["text"] = model_json(config.text) if config.text is not None else None
    return content_hash(code_fingerprint(), options, FORMAT)


def _scan(
    engine: Any, corpus: Path, config: BuildConfig, previous: Path | None, salt: str
) -> tuple[Scan, dict[str, dict[str, str]], list[Rejection]]:
    """The first pass (a future on Dask), the manifest, and what the manifest set aside."""
    files, manifest, rejections = corpus_files(corpus)
    kept = read_scans(previous)
    entries = [(path.name, manifest.get(path.name, {})) for path in files]
    chunks = [entries[i : i + SCAN_CHUNK_FILES] for i in range(0, len(entries), SCAN_CHUNK_FILES)]
    boilerplate = config.clean.boilerplate
    tasks = [(str(corpus), chunk, boilerplate, PUNKT_SAMPLE_CHARS, {name: kept[name] for name, _ in chunk if name in kept}, salt)
             for chunk in chunks]  # fmt: skip
    parts = engine.map(_scan_chunk, tasks, "scan")
    return engine.call(merge_scans, parts), manifest, rejections


def _scan_chunk(task: tuple[str, Any, Any, int, Any, str]) -> Scan:
    return scan_files(*task)


def _plan(scan: Scan, size: int, old: Mapping[str, int] | None = None) -> list[list[tuple[str, list[tuple[str, str]]]]]:
    """Consecutive files, about ``size`` articles per partition (a file is never split). In a
    rebuild (``old``: article id -> its partition in the previous build), the kept articles of an
    old partition stay together and new files join the partition they fall in while it has room,
    so that a partition whose articles are all unchanged is the old one (``PartitionTask.same_as``)."""
    old = old or {}
    partitions: list[list[tuple[str, list[tuple[str, str]]]]] = [[]]
    count, current = 0, None
    for entry in scan.files:
        here = next((old[article_id] for article_id, _ in entry[1] if article_id in old), None)
        # A new file (or the first of a partition) fills it up to its size; a kept one goes
        # where the articles of its old partition are.
        if count >= size if here is None or current is None else here != current:
            partitions.append([])
            count, current = 0, None
        partitions[-1].append(entry)
        count += len(entry[1])
        current = here if current is None else current
    return [p for p in partitions if p]


def build(corpus_dir: str | Path, out_dir: str | Path, config: BuildConfig | None = None) -> BuildReport:
    """Build a corpus into ``out_dir`` as a new versioned build, switched into place at the end.

    Args:
        corpus_dir: folder of articles (with an optional ``articles.csv`` manifest).
        out_dir: the output folder (``current`` and ``builds/`` inside).
        config: engine, partitions and stage options.

    Returns:
        What was built (or that the output was already up to date).

    Raises:
        StrictRefusal: with ``strict``, when anything was set aside (nothing is written).
        BuildLocked: another build holds ``out_dir``.
    """
    config = config or BuildConfig()
    # Absolute, so that Dask workers on other machines (or in other folders) find the same paths.
    corpus, out = Path(corpus_dir).absolute(), Path(out_dir).absolute()
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus}: not a folder of articles")
    with build_lock(out, config.lock_timeout), open_engine(config.engine, config.scheduler, config.workers, config.progress) as engine:
        clear_leftovers(out)
        with keep_readings():  # the first pass's readings, for the partitions read in this process
            return _build(engine, corpus, out, config, str(corpus_dir))


def _build(engine: Any, corpus: Path, out: Path, config: BuildConfig, label: str) -> BuildReport:
    settings = _settings(config)
    previous_stamp = read_stamp(out)
    previous = build_dir(out) if previous_stamp and previous_stamp.get("format") == FORMAT and not config.force else None
    scanned, manifest, rejections = _scan(engine, corpus, config, previous, settings)
    scan: Scan = engine.gather(scanned)
    rejections = rejections + scan.rejections
    if not scan.files:
        raise ValueError(f"{corpus}: no readable articles")
    repeated: frozenset[int] = engine.gather(engine.call(repeated_hashes, scanned, config.clean.boilerplate))
    digests = {article_id: digest for _, found in scan.files for article_id, digest in found}
    keys = {a: article_key(settings, d, scan.lines[a][1], repeated) for a, d in digests.items()}
    sample = [(article_id, name, keys[article_id]) for _, article_id, name, _ in sorted(scan.sample)]
    model_key = content_hash(settings, sorted(key for _, _, key in sample))
    fingerprint = content_hash(settings, model_key, scan.files, [dataclasses.astuple(r) for r in rejections])
    if previous_stamp and previous_stamp.get("fingerprint") == fingerprint and not config.force:
        return BuildReport(out, previous_stamp, rejections, up_to_date=True, written=False)
    old, old_model = read_index(previous)
    build_id = new_build_id()
    staging = new_staging(out, build_id)
    try:
        saved = saved_model(previous)  # read once: it serves as this build's model or the one before
        text_config = config.text or (saved[0] if saved is not None and saved[1] == model_key else None)
        if text_config is not None and previous is not None and (previous / COUNTS_NAME).is_file():
            (staging / COUNTS_NAME).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous / COUNTS_NAME, staging / COUNTS_NAME)  # the same sample: its counts stand
        elif text_config is None:
            text_config = engine.gather(engine.call(
                train_on_sample, sample, str(corpus), manifest, repeated, config.clean,
                str(previous) if previous else None, str(staging)))  # fmt: skip
        # Kept rows stand if the model is the same, else where no word whose entry changed occurs.
        before = text_config if old_model == model_key else saved[0] if saved is not None else None
        change = model_change(before, text_config) if before is not None else None
        tasks = []
        old_partitions = {article_id: partition for article_id, (_, partition, _) in old.items()}
        old_sizes = Counter(old_partitions.values())
        for number, files in enumerate(_plan(scan, config.partition_size, old_partitions)):
            task_files = tuple((name, manifest.get(name, {}), tuple((a, keys[a]) for a, _ in found)) for name, found in files)
            reuse = {a: (old[a][1], old[a][2]) for _, found in files for a, _ in found
                     if a in old and old[a][0] == keys[a]}  # fmt: skip
            tasks.append(PartitionTask(number, str(corpus), task_files, str(staging), TABLE_COLUMNS, text_config,
                                       repeated, config.clean, str(previous) if reuse else None, reuse, change,
                                       config.stages(), _same_partition(task_files, reuse, old_sizes)))  # fmt: skip
        write_scans(staging, scan.kept)
        same_names = take_name_list(previous, settings)
        del scan, scanned  # the per-article line hashes are not needed any more
        analysed = engine.map(analyse_partition, tasks, "partitions")
        linked = engine.call(link_partitions, analysed, str(previous) if previous else None, str(staging), settings)
        outputs: list[PartitionOutput] = engine.gather(analysed)
        release_previous()
        canonical, people, stated = engine.gather(linked)
        organisations = _organisations(staging)
        quoted: Counter[str] = Counter()
        spoken: dict[str, list[str]] = {}
        for counts, genders in engine.gather(engine.map(
            _resolve, [(str(staging), o.number, TABLE_COLUMNS, canonical[o.number], organisations) for o in outputs],
            "people",
        )):  # fmt: skip
            quoted.update(counts)
            for person_id, found in genders.items():
                spoken.setdefault(person_id, []).extend(found)
        attributes, descriptions = people_attributes(people, stated, spoken, read_descriptions(previous, settings))
        write_descriptions(staging, settings, descriptions)
        keep_name_list(staging, settings, previous if same_names else None)
        write_part(to_arrow(people_rows(people, quoted, attributes), TABLE_COLUMNS["people"]), staging / "people", 0)
        rejections += [r for o in outputs for r in o.rejections]
        for rejection in rejections:
            logger.warning("%s: %s: %s%s", rejection.file, "set aside" if rejection.severity == "error" else "flagged",
                           rejection.reason, f" ({rejection.detail})" if rejection.detail else "")  # fmt: skip
        if config.strict and rejections:
            raise StrictRefusal(rejections)
        stamp = _finish(staging, corpus, label, outputs, rejections, fingerprint, config, previous)
        write_index(staging, ((a, k, o.number, d) for o in outputs for a, k, d in o.index), model_key)
        save_model(staging, text_config, model_key)
        write_json_atomic(staging / STAMP_NAME, stamp)
        publish(out, staging, build_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for removed in prune_builds(out):
        logger.info("%s: old build removed", removed)
    return BuildReport(out, stamp, rejections)


def _same_partition(files: Any, reuse: Mapping[str, tuple[int, Any]], old_sizes: Mapping[int, int]) -> int | None:
    """The old partition that held exactly these articles, each of them unchanged (else None)."""
    articles = [article_id for _, _, found in files for article_id, _ in found]
    partitions = {reuse[article_id][0] for article_id in articles if article_id in reuse}
    if len(partitions) != 1 or len(reuse) != len(articles):
        return None
    partition = partitions.pop()
    return partition if old_sizes.get(partition) == len(articles) else None


def _resolve(task: tuple[str, int, Any, Any, Any]) -> tuple[Counter[str], dict[str, list[str]]]:
    return resolve_partition(*task)


def _organisations(staging: Path) -> dict[str, str]:
    """Each organisation or outlet speaker's one spelling across the corpus (two small columns
    of every partition's quotes, read before the speakers are resolved)."""
    quotes = read_table(staging / RAW_DIR, "quotes", columns=["speaker", "speaker_kind"])
    return organisation_spellings(zip(quotes["speaker"], quotes["speaker_kind"], strict=True))


def _finish(
    staging: Path, corpus: Path, label: str, outputs: list[PartitionOutput], rejections: list[Rejection],
    fingerprint: str, config: BuildConfig, previous: Path | None,
) -> dict[str, Any]:
    """The CSV copies (small corpora), ``rejected.csv``, and the stamp's figures."""
    n_rows = {name: sum(o.n_rows.get(name, 0) for o in outputs) for name in TABLES}
    n_rows["people"] = count_rows(staging, "people")
    rejected = pd.DataFrame([dataclasses.asdict(r) for r in rejections], columns=REJECTED_COLUMNS)
    write_text_atomic(staging / REJECTED_NAME, rejected.to_csv(index=False))
    if n_rows["articles"] <= CSV_MAX_ARTICLES:
        # A final table's reused rows are the previous build's: so are their CSV lines.
        reused = {document for output in outputs for document in output.reused}
        unchanged = {name: reused for name in FINAL_TABLES}
        # Linking may rename a kept article's people: its mentions' lines stand where it did not (its
        # quotes' rarely do, as new people renumber the person ids).
        unchanged["mentions"] = same_rows(staging, previous, "mentions", reused)
        write_copies(staging, previous, TABLES, unchanged)
    articles = read_table(staging, "articles", columns=["parent_id", "n_tokens", "removed_chars"])
    return {
        "format": FORMAT, "fingerprint": fingerprint, "corpus": label,
        "corpus_path": str(corpus.resolve()), "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "summary": _summary(articles, n_rows["sentences"], rejections),
        "n_articles": n_rows["articles"], "n_rows": n_rows, "partitions": len(outputs),
        "analysed": sum(o.n_analysed for o in outputs), "engine": config.engine,
    }  # fmt: skip


def build_corpus(corpus_dir: str | Path, config: BuildConfig | None = None) -> BuildResult:
    """Build a corpus into a temporary folder and return its tables in memory.

    Args:
        corpus_dir: folder of articles (with an optional ``articles.csv`` manifest).
        config: engine and stage options.

    Returns:
        The tables and the rejections.
    """
    config = dataclasses.replace(config or BuildConfig(), progress=False if config is None else config.progress)
    with tempfile.TemporaryDirectory(prefix="newsdesk-build-") as scratch:
        report = build(corpus_dir, scratch, config)
        return BuildResult({name: read_table(scratch, name) for name in TABLES}, report.rejections)


def write_build(result: BuildResult, out_dir: str | Path, stamp: dict[str, Any]) -> Path:
    """Write in-memory tables (from ``build_corpus``) as one build, with ``rejected.csv`` and a stamp."""
    rejected = pd.DataFrame([dataclasses.asdict(r) for r in result.rejections], columns=REJECTED_COLUMNS)
    return write_tables(result.tables, out_dir, extra_files={REJECTED_NAME: rejected.to_csv(index=False)},
                        stamp={"n_articles": len(result.tables["articles"]), "summary": result.summary(), **stamp})  # fmt: skip
