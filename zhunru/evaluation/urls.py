from django.urls import path

from zhunru.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("providers/", views.providers, name="providers"),
    path("providers/new/", views.provider_new, name="provider_new"),
    path("providers/export.xlsx", views.providers_export, name="providers_export"),
    path("providers/<int:pk>/delete/", views.provider_delete, name="provider_delete"),
    path("<int:year>/", views.round_detail, name="round"),
    path("<int:year>/export.xlsx", views.results_export, name="export"),
    path("<int:year>/reply/", views.reply, name="reply"),
    path("<int:year>/rate/<int:department>/", views.answer, name="answer"),
    path("<int:year>/comments/<int:department>/", views.comments, name="comments"),
    path("<int:year>/<str:action>/", views.round_action, name="round_action"),
]
