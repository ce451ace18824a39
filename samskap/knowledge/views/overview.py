"""Views of the knowledge step: overview."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
