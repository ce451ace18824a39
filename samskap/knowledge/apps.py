from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "samskap.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The step page of the cycle lists what this step knows (planning.steps registry).
        from samskap.knowledge import step_items
        from samskap.knowledge.document import step_items as document_step_items

        step_items.register()
        document_step_items.register()
