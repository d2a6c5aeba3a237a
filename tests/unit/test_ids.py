"""timeledger.core.ids: 24-hex, time-ordered ObjectId-style identifiers."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeledger.core.ids import is_id, new_id

HEX24 = re.compile(r"[0-9a-f]{24}")


def test_new_id_is_24_lowercase_hex():
    for _ in range(100):
        value = new_id()
        assert HEX24.fullmatch(value), value
        assert is_id(value)


def test_new_ids_are_unique():
    many = [new_id() for _ in range(50_000)]
    assert len(set(many)) == len(many)


def test_new_ids_with_the_same_timestamp_are_unique_and_ordered():
    now = time.time()
    ids = [new_id(now) for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert {i[:8] for i in ids} == {f"{int(now):08x}"}
    # The counter is the last three bytes; it may wrap once past 0xFFFFFF, but only once.
    descents = sum(1 for a, b in zip(ids, ids[1:]) if b < a)
    assert descents <= 1


def test_first_eight_hex_digits_are_the_unix_seconds():
    assert new_id(0)[:8] == "00000000"
    assert new_id(1_772_452_800)[:8] == f"{1_772_452_800:08x}"
    assert new_id(1_772_452_800.999)[:8] == f"{1_772_452_800:08x}"
    before = int(time.time())
    value = new_id()
    after = int(time.time())
    assert before <= int(value[:8], 16) <= after


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=2, max_size=20))
def test_ids_sort_by_creation_time(seconds):
    ids = [new_id(s) for s in seconds]
    for earlier, later in zip(sorted(seconds), sorted(ids)):
        assert int(later[:8], 16) == earlier
    for (s1, i1), (s2, i2) in zip(zip(seconds, ids), zip(seconds[1:], ids[1:])):
        if s1 < s2:
            assert i1 < i2


def test_ids_minted_later_sort_later():
    first = new_id(1_700_000_000)
    second = new_id(1_700_000_001)
    assert first < second


@pytest.mark.parametrize(
    "value",
    [
        "0123456789abcdef01234567",
        "ffffffffffffffffffffffff",
        "000000000000000000000000",
        "0123456789ABCDEF01234567",  # services lower-case what they are given
    ],
)
def test_is_id_accepts_24_hex_digits(value):
    assert is_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0123456789abcdef0123456",  # 23
        "0123456789abcdef012345678",  # 25
        "0123456789abcdef0123456g",
        "0123456789abcdef 1234567",
        " 0123456789abcdef01234567",
        "0123456789abcdef01234567 ",
        "0123456789abcdef01234567\n",
        "0123456789abcdef0123456\n",
        "\n0123456789abcdef01234567",
        "0x23456789abcdef01234567",
        "../../../../../etc/passwd",
        None,
        123456789012345678901234,
        b"0123456789abcdef01234567",
        ["0123456789abcdef01234567"],
    ],
)
def test_is_id_refuses_everything_else(value):
    assert not is_id(value)


@given(st.text(max_size=30))
def test_is_id_agrees_with_a_strict_pattern(text):
    assert is_id(text) == (re.fullmatch(r"[0-9a-fA-F]{24}", text) is not None)
