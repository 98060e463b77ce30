"""Report parameters: the tagged cell is the schema; every refusal comes before anything is written."""

from __future__ import annotations

import pytest

from conftest import ROOT
from newsdesk.cli import main
from newsdesk.reports.params import (
    Parameter,
    ParameterError,
    convert_value,
    parse_pairs,
    read_parameters,
)
from newsdesk.reports.project import ProjectError, find_project
from newsdesk.reports.variants import MAX_SLUG, load_parameter_sets, report_name, variant_slug
from reportkit import make_project, snapshot, tiny_data

__all__ = ["tiny_data"]

FLAG = Parameter("include_appended", "bool", False, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("True", True), ("YES", True), ("yes", True), ("1", True),
     ("false", False), ("False", False), ("no", False), ("NO", False), ("0", False)],
)  # fmt: skip
def test_bool_accepts_words_in_any_case(text, expected):
    assert convert_value(FLAG, text) is expected


@pytest.mark.parametrize(
    ("type_name", "text", "expected"),
    [
        ("int", "20", 20),
        ("int", " -3 ", -3),
        ("float", "85.5", 85.5),
        ("float", "85", 85.0),
        ("str", "RNZ", "RNZ"),
        ("str", "", ""),
        ("list[str]", "Ukraine, New Zealand", ["Ukraine", "New Zealand"]),
        ("list[str]", "['Ukraine', 'New Zealand, the country']", ["Ukraine", "New Zealand, the country"]),
        ("list[str]", "", []),
    ],
)
def test_values_are_converted_to_the_declared_type(type_name, text, expected):
    assert convert_value(Parameter("p", type_name, None, ""), text) == expected


@pytest.mark.parametrize(
    ("type_name", "text"),
    [("bool", "maybe"), ("bool", "2"), ("int", "abc"), ("int", "2.5"), ("float", "nan"), ("float", "x"),
     ("list[str]", "[1, [2]]"), ("list[str]", "[unclosed")],
)  # fmt: skip
def test_a_value_that_does_not_convert_names_parameter_type_and_value(type_name, text):
    with pytest.raises(ParameterError) as refused:
        convert_value(Parameter("top_n", type_name, None, ""), text)
    assert "'top_n'" in str(refused.value) and type_name in str(refused.value) and repr(text) in str(refused.value)


def test_the_schema_is_read_from_the_tagged_cell():
    schema = read_parameters(ROOT / "notebooks" / "04-sentiment.ipynb")
    assert schema["entities"].type_name == "list[str]" and "Ukraine" in schema["entities"].default
    assert schema["include_appended"].type_name == "bool" and schema["include_appended"].default is False
    assert schema["examples"].type_name == "int" and schema["examples"].help
    assert "data_dir" in schema


@pytest.mark.parametrize("name", ['import os; os.system("id"); z', "a b", "1x", "class", "x.y", ""])
def test_a_name_must_be_an_identifier(name):
    with pytest.raises(ParameterError):
        parse_pairs([f"{name}=1"])


# --- refusals through the command line: exit 2, the reason named, reports/ untouched ----------


@pytest.fixture
def project(tmp_path, tiny_data):
    root = make_project(tmp_path / "project", tiny_data)
    reports = root / "reports"
    reports.mkdir()
    (reports / "probe.html").write_text("last good report", encoding="utf-8")
    (reports / "index.html").write_text("last index", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-p", "no_such_param=1"], "no parameter 'no_such_param'; valid: speaker, fail, top_n"),
        (["-p", "top_n=abc"], "parameter 'top_n' expects int, got 'abc'"),
        (["-p", "fail=perhaps"], "parameter 'fail' expects bool, got 'perhaps'"),
        (["-p", "data_dir=/etc"], "'data_dir' is set by newsdesk report"),
        (["-p", "export_dir=/tmp"], "'export_dir' is set by newsdesk report"),
        (["-p", "oops"], "expected key=value"),
        (["-p", "top_n=each"], "no list of values for 'top_n'"),
        (["--notebook", "../probe"], "give a notebook's name, not a path"),
        (["--notebook", "missing"], "no such notebook"),
    ],
)
def test_every_refusal_exits_2_before_anything_is_written(project, capsys, monkeypatch, arguments, message):
    monkeypatch.chdir(project)
    before = snapshot(project)
    assert main(["report", "--notebook", "probe", *arguments]) == 2
    assert message in capsys.readouterr().err
    assert snapshot(project) == before, "nothing under the project changed, reports/ included"


def test_a_parameter_name_carrying_code_is_refused_and_nothing_runs(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    before = snapshot(project)
    code = 'import os; os.system("touch pwned; id > pwned"); z'
    assert main(["report", "-p", f"{code}=1"]) == 2
    assert "plain identifier" in capsys.readouterr().err
    assert not list(project.rglob("pwned")) and not list(project.parent.rglob("pwned"))
    assert snapshot(project) == before


def test_a_parameter_no_notebook_declares_is_refused_listing_the_valid_ones(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["report", "-p", "outlett=RNZ"]) == 2
    assert "no parameter 'outlett'; valid: probe: speaker, fail, top_n" in capsys.readouterr().err


def test_a_bad_parameter_set_file_is_refused(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    (project / "bad.yaml").write_text("- speaker: [unclosed\n", encoding="utf-8")
    (project / "flat.yaml").write_text("speaker: Luxon\n", encoding="utf-8")
    (project / "typed.yaml").write_text("- top_n: many\n", encoding="utf-8")
    before = snapshot(project / "reports")
    assert main(["report", "--params-file", "bad.yaml"]) == 2
    assert "bad.yaml: not valid YAML" in capsys.readouterr().err
    assert main(["report", "--params-file", "flat.yaml"]) == 2
    assert "expected a list of parameter mappings" in capsys.readouterr().err
    assert main(["report", "--params-file", "typed.yaml"]) == 2
    assert "parameter 'top_n' expects int, got 'many'" in capsys.readouterr().err
    assert snapshot(project / "reports") == before


def test_parameter_sets_are_read_as_a_list_of_mappings(tmp_path):
    path = tmp_path / "sets.yaml"
    path.write_text("- speaker: Christopher Luxon\n- speaker: Helen Clark\n  top_n: 5\n", encoding="utf-8")
    assert load_parameter_sets(path) == [{"speaker": "Christopher Luxon"}, {"speaker": "Helen Clark", "top_n": 5}]
    assert load_parameter_sets(ROOT / "notebooks" / "params" / "speakers.yaml")[0] == {"speaker": "Christopher Luxon"}


def test_list_shows_every_notebook_with_typed_commented_parameters(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--project", str(ROOT), "--list"]) == 0
    shown = capsys.readouterr().out
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert notebook.stem in shown
    assert "    top_n: int = 25  # how many content words to chart" in shown
    assert "    include_appended: bool = False  # " in shown
    assert "data_dir" not in shown and "export_dir" not in shown, "runner-owned parameters are not shown"


# --- the project, found from any folder ---------------------------------------------------------


def test_no_project_is_a_clear_error_never_zero_of_zero(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report"]) == 2
    error = capsys.readouterr()
    assert "no newsdesk project here or in any parent folder" in error.err and "--project" in error.err
    assert "0 of 0" not in error.out


def test_the_project_is_found_from_a_subfolder(project, capsys, monkeypatch):
    inner = project / "notebooks" / "deep" / "er"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert main(["report", "--list"]) == 0
    assert "probe" in capsys.readouterr().out
    found = find_project(start=inner)
    assert (found.root, found.data_dir, found.out_dir) == (project, project / "data" / "processed", project / "reports")


def test_notebooks_run_only_from_the_projects_notebooks(project, tmp_path):
    with pytest.raises(ProjectError, match="notebooks run only from"):
        find_project(project, notebooks_dir=tmp_path)
    with pytest.raises(ProjectError, match="not a newsdesk project"):
        find_project(tmp_path)


# --- named variants -----------------------------------------------------------------------------


def test_a_variant_is_named_by_its_parameters():
    assert report_name("01-corpus", {"outlet": "RNZ"}) == "01-corpus--outlet-RNZ"
    assert report_name("01-corpus", {}) == "01-corpus"
    assert report_name("05-speaker", {"speaker": "Christopher Luxon"}) == "05-speaker--speaker-Christopher-Luxon"


@pytest.mark.parametrize(
    "value",
    ["../../etc/passwd", "a/b\\c", "<script>alert(1)</script>", "x" * 500, "Zelenskyy; rm -rf /", "\x00\n\t", "Støre"],
)
def test_a_slug_is_sanitised_bounded_and_stable(value):
    slug = variant_slug({"speaker": value})
    assert slug == variant_slug({"speaker": value}), "stable"
    assert len(slug) <= MAX_SLUG
    assert all(character.isascii() and (character.isalnum() or character in "._-") for character in slug)
    assert not slug.startswith((".", "-"))


def test_values_that_sanitise_alike_get_different_slugs():
    assert variant_slug({"speaker": "a/b"}) != variant_slug({"speaker": "a b"})
    assert variant_slug({"speaker": "x" * 200}) != variant_slug({"speaker": "x" * 201})
