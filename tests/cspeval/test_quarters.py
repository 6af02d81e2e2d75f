"""The one quarter rule: the trend's labels and a commitment's default period agree at every edge."""

from datetime import date

import pytest

from cspeval.quarters import quarter_bounds, quarter_label


@pytest.mark.parametrize(
    ("day", "label", "bounds"),
    [
        (date(2026, 1, 1), "2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), "2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), "2026-Q2", (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 12, 31), "2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2028, 2, 29), "2028-Q1", (date(2028, 1, 1), date(2028, 3, 31))),
    ],
)
def test_a_day_is_in_the_quarter_its_label_and_bounds_say(day, label, bounds):
    assert quarter_label(day) == label
    assert quarter_bounds(day) == bounds
    assert quarter_label(bounds[0]) == quarter_label(bounds[1]) == label


def test_the_previous_and_next_quarters_cross_the_year_end():
    assert quarter_bounds(date(2026, 1, 15), -1) == (date(2025, 10, 1), date(2025, 12, 31))
    assert quarter_bounds(date(2026, 11, 15), 1) == (date(2027, 1, 1), date(2027, 3, 31))
