from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vfmhub.accounts"
    label = "accounts"
