from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("zhunru.accounts.urls")),
    path("api/v1/", include("zhunru.api.urls")),
    path("portal/", include("zhunru.portal.urls")),
    path("inbox/", include("zhunru.inbox.urls")),
    path("access/", include("zhunru.access.urls")),
    path("catalog/", include("zhunru.catalog.urls")),
    path("gateway/", include("zhunru.gateway.urls")),
    path("supervision/", include("zhunru.supervision.urls")),
    path("registries/", include("zhunru.registries.urls")),
    path("evaluation/", include("zhunru.evaluation.urls")),
    path("funding/", include("zhunru.funding.urls")),
    path("certificates/", include("zhunru.certificates.urls")),
    path("dashboard/", include("zhunru.dashboard.urls")),
    path("", include("zhunru.areas.urls")),
    path("", include("zhunru.core.urls")),
    path("", include("zhunru.web.urls")),
]
