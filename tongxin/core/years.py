"""Years typed or sent as filters and inputs: one range for the whole project.

A year outside ``MIN_YEAR``..``MAX_YEAR`` cannot become a date (Python's dates stop at 9999 and
the database's range differs by backend), so every year a person or client gives passes here:
``parse_year`` for page filters read from the query string, ``YearField`` (``core.forms``) for
form fields and ``Year``/``YearIn`` (``core.schemas``) for the API.
"""

MIN_YEAR = 1900
MAX_YEAR = 2199


def parse_year(value: object, default: int | None = None) -> int | None:
    """The year in ``value`` (text or a number) if it is a whole number in range, else
    ``default``: a filter with a year no one could mean shows the default year, never an error
    page."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        year = value
    else:
        text = str(value or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 4):
            return default
        year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else default
