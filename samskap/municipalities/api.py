from __future__ import annotations

from rest_framework import serializers, viewsets

from samskap.municipalities.models import District, Municipality


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code", "population"]


class MunicipalitySerializer(serializers.ModelSerializer):
    default_language = serializers.CharField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["number", "name", "county_number", "county", "administrative_centre",
                  "population", "area_km2", "language_form", "default_language",
                  "uses_platform"]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    districts = DistrictSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "districts"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """All Norwegian municipalities (public). ``?q=`` searches by name or number."""

    lookup_field = "number"
    queryset = Municipality.objects.all()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return MunicipalityDetailSerializer if self.action == "retrieve" else MunicipalitySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = self.request.query_params.get("q", "")
        queryset = Municipality.objects.search(query) if query else Municipality.objects.all()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("districts")
        return queryset.order_by("number")
