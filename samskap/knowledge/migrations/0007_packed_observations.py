"""Observations packed: one block per indicator and place, the old table becomes a view.

The cells already stored are moved into blocks (one layout per distinct set of cells), then
the table ``knowledge_observation`` is dropped and a view of the same name and columns
created over the blocks and their layouts' cells, so every reader stays as it was.
"""

import hashlib
import json
from collections import defaultdict
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

import samskap.knowledge.models

# A block whose cells have no flag stores no flags (an empty text): code 0 throughout; else
# one character per cell, chr(48 + code).
VIEW_POSTGRESQL = """
CREATE VIEW knowledge_observation AS
SELECT b.id * 1000000 + c.position AS id, b.indicator_id, b.geo, b.geo_level,
       c.period_start, c.period_end, c.sex, c.age, c.dimensions, c.dimensions_key,
       c.measure,
       CASE WHEN f.code = 0 THEN NULLIF(v.text, '')::numeric(20, 6) END AS value,
       CASE WHEN f.code > 0 THEN b.flag_names[f.code] ELSE '' END::varchar(16) AS flag,
       CASE WHEN f.code > 0 THEN b.flag_symbols[f.code] ELSE '' END::varchar(3)
           AS flag_symbol,
       c.n_years, b.batch_id
  FROM knowledge_observationblock b
  CROSS JOIN LATERAL unnest(string_to_array(b."values", ';'))
       WITH ORDINALITY AS v(text, position)
  JOIN knowledge_layoutcell c ON c.layout_id = b.layout_id AND c.position = v.position
  CROSS JOIN LATERAL (SELECT CASE WHEN b.flags = '' THEN 0
                                 ELSE ascii(substr(b.flags, c.position, 1)) - 48 END AS code) f
"""

# SQLite keeps the arrays as JSON text and counts positions from 0.
_CODE = "(CASE WHEN b.flags = '' THEN 0 ELSE unicode(substr(b.flags, c.position, 1)) - 48 END)"
VIEW_SQLITE = f"""
CREATE VIEW knowledge_observation AS
SELECT b.id * 1000000 + c.position AS id, b.indicator_id, b.geo, b.geo_level,
       c.period_start, c.period_end, c.sex, c.age, c.dimensions, c.dimensions_key,
       c.measure,
       CASE WHEN {_CODE} = 0
            THEN json_extract(b."values", '$[' || (c.position - 1) || ']') END AS value,
       CASE WHEN {_CODE} > 0
            THEN json_extract(b.flag_names, '$[' || ({_CODE} - 1) || ']')
            ELSE '' END AS flag,
       CASE WHEN {_CODE} > 0
            THEN json_extract(b.flag_symbols, '$[' || ({_CODE} - 1) || ']')
            ELSE '' END AS flag_symbol,
       c.n_years, b.batch_id
  FROM knowledge_observationblock b
  JOIN knowledge_layoutcell c ON c.layout_id = b.layout_id
"""

_OLD_COLUMNS = ("indicator_id", "geo", "geo_level", "period_start", "period_end", "sex", "age",
                "dimensions", "dimensions_key", "measure", "value", "flag", "flag_symbol",
                "n_years", "batch_id")


def pack_existing(apps, schema_editor):
    """Move the stored cells into blocks (the same packing the importers write)."""
    connection = schema_editor.connection
    layouts = apps.get_model("knowledge", "ObservationLayout")
    cells = apps.get_model("knowledge", "LayoutCell")
    blocks = apps.get_model("knowledge", "ObservationBlock")
    places = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_OLD_COLUMNS)} FROM knowledge_observation")
        for row in cursor.fetchall():
            record = dict(zip(_OLD_COLUMNS, row, strict=True))
            if isinstance(record["dimensions"], str):
                record["dimensions"] = json.loads(record["dimensions"])
            places[(record["indicator_id"], record["geo"])].append(record)
    layout_ids = {}
    for (indicator_id, geo), records in places.items():
        records.sort(key=lambda r: (r["measure"], r["dimensions_key"], r["sex"], r["age"],
                                    r["period_start"], r["period_end"],
                                    -1 if r["n_years"] is None else r["n_years"]))
        kinds = [[r["period_start"], r["period_end"], r["sex"], r["age"], r["dimensions_key"],
                  r["measure"], r["n_years"]] for r in records]
        digest = hashlib.sha256(json.dumps(kinds, separators=(",", ":")).encode()).hexdigest()
        if digest not in layout_ids:
            layout, _created = layouts.objects.get_or_create(
                digest=digest, defaults={"size": len(kinds)})
            if _created:
                cells.objects.bulk_create([
                    cells(layout=layout, position=position, period_start=r["period_start"],
                          period_end=r["period_end"], sex=r["sex"], age=r["age"],
                          dimensions=r["dimensions"], dimensions_key=r["dimensions_key"],
                          measure=r["measure"], n_years=r["n_years"])
                    for position, r in enumerate(records, start=1)])
            layout_ids[digest] = layout.pk
        pairs = []
        for r in records:
            if r["flag"] and (r["flag"], r["flag_symbol"]) not in pairs:
                pairs.append((r["flag"], r["flag_symbol"]))
        blocks.objects.create(
            indicator_id=indicator_id, geo=geo, geo_level=records[0]["geo_level"],
            layout_id=layout_ids[digest], batch_id=records[-1]["batch_id"],
            values=[None if r["value"] is None or r["flag"] else _text(r["value"])
                    for r in records],
            flags="".join(chr(48 + pairs.index((r["flag"], r["flag_symbol"])) + 1)
                          if r["flag"] else "0" for r in records) if pairs else "",
            flag_names=[flag for flag, _symbol in pairs],
            flag_symbols=[symbol for _flag, symbol in pairs])


def _text(value):
    """A stored number (Decimal; float or text on SQLite) as a plain decimal text."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def table_to_view(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP TABLE knowledge_observation")
    schema_editor.execute(VIEW_POSTGRESQL if vendor == "postgresql" else VIEW_SQLITE)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0006_observation_one_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='ObservationLayout',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64, unique=True)),
                ('size', models.PositiveIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'layout of observations',
                'verbose_name_plural': 'layouts of observations',
            },
        ),
        migrations.CreateModel(
            name='ObservationBlock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('geo', models.CharField(max_length=10)),
                ('geo_level', models.CharField(choices=[('L', 'Norway'), ('F', 'county'), ('K', 'municipality'), ('B', 'district'), ('V', 'living conditions zone')], max_length=1)),
                ('values', samskap.knowledge.models.PackedDecimalsField()),
                ('flags', models.TextField(blank=True, default='')),
                ('flag_names', samskap.knowledge.models.PackedArrayField(base_type='text', default=list)),
                ('flag_symbols', samskap.knowledge.models.PackedArrayField(base_type='text', default=list)),
                ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='blocks', to='knowledge.importbatch')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blocks', to='knowledge.indicator')),
                ('layout', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='knowledge.observationlayout')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('indicator', 'geo'), name='one_block_per_place')],
            },
        ),
        migrations.CreateModel(
            name='LayoutCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('period_start', models.PositiveSmallIntegerField()),
                ('period_end', models.PositiveSmallIntegerField()),
                ('sex', models.CharField(default='0', max_length=1)),
                ('age', models.CharField(default='', max_length=15)),
                ('dimensions', models.JSONField(blank=True, default=dict)),
                ('dimensions_key', models.CharField(blank=True, default='', max_length=255)),
                ('measure', models.CharField(max_length=30)),
                ('n_years', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('layout', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cells', to='knowledge.observationlayout')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('layout', 'position'), name='one_cell_per_position'), models.UniqueConstraint(fields=('layout', 'period_start', 'period_end', 'sex', 'age', 'dimensions_key', 'measure'), name='one_layout_cell_per_key'), models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='layout_cell_period_in_order'), models.CheckConstraint(condition=models.Q(('position__gte', 1)), name='layout_position_from_1')],
            },
        ),
        migrations.RunPython(pack_existing, elidable=False),
        migrations.RunPython(table_to_view, elidable=False),
        migrations.AlterModelOptions(
            name='observation',
            options={'managed': False, 'verbose_name': 'observation', 'verbose_name_plural': 'observations'},
        ),
    ]
