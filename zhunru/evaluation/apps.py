from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhunru.evaluation"
    label = "evaluation"
    verbose_name = "评议"
