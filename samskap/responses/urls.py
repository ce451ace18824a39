from samskap.responses.views import urlpatterns as urlpatterns

app_name = "responses"

__all__ = ["app_name", "urlpatterns"]
