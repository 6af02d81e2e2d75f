"""Calendar quarters, the one place their arithmetic lives (the trend's labels, a commitment's
default period, the demo's periods). The set-based aggregates label quarters in SQL the same way:
`assessments.pipeline.derived_sql`."""

from datetime import date, timedelta


def quarter_label(day: date) -> str:
    """'2026-Q3' for any day of July to September 2026."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(day: date, offset: int = 0) -> tuple[date, date]:
    """The first and last day of the quarter `offset` quarters from the one `day` is in."""
    index = day.year * 4 + (day.month - 1) // 3 + offset
    year, quarter = divmod(index, 4)
    next_year, next_quarter = divmod(index + 1, 4)
    return date(year, quarter * 3 + 1, 1), date(next_year, next_quarter * 3 + 1, 1) - timedelta(days=1)
