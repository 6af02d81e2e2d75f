"""Content files: product and demo data kept as TOML, read with `tomllib` and checked as it is read.

The questionnaires (`assessments/content/`) and the demo world (`demo/content/`) are data, not
code. Their loaders walk the parsed document through `Node`s, each of which knows its file and
its key path, so a broken file stops with one line naming both,
`assessments/content/provider_scorecard.toml: areas[2].questions[4].weight: ...`, never with a
KeyError from somewhere inside a builder. Numbers with a fraction are read as exact `Decimal`s
(never floats); whole numbers as `int`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from cspeval.validation import text_problem

ROOT = Path(__file__).resolve().parents[1]


class ContentError(ValueError):
    """A content file that cannot be used; its message names the file, the key path and the problem."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source, self.path, self.problem = source, path, problem
        super().__init__(f"{source}: {path}: {problem}" if path else f"{source}: {problem}")


def source_name(path: Path) -> str:
    """The file as messages name it: relative to the project when it lies inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def read(path: Path) -> Node:
    """The document in the TOML file at `path`, as the root `Node`."""
    source = source_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(source, "", "is not UTF-8 text") from None
    except OSError as exc:
        raise ContentError(source, "", f"cannot be read ({exc.strerror or exc})") from None
    return parse(text, source=source)


def parse(text: str, *, source: str) -> Node:
    """The document in TOML `text`, as the root `Node`; `source` names it in messages."""
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(source, "", f"is not valid TOML ({exc})") from None
    return Node(document, source, "")


def _what(value: object) -> str:
    """How a message names a value's type, as TOML calls it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _show(value: Decimal | int) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


class Node:
    """One value of a content file with its place in it; each accessor checks the value's type."""

    __slots__ = ("path", "source", "value")

    def __init__(self, value: object, source: str, path: str) -> None:
        self.value, self.source, self.path = value, source, path

    def fail(self, problem: str) -> NoReturn:
        raise ContentError(self.source, self.path, problem)

    def at(self, key: str) -> Node:
        """The value under `key` of this table (a missing key gives a node whose value is None)."""
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return Node(value, self.source, f"{self.path}.{key}" if self.path else key)

    def table(self, *, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict[str, Node]:
        """This table's values by key; it must hold every `required` key and no key beyond `optional`."""
        if not isinstance(self.value, dict):
            self.fail(f"must be a table, not {_what(self.value)}")
        required = list(required)
        allowed = [*required, *optional]
        for key in self.value:
            if key not in allowed:
                self.at(key).fail(f"is not a key here (the keys are: {', '.join(allowed)})")
        for key in required:
            if key not in self.value:
                self.at(key).fail("is missing")
        return {key: self.at(key) for key in self.value}

    def array(self, *, at_least: int = 0, at_most: int | None = None) -> list[Node]:
        """This array's items, of which there must be `at_least` to `at_most`."""
        if not isinstance(self.value, list):
            self.fail(f"must be an array, not {_what(self.value)}")
        count = len(self.value)
        if count < at_least or (at_most is not None and count > at_most):
            if at_most is None:
                wanted = f"at least {at_least}"
            else:
                wanted = f"exactly {at_most}" if at_least == at_most else f"{at_least} to {at_most}"
            self.fail(f"must hold {wanted} items, not {count}")
        return [Node(item, self.source, f"{self.path}[{i}]") for i, item in enumerate(self.value)]

    def text(self, *, max_length: int | None = None, multiline: bool = False) -> str:
        """A string that is not blank, has no stray control character and fits `max_length`."""
        if not isinstance(self.value, str):
            self.fail(f"must be a string, not {_what(self.value)}")
        if not self.value.strip():
            self.fail("must not be empty")
        problem = text_problem(self.value, label="it", multiline=multiline)
        if problem is not None:
            self.fail(problem.removeprefix("It "))
        if max_length is not None and len(self.value) > max_length:
            self.fail(f"must be at most {max_length} characters long, not {len(self.value)}")
        return self.value

    def one_of(self, choices: Iterable[str]) -> str:
        choices = list(choices)
        value = self.text()
        if value not in choices:
            self.fail(f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail(f"must be true or false, not {_what(self.value)}")
        return self.value

    def number(self, *, low: Decimal | int | None = None, high: Decimal | int | None = None) -> Decimal:
        """A number (whole or not) from `low` to `high` where given, as an exact Decimal."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | Decimal):
            self.fail(f"must be a number, not {_what(self.value)}")
        value = Decimal(self.value)
        if not value.is_finite():
            self.fail("must be a finite number")
        self._bounds(value, low, high)
        return value

    def whole(self, *, low: int | None = None, high: int | None = None) -> int:
        """A whole number from `low` to `high` where given."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self.fail(f"must be a whole number, not {_what(self.value)}")
        self._bounds(self.value, low, high)
        return self.value

    def _bounds(self, value: Decimal | int, low, high) -> None:
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                self.fail(f"must be {_show(low)} or more, not {_show(value)}")
            if low is None:
                self.fail(f"must be {_show(high)} or less, not {_show(value)}")
            self.fail(f"must be from {_show(low)} to {_show(high)}, not {_show(value)}")
