"""Default hardship thresholds (domain-rules 6; Qingdao example, local values to confirm).

Used when a school has recorded no thresholds of its own. ``MINIMUM_LIVING_MONTHLY_FEN`` is
Guangzhou's minimum living standard (低保) of 2021, 1,120 yuan per person per month.
"""

MINIMUM_LIVING_MONTHLY_FEN = 112_000
RELATIVE_FACTOR_PERCENT = 200  # relative hardship: below 2 × the minimum
ACCIDENT_INCOME_PERCENT = 80  # accident-caused: costs above 80 % of the yearly family income
VALID_MONTHS = 12  # re-verify every year
