"""Read and advance cycles through the API, with the same rules as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from samskap.core.access import get_municipality
from samskap.core.api import require_api
from samskap.planning import actions
from samskap.planning.models import Cycle, CycleStep


class CycleStepSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    cocreation_form = serializers.SerializerMethodField()
    lead = serializers.CharField(source="lead.display_name", default=None, read_only=True)

    class Meta:
        model = CycleStep
        fields = ["number", "name", "cocreation_form", "status", "lead", "deadline", "summary",
                  "started_at", "completed_at"]

    def get_name(self, step: CycleStep) -> str:
        return str(step.definition.name)

    def get_cocreation_form(self, step: CycleStep) -> str:
        return str(step.definition.cocreation_form)


class CycleSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.number")
    steps = CycleStepSerializer(source="ordered_steps", many=True, read_only=True)

    class Meta:
        model = Cycle
        fields = ["id", "municipality", "start_year", "end_year", "status", "closed_at", "steps"]


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """A municipality's cycles (public). Coordinators can advance a step."""

    serializer_class = CycleSerializer
    # Tells the schema generator the model; get_queryset() needs the URL's number to work.
    queryset = Cycle.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        municipality = get_municipality(self.kwargs["number"])
        return (Cycle.objects.for_municipality(municipality)
                .select_related("municipality").prefetch_related("steps__lead"))

    @extend_schema(request=None, responses=CycleSerializer)
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[1-5])/advance")
    def advance(self, request: Request, number: str, pk: str, step: str) -> Response:
        # DRF's get_object_or_404: a tampered, non-numeric id is a 404, not a 500.
        cycle = get_object_or_404(self.get_queryset(), pk=pk)
        require_api(request, "samskap.manage_cycle", cycle.municipality)
        try:
            actions.advance(cycle.step(int(step)), request.user)
        except actions.CycleRuleError as error:
            raise ValidationError({"detail": str(error)}) from error
        cycle = self.get_queryset().get(pk=cycle.pk)
        return Response(CycleSerializer(cycle).data, status=status.HTTP_200_OK)
