from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zhunru.catalog"
    label = "catalog"
    verbose_name = "社区工作事项清单"
