from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "samskap.responses"
    label = "responses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The processes app announces state changes with ``process_state_changed``; the
        # followers who consented to e-mail hear of them. The evaluation step (5) lists the
        # assessed processes (planning.steps registry).
        from samskap.responses import notify, signals, step_items

        signals.process_state_changed.connect(notify.on_state_changed,
                                              dispatch_uid="responses.state_changed")
        step_items.register()
