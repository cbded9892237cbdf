"""Chinese numerals (text/numerals.py): the one home the structure checks, dates and records share."""

from __future__ import annotations

import pytest

from gov_docs.text.numerals import cn_number, date_number


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("两百", 200),
                                             ("一百零五", 105), ("九百九十九", 999), ("12", 12), ("十A", 0)])
def test_counting_numbers(text: str, value: int) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize(("text", "value"), [("二〇二四", 2024), ("二○二四", 2024), ("二零一九", 2019),
                                             ("十二", 12), ("三十一", 31), ("五", 5), ("2024", 2024)])
def test_date_parts(text: str, value: int) -> None:
    assert date_number(text) == value


def test_a_date_part_with_another_character_raises() -> None:
    with pytest.raises(KeyError):
        date_number("二〇2四")
