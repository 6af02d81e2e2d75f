"""How pages show a figure: rounded by the engine's one rule (halves away from zero), never by a
format string's half-to-even, so a page, the API and the CSV export agree."""

from decimal import Decimal

import pytest

from assessments.templatetags.scores import pct, score


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [(Decimal("62.25"), 1, "62.3"), (Decimal("62.35"), 1, "62.4"), (Decimal("62.125"), 2, "62.13"), (None, 1, "–")],
)
def test_score_rounds_halves_away_from_zero(value, places, shown):
    assert score(value, places) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("0.125"), "13%"), (Decimal("0.745"), "75%"), (Decimal("0.5"), "50%")]
)
def test_pct_rounds_halves_away_from_zero(value, shown):
    assert pct(value) == shown
