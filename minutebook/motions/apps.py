from django.apps import AppConfig


class MotionsConfig(AppConfig):
    name = "minutebook.motions"
    label = "motions"

    def ready(self) -> None:
        from minutebook.meetings.minutes_sections import register_minutes_section
        from minutebook.motions.minutes import readings_section

        register_minutes_section(55, "readings", readings_section)
