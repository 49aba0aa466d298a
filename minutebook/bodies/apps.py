from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "minutebook.bodies"
    label = "bodies"

    def ready(self) -> None:
        # The body page's section on who may vote and stand (the charter's eligibility rules).
        from minutebook.bodies.eligibility import body_section
        from minutebook.bodies.page_sections import register_body_section

        register_body_section(45, "eligibility", body_section)
