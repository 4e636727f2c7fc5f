from django.urls import path

from zhunru.gateway import views

app_name = "gateway"
urlpatterns = [
    path("", views.notice_list, name="notices"),
    path("register/", views.register, name="register"),
    path("bulk/", views.bulk, name="bulk"),
    path("judge/", views.judge_preview, name="judge"),
    path("export.xlsx", views.export, name="export"),
    path("dispatch/", views.dispatch, name="dispatch"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/refusal.pdf", views.refusal_pdf, name="refusal_pdf"),
    path("notices/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("notices/<int:pk>/<str:action>/", views.notice_action, name="notice_action"),
]
