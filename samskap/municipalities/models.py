"""The tenant: a municipality (kommune) and its districts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def normalise_search_text(text: str) -> str:
    """Case-fold for searching: SQLite's LIKE folds only ASCII, so we store a folded copy."""
    return " ".join(text.casefold().split())


class LanguageForm(models.TextChoices):
    BOKMAL = "bokmal", _("Bokmål")
    NYNORSK = "nynorsk", _("Nynorsk")
    NEUTRAL = "neutral", _("Neutral")


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def on_platform(self) -> MunicipalityQuerySet:
        """Municipalities that have started using Samskap."""
        return self.filter(uses_platform=True)

    def search(self, query: str) -> MunicipalityQuerySet:
        """Find municipalities by (part of) name or by number; '301' finds 0301."""
        query = normalise_search_text(query)
        if not query:
            return self.none()
        condition = Q(search_name__contains=query)
        if query.isdigit():
            condition |= Q(number__startswith=query) | Q(number=query.zfill(4))
        return self.filter(condition)


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    county_number = models.CharField(_("county number"), max_length=2)
    county = models.CharField(_("county"), max_length=100)
    administrative_centre = models.CharField(_("administrative centre"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    language_form = models.CharField(
        _("language form"), max_length=10, choices=LanguageForm.choices,
        default=LanguageForm.NEUTRAL,
    )
    uses_platform = models.BooleanField(_("uses Samskap"), default=False)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.search_name = normalise_search_text(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("municipalities:detail", kwargs={"number": self.number})

    @property
    def default_language(self) -> str:
        """The UI language residents get unless they choose another: nynorsk → nn, else nb."""
        return "nn" if self.language_form == LanguageForm.NYNORSK else "nb"


class District(models.Model):
    """A bydel or delområde: the unit participation is later compared against."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"), max_length=10, blank=True,
        help_text=_("Statistics Norway's district code, if the district has one."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="district_name_unique_in_municipality",
                violation_error_message=_("The municipality already has a district with this "
                                          "name."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"], condition=~Q(code=""),
                name="district_code_unique_in_municipality",
                violation_error_message=_("Another district of the municipality has this "
                                          "code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipalities:districts", kwargs={"number": self.municipality.number})
