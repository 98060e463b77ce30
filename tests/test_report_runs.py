"""Report runs, for real on a tiny corpus: variants, batches, the index, failures, locks, logs, modes."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import types
from importlib.machinery import ModuleSpec
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from newsdesk.pipeline.store import read_table
from newsdesk.reports.run import run_reports
from reportkit import NEWSDESK, make_project, run_cli, snapshot, tiny_data, write_notebook

__all__ = ["tiny_data"]

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path, tiny_data):
    return make_project(tmp_path / "project", tiny_data)


def _records(project: Path) -> dict:
    return json.loads((project / "reports" / ".runs.json").read_text(encoding="utf-8"))["reports"]


def test_a_filtered_run_writes_a_variant_and_leaves_the_default_report_byte_identical(tiny_data, tmp_path):
    out = tmp_path / "reports"
    assert [o.status for o in run_reports(ROOT / "notebooks", tiny_data, out, names=["01-corpus"])] == ["written"]
    default = (out / "01-corpus.html").read_bytes()
    before = snapshot(out)
    outcomes = run_reports(ROOT / "notebooks", tiny_data, out, names=["01-corpus"], parameters={"top_n": "5"})
    assert [(o.name, o.status) for o in outcomes] == [("01-corpus--top_n-5", "written")]
    assert (out / "01-corpus.html").read_bytes() == default
    assert before["01-corpus.html"] == snapshot(out)["01-corpus.html"], "not even rewritten"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01-corpus--top_n-5.html"' in index and "<code>top_n</code> = 5" in index
    executed = nbformat.read(out / "01-corpus--top_n-5.ipynb", as_version=4)
    assert executed.metadata["kernelspec"]["name"] == "newsdesk", "run on the project kernel"
    assert "top_n = 5" in "".join(cell.source for cell in executed.cells)


def test_each_speaker_gets_a_report_and_the_index_groups_them(project):
    speakers = sorted(set(read_table(project / "data" / "processed", "quotes")["speaker"].dropna()))
    result = run_cli("report", "--notebook", "probe", "-p", "speaker=each", "--jobs", "2", cwd=project)
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in (project / "reports").glob("probe--speaker-*.html"))
    assert len(written) == len(speakers) >= 3
    assert "probe--speaker-Christopher-Luxon.html" in written
    luxon = (project / "reports" / "probe--speaker-Christopher-Luxon.html").read_text(encoding="utf-8")
    assert "quotes for Christopher Luxon" in luxon
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count('<h2 id="probe">') == 1 and f"{len(speakers)} reports" in index
    assert 'href="probe--speaker-Christopher-Luxon/tables/"' in index, "exports are linked"


def test_a_parameter_set_file_runs_one_report_per_entry(project):
    (project / "notebooks" / "params").mkdir()
    (project / "notebooks" / "params" / "some.yaml").write_text("- speaker: Helen Clark\n- speaker: Keir Starmer\n  top_n: 1\n", encoding="utf-8")
    result = run_cli("report", "--params-file", "notebooks/params/some.yaml", cwd=project / "notebooks")
    assert result.returncode == 0, result.stderr
    names = sorted(record for record in _records(project))
    assert names == ["probe--speaker-Helen-Clark", "probe--speaker-Keir-Starmer--top_n-1"]


def test_a_failure_stays_visible_until_a_later_success(project):
    assert run_cli("report", cwd=project).returncode == 0
    good = (project / "reports" / "probe.html").read_bytes()
    notebook = project / "notebooks" / "probe.ipynb"
    document = nbformat.read(notebook, as_version=4)
    document.cells[2].source = document.cells[2].source.replace("assert not fail", "assert fail")
    nbformat.write(document, notebook)

    failed = run_cli("report", cwd=project)
    assert failed.returncode == 1 and "probe: failed: AssertionError: broken on purpose" in failed.stdout
    assert (project / "reports" / "probe.html").read_bytes() == good, "the last good report is kept"
    assert (project / "reports" / "failed" / "probe.ipynb").exists(), "kept for debugging"
    assert (project / "reports" / "probe" / "tables" / "quotes.csv").exists(), "last good exports kept"
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'status-failed">failed' in index and "last good report kept" in index
    assert "AssertionError" in index and "broken on purpose" in index and "assert fail, " in index
    assert 'href="failed/probe.ipynb"' in index
    record = _records(project)["probe"]
    assert record["status"] == "failed" and record["failure"]["cell"] == 2

    again = run_cli("report", cwd=project)
    assert again.returncode == 1, "a failed report is retried, not skipped as up to date"

    document.cells[2].source = document.cells[2].source.replace("assert fail", "assert not fail")
    nbformat.write(document, notebook)
    assert run_cli("report", cwd=project).returncode == 0
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "failed" not in index.split("</style>")[1].split("Status:")[1].split("</p>")[1]
    assert not (project / "reports" / "failed" / "probe.ipynb").exists()


def test_a_report_from_an_older_notebook_is_stale_and_an_unchanged_rerun_skips(project):
    assert run_cli("report", "-p", "top_n=2", cwd=project).returncode == 0
    assert run_cli("report", cwd=project).returncode == 0
    rerun = run_cli("report", cwd=project)
    assert "probe: up to date" in rerun.stdout
    write_notebook(project / "notebooks" / "probe.ipynb", body="print('changed')")
    assert "probe: written" in run_cli("report", cwd=project).stdout
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    variant_row = index.split('id="r-probe--top_n-2"')[1].split("</tr>")[0]
    assert 'status-stale">stale' in variant_row
    default_row = index.split('id="r-probe"')[1].split("</tr>")[0]
    assert 'status-ok">ok' in default_row


def test_the_index_escapes_parameter_values_and_shows_the_corpus(project):
    hostile = "<script>alert(1)</script>"
    result = run_cli("report", "-p", f"speaker={hostile}", cwd=project)
    assert result.returncode == 0, result.stderr
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    (variant,) = (project / "reports").glob("probe--speaker-*.html")
    assert "/" not in variant.name and "<" not in variant.name
    corpus = json.loads((project / "reports" / ".runs.json").read_text(encoding="utf-8"))["corpus"]
    assert f"{corpus['n_articles']} articles" in index and corpus["content_hash"] in index
    assert "newsdesk 0.1.0" in index


def test_outputs_get_the_umasks_mode_and_a_log_without_kernel_noise(project):
    result = run_cli("report", cwd=project)
    assert result.returncode == 0, result.stderr
    reports = project / "reports"
    for path in [reports / "probe.html", reports / "probe.ipynb", reports / "index.html", reports / ".runs.json",
                 *reports.glob("logs/*.log"), reports / "probe" / "tables" / "quotes.csv"]:  # fmt: skip
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    (log,) = reports.glob("logs/*.log")
    text = log.read_text(encoding="utf-8")
    assert "probe: written in" in text and "run finished: 1 of 1" in text
    for noise in ("without encryption", "KeyboardInterrupt", "Traceback"):
        assert noise not in text and noise not in result.stderr


def test_a_second_run_waits_then_stops_naming_the_lock_holder(project):
    reports = project / "reports"
    reports.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import os, socket, sys, time
            from filelock import FileLock
            lock = FileLock({str(reports / '.lock')!r}); lock.acquire()
            open({str(reports / '.lock.holder')!r}, "w").write(f"{{os.getpid()}}@{{socket.gethostname()}}\\n")
            print("held", flush=True); time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run_cli("report", "--lock-timeout", "0.5", cwd=project)
        assert result.returncode == 2
        assert f"holds the lock ({holder.pid}@{socket.gethostname()})" in result.stderr
        assert not (reports / "probe.html").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_and_scratch_folders_of_a_dead_run_are_cleared(project):
    reports = project / "reports"
    reports.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (reports / ".lock").touch()
    (reports / ".lock.holder").write_text(f"{dead.pid}@{socket.gethostname()}\n", encoding="utf-8")
    (reports / f".run-{dead.pid}-abc123" / "probe").mkdir(parents=True)
    (reports / ".index.html.123.tmp").write_text("half", encoding="utf-8")
    result = run_cli("report", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"cleared a stale lock left by {dead.pid}@" in result.stderr
    assert "removed scratch folder .run-" in result.stderr
    assert not list(reports.glob(".run-*")) and not list(reports.glob("*.tmp"))
    assert not (reports / ".lock.holder").exists()


def test_article_pages_are_written_once_per_change_when_the_module_exists(project, monkeypatch):
    calls = []

    def write_article_pages(data_dir, out_dir):
        calls.append(data_dir)
        page = Path(out_dir) / "articles" / "a.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text("article", encoding="utf-8")
        return [page]

    module = types.ModuleType("newsdesk.reports.articles")
    module.__spec__ = ModuleSpec("newsdesk.reports.articles", None)
    module.write_article_pages = write_article_pages  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsdesk.reports.articles", module)
    data, out = project / "data" / "processed", project / "reports"
    run_reports(project / "notebooks", data, out)
    assert len(calls) == 1 and 'href="articles/"' in (out / "index.html").read_text(encoding="utf-8")
    run_reports(project / "notebooks", data, out)
    assert len(calls) == 1, "unchanged tables: the pages are not rewritten"


def test_the_project_kernel_and_jupyterlab_are_installed():
    jupyter = Path(sys.executable).parent / "jupyter"
    kernels = subprocess.run([str(jupyter), "kernelspec", "list"], capture_output=True, text=True, check=True)
    assert "newsdesk" in kernels.stdout and str(Path(sys.prefix)) in kernels.stdout
    lab = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True, check=True)
    assert lab.stdout.strip()[0].isdigit()


def test_help_and_version_read_cleanly():
    for arguments in (["--help"], ["report", "--help"], ["build", "--help"]):
        text = subprocess.run([str(NEWSDESK), *arguments], capture_output=True, text=True, check=True).stdout
        assert "``" not in text
    version = subprocess.run([str(NEWSDESK), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("newsdesk 0.")


def test_make_help_prints_real_folders():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "$(" not in result.stdout and "seeds/" in result.stdout and "make lab" in result.stdout


def test_the_workflow_regenerates_and_publishes_the_reports():
    workflow = (ROOT / ".github" / "workflows" / "reports.yml").read_text(encoding="utf-8")
    for needed in ("schedule:", "cron:", "workflow_dispatch:", "make reports", "upload-pages-artifact", "deploy-pages"):
        assert needed in workflow
    assert os.path.exists(ROOT / "notebooks" / "params" / "speakers.yaml")


def test_a_killed_run_leaves_the_last_good_report_and_the_next_run_cleans_up(project):
    import signal
    import time

    assert run_cli("report", cwd=project).returncode == 0
    reports = project / "reports"
    good = (reports / "probe.html").read_bytes()
    write_notebook(project / "notebooks" / "probe.ipynb", body="import time\ntime.sleep(60)")
    process = subprocess.Popen([str(NEWSDESK), "report"], cwd=project, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(reports.glob(".run-*/previous-exports/probe")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(reports.glob(".run-*/previous-exports/probe")), "the run got as far as the notebook"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert (reports / "probe.html").read_bytes() == good
    write_notebook(project / "notebooks" / "probe.ipynb")
    result = run_cli("report", "--notebook", "probe", "-p", "top_n=1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "removed scratch folder .run-" in result.stderr and "restored the last good exports of probe" in result.stderr
    assert (reports / "probe" / "tables" / "quotes.csv").exists() and (reports / "probe.html").read_bytes() == good
    assert not list(reports.glob(".run-*"))
