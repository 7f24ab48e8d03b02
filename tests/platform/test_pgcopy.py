"""COPY text fields: values written by COPY come back exactly as given."""

import io

import pytest
from django.db import connection

from suiji_platform.pgcopy import copy_value, escape


def test_escapes_the_characters_copy_reads_specially() -> None:
    assert escape("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re"
    assert copy_value(None) == r"\N"
    assert copy_value(7) == "7"


@pytest.mark.django_db
def test_values_round_trip_through_copy() -> None:
    values = ["制表\t符", "反斜杠\\N", "换\n行", "回车\r", "", "普通"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copy_probe (n int, v text)")
        rows = "".join(f"{i}\t{copy_value(v)}\n" for i, v in enumerate([*values, None]))
        cursor.copy_expert("COPY copy_probe (n, v) FROM STDIN", io.StringIO(rows))
        cursor.execute("SELECT v FROM copy_probe ORDER BY n")
        assert [r[0] for r in cursor.fetchall()] == [*values, None]
