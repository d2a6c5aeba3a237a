"""timeledger.core.money: amounts per entry in minor units, rounded half up to the cent."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.core.money import CURRENCY_PATTERN, Rate, amount_for


@pytest.mark.parametrize(
    ("duration_s", "rate", "expected"),
    [
        (0, 5000, 0),
        (3600, 5000, 5000),  # one hour at 50.00/h
        (5400, 5000, 7500),  # 1.5 h
        (1, 3600, 1),  # 1 s at 36.00/h is exactly one cent
        (1, 1799, 0),  # 0.4997 cent
        (1, 1800, 1),  # exactly half a cent rounds up
        (1799, 1, 0),  # 0.49972 cent rounds down
        (1800, 1, 1),  # exactly half a cent rounds up
        (1801, 1, 1),
        (5399, 1, 1),  # 1.4997
        (5400, 1, 2),  # 1.5 rounds up, not to even
        (9000, 1, 3),  # 2.5 rounds up, not to even
        (10440, 4500, 13050),  # PT2H54M at 45.00/h = 130.50
        (3600, 0, 0),
        (90000, 12345, 308625),  # 25 h
    ],
)
def test_amount_for(duration_s, rate, expected):
    assert amount_for(duration_s, rate) == expected


def test_amount_for_rounds_each_entry_separately():
    # Two entries of 30 minutes at 0.01/h earn one cent each; one entry of an hour earns one cent too.
    assert amount_for(1800, 1) + amount_for(1800, 1) == 2
    assert amount_for(3600, 1) == 1


def test_amount_for_is_exact_for_large_values():
    # A year of seconds at 10**13 minor units per hour must not lose precision (no floats).
    seconds = 366 * 86400 + 1
    rate = 10**13 + 7
    exact = Fraction(seconds * rate, 3600)
    assert amount_for(seconds, rate) == int(exact + Fraction(1, 2))


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**13))
def test_amount_for_is_within_half_a_cent_of_the_exact_amount(duration_s, rate):
    result = amount_for(duration_s, rate)
    exact = Fraction(duration_s * rate, 3600)
    assert isinstance(result, int)
    assert abs(result - exact) <= Fraction(1, 2)
    # Half up: a tie goes to the larger amount.
    if exact - int(exact) == Fraction(1, 2):
        assert result == int(exact) + 1


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7),
       st.integers(min_value=0, max_value=10**9))
def test_amount_for_grows_with_duration(a, b, rate):
    shorter, longer = sorted((a, b))
    assert amount_for(shorter, rate) <= amount_for(longer, rate)


def test_rate_is_a_frozen_value():
    rate = Rate(4500, "EUR")
    assert rate == Rate(4500, "EUR") and rate != Rate(4500, "USD")
    with pytest.raises(AttributeError):
        rate.amount = 1  # type: ignore[misc]


@pytest.mark.parametrize(("code", "ok"), [("USD", True), ("EUR", True), ("usd", False), ("US", False),
                                          ("USDX", False), ("U1D", False), ("", False)])
def test_currency_pattern(code, ok):
    assert (CURRENCY_PATTERN.fullmatch(code) is not None) is ok
