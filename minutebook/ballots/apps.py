from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "minutebook.ballots"
    label = "ballots"
    verbose_name = "Ballots outside meetings"
