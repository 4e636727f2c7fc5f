from django.urls import path

from zhunru.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalog/", views.catalog, name="catalog"),
    path("matters/<str:code>/", views.matter, name="matter"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:year>-<int:seq>/", views.decision, name="decision"),
    path("decisions/<int:year>-<int:seq>/letter.pdf", views.decision_pdf, name="decision_pdf"),
    path("versions/", views.versions, name="versions"),
    path("exits/", views.exits, name="exits"),
    path("verify/", views.verify, name="verify"),
    path("statistics/", views.statistics, name="statistics"),
    path("departments/", views.departments, name="departments"),
    path("funding/", views.funding, name="funding"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("data/", views.data_index, name="data"),
    path("data/<slug:dataset>.<slug:fmt>", views.data_file, name="data_file"),
]
