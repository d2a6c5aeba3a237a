"""timeledger.core.rates: which configured rate applies to an entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.core.rates import PRECEDENCE, RateRow, in_force, resolve

AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)

LEVELS = ["PROJECT_MEMBER", "TASK", "MEMBER", "PROJECT", "WORKSPACE"]  # most specific first
AMOUNTS = {"PROJECT_MEMBER": 5000, "TASK": 4000, "MEMBER": 3000, "PROJECT": 2000, "WORKSPACE": 1000}


def test_precedence_order():
    assert tuple(PRECEDENCE) == tuple(LEVELS)


def test_no_rates_resolve_to_none():
    assert resolve([], AT) is None
    assert in_force([], AT) == {}


@pytest.mark.parametrize("present", [LEVELS[i:] for i in range(len(LEVELS))])
def test_most_specific_level_wins(present):
    rows = [RateRow(scope, AMOUNTS[scope], None) for scope in reversed(present)]
    assert resolve(rows, AT) == AMOUNTS[present[0]]


@pytest.mark.parametrize(
    ("present", "winner"),
    [
        (["PROJECT_MEMBER", "WORKSPACE"], "PROJECT_MEMBER"),
        (["TASK", "MEMBER"], "TASK"),
        (["MEMBER", "PROJECT"], "MEMBER"),
        (["PROJECT", "WORKSPACE"], "PROJECT"),
        (["TASK", "PROJECT", "WORKSPACE"], "TASK"),
        (["PROJECT_MEMBER", "TASK"], "PROJECT_MEMBER"),
        (["WORKSPACE"], "WORKSPACE"),
        (["MEMBER"], "MEMBER"),
    ],
)
def test_precedence_pairs(present, winner):
    rows = [RateRow(scope, AMOUNTS[scope], AT - DAY) for scope in present]
    assert resolve(rows, AT) == AMOUNTS[winner]
    assert resolve(list(reversed(rows)), AT) == AMOUNTS[winner]


def test_a_zero_rate_is_a_rate():
    # 0 is a configured rate (free work), not "unset": it must beat less specific levels.
    rows = [RateRow("WORKSPACE", 1000, None), RateRow("PROJECT", 0, None)]
    assert resolve(rows, AT) == 0


def test_latest_rate_not_after_the_instant_wins():
    rows = [
        RateRow("PROJECT", 100, AT - 10 * DAY),
        RateRow("PROJECT", 300, AT - DAY),
        RateRow("PROJECT", 200, AT - 5 * DAY),
    ]
    assert resolve(rows, AT) == 300
    assert resolve(rows, AT - 2 * DAY) == 200
    assert resolve(rows, AT - 7 * DAY) == 100
    assert resolve(rows, AT - 11 * DAY) is None


def test_a_rate_starting_exactly_at_the_instant_is_in_force():
    rows = [RateRow("WORKSPACE", 100, AT - DAY), RateRow("WORKSPACE", 200, AT)]
    assert resolve(rows, AT) == 200
    assert resolve(rows, AT - timedelta(microseconds=1)) == 100


def test_a_rate_without_since_is_in_force_since_forever():
    rows = [RateRow("WORKSPACE", 700, None)]
    assert resolve(rows, datetime(1970, 1, 1, tzinfo=UTC)) == 700
    assert resolve(rows, AT) == 700


def test_a_dated_rate_replaces_the_undated_one_from_its_date():
    rows = [RateRow("MEMBER", 900, AT), RateRow("MEMBER", 500, None)]
    assert resolve(rows, AT - DAY) == 500
    assert resolve(rows, AT) == 900
    assert resolve(rows, AT + DAY) == 900


def test_a_future_rate_is_not_yet_in_force():
    rows = [RateRow("WORKSPACE", 1000, None), RateRow("PROJECT", 2000, AT + DAY)]
    assert resolve(rows, AT) == 1000
    assert in_force(rows, AT) == {"WORKSPACE": 1000}
    assert resolve(rows, AT + DAY) == 2000


def test_a_future_specific_rate_does_not_hide_a_current_one_of_the_same_level():
    rows = [RateRow("TASK", 4000, AT - DAY), RateRow("TASK", 9999, AT + DAY), RateRow("PROJECT", 2000, None)]
    assert resolve(rows, AT) == 4000


def test_in_force_reports_each_level_separately():
    rows = [
        RateRow("WORKSPACE", 1, None),
        RateRow("WORKSPACE", 2, AT - DAY),
        RateRow("PROJECT", 3, AT + DAY),
        RateRow("MEMBER", 4, AT - 2 * DAY),
    ]
    assert in_force(rows, AT) == {"WORKSPACE": 2, "MEMBER": 4}


def test_rows_may_be_any_iterable():
    rows = (RateRow(scope, AMOUNTS[scope], None) for scope in ["WORKSPACE", "TASK"])
    assert resolve(rows, AT) == AMOUNTS["TASK"]


# --- properties ---------------------------------------------------------------------------------

SINCE = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
)
ROWS = st.lists(
    st.builds(RateRow, st.sampled_from(LEVELS), st.integers(min_value=0, max_value=10**9), SINCE),
    max_size=12,
)
INSTANTS = st.datetimes(
    min_value=datetime(2019, 1, 1), max_value=datetime(2031, 1, 1), timezones=st.just(UTC)
)


@given(ROWS, INSTANTS)
def test_resolve_returns_one_of_the_amounts_given_or_none(rows, at):
    result = resolve(rows, at)
    assert result is None or result in {row.amount for row in rows}


@given(ROWS, INSTANTS)
def test_resolve_matches_a_brute_force_reading_of_the_rules(rows, at):
    expected = None
    for scope in LEVELS:
        candidates = [r for r in rows if r.scope == scope and (r.since is None or r.since <= at)]
        if candidates:
            dated = [r for r in candidates if r.since is not None]
            if dated:
                latest = max(r.since for r in dated)
                amounts = {r.amount for r in dated if r.since == latest}
            else:
                amounts = {r.amount for r in candidates}
            expected = amounts
            break
    result = resolve(rows, at)
    if expected is None:
        assert result is None
    else:
        assert result in expected


@given(ROWS, INSTANTS)
def test_resolve_ignores_rates_starting_after_the_instant(rows, at):
    in_time = [r for r in rows if r.since is None or r.since <= at]
    assert resolve(rows, at) == resolve(in_time, at)
