from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "minutebook.ballots"
    label = "ballots"
    verbose_name = "Ballots outside meetings"

    def ready(self) -> None:
        from minutebook.ballots import views
        from minutebook.ballots.obligations import ballot_met_on
        from minutebook.bodies.page_sections import register_body_section
        from minutebook.obligations import kinds

        kinds.register("ballot", ballot_met_on)
        register_body_section(40, "ballots", views.body_section)
