from django.urls import path

from zhunru.funding import views

app_name = "funding"
urlpatterns = [
    path("", views.arrears, name="arrears"),
    path("export.xlsx", views.arrears_export, name="export"),
    path("matters/<int:pk>/", views.matter_detail, name="matter"),
    path("matters/<int:pk>/disburse/", views.disbursement_create, name="disburse"),
    path("disbursements/", views.line_list, name="lines"),
    path("disbursements/export.xlsx", views.line_export, name="lines_export"),
    path("lines/<int:pk>/<str:action>/", views.line_action, name="line_action"),
    path("settings/", views.settings_page, name="settings"),
]
