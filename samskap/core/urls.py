from django.contrib.sitemaps.views import sitemap
from django.urls import path

from samskap.core import views
from samskap.core.sitemaps import SITEMAPS

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
]
