from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zhunru.dashboard"
    label = "dashboard"
    verbose_name = "统计"
