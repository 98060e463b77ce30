"""Read a corpus: a folder of articles plus an optional manifest ``articles.csv``.

Formats: ``.txt``; ``.html`` (main text and metadata through trafilatura); ``.jsonl`` (one article
per line, ``text`` field); ``.csv`` (one article per row, ``text`` column). Every input is treated
as hostile: what is not text is told by its content, sizes are capped, a symbolic link out of the
folder and a manifest path out of it are refused, and whatever cannot be read becomes a
``Rejection`` naming the file and the reason; the rest of the corpus still loads.

    >>> from newsdesk.corpus import read_corpus
    >>> read_corpus("/nonexistent")
    Traceback (most recent call last):
    FileNotFoundError: /nonexistent: not a folder of articles
"""

from newsdesk.corpus.dates import infer_published
from newsdesk.corpus.decode import decode_bytes
from newsdesk.corpus.manifest import MANIFEST_NAME
from newsdesk.corpus.read import corpus_files, keep_readings, read_corpus, read_file
from newsdesk.corpus.records import Article, CorpusConfig, Rejection

__all__ = [
    "MANIFEST_NAME",
    "Article",
    "CorpusConfig",
    "Rejection",
    "corpus_files",
    "decode_bytes",
    "infer_published",
    "keep_readings",
    "read_corpus",
    "read_file",
]
