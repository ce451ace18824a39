from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "samskap.actors"
    label = "actors"
    default_auto_field = "django.db.models.BigAutoField"
