"""Views of the knowledge step: indicators."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
