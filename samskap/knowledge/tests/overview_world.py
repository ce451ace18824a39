"""Shared helpers of the overview document tests: a document citing real-looking data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samskap.knowledge import actions_overview as actions
from samskap.knowledge.models import (
    Flag,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    Moderation,
    OverviewDocument,
)
from samskap.testing.factories import (
    DataSourceFactory,
    IndicatorFactory,
    LocalKnowledgeFactory,
    ObservationFactory,
)

IMPORTED = dt.datetime(2025, 3, 14, 10, 30, tzinfo=dt.UTC)
#: Low income in Eksempelvik (9999), its county (99) and Norway (0), 2015–2024; 2019 anonymised.
LOW_INCOME = {
    "9999": ["10.0", "10.5", "11.0", "11.5", None, "12.0", "12.5", "12.5", "13.0", "13.5"],
    "99": ["9.0", "9.2", "9.4", "9.6", "9.8", "10.0", "10.2", "10.4", "10.6", "10.8"],
    "0": ["10.0", "10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.7", "10.8", "10.9"],
}
LEVELS = {"9999": "K", "99": "F", "0": "L"}


def low_income(code: str = "lavinntekt", category: str = "upbringing") -> Indicator:
    """An indicator with ten yearly values for the municipality, county and Norway."""
    source = DataSourceFactory(code="fhi", name="Folkehelseinstituttet",
                               url="https://statistikk.fhi.no/")
    indicator: Indicator = IndicatorFactory(
        code=code, name_nb="Lavinntekt (husholdninger)", name_nn="Låginntekt (hushald)",
        name_en="Low income (households)", category=category, source=source,
        source_table="nokkel:187", decimals=1, higher_is_better=False)
    batch = ImportBatch.objects.create(file_name="lavinntekt_2025.csv", sha256="0" * 64,
                                       format=ImportBatch.Format.FHI_CUBE)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=IMPORTED)
    batch.indicators.add(indicator)
    for geo, values in LOW_INCOME.items():
        for year, value in enumerate(values, start=2015):
            ObservationFactory(
                indicator=indicator, geo=geo, geo_level=LEVELS[geo], period_start=year,
                period_end=year, age="0_120", batch=batch,
                value=Decimal(value) if value is not None else None,
                flag="" if value is not None else Flag.SUPPRESSED,
            )
    return indicator


def written_document(municipality: Any, author: Any, *, cycle: Any = None,
                     indicators: tuple[Indicator, ...] = ()) -> OverviewDocument:
    """A draft whose 'upbringing' area is written and cites data, local knowledge and a gap."""
    document = actions.create_document(
        municipality, author, title="Folkehelseoversikt 2024", cycle=cycle,
        introduction="Dette er oversikten.\n\nDen bygger på statistikk og lokal kunnskap.")
    published = LocalKnowledgeFactory(
        municipality=municipality, title="Bussen forsvant", status=Moderation.PUBLISHED,
        text="Tallene viser ikke at busstilbudet forsvant i 2021.")
    gap = KnowledgeGap.objects.create(municipality=municipality, title="Ensomhet blant eldre",
                                      how_to_learn="Spør eldresentrene.")
    actions.update_section(
        document.sections.get(category="upbringing"), author,
        challenges="Flere barn vokser opp i lavinntektsfamilier.",
        resources="Et aktivt frivillig lag.", causes_and_consequences="Færre arbeidsplasser.",
        inequality="Forskjellene mellom bydelene øker.", indicators=indicators,
        local_knowledge=[published], knowledge_gaps=[gap])
    return OverviewDocument.objects.get(pk=document.pk)


def on_consultation(document: OverviewDocument, coordinator: Any,
                    days: int = 14) -> OverviewDocument:
    return actions.change_status(document, coordinator, OverviewDocument.Status.CONSULTATION,
                                 consultation_until=timezone.localdate() + dt.timedelta(days))


def adopted(document: OverviewDocument, coordinator: Any) -> OverviewDocument:
    if document.status == OverviewDocument.Status.DRAFT:
        document = on_consultation(document, coordinator)
    return actions.change_status(document, coordinator, OverviewDocument.Status.ADOPTED)
