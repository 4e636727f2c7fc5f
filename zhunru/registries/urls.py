from django.urls import path

from zhunru.registries import views

app_name = "registries"
urlpatterns = [
    path("signboards/", views.signboard_list, name="signboards"),
    path("signboards/export.xlsx", views.signboard_export, name="signboards_export"),
    path("signboards/new/", views.signboard_new, name="signboard_new"),
    path("signboards/<int:pk>/", views.signboard_detail, name="signboard"),
    path("signboards/<int:pk>/remove/", views.signboard_remove, name="signboard_remove"),
    path("signboards/<int:pk>/photo/<str:which>/", views.signboard_photo, name="signboard_photo"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("ledgers/", views.ledger_registry, name="ledgers"),
    path("ledgers/export.xlsx", views.ledger_export, name="ledgers_export"),
]
