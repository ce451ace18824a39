"""The blocks' reference check (migration 0008) reads the new rows once, not four times.

An import of several files now writes all their blocks in one ``COPY`` (about 21,000 rows for
every municipality's series of 60 indicators), so the statement-level trigger's transition
table holds them all, values included, and each pass over it counts: the four queries of 0008
took about 32 ms, at the end of the import where nothing else runs. Now one grouping pass
collects the few ids the rows refer to; they are then locked ``FOR KEY SHARE`` and looked up
as before, with the same rules and the same error (about 8 ms).
"""

from importlib import import_module

from django.db import migrations

#: Migration 0008, whose function the reverse puts back.
before = import_module("samskap.knowledge.migrations.0008_block_references_per_statement")

ONE_PASS = """
CREATE OR REPLACE FUNCTION knowledge_block_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    indicators bigint[];
    layouts bigint[];
    batches bigint[];
    wrong text;
BEGIN
    -- The ids the new rows refer to, in one pass over them.
    SELECT array_agg(DISTINCT r.indicator_id), array_agg(DISTINCT r.layout_id),
           array_agg(DISTINCT r.batch_id) FILTER (WHERE r.batch_id IS NOT NULL)
      INTO indicators, layouts, batches
      FROM (SELECT indicator_id, layout_id, batch_id FROM new_blocks
             GROUP BY indicator_id, layout_id, batch_id) r;
    -- Lock what they refer to, as a foreign key does, in one go per table.
    PERFORM FROM knowledge_indicator WHERE id = ANY(indicators) ORDER BY id FOR KEY SHARE;
    PERFORM FROM knowledge_observationlayout WHERE id = ANY(layouts) ORDER BY id FOR KEY SHARE;
    PERFORM FROM knowledge_importbatch WHERE id = ANY(batches) ORDER BY id FOR KEY SHARE;
    SELECT missing INTO wrong FROM (
        SELECT format('indicator %s', x.id) FROM unnest(indicators) x (id)
         WHERE NOT EXISTS (SELECT FROM knowledge_indicator i WHERE i.id = x.id)
        UNION ALL
        SELECT format('layout %s', x.id) FROM unnest(layouts) x (id)
         WHERE NOT EXISTS (SELECT FROM knowledge_observationlayout l WHERE l.id = x.id)
        UNION ALL
        SELECT format('import %s', x.id) FROM unnest(batches) x (id)
         WHERE NOT EXISTS (SELECT FROM knowledge_importbatch m WHERE m.id = x.id)
    ) found (missing) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('insert or update on table "knowledge_observationblock" violates '
                             'its references: %s is not there', wrong);
    END IF;
    RETURN NULL;
END $$;
"""


def one_pass(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ONE_PASS, None)  # (None: its % are not placeholders)


def four_passes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(before.CHECK_BLOCKS.replace(
            "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").split("CREATE TRIGGER")[0], None)


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0008_block_references_per_statement"),
    ]

    operations = [
        migrations.RunPython(one_pass, four_passes),
    ]
