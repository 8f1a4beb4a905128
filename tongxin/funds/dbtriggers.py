"""Database triggers that refuse UPDATE of posted journal rows (the last line of defence).

Installed by migration 0002. SQLite drops a table's triggers when a migration rebuilds the
table, so a future migration that alters ``funds_journalentry`` or ``funds_journalline`` must
call ``install`` again. Deletes are refused by the models and their query sets; a DELETE
trigger would also stop the test runner's flush on SQLite.
"""

from typing import Any

TABLES = ("funds_journalentry", "funds_journalline")


def install(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION funds_refuse_update() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'posted journal rows are immutable; post a reversal'; END; "
            "$$ LANGUAGE plpgsql"
        )
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION funds_refuse_update()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'posted journal rows are immutable; post a reversal'); END"
            )


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_refuse_update()")
