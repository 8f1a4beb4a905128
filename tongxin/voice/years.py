"""Which year a wish, request or visit counts for.

The union reports by academic year (September to August; the seed covers 2020-2021). Every
academic year contains exactly one New Year, so a New Year wish is counted for the calendar
year it welcomes: wishes collected in December 2020 are the 2021 wishes, and they are also the
wishes of the academic year 2020-2021 that the annual work summary reports.
"""

import datetime as dt

ACADEMIC_YEAR_FIRST_MONTH = 9


def academic_year_of(day: dt.date) -> int:
    """The first calendar year of the academic year ``day`` falls in (2020 for 2020-2021)."""
    return day.year if day.month >= ACADEMIC_YEAR_FIRST_MONTH else day.year - 1


def academic_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the academic year that starts in ``start_year``."""
    return (
        dt.date(start_year, ACADEMIC_YEAR_FIRST_MONTH, 1),
        dt.date(start_year + 1, ACADEMIC_YEAR_FIRST_MONTH, 1) - dt.timedelta(days=1),
    )


def wish_year_for(day: dt.date) -> int:
    """The New Year a wish made on ``day`` welcomes: the academic year's second calendar year."""
    return academic_year_of(day) + 1
