"""Rules every piece of typed or posted input meets before it reaches the database.

Bad input must come back as a message under its field (a 400 `{"field": ["message"]}` from
the API, an error beside the field on a page), never as a 500 from deep inside: a number
whose exponent overflows `decimal` arithmetic, a figure with more digits than its column
holds, a NUL that PostgreSQL refuses in text, a line break that makes an e-mail header
invalid. The services call these, so the page and the API share one rule and one message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

# No column here holds more than 14 digits; past 1E+100 `decimal` arithmetic in the default
# context (abs(), quantize(), + 0) starts to overflow, and below 1E-100 it drags a million
# zeros along. Such numbers come back clamped, so that every later comparison or rounding
# is safe and the caller's own bound refuses them with its usual message.
_HUGE = Decimal("1E+100")
_EXPONENT_LIMIT = 100

WEIGHT_MAX = Decimal("99999.999")  # a weight column holds 8 digits, 3 of them decimals
_WEIGHT_PLACES = Decimal("0.001")

VERSION_MESSAGE = "Send the version you last saw, a whole number."
_VERSION = re.compile(r"[0-9]{1,10}")
VERSION_MAX = 2_147_483_647  # the column is a PositiveIntegerField

# A short field holds one line: no control character at all. A long one may break lines
# and hold tabs, but nothing else of Unicode's "control" (Cc) or "surrogate" (Cs) kinds:
# PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded to UTF-8.
_LINE_BREAKS_AND_TABS = frozenset("\n\r\t")
_LINE_SEPARATORS = frozenset("\u2028\u2029")


def to_decimal(raw: object, *, thousands: bool = False) -> Decimal | None:
    """A finite Decimal from a form string, a JSON number or a Decimal; None for anything else.

    With `thousands`, commas are read as thousands separators ("40,000"). Magnitudes of
    1E+100 and more come back as ±1E+100, and those below 1E-100 as 0 (see `_HUGE`).
    """
    if isinstance(raw, bool):
        return None
    try:
        if isinstance(raw, Decimal):
            value = raw
        elif isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            if not math.isfinite(raw):
                return None
            value = Decimal(repr(raw))
        elif isinstance(raw, str):
            text = raw.strip()
            value = Decimal(text.replace(",", "") if thousands else text)
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    if value.is_zero():
        return Decimal(0)
    if value.adjusted() >= _EXPONENT_LIMIT:
        return _HUGE.copy_sign(value)
    if value.adjusted() < -_EXPONENT_LIMIT:
        return Decimal(0)
    return value


def fit_column(value: Decimal, field) -> Decimal | None:
    """`value` rounded to the places of this model DecimalField, or None when its whole part does
    not fit the column (9999999999.99999 rounds up to eleven whole digits, one too many)."""
    places = Decimal(1).scaleb(-field.decimal_places)
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    if abs(value) >= limit:
        return None
    rounded = value.quantize(places)
    return None if abs(rounded) >= limit else rounded + 0  # + 0 turns -0 into 0


def text_problem(text: str, *, label: str, multiline: bool = False) -> str | None:
    """What is wrong with this text's characters (naming it by `label`, e.g. "the unit"), or None."""
    allowed = _LINE_BREAKS_AND_TABS if multiline else frozenset()
    for char in text:
        if char in allowed:
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or (not multiline and char in _LINE_SEPARATORS):
            if multiline:
                return f"{_capital(label)} holds a control character (such as NUL) that cannot be saved: remove it."
            return f"{_capital(label)} must be a single line of text, without line breaks or other control characters."
    return None


def clean_text(raw: object, *, field: str, label: str, limit: int, multiline: bool = False) -> str:
    """`raw` stripped, as text of at most `limit` characters with no control character (line breaks
    and tabs allowed when `multiline`); ValidationError({field: [message]}) otherwise."""
    text = "" if raw is None else str(raw).strip()
    problem = text_problem(text, label=label, multiline=multiline)
    if problem is None and len(text) > limit:
        problem = f"Keep {label} to {limit:,} characters."
    if problem is not None:
        raise ValidationError({field: [problem]})
    return text


def weight_value(raw: object, label: str) -> Decimal:
    """One weight of an area or a question (0 to 99999.999, at most 3 decimals), from a form string,
    a JSON number or a content file; ValidationError naming `label` otherwise."""
    value = to_decimal(raw, thousands=True)
    if value is None:
        raise ValidationError(f"Enter a number for the weight of “{label}”.")
    if value < 0:
        raise ValidationError(f"The weight of “{label}” cannot be below zero.")
    if value > WEIGHT_MAX:
        raise ValidationError(f"The weight of “{label}” cannot be above {WEIGHT_MAX}.")
    if value != value.quantize(_WEIGHT_PLACES):
        raise ValidationError(f"The weight of “{label}” can have at most 3 decimal places.")
    return value.quantize(_WEIGHT_PLACES) + 0  # + 0 turns -0 into 0


def parse_version(raw: object, *, field: str = "version") -> int | None:
    """The optimistic-lock version a client sent: None when it sent none, else a whole number of
    at least 1; ValidationError({field: [...]}) for anything else ("abc", "", "1.5", "-1")."""
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, str) and _VERSION.fullmatch(raw.strip()):
        number = int(raw.strip())
    else:
        raise ValidationError({field: [VERSION_MESSAGE]})
    if not 1 <= number <= VERSION_MAX:
        raise ValidationError({field: [VERSION_MESSAGE]})
    return number


def add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February), or date.max past the calendar's end."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if day.year + years > date.max.year:
            return date.max
        return day.replace(year=day.year + years, day=28)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
