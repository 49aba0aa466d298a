from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "minutebook.ledger"
    label = "ledger"
