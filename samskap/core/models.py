"""Site-wide records: feedback on accessibility and the service."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """A message through the accessibility statement's feedback channel."""

    page = models.CharField(_("page"), max_length=300, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("e-mail address (if you want an answer)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return self.message[:60]
