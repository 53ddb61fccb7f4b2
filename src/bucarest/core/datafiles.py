"""Reading YAML data files with one-line errors that name the file, the row and the problem.

Example::

    >>> from pathlib import Path
    >>> read_yaml_list(Path("/nonexistent"), "rows.yaml")
    Traceback (most recent call last):
    ...
    bucarest.core.errors.DataFileError: /nonexistent/rows.yaml: file not found
"""

from __future__ import annotations

import re
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bucarest.core.errors import BucarestError, DataFileError

__all__ = ["read_yaml", "read_yaml_list", "row_error"]


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read a key ``on:`` (used for
    dates throughout our files) or a value ``no`` (Norway's ISO alpha-2) as booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(source: Traversable | Path, name: str) -> Any:
    """The parsed content of a YAML file, or a :class:`DataFileError` saying what is wrong."""
    path = source / name
    try:
        with path.open("r", encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)  # _Loader is a SafeLoader subclass
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), f"not valid YAML ({exc.__class__.__name__})") from None
    except ValueError as exc:  # a value the loader cannot build, e.g. a date 2016-13-40
        raise DataFileError(str(path), f"not valid YAML ({exc})") from None


def read_yaml_list(source: Traversable | Path, name: str) -> list[Any]:
    """The top-level list of a YAML file, or a :class:`DataFileError` saying what is wrong."""
    rows = read_yaml(source, name)
    if not isinstance(rows, list):
        raise DataFileError(str(source / name), "expected a list of rows at the top level")
    return rows


def row_error(path: str, index: int, exc: ValidationError | BucarestError) -> DataFileError:
    """A one-line error naming the file, the row (from 1) and the first problem."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        reason = f"{where}: {first['msg']}"
    else:
        reason = exc.message
    return DataFileError(path, f"row {index + 1}: {reason}")
