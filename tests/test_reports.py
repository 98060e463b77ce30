"""Reports: every notebook runs on a tiny corpus; failures keep the last good report."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from newsdesk.cli import main
from newsdesk.reports.run import parse_parameters, run_reports
from reportkit import tiny_data

__all__ = ["tiny_data"]  # the shared fixture (reportkit): three seeds, built once per session

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_clean_and_parameterised(notebook):
    document = nbformat.read(notebook, as_version=4)
    assert not any(cell.get("outputs") for cell in document.cells if cell.cell_type == "code")
    assert document.cells[0].cell_type == "markdown" and document.cells[0].source.startswith("# ")
    tagged = [cell for cell in document.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    lines = [line for line in tagged[0].source.splitlines() if line.strip()]
    assert any(line.startswith("data_dir: str = ") for line in lines)
    assert any(line.startswith('export_dir: str = ""') for line in lines)
    assert all(": " in line.split("=")[0] and "  # " in line for line in lines), "typed, with a comment each"


# Each notebook's run and content (a known quote, a known event, its figures and exports) is
# checked in test_report_pages.py, on a small corpus with its manifest.


def _notebook(path: Path, body: str) -> None:
    document = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('data_dir: str = ""  # tables\nfail: bool = False  # break on purpose')
    parameters.metadata["tags"] = ["parameters"]
    document.cells = [nbformat.v4.new_markdown_cell("# Probe"), parameters, nbformat.v4.new_code_cell(body)]
    document.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(document, path)


@pytest.mark.slow
def test_a_failing_notebook_keeps_the_last_good_report(tiny_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "probe.ipynb", 'assert not fail, "broken on purpose"\nprint("report body")')
    out = tmp_path / "reports"
    assert [o.status for o in run_reports(notebooks, tiny_data, out)] == ["written"]
    assert [o.status for o in run_reports(notebooks, tiny_data, out)] == ["up to date"]
    failed = run_reports(notebooks, tiny_data, out, parameters={"fail": True})
    assert failed[0].error and "broken on purpose" in failed[0].error
    assert failed[0].name == "probe--fail-true", "a non-default parameter writes a named variant"
    assert "report body" in (out / "probe.html").read_text(encoding="utf-8")
    assert not list(out.glob(".run-*"))


def test_reports_need_built_tables(tmp_path, capsys):
    assert main(["report", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "r")]) == 2
    assert "run `newsdesk build` first" in capsys.readouterr().err


def test_unknown_notebook_is_named(tiny_data, tmp_path, capsys):
    assert main(["report", "--data", str(tiny_data), "--out", str(tmp_path), "--notebook", "99-nothing"]) == 2
    assert "99-nothing" in capsys.readouterr().err


def test_parameters_are_parsed_as_given_and_converted_later():
    assert parse_parameters(["since=2025-03-01", "top_n=5", "flag=True"]) == {"since": "2025-03-01", "top_n": "5", "flag": "True"}
    with pytest.raises(ValueError, match="key=value"):
        parse_parameters(["oops"])
