"""Money as integer minor units with an ISO 4217 currency."""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Rate:
    """An hourly rate: `amount` minor units (cents) per hour."""

    amount: int
    currency: str


def amount_for(duration_s: int, rate_minor_per_hour: int) -> int:
    """Amount earned for a duration at a rate, rounded half up to the minor unit."""
    numerator = duration_s * rate_minor_per_hour
    quotient, remainder = divmod(numerator, 3600)
    return quotient + (1 if remainder * 2 >= 3600 else 0)
