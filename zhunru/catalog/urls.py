from django.urls import path

from zhunru.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("export.<str:fmt>", views.export, name="export"),
    path("publish/", views.publish, name="publish"),
    path("import/", views.import_view, name="import"),
]
