from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "zhunru.funding"
    label = "funding"
    verbose_name = "经费"
