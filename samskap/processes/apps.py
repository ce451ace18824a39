from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samskap.processes"

    def ready(self) -> None:
        from samskap.processes import step_items

        step_items.register()
