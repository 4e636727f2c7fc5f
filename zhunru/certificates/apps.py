from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhunru.certificates"
    label = "certificates"
    verbose_name = "证明事项"
