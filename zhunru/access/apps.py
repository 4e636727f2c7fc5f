from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "zhunru.access"
    label = "access"
    verbose_name = "准入程序"
