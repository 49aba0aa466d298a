from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "minutebook.ballots"
    label = "ballots"
    verbose_name = "Ballots outside meetings"

    def ready(self) -> None:
        from minutebook.ballots.obligations import ballot_met_on
        from minutebook.obligations import kinds

        kinds.register("ballot", ballot_met_on)
