from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "zhunru.areas"
    label = "areas"
    verbose_name = "区划与单位"
