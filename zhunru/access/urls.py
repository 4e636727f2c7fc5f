from django.urls import path

from zhunru.access import views

app_name = "access"
urlpatterns = [
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/<str:action>/", views.application_action, name="application_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("exits/", views.exit_list, name="exits"),
    path("exits/new/<str:code>/", views.exit_new, name="exit_new"),
    path("exits/<int:pk>/", views.exit_detail, name="exit"),
    path("exits/<int:pk>/<str:action>/", views.exit_action, name="exit_action"),
    path("settings/", views.procedure_settings, name="settings"),
]
