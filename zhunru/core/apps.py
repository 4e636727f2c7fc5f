from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhunru.core"
    label = "core"
    verbose_name = "核心"
