"""Back up one organisation, or restore it into another database (PostgreSQL tools + psycopg2).

    orgbackup.py backup  <code> <file.tar>    (DATABASE_URL: the source database)
    orgbackup.py restore <file.tar>           (DATABASE_URL: the target database)

A backup holds:
- `schema.sql`: `pg_dump -n org_<code>` (the organisation's own schema, all its data);
- `public/<table>.csv`: that organisation's rows of the public schema: its organisation and
  domain rows and every public table with a foreign key to the organisation (index, ledger,
  plan statuses, reminders, jobs, memberships, … found from the catalog, so a table added later
  is included without changing this file), and the user rows those rows or the schema refer to;
- `manifest.json`: code, schema, tables, row counts, the migrations the schema was at.

Nothing of another organisation is written: no other schema, no other organisation's rows,
no membership in another organisation (a referenced user's row only).

Restore runs as ONE transaction (psql --single-transaction): all of it or nothing. The target
must already hold the public schema at the same release (`manage.py setup`), must not hold the
organisation, and a user it already holds must be the same user (same id and username).
"""

import csv
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import sql

ORG_TABLE = "organisations_organisation"
USER_TABLE = "accounts_user"
FORMAT = "suiji-org-backup/1"


def die(message: str) -> None:
    print(f"错误 (error): {message}", file=sys.stderr)
    sys.exit(1)


def dsn() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        die("DATABASE_URL is not set")
    return url.replace("postgres://", "postgresql://", 1)


def foreign_keys(cur: Any, schema: str, target: str) -> list[tuple[str, str]]:
    """(table, column) of every single-column foreign key in `schema` to public.<target>(id)."""
    cur.execute(
        """
        SELECT cl.relname, a.attname
        FROM pg_constraint c
        JOIN pg_class cl ON cl.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        JOIN pg_class rc ON rc.oid = c.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
          AND n.nspname = %s AND rn.nspname = 'public' AND rc.relname = %s
        ORDER BY 1, 2
        """,
        (schema, target),
    )
    return list(cur.fetchall())


def copy_out(cur: Any, query: sql.Composable, path: Path) -> int:
    buf = io.StringIO()
    cur.copy_expert(sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER)").format(query), buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return max(buf.getvalue().count("\n") - 1, 0)


def backup(code: str, out: str) -> None:
    schema = f"org_{code}"
    conn = psycopg2.connect(dsn())
    # One snapshot for every public row (the schema dump takes its own, moments apart; the
    # public rows are written in the same transactions as the schema's, so take a backup when
    # no one is writing to the organisation — or accept rows of the last seconds missing).
    conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM public.{ORG_TABLE} WHERE code = %s", (code,))
    row = cur.fetchone()
    if row is None:
        die(f"organisation {code} does not exist")
    org_id = row[0]
    cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    if cur.fetchone() is None:
        die(f"schema {schema} does not exist")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "public").mkdir()
        subprocess.run(
            [
                "pg_dump",
                "--no-owner",
                "--no-privileges",
                "-n",
                schema,
                "-f",
                str(work / "schema.sql"),
                "--dbname",
                dsn(),
            ],
            check=True,
        )
        tables: list[dict[str, Any]] = []

        def export(table: str, where: sql.Composable) -> None:
            query = sql.SQL("SELECT * FROM public.{} WHERE {}").format(sql.Identifier(table), where)
            rows = copy_out(cur, query, work / "public" / f"{table}.csv")
            tables.append({"table": table, "rows": rows})

        export(ORG_TABLE, sql.SQL("id = {}").format(sql.Literal(org_id)))
        org_fks = [(t, c) for t, c in foreign_keys(cur, "public", ORG_TABLE) if t != ORG_TABLE]
        by_table: dict[str, list[str]] = {}
        for table, column in org_fks:
            by_table.setdefault(table, []).append(column)
        for table, columns in by_table.items():
            # A row belongs to the organisation when its organisation column names it.
            where = sql.SQL(" OR ").join(
                sql.SQL("{} = {}").format(sql.Identifier(c), sql.Literal(org_id)) for c in columns
            )
            export(table, where)

        # Users: members, and every user a row of the organisation (public or schema) names.
        user_ids: set[int] = set()
        for schema_name, table_filter in (("public", set(by_table)), (schema, None)):
            for table, column in foreign_keys(cur, schema_name, USER_TABLE):
                if table_filter is not None and table not in table_filter:
                    continue
                query = sql.SQL("SELECT DISTINCT {c} FROM {s}.{t} WHERE {c} IS NOT NULL").format(
                    c=sql.Identifier(column), s=sql.Identifier(schema_name), t=sql.Identifier(table)
                )
                if schema_name == "public":
                    where = sql.SQL(" OR ").join(
                        sql.SQL("{} = {}").format(sql.Identifier(c), sql.Literal(org_id))
                        for c in by_table[table]
                    )
                    query = sql.SQL("{} AND ({})").format(query, where)
                cur.execute(query)
                user_ids.update(r[0] for r in cur.fetchall())
        export(
            USER_TABLE,
            sql.SQL("id = ANY({})").format(sql.Literal(sorted(user_ids))),
        )
        cur.execute(
            sql.SQL("SELECT app, name FROM {}.django_migrations ORDER BY id").format(
                sql.Identifier(schema)
            )
        )
        migrations = [f"{a}.{n}" for a, n in cur.fetchall()]
        manifest = {
            "format": FORMAT,
            "code": code,
            "schema": schema,
            "organisation_id": org_id,
            "tables": tables,
            "migrations": migrations,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        conn.rollback()
        conn.close()
        with tarfile.open(out, "w:gz") as tar:
            for name in ("manifest.json", "schema.sql", "public"):
                tar.add(work / name, arcname=name)
    os.chmod(out, 0o600)
    counts = ", ".join(f"{t['table']} {t['rows']}" for t in tables)
    print(f"backed up {code} → {out} (schema {schema}; public rows: {counts})")


def _csv_block(table: str, path: Path, target: str) -> str:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    body = text.split("\n", 1)[1] if "\n" in text else ""
    columns = ", ".join(f'"{c}"' for c in header)
    if not body.strip():
        return ""
    return f"COPY {target} ({columns}) FROM STDIN WITH (FORMAT csv);\n{body}\\.\n"


def restore(file: str) -> None:
    conn = psycopg2.connect(dsn())
    cur = conn.cursor()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(file, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            die(f"{file} is not a Suiji organisation backup ({FORMAT})")
        code, schema = manifest["code"], manifest["schema"]
        cur.execute("SELECT to_regclass('public.organisations_organisation')")
        if cur.fetchone()[0] is None:
            die("the target database has no Suiji public schema: run `manage.py setup` first")
        cur.execute(f"SELECT 1 FROM public.{ORG_TABLE} WHERE code = %s", (code,))
        if cur.fetchone():
            die(f"organisation {code} already exists in the target database (remove it first)")
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        if cur.fetchone():
            die(f"schema {schema} already exists in the target database")
        cur.execute("SELECT app || '.' || name FROM suiji_base.django_migrations ORDER BY id")
        here = {r[0] for r in cur.fetchall()}
        missing = [m for m in manifest["migrations"] if m not in here]
        if missing:
            die(
                "the backup is from a newer release than the target "
                f"(migrations unknown here: {', '.join(missing[:5])}); upgrade the target first"
            )
        conn.close()

        parts = [
            "SET client_min_messages = warning;",
            # Rows of public tables load before the schema whose foreign keys point at them;
            # the FK triggers wait for the end (the schema's constraints check everything).
            "SET CONSTRAINTS ALL DEFERRED;",
            f"CREATE TEMP TABLE _restore_user (LIKE public.{USER_TABLE});",
            _csv_block(USER_TABLE, work / "public" / f"{USER_TABLE}.csv", "_restore_user"),
            f"""DO $$
DECLARE clash text;
BEGIN
  SELECT string_agg(r.username || ' (id ' || r.id || ')', ', ') INTO clash
  FROM _restore_user r JOIN public.{USER_TABLE} u ON u.id = r.id OR u.username = r.username
  WHERE u.id <> r.id OR u.username <> r.username;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'users of the backup clash with other users of the target: %', clash;
  END IF;
END $$;""",
            f"INSERT INTO public.{USER_TABLE} SELECT * FROM _restore_user r "
            f"WHERE NOT EXISTS (SELECT 1 FROM public.{USER_TABLE} u WHERE u.id = r.id);",
            f"CREATE TEMP TABLE _restore_org (LIKE public.{ORG_TABLE});",
            _csv_block(ORG_TABLE, work / "public" / f"{ORG_TABLE}.csv", "_restore_org"),
            # A county restored without its prefecture: kept, without the parent link.
            f"UPDATE _restore_org SET parent_id = NULL WHERE parent_id IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM public.{ORG_TABLE} o WHERE o.id = _restore_org.parent_id);",
            f"INSERT INTO public.{ORG_TABLE} SELECT * FROM _restore_org;",
        ]
        touched = [USER_TABLE, ORG_TABLE]
        for entry in manifest["tables"]:
            table = entry["table"]
            if table in (USER_TABLE, ORG_TABLE):
                continue
            parts.append(_csv_block(table, work / "public" / f"{table}.csv", f"public.{table}"))
            touched.append(table)
        parts.append(f"\\i {work / 'schema.sql'}")
        parts.append("SET search_path = public;")
        for table in touched:
            parts.append(
                f"SELECT setval(pg_get_serial_sequence('public.{table}', 'id'), "
                f"GREATEST((SELECT COALESCE(max(id), 0) FROM public.{table}), 1)) "
                f"WHERE pg_get_serial_sequence('public.{table}', 'id') IS NOT NULL;"
            )
        script = work / "restore.sql"
        script.write_text("\n".join(p for p in parts if p) + "\n", encoding="utf-8")
        result = subprocess.run(
            [
                "psql",
                "--quiet",
                "--no-psqlrc",
                "--single-transaction",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                str(script),
                "--dbname",
                dsn(),
            ],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if result.returncode != 0:
            die(f"restore of {code} failed; nothing was written (one transaction)")
    print(f"restored {code} ({schema}) from {file}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "backup":
        backup(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "restore":
        restore(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
