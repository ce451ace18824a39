"""Step 1, sam-kunnskaping: indicators and their observations, local knowledge, knowledge gaps,
community resources and the written overview document (oversiktsdokument)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samskap.municipalities.models import District, Municipality


class Category(models.TextChoices):
    """The six areas of the overview regulation, plus quality of life."""

    POPULATION = "population", _("Population composition")
    UPBRINGING = "upbringing", _("Conditions for growing up and living")
    ENVIRONMENT = "environment", _("Physical, biological, chemical and social environment")
    INJURIES = "injuries", _("Injuries and accidents")
    BEHAVIOUR = "behaviour", _("Health-related behaviour")
    HEALTH = "health", _("Health status")
    QUALITY_OF_LIFE = "quality_of_life", _("Quality of life")


class Ring(models.TextChoices):
    """The determinant rings (Dahlgren & Whitehead, report fig. 2.2)."""

    LIVING_CONDITIONS = "living_conditions", _("Living conditions")
    EVERYDAY_ARENAS = "everyday_arenas", _("Arenas of everyday life")
    COMMUNITY = "community", _("Community qualities")
    SOCIETY = "society", _("Economic, social and environmental conditions")


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    PER_1000 = "per_1000", _("per 1,000")
    PER_100000 = "per_100000", _("per 100,000")
    YEARS = "years", _("years")
    COUNT = "count", _("number")
    RATIO = "ratio", _("ratio")
    INDEX = "index", _("index (Norway = 100)")
    SCORE = "score", _("score")


class Flag(models.TextChoices):
    """Why a cell has no value. A flagged cell never has a value (never 0)."""

    NONE = "", _("value present")
    MISSING = "missing", _("missing data")
    NOT_COMPUTABLE = "not_computable", _("cannot be computed")
    SUPPRESSED = "suppressed", _("anonymised")
    NOT_AVAILABLE = "not_available", _("not available")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    CONFIDENTIAL = "confidential", _("confidential")


class GeoLevel(models.TextChoices):
    COUNTRY = "L", _("Norway")
    COUNTY = "F", _("county")
    MUNICIPALITY = "K", _("municipality")
    DISTRICT = "B", _("district")
    ZONE = "V", _("living conditions zone")


class DataSource(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return self.name


class LegalReference(models.Model):
    """A provision of law, as data: paragraph numbers change (the Public Health Act, 2025)."""

    code = models.SlugField(
        _("code"), max_length=60, blank=True,
        help_text=_("Stable key of a reference from the catalogue; the provision itself may "
                    "be renumbered. Empty for references added by hand."),
    )
    law = models.CharField(_("law or regulation"), max_length=200)
    provision = models.CharField(_("provision"), max_length=50, help_text=_("e.g. § 3"))
    summary = models.TextField(_("what it requires"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    category = models.CharField(
        _("overview area"), max_length=20, choices=Category.choices, blank=True,
        help_text=_("The overview area this provision asks for, if any."),
    )

    class Meta:
        ordering = ["law", "provision"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""),
                                    name="legal_reference_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.law} {self.provision}"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_municipality(self, municipality: Municipality) -> IndicatorQuerySet:
        """The national catalogue plus the municipality's own (local survey) indicators."""
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality),
                           is_active=True)


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True,
        related_name="own_indicators", verbose_name=_("municipality"),
        help_text=_("Empty for the national catalogue; set for a municipality's own indicator."),
    )
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nb = models.TextField(_("definition (bokmål)"), blank=True)
    definition_nn = models.TextField(_("definition (nynorsk)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    category = models.CharField(_("overview area"), max_length=20, choices=Category.choices)
    ring = models.CharField(_("determinant ring"), max_length=20, choices=Ring.choices,
                            blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="indicators",
                               verbose_name=_("source"))
    source_table = models.CharField(_("source table"), max_length=60, blank=True,
                                    help_text=_("e.g. nokkel:187 or ssb:07459"))
    default_measure = models.CharField(_("measure shown"), max_length=30, default="MEIS")
    higher_is_better = models.BooleanField(_("higher is better"), null=True, blank=True)
    legal_references = models.ManyToManyField(LegalReference, blank=True,
                                              related_name="indicators",
                                              verbose_name=_("legal references"))
    is_active = models.BooleanField(_("in use"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name_nb"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, municipality: Municipality | None = None) -> str:
        number = municipality.number if municipality else (
            self.municipality.number if self.municipality else settings.SAMSKAP_DEMO_MUNICIPALITY)
        return reverse("knowledge:indicator", kwargs={"number": number, "code": self.code})

    def _localised(self, field: str) -> str:
        language = (translation.get_language() or "nb")[:2]
        value = getattr(self, f"{field}_{language}", "") if language in {"nb", "nn", "en"} else ""
        return value or getattr(self, f"{field}_nb")

    @property
    def name(self) -> str:
        return self._localised("name")

    @property
    def definition(self) -> str:
        return self._localised("definition")


class ImportBatch(models.Model):
    """One imported file: what it was, who brought it, what it changed."""

    class Format(models.TextChoices):
        FHI_CUBE = "fhi_cube", _("FHI statistics cube (CSV)")
        JSON_STAT = "json_stat2", _("JSON-stat 2")
        TIDY_CSV = "tidy_csv", _("Tidy CSV (local survey)")

    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="import_batches")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("separator"), max_length=4, blank=True)
    indicators = models.ManyToManyField(Indicator, related_name="import_batches")
    summary = models.JSONField(_("summary"), default=dict)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"


def period_label(start: int, end: int) -> str:
    """A period as shown: ``2024`` for one year, ``2022–2024`` for several."""
    return str(end) if start == end else f"{start}–{end}"


class PackedArrayField(models.Field):  # type: ignore[type-arg]
    """A list of numbers or texts in one column: an array on PostgreSQL, JSON text elsewhere.

    (What migration 0007 made the flag names and symbols; 0010 made them PackedTextsField.)
    """

    def __init__(self, *args: Any, base_type: str = "text", **kwargs: Any) -> None:
        self.base_type = base_type
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["base_type"] = self.base_type
        return name, path, args, kwargs

    def db_type(self, connection: Any) -> str:
        return f"{self.base_type}[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return list(value)
        return json.dumps(list(value), ensure_ascii=False)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)


#: What ends each text of a PackedTextsField on PostgreSQL (ASCII's unit separator).
TEXT_END = "\x1f"


class PackedTextsField(models.Field):  # type: ignore[type-arg]
    """A few texts in one column, as a list: on PostgreSQL each followed by ``TEXT_END``
    (``""`` is no text), elsewhere a JSON array.

    A block's flag names and symbols: the same few for all blocks of an import, written with
    each of its about 21,000 blocks. As plain text the database copies them in without
    reading an array (``benchmarks/import_fhi.py``); the observation view picks one out
    with ``split_part``.
    """

    def db_type(self, connection: Any) -> str:
        return "text"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        joined = joined_texts(value)  # (refuses a text with TEXT_END on every database)
        if connection.vendor == "postgresql":
            return joined
        return json.dumps(list(value), ensure_ascii=False)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return value.split(TEXT_END)[:-1]
        return json.loads(value)


def joined_texts(texts: Any) -> str:
    """Texts as a PackedTextsField stores them on PostgreSQL."""
    if any(TEXT_END in text for text in texts):
        raise ValueError(f"a flag name or symbol may not contain {TEXT_END!r}")
    return "".join(f"{text}{TEXT_END}" for text in texts)


class PackedDecimalsField(models.Field):  # type: ignore[type-arg]
    """Decimal numbers in one column, as a list of decimal texts (``"12.5"``) or ``None``.

    On PostgreSQL the texts exactly as imported, each followed by ``;`` (``None`` as nothing:
    ``"12.5;;7;"``): the database stores and sends them without parsing a number, and the
    observation view splits them (``string_to_array``). Elsewhere a JSON array of numbers.
    """

    def db_type(self, connection: Any) -> str:
        return "text"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return "".join(f"{'' if item is None else item};" for item in value)
        return json.dumps([None if item is None else float(item) for item in value])

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value.startswith("["):
            return [None if item is None else repr(item) for item in json.loads(value)]
        return [item or None for item in value.split(";")[:-1]]


class ObservationLayout(models.Model):
    """The cells a block of observations has, in order: periods × strata × measures.

    Every municipality's series of an indicator usually has the same cells, so the layout is
    stored once and shared (found again by ``digest``, the hash of its cells); a block then
    only holds its values and flags.
    """

    digest = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Internal (no page or admin shows layouts): not translated.
        verbose_name = "layout of observations"
        verbose_name_plural = "layouts of observations"

    def __str__(self) -> str:
        return f"{self.size} cells ({self.digest[:12]})"


class LayoutCell(models.Model):
    """One position of a layout: which period, stratum and measure the block's value there is."""

    layout = models.ForeignKey(ObservationLayout, on_delete=models.CASCADE, related_name="cells")
    #: 1 for the first value of a block (PostgreSQL arrays count from 1).
    position = models.PositiveIntegerField()
    period_start = models.PositiveSmallIntegerField()
    period_end = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1, default="0")
    age = models.CharField(max_length=15, default="")
    dimensions = models.JSONField(default=dict, blank=True)
    dimensions_key = models.CharField(max_length=255, default="", blank=True)
    measure = models.CharField(max_length=30)
    n_years = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layout", "position"], name="one_cell_per_position"),
            # One cell per period, stratum and measure: so a block never holds a cell twice.
            models.UniqueConstraint(
                fields=["layout", "period_start", "period_end", "sex", "age", "dimensions_key",
                        "measure"], name="one_layout_cell_per_key"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="layout_cell_period_in_order"),
            models.CheckConstraint(condition=Q(position__gte=1), name="layout_position_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.measure} {self.period_start}_{self.period_end}"


class ObservationBlock(models.Model):
    """All stored cells of one indicator for one place, packed: one row instead of hundreds.

    The values and flags are in the order of the block's :class:`ObservationLayout`.
    ``flags`` is a text of one character per cell: ``"0"`` for no flag, else the character
    ``chr(48 + k)`` (``"1"``, ``"2"`` …): the cell's flag is ``flag_names[k]`` and its symbol
    ``flag_symbols[k]`` (counting from 1); a block without flagged cells has an empty
    ``flags`` (all 0). Text rather than an array: the database copies it in without
    reading a number per cell, and the view reads one character. A flagged cell's value is never
    read (the view gives ``NULL``): *a suppressed value is stored as suppressed, never as 0*.
    Readers see single observations through the :class:`Observation` view.

    Why packed: an FHI import of all municipalities (about 2 million cells) took most of its
    time inserting one indexed row per cell; packed, it writes about 22,000 rows
    (``benchmarks/import_fhi.py``).
    """

    # The references are checked per statement by triggers on PostgreSQL, not per row by
    # foreign keys (migration 0008; SQLite keeps its foreign keys): the same rules, for a
    # quarter of an import's time. The unique (indicator, geo) index serves lookups by
    # indicator; blocks are never looked up by layout.
    indicator = models.ForeignKey("Indicator", on_delete=models.CASCADE, related_name="blocks",
                                  db_constraint=False, db_index=False)
    geo = models.CharField(max_length=10)
    geo_level = models.CharField(max_length=1, choices=GeoLevel.choices)
    layout = models.ForeignKey(ObservationLayout, on_delete=models.PROTECT, related_name="+",
                               db_constraint=False, db_index=False)
    values = PackedDecimalsField()
    flags = models.TextField(blank=True, default="")
    flag_names = PackedTextsField(default=list)
    flag_symbols = PackedTextsField(default=list)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="blocks", db_constraint=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "geo"], name="one_block_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.geo}"


class ObservationQuerySet(models.QuerySet["Observation"]):
    def series(self, indicator: Indicator, geo: str, *, measure: str | None = None,
               sex: str = "0", age: str | None = None,
               dimensions_key: str = "") -> ObservationQuerySet:
        """One geography's time series of an indicator's shown measure, oldest first.

        By default the total (no stratification): education or income strata are other
        ``dimensions_key`` values and never mix into the series.
        """
        queryset = self.filter(indicator=indicator, geo=geo,
                               measure=measure or indicator.default_measure, sex=sex,
                               dimensions_key=dimensions_key)
        if age is not None:
            queryset = queryset.filter(age=age)
        return queryset.order_by("period_end", "period_start")

    # Writes go to the blocks (samskap.knowledge.storage); the view itself is read-only.
    def create(self, **kwargs: Any) -> Observation:  # type: ignore[override]
        from samskap.knowledge import storage

        return storage.save_observations([Observation(**kwargs)])[0]

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Observation]:  # type: ignore[override]
        from samskap.knowledge import storage

        return storage.save_observations(list(objs))

    def delete(self) -> tuple[int, dict[str, int]]:
        from samskap.knowledge import storage

        count = storage.delete_observations(self)
        return count, {self.model._meta.label: count}

    def update(self, **kwargs: Any) -> int:
        from samskap.knowledge import storage

        return storage.update_observations(self, kwargs)


class Observation(models.Model):
    """One cell of statistics: an indicator's measure for a place, period and stratum.

    A read-only view over :class:`ObservationBlock` joined with its layout's cells: one row
    per cell, with the columns the table had before the cells were packed, so every reader
    filters and orders observations as before. ``id`` is the block's id × 1,000,000 + the
    position. Writing goes through :mod:`samskap.knowledge.storage` (the importers) or this
    model's manager (``create``/``bulk_create``/``delete``, which call it).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.DO_NOTHING,
                                  related_name="observations", db_constraint=False)
    geo = models.CharField(_("geography"), max_length=10,
                           help_text=_("Normalised code: 0 Norway, 03 county, 0301 "
                                       "municipality, 030101 district."))
    geo_level = models.CharField(_("level"), max_length=1, choices=GeoLevel.choices)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    sex = models.CharField(_("sex"), max_length=1, default="0",
                           help_text=_("0 both, 1 men, 2 women"))
    age = models.CharField(_("age"), max_length=15, default="",
                           help_text=_("from_to, e.g. 45_120; empty when not given"))
    dimensions = models.JSONField(_("other dimensions"), default=dict, blank=True)
    dimensions_key = models.CharField(max_length=255, default="", blank=True,
                                      help_text="sorted KEY=VALUE pairs joined by ;")
    measure = models.CharField(_("measure"), max_length=30)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True,
                                blank=True)
    flag = models.CharField(_("flag"), max_length=16, choices=Flag.choices, default="",
                            blank=True)
    flag_symbol = models.CharField(_("flag symbol"), max_length=3, blank=True)
    n_years = models.PositiveSmallIntegerField(_("years averaged"), null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.DO_NOTHING, null=True, blank=True,
                              related_name="observations", db_constraint=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        managed = False
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.geo} {self.period} {self.measure}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from samskap.knowledge import storage

        saved = storage.save_observations([self])[0]
        self.pk = saved.pk

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        return Observation.objects.filter(pk=self.pk).delete()

    @property
    def period(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def is_flagged(self) -> bool:
        return bool(self.flag)

    @staticmethod
    def key_for(dimensions: dict[str, str]) -> str:
        """The canonical text of other dimensions: sorted KEY=VALUE pairs joined by ';'."""
        return ";".join(f"{key}={dimensions[key]}" for key in sorted(dimensions))

    def display_value(self) -> Decimal | None:
        return self.value


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    NEEDS_EDIT = "needs_edit", _("Needs changes")
    REJECTED = "rejected", _("Rejected")


class LocalKnowledgeQuerySet(models.QuerySet["LocalKnowledge"]):
    def published(self) -> LocalKnowledgeQuerySet:
        return self.filter(status=Moderation.PUBLISHED)

    def for_municipality(self, municipality: Municipality) -> LocalKnowledgeQuerySet:
        return self.filter(municipality=municipality)


class LocalKnowledge(models.Model):
    """What the numbers don't show: knowledge from residents, partners and staff."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="local_knowledge")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="local_knowledge")
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="local_knowledge", verbose_name=_("indicator"))
    category = models.CharField(_("overview area"), max_length=20, choices=Category.choices,
                                blank=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="local_knowledge", verbose_name=_("district"))
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("A place described in words, e.g. “the path "
                                         "behind the school”."))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what the numbers don't show"), max_length=5000)
    story = models.TextField(_("why (optional story)"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Moderation.choices,
                              default=Moderation.PENDING)
    moderation_reason = models.TextField(_("reason"), blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("the municipality's response"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalKnowledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("local knowledge")
        verbose_name_plural = _("local knowledge")

    def __str__(self) -> str:
        return self.title


class KnowledgeGap(models.Model):
    """What we don't know, and how we could learn it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="knowledge_gaps")
    title = models.CharField(_("what we don't know"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    how_to_learn = models.TextField(_("how we could learn it"), blank=True)
    category = models.CharField(_("overview area"), max_length=20, choices=Category.choices,
                                blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="knowledge_gaps", verbose_name=_("indicator"))
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="knowledge_gaps", verbose_name=_("district"))
    is_closed = models.BooleanField(_("closed"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["is_closed", "-created_at"]
        verbose_name = _("knowledge gap")
        verbose_name_plural = _("knowledge gaps")

    def __str__(self) -> str:
        return self.title


class CommunityResource(models.Model):
    """An asset of the community (the regulation asks for resources, not only problems)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="community_resources")
    title = models.CharField(_("resource"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("overview area"), max_length=20, choices=Category.choices,
                                blank=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="community_resources",
                                 verbose_name=_("district"))
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="community_resources",
                                  verbose_name=_("indicator"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("community resource")
        verbose_name_plural = _("community resources")

    def __str__(self) -> str:
        return self.title


class OverviewDocument(models.Model):
    """The written overview (oversiktsdokument) of one cycle: draft → consultation → adopted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("On consultation")
        ADOPTED = "adopted", _("Adopted")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="overview_documents")
    cycle = models.ForeignKey("planning.Cycle", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="overview_documents")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.DRAFT)
    consultation_until = models.DateField(_("comments until"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_html = models.TextField(blank=True, help_text="Frozen HTML of the adopted version")
    # The adopted version's content tree (samskap.knowledge.document), so its DOCX and PDF
    # stay the same when the statistics behind it are revised later.
    adopted_content = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("overview document")
        verbose_name_plural = _("overview documents")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.ADOPTED


class OverviewSection(models.Model):
    """The assessment of one overview area, as the regulation asks for it."""

    document = models.ForeignKey(OverviewDocument, on_delete=models.CASCADE,
                                 related_name="sections")
    category = models.CharField(_("overview area"), max_length=20, choices=Category.choices)
    challenges = models.TextField(_("public health challenges"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    causes_and_consequences = models.TextField(_("causes and consequences"), blank=True)
    inequality = models.TextField(_("social inequality in health"), blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+",
                                        verbose_name=_("indicators cited"))
    local_knowledge = models.ManyToManyField(LocalKnowledge, blank=True, related_name="+",
                                             verbose_name=_("local knowledge cited"))
    knowledge_gaps = models.ManyToManyField(KnowledgeGap, blank=True, related_name="+",
                                            verbose_name=_("knowledge gaps cited"))

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("overview section")
        verbose_name_plural = _("overview sections")
        constraints = [
            models.UniqueConstraint(fields=["document", "category"],
                                    name="one_section_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_category_display()}"


class OverviewComment(models.Model):
    """A comment on a document that is on consultation."""

    document = models.ForeignKey(OverviewDocument, on_delete=models.CASCADE,
                                 related_name="comments")
    section = models.ForeignKey(OverviewSection, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="comments",
                                verbose_name=_("section"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)
    response = models.TextField(_("the municipality's response"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
