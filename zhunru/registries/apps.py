from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "zhunru.registries"
    label = "registries"
    verbose_name = "挂牌与台账报表"
