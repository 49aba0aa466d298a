from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "minutebook.obligations"
    label = "obligations"

    def ready(self) -> None:
        # How a meeting duty and a decision duty are met (the ballots app registers `ballot`),
        # and the duties a recorded decision gives rise to (`arising`).
        from minutebook.ledger.hooks import register_decision_recorded
        from minutebook.obligations.arising import arise_after_decision
        from minutebook.obligations.kinds import register_own_kinds

        register_own_kinds()
        register_decision_recorded("obligations", arise_after_decision)
