"""The frozen pool of a committed draw, written and read with PostgreSQL's binary COPY.

A frozen pool of a million entities is megabytes of compressed bytes. Sent as an SQL literal
(what the ORM does with a bytea value), PostgreSQL's parser spends three times as long on the
hex text as binary COPY needs for the bytes themselves. The binary COPY format is
PostgreSQL's documented one ("COPY … WITH (FORMAT binary)"); only the three column types of
``DrawSnapshot`` are encoded here.
"""

import io
import struct
from datetime import UTC, datetime, timedelta

from django.db import connection

from .models import DrawSnapshot

_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # timestamptz is microseconds since then
_MICROSECOND = timedelta(microseconds=1)
_TABLE = DrawSnapshot._meta.db_table


def write_snapshot(draw_id: int, data: bytes, taken_at: datetime) -> None:
    """Insert the ``DrawSnapshot`` row of a draw (in the caller's transaction)."""
    micros = (taken_at - _EPOCH) // _MICROSECOND
    buf = b"".join(
        (
            _SIGNATURE,
            struct.pack("!ii", 0, 0),  # flags, header extension length
            struct.pack("!hiq", 3, 8, draw_id),  # 3 fields; draw_id int8
            struct.pack("!i", len(data)),  # data bytea
            data,
            struct.pack("!iq", 8, micros),  # taken_at timestamptz
            struct.pack("!h", -1),  # end of data
        )
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {_TABLE} (draw_id, data, taken_at) FROM STDIN WITH (FORMAT binary)",
            io.BytesIO(buf),
            len(buf),
        )


def read_snapshot(draw_id: int) -> bytes | None:
    """The stored bytes of a draw's frozen pool, or ``None`` before the commit."""
    out = io.BytesIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY (SELECT data FROM {_TABLE} WHERE draw_id = {int(draw_id)})"  # noqa: S608
            " TO STDOUT WITH (FORMAT binary)",
            out,
            1 << 20,
        )
    raw = out.getvalue()
    if raw[: len(_SIGNATURE)] != _SIGNATURE:
        raise ValueError("not PostgreSQL binary COPY output")
    pos = len(_SIGNATURE) + 4
    (ext,) = struct.unpack_from("!i", raw, pos)
    pos += 4 + ext
    (fields,) = struct.unpack_from("!h", raw, pos)
    if fields == -1:
        return None
    (size,) = struct.unpack_from("!i", raw, pos + 2)
    start = pos + 6
    return raw[start : start + size]
