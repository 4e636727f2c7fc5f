from django.urls import path

from zhunru.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.xlsx", views.audit_export, name="audit_export"),
    path("manage/workdays/", views.workdays, name="workdays"),
]
