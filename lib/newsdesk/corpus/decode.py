"""Bytes to text: what is not text is told by its content, never by its extension.

Order of the checks, each giving one reason: a byte-order mark (UTF-32 and UTF-16 decoded as
such, UTF-8 with its mark dropped); a magic number of a binary format (PDF, PNG, ZIP, GZIP,
JPEG ...); NUL bytes; too many control characters; then UTF-8, else cp1252, else undecodable.
Mojibake is repaired with ftfy, keeping curly quotes as written.
"""

from __future__ import annotations

import codecs
import hashlib
import re

import ftfy

__all__ = ["NotText", "control_share", "decode_bytes", "sniff_binary"]

# ftfy's defaults straighten curly quotes; quote extraction needs them as written.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
# Digests of texts ftfy left as they were: a build reads each file twice (a first pass, then its
# partition), and ftfy is the costliest step of reading; it gives the same answer for the same
# text, so the second time it is skipped. 16 bytes a text, bounded.
_UNCHANGED_BY_FTFY: set[bytes] = set()
_UNCHANGED_MAX = 2_000_000

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
# Magic numbers of the binary files scrapers leave in a corpus folder under a text name.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a GZIP archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BZh", "a BZIP2 archive"),
    (b"\xfd7zXZ\x00", "an XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound", b"AVI ": "an AVI video"}
# Control characters that text may hold: tab, newline, vertical tab, form feed, return, escape
# is not among them.
_ALLOWED_CONTROLS = frozenset("\t\n\x0b\x0c\r")
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if chr(b) not in _ALLOWED_CONTROLS)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class NotText(ValueError):
    """Bytes that are not text; ``reason`` is the rejection reason, the message its detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` starts with, if any.

    >>> sniff_binary(b"%PDF-1.7 ..."), sniff_binary(b"plain text")
    ('a PDF document', None)
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith(b"RIFF") and data[8:12] in _RIFF:
        return _RIFF[data[8:12]]
    if data.startswith(b"\x00\x00\x00") and data[4:8] == b"ftyp":
        return "an MP4 or HEIC file"
    return None


def control_share(text: str) -> float:
    """The share of characters that are control characters text never holds.

    >>> control_share("ab\\x01\\x02"), control_share("a\\tb\\n")
    (0.5, 0.0)
    """
    return _control_count(text) / len(text) if text else 0.0


def _control_count(text: str) -> int:
    return len(text) - len(_CONTROL_CHARS.sub("", text))


def _check_controls(count: int, total: int, max_share: float) -> None:
    if total and count / total > max_share:
        raise NotText("not text", f"{count / total:.0%} control characters")


def decode_bytes(data: bytes, max_control_share: float = 0.01) -> tuple[str, tuple[str, ...]]:
    """Decode article bytes and repair mojibake; raise ``NotText`` when they are not text.

    Returns the text and a list of what was changed.

    >>> decode_bytes("caf\\u00e9 \\u201cok\\u201d".encode("utf-8"))
    ('café “ok”', ())
    >>> decode_bytes("caf\\u00e9".encode("cp1252"))
    ('café', ('not UTF-8: decoded as cp1252',))
    >>> decode_bytes("caf\\u00e9".encode("utf-16"))
    ('café', ('UTF-16 LE (byte-order mark)',))
    >>> decode_bytes("the \\u2018Kiwi\\u2019 way".encode("utf-8").decode("cp1252").encode("utf-8"))[0]
    'the ‘Kiwi’ way'
    >>> decode_bytes(b"%PDF-1.4 binary")
    Traceback (most recent call last):
    newsdesk.corpus.decode.NotText: a PDF document (magic number)
    """
    repairs: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise NotText(
                    "undecodable", f"{name} by its byte-order mark, but byte {error.start} is not"
                ) from None
            if codec != "utf-8":
                repairs.append(f"{name} (byte-order mark)")
            _check_controls(_control_count(text), len(text), max_control_share)
            break
    else:
        binary = sniff_binary(data)
        if binary is not None:
            raise NotText("not text", f"{binary} (magic number)")
        nul = data.find(b"\x00")
        if nul >= 0:
            raise NotText("not text", f"NUL byte at {nul} (UTF-16 without a byte-order mark?)")
        _check_controls(
            len(data) - len(data.translate(None, _CONTROL_BYTES)), len(data), max_control_share
        )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                byte = data[error.start]
                raise NotText(
                    "undecodable", f"neither UTF-8 nor cp1252: byte 0x{byte:02x} at {error.start}"
                ) from None
            repairs.append("not UTF-8: decoded as cp1252")
            # cp1252 maps 0x80-0x9f to letters, but latin-1 control characters can remain.
            _check_controls(_control_count(text), len(text), max_control_share)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    if digest in _UNCHANGED_BY_FTFY:
        return text, tuple(repairs)
    fixed, explanation = ftfy.fix_and_explain(text, _FTFY_CONFIG)
    if not explanation and fixed == text and len(_UNCHANGED_BY_FTFY) < _UNCHANGED_MAX:
        _UNCHANGED_BY_FTFY.add(digest)
    if explanation:
        steps = sorted({f"{step.action} {step.parameter}" for step in explanation})
        repairs.append("ftfy: " + ", ".join(steps))
    return fixed, tuple(repairs)
