"""The sentence model of a build: Punkt trained once on the scan's bounded, deterministic sample,
and kept with the build (as JSON) so that a rebuild with the same sample does not train again."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters

from newsdesk.clean.article import CleanConfig
from newsdesk.corpus import Article
from newsdesk.pipeline.analyse import clean_documents
from newsdesk.pipeline.partitions import HashedKeys
from newsdesk.pipeline.store import read_json, write_json_atomic
from newsdesk.text import TextConfig, train_sentence_model

__all__ = ["load_model", "model_json", "save_model", "train_on_sample"]

MODEL_NAME = Path("state") / "punkt.json"


def train_on_sample(sample: Sequence[Article], repeated: frozenset[int], config: CleanConfig) -> TextConfig:
    """Clean the sample's articles (as the build will) and train Punkt on their texts."""
    texts: list[str] = []
    keys = HashedKeys(repeated)
    for article in sample:
        documents, _, _ = clean_documents(article, keys, config)
        texts.extend(document.text for document in documents)
    return train_sentence_model(texts, max_chars=sum(map(len, texts)) + 1)


def save_model(build: Path, config: TextConfig, fingerprint: str) -> None:
    """Keep the model in the build folder, under the fingerprint of its sample."""
    parameters = config.parameters
    write_json_atomic(build / MODEL_NAME, {
        "fingerprint": fingerprint,
        "abbrev_types": sorted(parameters.abbrev_types),
        "collocations": sorted(list(pair) for pair in parameters.collocations),
        "sent_starters": sorted(parameters.sent_starters),
        "ortho_context": sorted(parameters.ortho_context.items()),
    })  # fmt: skip


def load_model(build: Path | None, fingerprint: str) -> TextConfig | None:
    """The model kept with a build, if it was trained on the same sample."""
    saved = read_json(build / MODEL_NAME) if build else None
    if not isinstance(saved, dict) or saved.get("fingerprint") != fingerprint:
        return None
    parameters = PunktParameters()
    parameters.abbrev_types = set(saved["abbrev_types"])
    parameters.collocations = {tuple(pair) for pair in saved["collocations"]}
    parameters.sent_starters = set(saved["sent_starters"])
    parameters.ortho_context = defaultdict(int, {key: value for key, value in saved["ortho_context"]})
    return TextConfig(parameters=parameters)


def model_json(config: TextConfig) -> str:
    """The model as JSON text (for its fingerprint)."""
    parameters = config.parameters
    return json.dumps([sorted(parameters.abbrev_types), sorted(map(list, parameters.collocations)),
                       sorted(parameters.sent_starters), sorted(parameters.ortho_context.items())])  # fmt: skip
