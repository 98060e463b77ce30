"""``reports/index.html``: every report with its status, parameters, run and build, from a template.

The page is drawn by Jinja2 with autoescaping on, from ``resources/templates``: every value in
it (titles, parameter values, exception messages) comes from a notebook, a parameter or an
article, and is text, never markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import newsdesk
from newsdesk.pipeline.store import write_text_atomic

__all__ = ["INDEX_NAME", "report_status", "write_index"]

INDEX_NAME = "index.html"
TEMPLATES = Path(__file__).parent.parent / "resources" / "templates"


def _when(text: Any) -> str:
    """An ISO time as ``2026-12-03 12:56 UTC``; anything else as it is."""
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return str(text or "?")
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _href(*parts: str) -> str:
    return "/".join(quote(part) for part in parts)


def report_status(record: Mapping[str, Any], current: Mapping[str, Any], out_dir: Path) -> tuple[str, str]:
    """``(status, note)``: ok, failed or stale, and what that means for this report.

    ``current`` holds what a report made now would depend on: ``digest`` (None when the
    notebook is gone).
    """
    name = str(record["name"])
    has_html = (out_dir / f"{name}.html").exists()
    if record.get("status") == "failed":
        note = "last good report kept" if has_html else "no good report yet"
        return "failed", note
    if current.get("digest") is None:
        return "stale", "its notebook is gone"
    if record.get("digest") != current["digest"]:
        before, now = dict(record.get("inputs") or {}), dict(current.get("inputs") or {})
        changed = [what for what in ("build", "code", "notebook") if before.get(what) != now.get(what)]
        what = " and ".join(f"the {item}" for item in changed) or "its inputs"
        return "stale", f"{what} changed since; rerun it to refresh"
    return "ok", ""


def _links(name: str, out_dir: Path) -> list[tuple[str, str]]:
    candidates = [
        ("HTML", f"{name}.html"),
        ("notebook", f"{name}.ipynb"),
        ("figures", f"{name}/figures/"),
        ("tables", f"{name}/tables/"),
        ("failed notebook", f"failed/{name}.ipynb"),
    ]
    return [
        (label, _href(*target.rstrip("/").split("/")) + ("/" if target.endswith("/") else ""))
        for label, target in candidates
        if (out_dir / target).exists()
    ]


def _row(record: Mapping[str, Any], current: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
    name = str(record["name"])
    status, note = report_status(record, current, out_dir)
    good = record.get("last_ok") or {}
    failed = record.get("status") == "failed"
    parameters = [(key, _show(value)) for key, value in dict(record.get("parameters") or {}).items()]
    return {
        "name": name,
        "label": name,
        "html": _href(f"{name}.html") if (out_dir / f"{name}.html").exists() else None,
        "status": status,
        "status_note": note,
        "parameters": parameters,
        "when": record.get("failed_when") if failed else good.get("when"),
        "seconds": record.get("failed_seconds") if failed else good.get("seconds"),
        "build": good.get("build"),
        "links": _links(name, out_dir),
        "failure": record.get("failure") if failed else None,
    }


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return repr(value) if value == "" else str(value)


def write_index(
    out_dir: Path,
    records: Mapping[str, Any],
    notebooks: Sequence[tuple[str, str]],
    current: Mapping[str, Mapping[str, Any]],
) -> Path:
    """Write ``index.html`` from the run records.

    Args:
        out_dir: the reports folder.
        records: the run records (``records.load_records``).
        notebooks: ``(stem, title)`` of every notebook of the project, in order.
        current: per report name, what a report made now would depend on (``digest``).

    Returns:
        The index's path.
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["when"] = _when
    reports: dict[str, Any] = dict(records.get("reports") or {})
    titles = dict(notebooks)
    order = [stem for stem, _ in notebooks] + sorted(
        {str(record["notebook"]) for record in reports.values()} - set(titles)
    )
    groups = []
    for stem in order:
        members = sorted(
            (record for record in reports.values() if record.get("notebook") == stem),
            key=lambda record: (record["name"] != stem, str(record["name"]).casefold()),
        )
        if members:
            rows = [_row(record, current.get(str(record["name"]), {}), out_dir) for record in members]
            groups.append({"notebook": stem, "title": titles.get(stem, stem), "reports": rows})
    articles = out_dir / "articles"
    articles_link = None
    if (articles / "index.html").exists():
        articles_link = "articles/index.html"
    elif articles.is_dir():
        articles_link = "articles/"
    page = environment.get_template("reports-index.html.j2").render(
        groups=groups,
        corpus=records.get("corpus"),
        version=newsdesk.__version__,
        written=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        articles_link=articles_link,
    )
    path = out_dir / INDEX_NAME
    write_text_atomic(path, page)
    return path
