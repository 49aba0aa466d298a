from django.apps import AppConfig


class FloorConfig(AppConfig):
    name = "minutebook.floor"
    label = "floor"
    verbose_name = "List of speakers"

    def ready(self) -> None:
        from minutebook.floor.minutes import speakers_minutes
        from minutebook.meetings.minutes_sections import register_minutes_section

        register_minutes_section(50, "speakers", speakers_minutes)
