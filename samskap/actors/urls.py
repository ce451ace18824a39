from samskap.actors import views_map
from samskap.actors.views import actors, settings, transfer

app_name = "actors"

urlpatterns = [
    *actors.urlpatterns,
    *settings.urlpatterns,
    *transfer.urlpatterns,
    *views_map.urlpatterns,
]
