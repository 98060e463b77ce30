"""The house style for report figures: a colour-blind-safe palette, hatches for black and white,
and a source line on every figure (corpus and build date)."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import matplotlib as mpl
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
    "new_figure",
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
    })  # fmt: skip


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
    """A table for a report: no index, text left-aligned, numbers right-aligned."""
    text_columns: list[Hashable] = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return (
        frame.style.hide(axis="index")
        .format(precision=precision, na_rep="")
        .set_properties(subset=text_columns, **{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )
