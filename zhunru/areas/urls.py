from django.urls import path

from zhunru.areas import views

app_name = "areas"
urlpatterns = [
    path("areas/", views.areas, name="areas"),
    path("areas/<str:code>/", views.community, name="community"),
    path("departments/", views.departments, name="departments"),
    path("manage/import/", views.import_view, name="import"),
]
