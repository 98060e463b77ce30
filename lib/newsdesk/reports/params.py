"""A notebook's tagged parameters cell is the schema: names, types, defaults and help.

Values given on the command line (``-p key=value``) or in a parameter-set file are checked
against that schema and converted to the declared type *before* papermill sees them: papermill
writes names into the notebook as code, so a name that is not a declared identifier would run.
"""

from __future__ import annotations

import ast
import hashlib
import keyword
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "RUNNER_OWNED",
    "Parameter",
    "ParameterError",
    "check_parameters",
    "convert_value",
    "describe_parameters",
    "parse_pairs",
    "read_parameters",
    "user_parameters",
]

#: set by ``newsdesk report`` itself (``--data`` and the report's export folder), never by a user
RUNNER_OWNED = ("data_dir", "export_dir")

#: the types a parameter may declare, and the words that spell a boolean
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
LIST_TYPES = frozenset({"list", "list[str]", "List[str]", "typing.List[str]"})
SCALAR_TYPES = frozenset({"str", "int", "float", "bool"})


class ParameterError(ValueError):
    """A parameter that is refused: unknown, not an identifier, or of the wrong type."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One declared parameter of a notebook."""

    name: str
    type_name: str  # "str", "int", "float", "bool" or "list[str]"
    default: Any
    help: str

    def signature(self) -> str:
        """The parameter as it reads in ``--list``: ``top_n: int = 25  # help``."""
        text = f"{self.name}: {self.type_name} = {self.default!r}"
        return f"{text}  # {self.help}" if self.help else text


def _type_name(declared: str | None, default: Any) -> str:
    """The declared type, normalised; from the default's type when none is declared."""
    declared = (declared or "").strip()
    if declared in LIST_TYPES:
        return "list[str]"
    if declared in SCALAR_TYPES:
        return declared
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int | float):
        return type(default).__name__
    if isinstance(default, list | tuple):
        return "list[str]"
    return "str"


def read_parameters(notebook: Path, cache: dict[str, Any] | None = None) -> dict[str, Parameter]:
    """Every parameter declared in the notebook's tagged parameters cell, in order.

    ``papermill.inspect_notebook`` reads the cell. Importing papermill takes seconds, so a run
    that has nothing to do passes a ``cache`` (notebook hash to papermill's answer) instead.

    Raises:
        ParameterError: the notebook cannot be read.
    """
    try:
        key = hashlib.sha256(notebook.read_bytes()).hexdigest()
    except OSError as error:
        raise ParameterError(f"{notebook}: cannot read it ({error.strerror})") from None
    found = cache.get(key) if cache is not None else None
    if not isinstance(found, dict):
        import papermill

        try:
            found = papermill.inspect_notebook(str(notebook))
        except Exception as error:  # nbformat, JSON or papermill's own errors: all mean "unreadable"
            raise ParameterError(f"{notebook}: cannot read its parameters ({error})") from error
        if cache is not None:
            cache[key] = found
    schema: dict[str, Parameter] = {}
    for name, info in found.items():
        source = str(info.get("default", ""))
        try:
            default = ast.literal_eval(source)
        except (ValueError, SyntaxError):
            default = source
        type_name = _type_name(info.get("inferred_type_name"), default)
        if type_name == "list[str]" and isinstance(default, tuple):
            default = list(default)
        schema[name] = Parameter(name, type_name, default, str(info.get("help") or "").strip())
    return schema


def user_parameters(schema: Mapping[str, Parameter]) -> dict[str, Parameter]:
    """The parameters a user may set: all but the runner-owned ones."""
    return {name: parameter for name, parameter in schema.items() if name not in RUNNER_OWNED}


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``key=value`` pairs as given; each key must be a plain identifier.

    >>> parse_pairs(["outlet=RNZ", "top_n = 20"])
    {'outlet': 'RNZ', 'top_n': '20'}
    >>> parse_pairs(['import os; os.system("id"); z=1'])
    Traceback (most recent call last):
    ...
    newsdesk.reports.params.ParameterError: -p 'import os; os.system("id"); z': a parameter name must be a plain identifier
    """
    parameters: dict[str, str] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        key = key.strip()
        if not separator or not key:
            raise ParameterError(f"-p {pair!r}: expected key=value")
        if not key.isidentifier() or keyword.iskeyword(key):
            raise ParameterError(f"-p {key!r}: a parameter name must be a plain identifier")
        parameters[key] = value.strip()
    return parameters


def _refuse(parameter: Parameter, value: Any) -> ParameterError:
    return ParameterError(f"parameter {parameter.name!r} expects {parameter.type_name}, got {value!r}")


def _to_bool(parameter: Parameter, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _refuse(parameter, value)


def _to_int(parameter: Parameter, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip(), 10)
        except ValueError:
            pass
    raise _refuse(parameter, value)


def _to_float(parameter: Parameter, value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise _refuse(parameter, value) from None
    else:
        raise _refuse(parameter, value)
    if not math.isfinite(number):
        raise _refuse(parameter, value)
    return number


def _to_str(parameter: Parameter, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a YAML file may give `outlet: 2025`
    raise _refuse(parameter, value)


def _to_list(parameter: Parameter, value: Any) -> list[str]:
    given = value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                raise _refuse(parameter, text) from None
        else:
            return [item.strip() for item in text.split(",") if item.strip()]
    if isinstance(value, list | tuple) and all(
        isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
    ):
        return [str(item) for item in value]
    raise _refuse(parameter, given)


_CONVERTERS = {"bool": _to_bool, "int": _to_int, "float": _to_float, "str": _to_str, "list[str]": _to_list}


def convert_value(parameter: Parameter, value: Any) -> Any:
    """``value`` (a string from the command line, or a YAML value) as the declared type.

    >>> flag = Parameter("include_appended", "bool", False, "")
    >>> [convert_value(flag, text) for text in ("no", "YES", "0", "True")]
    [False, True, False, True]
    >>> convert_value(Parameter("entities", "list[str]", [], ""), "Ukraine, New Zealand")
    ['Ukraine', 'New Zealand']
    >>> convert_value(Parameter("top_n", "int", 25, ""), "abc")
    Traceback (most recent call last):
    ...
    newsdesk.reports.params.ParameterError: parameter 'top_n' expects int, got 'abc'
    """
    return _CONVERTERS[parameter.type_name](parameter, value)


def check_parameters(
    notebook_name: str, schema: Mapping[str, Parameter], given: Mapping[str, Any]
) -> dict[str, Any]:
    """The given parameters, every name declared and every value converted; else refused.

    Raises:
        ParameterError: naming the notebook, the parameter and, for an unknown name, the valid ones.
    """
    allowed = user_parameters(schema)
    checked: dict[str, Any] = {}
    for name, value in given.items():
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ParameterError(f"{notebook_name}: {name!r} is not a parameter name")
        if name in RUNNER_OWNED:
            raise ParameterError(
                f"{notebook_name}: {name!r} is set by newsdesk report (use --data / --out)"
            )
        if name not in allowed:
            valid = ", ".join(allowed) or "none"
            raise ParameterError(f"{notebook_name}: no parameter {name!r}; valid: {valid}")
        try:
            checked[name] = convert_value(allowed[name], value)
        except ParameterError as error:
            raise ParameterError(f"{notebook_name}: {error}") from None
    return checked


def describe_parameters(notebook_name: str, title: str, schema: Mapping[str, Parameter]) -> str:
    """A notebook and its user parameters, typed and commented, for ``newsdesk report --list``."""
    lines = [f"{notebook_name}  ({title})" if title else notebook_name]
    lines += [f"    {parameter.signature()}" for parameter in user_parameters(schema).values()]
    if len(lines) == 1:
        lines.append("    (no parameters)")
    return "\n".join(lines)
