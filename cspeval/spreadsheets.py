"""Cells for a CSV a person opens in a spreadsheet."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(cell) -> str:
    """The cell as text, defused: a spreadsheet runs a cell starting with one of FORMULA_STARTS as a
    formula (CSV injection), so such a cell starts with an apostrophe, which shows it as text."""
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
