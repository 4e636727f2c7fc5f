from django.urls import path

from zhunru.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("report.pdf", views.monthly_report, name="report"),
    path("<slug:page>/", views.page, name="page"),
    path("<slug:page>/<slug:table>.xlsx", views.export, name="export"),
]
