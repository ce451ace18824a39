from samskap.knowledge.views import imports, indicators, local, overview

app_name = "knowledge"

urlpatterns = [
    *indicators.urlpatterns,
    *imports.urlpatterns,
    *local.urlpatterns,
    *overview.urlpatterns,
]
