"""The house style for report figures: a colour-blind-safe palette, hatches for black and white,
and a source line on every figure (corpus and build date)."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure
from pandas.io.formats.style import Styler

from newsdesk.pipeline.store import read_stamp

__all__ = [
    "HATCHES",
    "MARKERS",
    "PALETTE",
    "add_source",
    "article_label",
    "date_axis",
    "new_figure",
    "reason_style",
    "source_text",
    "style_table",
    "use_style",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency; paired with hatches and markers so figures also read in black and white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def use_style() -> None:
    """Matplotlib defaults for reports: readable sizes, light grid, the palette."""
    mpl.rcParams.update({
        "figure.dpi": 110, "savefig.dpi": 150, "font.size": 10, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.labelsize": 10, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
        "axes.prop_cycle": cycler(color=PALETTE), "figure.constrained_layout.use": True,
        # Text drawn from data (an outlet named "$\\undefinedcmd{x}$") is text, never mathtext.
        "text.parse_math": False,
    })  # fmt: skip


#: cleaning reasons in a fixed order, so each keeps its colour and hatch in every report
_KNOWN_REASONS = (
    "newsletter", "caption", "related-articles list", "comment box", "widget", "breadcrumb",
    "credit", "call to share", "privacy notice", "teaser for another story", "headline (moved to title)",
    "boilerplate", "byline", "advertisement",
)  # fmt: skip


def reason_style(reason: str) -> dict[str, str]:
    """The colour and hatch of a cleaning reason: the same in a full and a filtered report.

    >>> reason_style("caption") == reason_style("caption") != reason_style("newsletter")
    True
    """
    if reason in _KNOWN_REASONS:
        number = _KNOWN_REASONS.index(reason)
    else:  # an unknown reason still gets one fixed style, from its name
        number = int(hashlib.sha256(reason.encode()).hexdigest(), 16) % (len(PALETTE) * len(HATCHES))
    return {"color": PALETTE[number % len(PALETTE)], "hatch": HATCHES[(number // len(PALETTE) + number) % len(HATCHES)]}


def article_label(outlet: Any, article_id: Any, width: int = 12) -> str:
    """How every figure names an article: 'Outlet · id'.

    >>> article_label("RNZ", "000_6939ad8758bea7e7")
    'RNZ · 000_6939ad87'
    """
    return f"{outlet if isinstance(outlet, str) and outlet else '(unknown)'} · {str(article_id)[:width]}"


def date_axis(axes: Any, axis: str = "x") -> None:
    """Date ticks that name their own month ('25 May', '1 Jun'), with the year once at the end.

    Matplotlib's concise format writes "25 27 29 31 Jun", which reads as June days.
    """
    target = axes.xaxis if axis == "x" else axes.yaxis
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["%Y", "%b %Y", "%d %b", "%d %b %H:%M", "%H:%M", "%M:%S.%f"],
        offset_formats=["", "%Y", "%Y", "%d %b %Y", "%d %b %Y", "%d %b %Y %H:%M"],
    )
    target.set_major_locator(locator)
    target.set_major_formatter(formatter)


def source_text(data_dir: str | Path) -> str:
    """'Source: newsdesk, corpus seeds (8 articles …), built 2026-11-23'."""
    build = read_stamp(data_dir) or {}
    built = str(build.get("built", "unknown date"))[:10]
    corpus = Path(str(build.get("corpus", "unknown corpus"))).name
    return f"Source: newsdesk tables from corpus '{corpus}', built {built}"


def add_source(figure: Figure, data_dir: str | Path, note: str = "") -> None:
    """Write the source line (and an optional note) under a figure."""
    text = source_text(data_dir) + (f". {note}" if note else "")
    figure.text(0.0, -0.02, text, ha="left", va="top", fontsize=8, color="#555555", wrap=True)


def new_figure(width: float = 8.0, height: float = 4.0, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure and axes in the house style."""
    use_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def style_table(frame: pd.DataFrame, precision: int = 3) -> Styler:
    """A table for a report: no index, text left-aligned, numbers right-aligned, every cell and
    header escaped (prefer :func:`newsdesk.reports.html.show_table`, which also exports it)."""
    text_columns: list[Hashable] = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return (
        frame.style.hide(axis="index")
        .format(precision=precision, na_rep="", escape="html")
        .format_index(escape="html", axis=1)
        .set_properties(subset=text_columns, **{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )
