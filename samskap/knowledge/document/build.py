"""Build an overview document's content tree from the database, in its municipality's language.

A fixed number of queries whatever the size of the document: the sections with their
citations, the cited indicators' observations for the municipality, its county and Norway,
and the imports those observations came from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samskap.knowledge.document.content import (
    VERSION,
    Chart,
    DocumentContent,
    Gap,
    ImportNote,
    IndicatorBlock,
    Part,
    Quote,
    Section,
    SourceRow,
    TableRow,
    paragraphs,
)
from samskap.knowledge.models import (
    Category,
    Flag,
    GeoLevel,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    Observation,
    OverviewDocument,
    OverviewSection,
    period_label,
)
from samskap.lib import charts

#: The four assessments of each area, in the order the regulation lists them.
PART_FIELDS = ("challenges", "resources", "causes_and_consequences", "inequality")
COUNTRY = "0"


def language_of(document: OverviewDocument) -> str:
    """The language the document is written and exported in: its municipality's."""
    return document.municipality.default_language


def anchor_for(category: str) -> str:
    """The fragment id of an area's section, the same in HTML, PDF and DOCX."""
    return "area-" + category.replace("_", "-")


def build_document(document: OverviewDocument) -> DocumentContent:
    """The content tree of ``document`` as the data stands now."""
    with translation.override(language_of(document)):
        return _build(document)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_text(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).date()
    return formats.date_format(moment, "DATE_FORMAT")


def _status_text(document: OverviewDocument) -> str:
    if document.status == OverviewDocument.Status.ADOPTED and document.adopted_at:
        return _("Adopted %(date)s") % {"date": _date_text(document.adopted_at)}
    if document.status == OverviewDocument.Status.CONSULTATION:
        if document.consultation_until:
            return _("On consultation, comments until %(date)s") % {
                "date": _date_text(document.consultation_until)}
        return _("On consultation")
    return _("Draft")


def _sections(document: OverviewDocument) -> dict[str, OverviewSection]:
    queryset = document.sections.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.select_related("source")
                 .order_by("name_nb", "code")),
        Prefetch("local_knowledge", queryset=LocalKnowledge.objects.published()
                 .select_related("district", "indicator").order_by("created_at", "pk")),
        Prefetch("knowledge_gaps", queryset=KnowledgeGap.objects.order_by("created_at", "pk")),
    )
    return {section.category: section for section in queryset}


def _build(document: OverviewDocument) -> DocumentContent:
    municipality = document.municipality
    by_category = _sections(document)
    cited = {indicator.pk: indicator for section in by_category.values()
             for indicator in section.indicators.all()}
    geos = (municipality.number, municipality.county_number, COUNTRY)
    observations = _observations(cited.values(), geos)
    batches = {batch.pk: batch for batch in ImportBatch.objects.filter(
        pk__in={o.batch_id for rows in observations.values() for o in rows if o.batch_id})}
    columns = (municipality.name, municipality.county, str(GeoLevel.COUNTRY.label))

    sections = []
    for number, (category, label) in enumerate(Category.choices, start=1):
        section = by_category.get(category)
        anchor = anchor_for(category)
        sections.append(Section(
            category=category, anchor=anchor, number=number, title=str(label),
            parts=_parts(section),
            indicators=[
                _indicator_block(indicator, anchor, observations.get(indicator.pk, []),
                                 geos, columns, batches)
                for indicator in (section.indicators.all() if section else [])
            ],
            local_knowledge=[_quote(item) for item in
                             (section.local_knowledge.all() if section else [])],
            gaps=[_gap(gap) for gap in (section.knowledge_gaps.all() if section else [])],
        ))
    modified = (document.adopted_at if document.status == OverviewDocument.Status.ADOPTED
                and document.adopted_at else document.updated_at)
    return DocumentContent(
        version=VERSION,
        language=translation.get_language() or "nb",
        title=document.title,
        municipality=municipality.name,
        municipality_number=municipality.number,
        county=municipality.county,
        cycle_term=document.cycle.term if document.cycle else "",
        status=document.status,
        status_text=_status_text(document),
        date_text=_date_text(modified),
        created_iso=_iso(document.created_at),
        modified_iso=_iso(modified),
        introduction=paragraphs(document.introduction),
        sections=sections,
        sources=_sources(cited.values(), observations, batches),
    )


def _parts(section: OverviewSection | None) -> list[Part]:
    if section is None:
        return []
    parts = []
    for name in PART_FIELDS:
        text = paragraphs(getattr(section, name))
        if text:
            label = OverviewSection._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            parts.append(Part(key=name, heading=capfirst(str(label)), paragraphs=text))
    return parts


def _observations(indicators: Iterable[Indicator],
                  geos: tuple[str, ...]) -> dict[int, list[Observation]]:
    """Each indicator's shown series for the given places: both sexes, no other strata."""
    indicators = list(indicators)
    if not indicators:
        return {}
    rows = Observation.objects.filter(
        indicator__in=indicators, geo__in=geos, sex="0", dimensions_key="",
        measure__in={indicator.default_measure for indicator in indicators},
    ).order_by("indicator_id", "geo", "period_end", "period_start", "age")
    measure = {indicator.pk: indicator.default_measure for indicator in indicators}
    found: dict[int, list[Observation]] = defaultdict(list)
    for row in rows:
        if row.measure == measure[row.indicator_id]:
            found[row.indicator_id].append(row)
    return {pk: _one_age(series, geos[0]) for pk, series in found.items()}


def _one_age(rows: list[Observation], home: str) -> list[Observation]:
    """Keep one age group: the municipality's widest (as the indicator pages do), else anyone's."""
    ages = {row.age for row in rows if row.geo == home} or {row.age for row in rows}
    age = min(ages, key=_age_key)
    return [row for row in rows if row.age == age]


def _age_key(age: str) -> tuple[int, int, str]:
    """Widest age group first: '' (not given) and 0_120 before 15_29."""
    start, _sep, end = age.partition("_")
    if not (start.isdigit() and end.isdigit()):
        return (-1_000_000, 0, age)
    return (int(start) - int(end), int(start), age)


def _format(value: Decimal | float, decimals: int) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True)


def _cell(row: Observation, decimals: int) -> str:
    if row.flag:
        return str(Flag(row.flag).label)
    if row.value is None:
        return ""
    return _format(row.value, decimals)


def _indicator_block(indicator: Indicator, section_anchor: str, rows: list[Observation],
                     geos: tuple[str, ...], names: tuple[str, ...],
                     batches: dict[int, ImportBatch]) -> IndicatorBlock:
    periods = sorted({(row.period_start, row.period_end) for row in rows},
                     key=lambda period: (period[1], period[0]))
    cells = {(row.geo, row.period_start, row.period_end): row for row in rows}
    # Show the municipality always, the county and Norway where there is anything to show.
    shown = [i for i, geo in enumerate(geos) if i == 0 or any(row.geo == geo for row in rows)]
    period_text = [period_label(s, e) for s, e in periods]
    table = [
        TableRow(period=text, values=[
            _cell(cells[(geos[i], s, e)], indicator.decimals) if (geos[i], s, e) in cells else ""
            for i in shown
        ])
        for text, (s, e) in zip(period_text, periods, strict=True)
    ]
    unit = str(indicator.get_unit_display())
    chart = None
    if any(row.value is not None for row in rows):
        series = [
            charts.Series(names[i], tuple(
                _point(cells.get((geos[i], s, e)), s, e, text)
                for text, (s, e) in zip(period_text, periods, strict=True)
            ))
            for i in shown
        ]
        chart_id = f"chart-{section_anchor}-{indicator.code}"
        title = _("%(indicator)s (%(unit)s)") % {"indicator": indicator.name, "unit": unit}
        summary = _summary(indicator, series)
        # No <desc>: the summary is the figure's caption next to the chart.
        chart = Chart(id=chart_id, title=title, summary=summary, svg=charts.time_series_svg(
            series, unit=unit, title=title, chart_id=chart_id, gap_label=_("no value"),
            decimals=indicator.decimals, number_format=_format))
    direction = {True: _("Higher values are better."), False: _("Lower values are better."),
                 None: ""}[indicator.higher_is_better]
    note = "" if rows else _("No statistics are stored for %(place)s yet.") % {"place": names[0]}
    return IndicatorBlock(
        anchor=f"{section_anchor}-{indicator.code}", code=indicator.code, name=indicator.name,
        definition=indicator.definition, unit=unit, direction=direction,
        source=indicator.source.name, source_table=indicator.source_table,
        source_url=indicator.source.url, licence=indicator.source.licence,
        columns=[names[i] for i in shown], rows=table, chart=chart,
        imports=_import_notes({row.batch_id for row in rows if row.batch_id}, batches),
        note=note,
    )


def _point(row: Observation | None, start: int, end: int, text: str) -> charts.Point:
    # x: the period's last year; a period's first year breaks a tie (2022 and 2020–2022).
    x = end + start / 10000
    if row is None or row.value is None:
        return charts.Point(x, text, None, str(Flag(row.flag).label) if row and row.flag else "")
    return charts.Point(x, text, float(row.value))


def _summary(indicator: Indicator, series: list[charts.Series]) -> str:
    """The chart in words: first and latest value of each line, and whether values are missing."""
    sentences = []
    for one in series:
        known = [(point.label, point.value) for point in one.points if point.value is not None]
        if not known:
            sentences.append(_("%(place)s: no values.") % {"place": one.name})
        elif len(known) == 1:
            sentences.append(_("%(place)s: %(value)s in %(period)s.") % {
                "place": one.name, "value": _format(known[0][1], indicator.decimals),
                "period": known[0][0]})
        else:
            sentences.append(_("%(place)s: from %(first)s in %(first_period)s to %(last)s in "
                               "%(last_period)s.") % {
                "place": one.name, "first": _format(known[0][1], indicator.decimals),
                "first_period": known[0][0], "last": _format(known[-1][1], indicator.decimals),
                "last_period": known[-1][0]})
    if any(point.value is None for one in series for point in one.points):
        sentences.append(_("Gaps in a line are values that are missing or anonymised; the "
                           "table says which."))
    return " ".join(sentences)


def _import_notes(batch_ids: set[int], batches: dict[int, ImportBatch]) -> list[ImportNote]:
    notes = [
        ImportNote(file_name=batch.file_name, date_text=_date_text(batch.created_at),
                   date_iso=_iso(batch.created_at), format=str(batch.get_format_display()))
        for pk, batch in batches.items() if pk in batch_ids
    ]
    return sorted(notes, key=lambda note: (note.date_iso, note.file_name))


def _quote(item: LocalKnowledge) -> Quote:
    where = [text for text in (
        item.place, item.district.name if item.district else "",
        item.indicator.name if item.indicator else "",
    ) if text]
    return Quote(title=item.title, text=paragraphs(item.text), story=paragraphs(item.story),
                 where=" · ".join(where), response=paragraphs(item.response))


def _gap(gap: KnowledgeGap) -> Gap:
    return Gap(title=gap.title, description=paragraphs(gap.description),
               how_to_learn=paragraphs(gap.how_to_learn), is_closed=gap.is_closed)


def _sources(indicators: Iterable[Indicator], observations: dict[int, list[Observation]],
             batches: dict[int, ImportBatch]) -> list[SourceRow]:
    tables: dict[int, set[str]] = defaultdict(set)
    used: dict[int, set[int]] = defaultdict(set)
    sources = {}
    for indicator in indicators:
        sources[indicator.source_id] = indicator.source
        if indicator.source_table:
            tables[indicator.source_id].add(indicator.source_table)
        used[indicator.source_id] |= {row.batch_id for row in observations.get(indicator.pk, [])
                                      if row.batch_id}
    return [
        SourceRow(name=source.name, url=source.url, licence=source.licence,
                  tables=sorted(tables[pk]), imports=_import_notes(used[pk], batches))
        for pk, source in sorted(sources.items(), key=lambda item: (item[1].name, item[0]))
    ]
