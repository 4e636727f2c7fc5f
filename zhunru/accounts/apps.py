from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhunru.accounts"
    label = "accounts"
    verbose_name = "账户与角色"
