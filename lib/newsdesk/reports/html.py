"""The one way a report shows a table or a figure: escaped, linked, exported.

Every string that reaches a report's HTML comes from an article, a manifest or a parameter, so it
is untrusted. The helpers here escape by default (cells, column names, captions, alt text), allow
links only to ``http(s)`` pages or to the article pages beside the report, and keep JSON inside a
``<script>`` from closing it. A new report that shows its tables with :func:`show_table` and its
figures with :func:`save_figure` cannot forget any of it, and gets its CSV and PNG/SVG exports
for free (``export_dir`` empty: nothing is saved).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "SEARCHABLE_ROWS",
    "article_href",
    "article_page_name",
    "describe_figure",
    "escape",
    "link",
    "markdown_text",
    "plural",
    "safe_url",
    "save_figure",
    "script_json",
    "show_markdown",
    "show_table",
    "table_html",
]

#: tables longer than this get a search box and sortable columns
SEARCHABLE_ROWS = 15
#: the column :func:`show_table` turns into links to the article pages ("link", "link B", …)
LINK_COLUMN = "link"


def _is_link_column(column: Any) -> bool:
    return isinstance(column, str) and (column == LINK_COLUMN or column.startswith(LINK_COLUMN + " "))


def _header(column: Any) -> str:
    """A link column is headed by what it opens: 'words', 'words B'."""
    return "words" + str(column)[len(LINK_COLUMN):] if _is_link_column(column) else str(column)

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._~-]")
_SLUG = re.compile(r"[^a-z0-9]+")
_NUMBER = re.compile(r"[-+]?[\d.,]+%?")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>$-])")


def escape(value: Any) -> str:
    """Text for HTML: ``<``, ``>``, ``&`` and quotes escaped; missing values are empty.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape(None), escape(float("nan"))
    ('', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """'1 article', '2 articles', '1,204 sentences'.

    >>> plural(1, "article"), plural(0, "article"), plural(3, "speech", "speeches")
    ('1 article', '0 articles', '3 speeches')
    """
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute ``http``/``https`` address, else None.

    >>> safe_url("https://www.rnz.co.nz/news/1"), safe_url("javascript:alert(1)")
    ('https://www.rnz.co.nz/news/1', None)
    >>> safe_url(" JaVaScRiPt:alert(1)"), safe_url("//evil.example/x"), safe_url("")
    (None, None, None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(char) < 32 for char in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def article_page_name(article_id: Any) -> str:
    """The file name of an article's page: the id made safe for a file name and a URL.

    Characters other than letters, digits and ``._~-`` become ``_``; a changed or long id gets a
    short hash of the original, so two ids never share a page.

    >>> article_page_name("004_56dbff255cf8ac1b~1")
    '004_56dbff255cf8ac1b~1.html'
    >>> article_page_name("</script><b>")
    '__script__b_-eb4cccf2.html'
    """
    text = str(article_id)
    name = _SAFE_NAME.sub("_", text)[:80].lstrip(".") or "_"
    if name != text:
        name += "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{name}.html"


def article_href(article_id: Any, anchor: str = "") -> str:
    """The relative link from a report to an article page, at a quote, event or mention.

    >>> article_href("000_6939ad8758bea7e7", "q-3")
    'articles/000_6939ad8758bea7e7.html#q-3'
    """
    target = f"articles/{quote(article_page_name(article_id))}"
    return f"{target}#{quote(anchor)}" if anchor else target


def link(href: str, text: Any) -> str:
    """An escaped ``<a>``: an http(s) URL or a relative link into the reports folder, else the
    text alone (a ``javascript:`` or ``data:`` address never becomes a link).

    >>> link("javascript:alert(1)", "<b>x</b>")
    '&lt;b&gt;x&lt;/b&gt;'
    >>> link("articles/a.html#q-1", "a")
    '<a href="articles/a.html#q-1">a</a>'
    """
    parts = urlsplit(href.strip())
    relative = not parts.scheme and not parts.netloc and not href.strip().startswith("/")
    if not (relative or safe_url(href)):
        return escape(text)
    return f'<a href="{escape(href.strip())}">{escape(text)}</a>'


def script_json(value: Any) -> str:
    """JSON safe to put inside ``<script>``: no ``</`` and no ``<!--`` can end or bend the block.

    >>> script_json({"id": "</script><!--"})
    '{"id": "\\\\u003c/script>\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def markdown_text(value: Any) -> str:
    """Untrusted text for a Markdown cell or output: HTML escaped, Markdown marks made literal.

    >>> markdown_text("*RNZ* <script>")
    '\\\\*RNZ\\\\* &lt;script&gt;'
    """
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    # Quotes need no escaping outside attributes; an entity's "#" would be broken by the Markdown pass.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def show_markdown(template: str, **values: Any) -> None:
    """Display Markdown written by the report, with each untrusted value escaped into it.

    ``show_markdown("**{n}** from {outlet}", n=3, outlet=outlet)`` formats with
    :func:`markdown_text` of every value, so a parameter cannot inject markup.
    """
    from IPython.display import Markdown, display

    text = template.format(**{key: markdown_text(value) for key, value in values.items()}) if values else template
    markdown = Markdown(text)  # type: ignore[no-untyped-call]
    display(markdown)  # type: ignore[no-untyped-call]


def _slug(text: str) -> str:
    """A file-name slug: 'Quotes per speaker!' -> 'quotes-per-speaker'."""
    return _SLUG.sub("-", text.casefold()).strip("-")[:60] or "table"


def _cell(value: Any, precision: int) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:,.{precision}f}"
    if isinstance(value, list | tuple):
        return escape(", ".join(str(item) for item in value))
    return escape(value)


def _link_cell(value: Any) -> str:
    """A link column's cell: one href ("read"), or a list of (label, href) pairs, each a link
    (an empty href leaves its label as text: "… 4 more")."""
    if isinstance(value, str):
        return link(value, "read") if value else ""
    if isinstance(value, list | tuple):
        return " ".join(link(href, label) if href else escape(label) for label, href in value)
    return ""


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


_TABLE_SCRIPT = """<script>
window.newsdeskTable = window.newsdeskTable || function (id) {
  const box = document.getElementById(id); if (!box) return;
  const table = box.querySelector("table"), body = table.tBodies[0], input = box.querySelector("input");
  const count = box.querySelector(".nd-count"), rows = Array.from(body.rows), total = rows.length;
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean); let shown = 0;
    for (const row of rows) {
      const hit = words.every((w) => row.textContent.toLowerCase().includes(w));
      row.hidden = !hit; shown += hit;
    }
    count.textContent = words.length ? shown + " of " + total + " rows" : total + " rows";
  });
  Array.from(table.tHead.rows[0].cells).forEach((cell, column) => {
    cell.tabIndex = 0; cell.title = "sort";
    const sort = () => {
      const down = cell.dataset.order !== "asc"; cell.dataset.order = down ? "asc" : "desc";
      const key = (row) => { const t = row.cells[column].textContent.trim();
        const n = Number(t.replace(/,/g, "")); return t !== "" && !isNaN(n) ? n : t.toLowerCase(); };
      rows.sort((a, b) => { const x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (down ? 1 : -1); });
      rows.forEach((row) => body.appendChild(row));
    };
    cell.addEventListener("click", sort);
    cell.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
  });
};
</script>"""

_TABLE_STYLE = """<style>
.nd-table{margin:.6rem 0 1.4rem} .nd-table table{border-collapse:collapse;font-size:.86rem;width:auto}
.nd-table caption{caption-side:top;text-align:left;font-weight:600;padding:.2rem 0 .4rem}
.nd-table table.nd-grid th,.nd-table table.nd-grid td{text-align:left} .nd-table table.nd-grid td.short{white-space:nowrap}
.nd-table th{text-align:left;border-bottom:2px solid #444;padding:.25rem .5rem;vertical-align:bottom;cursor:pointer}
.nd-table td{border-bottom:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;max-width:38rem}
.nd-table table.nd-grid td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.nd-table tbody tr:nth-child(even){background:#f6f6f6} .nd-scroll{max-height:34rem;overflow:auto}
.nd-search{margin:.2rem 0 .4rem;font-size:.86rem} .nd-search input{font-size:.86rem;padding:.15rem .35rem;width:18rem}
.nd-count{color:#555;margin-left:.6rem} .nd-table th[data-order=asc]::after{content:" ▲"}
.nd-table th[data-order=desc]::after{content:" ▼"}
</style>"""


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str = "",
    precision: int = 3,
    searchable: bool | None = None,
    table_id: str = "table",
) -> str:
    """The HTML of a report table: every cell, header and the caption escaped.

    A ``link`` column holds relative article-page links (:func:`article_href`) and is drawn as a
    "read" link; a long table gets a search box and sortable columns (plain JavaScript, offline).

    >>> page = table_html(pd.DataFrame({"outlet": ["<b>RNZ</b>"], "link": ["articles/a.html#q-1"]}))
    >>> "&lt;b&gt;RNZ&lt;/b&gt;" in page and '<a href="articles/a.html#q-1">read</a>' in page
    True
    """
    searchable = len(frame) > SEARCHABLE_ROWS if searchable is None else searchable
    columns = list(frame.columns)
    numeric = {column: _is_number(frame[column]) for column in columns}
    # Dates, ids and outlets read better on one line; long text wraps.
    short = {column: bool(len(frame)) and frame[column].astype(str).str.len().max() <= 20 for column in columns}
    head = "".join(f'<th scope="col">{escape(_header(c))}</th>' for c in columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(columns, values, strict=True):
            if _is_link_column(column):
                cells.append(f"<td>{_link_cell(value)}</td>")
            else:
                css = ' class="num"' if numeric[column] else (' class="short"' if short[column] else "")
                cells.append(f"<td{css}>{_cell(value, precision)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    safe_id = "nd-" + _slug(table_id)
    parts = [f'<div class="nd-table" id="{safe_id}">']
    if searchable:
        parts.append(
            f'<div class="nd-search"><label>Search <input type="search" aria-label="search the table"></label>'
            f'<span class="nd-count">{plural(len(frame), "row")}</span></div><div class="nd-scroll">'
        )
    parts.append('<table class="nd-grid">' + (f"<caption>{escape(caption)}</caption>" if caption else ""))
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if searchable:
        parts.append(f"</div>{_TABLE_SCRIPT}<script>newsdeskTable({script_json(safe_id)});</script>")
    parts.append("</div>")
    return _TABLE_STYLE + "".join(parts)


def _display_html(markup: str) -> None:
    """Show HTML built here (every untrusted part already escaped) as a cell output."""
    from IPython.display import HTML, display

    display(HTML(markup))  # type: ignore[no-untyped-call]


def _export_folder(export_dir: str | Path, kind: str) -> Path | None:
    if not str(export_dir):
        return None
    folder = Path(export_dir) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def show_table(
    frame: pd.DataFrame,
    slug: str,
    export_dir: str | Path = "",
    *,
    caption: str = "",
    precision: int = 3,
    searchable: bool | None = None,
    empty: str = "Nothing to show for this selection.",
) -> None:
    """Display a table in a report (escaped, searchable when long) and save it as CSV.

    Args:
        frame: the rows to show; a ``link`` column of :func:`article_href` links becomes
            a "read" link per row.
        slug: names the export, ``<export_dir>/tables/<slug>.csv``, and the table's HTML id.
        export_dir: the report's export folder; empty saves nothing.
        caption: a line above the table (escaped).
        precision: decimals shown for floats (the CSV keeps them all).
        searchable: force the search box on or off (default: on above 15 rows).
        empty: what to say when there are no rows.
    """
    folder = _export_folder(export_dir, "tables")
    if folder is not None:
        export = frame.copy()
        for column in export.columns:
            if any(isinstance(value, list | tuple) for value in export[column]):
                export[column] = export[column].map(
                    lambda value: "; ".join(map(str, value)) if isinstance(value, list | tuple) else value
                )
        export.to_csv(folder / f"{_slug(slug)}.csv", index=False)
    if frame.empty:
        _display_html(f"<p><em>{escape(empty)}</em></p>")
        return
    _display_html(table_html(frame, caption=caption, precision=precision, searchable=searchable, table_id=slug))


def describe_figure(figure: Figure) -> str:
    """Alt text from a figure itself: its title and, per chart, what its axes show.

    >>> figure, axes = plt.subplots(); _ = axes.set(title="Quotes", xlabel="count", ylabel="speaker")
    >>> describe_figure(figure)
    'Quotes. Chart of count (horizontal) against speaker (vertical).'
    >>> plt.close(figure)
    """
    title = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    parts = [title] if title else []
    for axes in figure.axes:
        if not axes.get_visible() or axes.get_label() == "<colorbar>":
            continue
        if axes.get_title() and axes.get_title() != title:
            parts.append(axes.get_title())
        x, y = axes.get_xlabel().replace("\n", " "), axes.get_ylabel().replace("\n", " ")
        if x or y:
            parts.append(f"Chart of {x or 'values'} (horizontal) against {y or 'values'} (vertical)")
        rows = [label.get_text().replace("\n", " ") for label in axes.get_yticklabels()]
        rows = [row for row in rows if row and not _NUMBER.fullmatch(row.replace("−", "-"))]
        if rows:
            parts.append(f"Rows: {', '.join(rows[:12])}" + (f" and {len(rows) - 12} more" if len(rows) > 12 else ""))
        legend = axes.get_legend()
        if legend is not None:
            parts.append("Key: " + ", ".join(text.get_text() for text in legend.get_texts()))
    return ". ".join(part.rstrip(".") for part in parts if part) + "." if parts else "Figure."


_FIGURE_NUMBERS: dict[tuple[str, str], int] = {}


def _figure_number(export_dir: str | Path, slug: str) -> int:
    """Figures are numbered in the order a report first saves them (rerunning a cell keeps it)."""
    key = (str(export_dir), slug)
    if key not in _FIGURE_NUMBERS:
        _FIGURE_NUMBERS[key] = 1 + sum(1 for folder, _ in _FIGURE_NUMBERS if folder == str(export_dir))
    return _FIGURE_NUMBERS[key]


def save_figure(
    figure: Figure, slug: str, export_dir: str | Path = "", *, alt: str = "", caption: str = ""
) -> None:
    """Display a figure with real alt text, and save it as ``figures/NN-<slug>.png`` and ``.svg``.

    Args:
        figure: the figure (closed afterwards, so it is shown once).
        slug: names the files; NN is the figure's number in the report.
        export_dir: the report's export folder; empty saves nothing.
        alt: what the figure shows, for readers who cannot see it; the title and axes are
            described when it is left empty (:func:`describe_figure`).
        caption: a line under the figure (escaped).

    Nothing is returned, so a notebook cell ending with the call prints nothing more.
    """
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A figure whose axes are placed by hand has no layout grid to report on: nothing to fix.
        warnings.filterwarnings("ignore", message="There are no gridspecs with layoutgrids")
        figure.savefig(buffer, format="png", bbox_inches="tight")
        text = alt or describe_figure(figure)  # after drawing: tick labels are filled in
        folder = _export_folder(export_dir, "figures")
        if folder is not None:
            stem = f"{_figure_number(export_dir, slug):02d}-{_slug(slug)}"
            (folder / f"{stem}.png").write_bytes(buffer.getvalue())
            figure.savefig(folder / f"{stem}.svg", format="svg", bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    width = round(figure.get_size_inches()[0] * 96)
    _display_html(
        f'<figure class="nd-figure" style="margin:.5rem 0 1.5rem">'
        f'<img src="data:image/png;base64,{encoded}" alt="{escape(text)}" '
        f'style="max-width:100%;width:{width}px;height:auto">'
        + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
        + "</figure>"
    )  # fmt: skip

