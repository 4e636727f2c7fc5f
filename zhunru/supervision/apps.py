from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhunru.supervision"
    label = "supervision"
    verbose_name = "监督"
