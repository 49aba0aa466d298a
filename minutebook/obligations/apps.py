from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "minutebook.obligations"
    label = "obligations"

    def ready(self) -> None:
        # How a meeting duty and a decision duty are met; the ballots app registers `ballot`.
        from minutebook.obligations.kinds import register_own_kinds

        register_own_kinds()
