"""The JSON API: /api/v1/… and its OpenAPI schema at /api/schema/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter, SimpleRouter

from samskap.municipalities.api import MunicipalityViewSet
from samskap.planning.api import CycleViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")

municipal_router = SimpleRouter()
municipal_router.register("cycles", CycleViewSet, basename="cycle")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/municipalities/<str:number>/", include(municipal_router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
