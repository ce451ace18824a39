"""Blocks' references checked once per statement instead of once per row (PostgreSQL).

A foreign key checks each inserted row on its own: for an FHI import of every municipality,
about 64,000 lookups at commit, a quarter of the import's time (``benchmarks/import_fhi.py``).
On PostgreSQL the block's three foreign keys become statement-level triggers with transition
tables that keep the same rules in one set-based query per statement:

- a block's indicator, layout and import record (when it has one) must exist; the rows
  referred to are locked ``FOR KEY SHARE``, as a foreign key locks them, so that a concurrent
  delete waits and then fails, or the insert fails when the delete came first;
- an indicator, layout or import record that blocks still refer to cannot be deleted, nor its
  id changed (Django's cascades delete the blocks first or clear ``batch``, as before).

The index of ``indicator_id`` alone goes too: the unique (indicator_id, geo) index serves
every lookup by indicator. So does ``layout_id``'s: layouts are looked up from blocks, never
blocks from layouts (a layout is never deleted). SQLite keeps its foreign keys and indexes:
the embedded database imports small files, and its schema stays as it was.
"""

from django.db import migrations, models
import django.db.models.deletion

_BLOCK = "knowledge_observationblock"
#: (column of the block, table referred to)
_REFERENCES = (
    ("indicator_id", "knowledge_indicator"),
    ("layout_id", "knowledge_observationlayout"),
    ("batch_id", "knowledge_importbatch"),
)

CHECK_BLOCKS = f"""
CREATE FUNCTION knowledge_block_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wrong record;
BEGIN
    -- Lock what the new rows refer to, as a foreign key does, in one go per table.
    PERFORM FROM knowledge_indicator WHERE id IN (SELECT indicator_id FROM new_blocks)
        ORDER BY id FOR KEY SHARE;
    PERFORM FROM knowledge_observationlayout WHERE id IN (SELECT layout_id FROM new_blocks)
        ORDER BY id FOR KEY SHARE;
    PERFORM FROM knowledge_importbatch WHERE id IN (SELECT batch_id FROM new_blocks)
        ORDER BY id FOR KEY SHARE;
    SELECT b.indicator_id, b.layout_id, b.batch_id INTO wrong FROM new_blocks b
     WHERE NOT EXISTS (SELECT FROM knowledge_indicator i WHERE i.id = b.indicator_id)
        OR NOT EXISTS (SELECT FROM knowledge_observationlayout l WHERE l.id = b.layout_id)
        OR (b.batch_id IS NOT NULL
            AND NOT EXISTS (SELECT FROM knowledge_importbatch m WHERE m.id = b.batch_id))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('insert or update on table "{_BLOCK}" violates its references: '
                             'indicator %s, layout %s or import %s is not there',
                             wrong.indicator_id, wrong.layout_id,
                          coalesce(wrong.batch_id::text, 'none'));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER knowledge_block_references_insert AFTER INSERT ON {_BLOCK}
    REFERENCING NEW TABLE AS new_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_block_references();
CREATE TRIGGER knowledge_block_references_update AFTER UPDATE ON {_BLOCK}
    REFERENCING NEW TABLE AS new_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_block_references();
"""


def _referred(column: str, table: str) -> str:
    """A parent table's triggers: no row that blocks refer to may go or change its id."""
    function = f"{table}_blocks_refer"
    message = (f'update or delete on table "{table}" violates the references of "{_BLOCK}": '
               f'blocks still refer to %s')
    gone = ("SELECT o.id FROM old_rows o WHERE EXISTS "
            f"(SELECT FROM {_BLOCK} b WHERE b.{column} = o.id)")
    return f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    referred bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        {gone} LIMIT 1 INTO referred;
    ELSE
        {gone} AND NOT EXISTS (SELECT FROM new_rows n WHERE n.id = o.id) LIMIT 1 INTO referred;
    END IF;
    IF referred IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('{message}', referred);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {function}_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {function}_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


def to_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("knowledge", "ObservationBlock")
    quote = schema_editor.quote_name
    for column, _table in _REFERENCES:
        for name in schema_editor._constraint_names(model, [column], foreign_key=True):
            schema_editor.execute(f"ALTER TABLE {_BLOCK} DROP CONSTRAINT {quote(name)}")
    for column in ("indicator_id", "layout_id"):
        for name in schema_editor._constraint_names(model, [column], index=True,
                                                    unique=False, primary_key=False):
            schema_editor.execute(f"DROP INDEX {quote(name)}")
    schema_editor.execute(CHECK_BLOCKS, None)  # (None: its % are not placeholders)
    for column, table in _REFERENCES:
        schema_editor.execute(_referred(column, table), None)


def to_foreign_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _column, table in _REFERENCES:
        schema_editor.execute(f"DROP FUNCTION {table}_blocks_refer() CASCADE")
    schema_editor.execute("DROP FUNCTION knowledge_block_references() CASCADE")
    model = apps.get_model("knowledge", "ObservationBlock")
    for name in ("indicator", "layout", "batch"):
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_fk_sql(
            model, field, "_fk_%(to_table)s_%(to_column)s"))
        if name != "batch":
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0007_packed_observations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='observationblock',
                    name='indicator',
                    field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='blocks', to='knowledge.indicator'),
                ),
                migrations.AlterField(
                    model_name='observationblock',
                    name='layout',
                    field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='knowledge.observationlayout'),
                ),
                migrations.AlterField(
                    model_name='observationblock',
                    name='batch',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='blocks', to='knowledge.importbatch'),
                ),
            ],
            database_operations=[
                migrations.RunPython(to_triggers, to_foreign_keys, elidable=False),
            ],
        ),
    ]
