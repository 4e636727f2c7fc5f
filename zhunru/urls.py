from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("zhunru.accounts.urls")),
    path("", include("zhunru.areas.urls")),
    path("", include("zhunru.core.urls")),
    path("", include("zhunru.web.urls")),
]
