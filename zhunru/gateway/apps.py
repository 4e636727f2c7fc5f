from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "zhunru.gateway"
    label = "gateway"
    verbose_name = "社区任务登记与判定"
