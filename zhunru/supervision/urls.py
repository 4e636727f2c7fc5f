from django.urls import path

from zhunru.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("export.xlsx", views.case_export, name="export"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/<str:action>/", views.case_action, name="case_action"),
    path("flags/", views.flag_list, name="flags"),
    path("mine/", views.my_reports, name="mine"),
    path("department/", views.department_stats, name="department"),
    path("settings/", views.settings_page, name="settings"),
]
