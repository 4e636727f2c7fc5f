from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhunru.portal"
    label = "portal"
    verbose_name = "居务公开门户"
