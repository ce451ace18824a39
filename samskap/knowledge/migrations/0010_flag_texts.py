"""A block's flag names and symbols as plain text, not arrays (PostgreSQL).

Every block of an import carries the import's few flag names and symbols (about 21,000
blocks for every municipality's series of 60 indicators). As ``text[]`` the database read an
array literal for each of them on the way in; as text (each name followed by ASCII's unit
separator, ``PackedTextsField``) it copies them in as they are, and the observation view picks
the k-th out with ``split_part``. SQLite keeps them as JSON text: nothing changes there.
"""

from importlib import import_module

from django.db import migrations

import samskap.knowledge.models

#: Migration 0007, whose view (over text[] flag names) the reverse puts back.
before = import_module("samskap.knowledge.migrations.0007_packed_observations")

VIEW = before.VIEW_POSTGRESQL.replace(
    "THEN b.flag_names[f.code] ELSE", "THEN split_part(b.flag_names, E'\\x1f', f.code) ELSE"
).replace(
    "THEN b.flag_symbols[f.code] ELSE", "THEN split_part(b.flag_symbols, E'\\x1f', f.code) ELSE")
assert VIEW.count("split_part") == 2

_COLUMNS = ("flag_names", "flag_symbols")


def to_text(apps, schema_editor):
    _retype(schema_editor, "DROP DEFAULT, ALTER COLUMN {column} TYPE text USING "
            "array_to_string({column}, E'\\x1f') "
            "|| CASE WHEN cardinality({column}) > 0 THEN E'\\x1f' ELSE '' END", VIEW)


def to_arrays(apps, schema_editor):
    _retype(schema_editor, "TYPE text[] USING CASE WHEN {column} = '' THEN '{{}}'::text[] "
            "ELSE string_to_array(left({column}, -1), E'\\x1f') END", before.VIEW_POSTGRESQL)


def _retype(schema_editor, change, view):
    """Both columns changed as ``change`` says (its ``{column}`` filled in), the view made
    anew over them (PostgreSQL; SQLite's JSON stays as it is)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP VIEW knowledge_observation")
    schema_editor.execute("ALTER TABLE knowledge_observationblock " + ", ".join(
        f"ALTER COLUMN {column} " + change.format(column=column) for column in _COLUMNS))
    schema_editor.execute(view)


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0009_block_references_one_pass"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="observationblock",
                    name=column,
                    field=samskap.knowledge.models.PackedTextsField(default=list),
                )
                for column in _COLUMNS
            ],
            database_operations=[migrations.RunPython(to_text, to_arrays)],
        ),
    ]
