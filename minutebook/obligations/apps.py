from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "minutebook.obligations"
    label = "obligations"

    def ready(self) -> None:
        # How a meeting duty and a decision duty are met (the ballots app registers `ballot`),
        # the duties a recorded decision gives rise to (`arising`), and the body page's section.
        from minutebook.bodies.page_sections import register_body_section
        from minutebook.ledger.hooks import register_decision_recorded, register_procedure_moved
        from minutebook.obligations import views
        from minutebook.obligations.arising import after_procedure, arise_after_decision
        from minutebook.obligations.kinds import register_own_kinds

        register_own_kinds()
        register_decision_recorded("obligations", arise_after_decision)
        register_procedure_moved("obligations", after_procedure)
        register_body_section(50, "obligations", views.body_section)
