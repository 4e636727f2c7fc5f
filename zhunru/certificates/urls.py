from django.urls import path

from zhunru.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.index, name="index"),
    path("types/<int:pk>/", views.type_detail, name="type"),
    path("register/", views.my_register, name="my_register"),
    path("stats/", views.stats, name="stats"),
    path("c/<str:code>/", views.register, name="register"),
    path("c/<str:code>/export.xlsx", views.register_export, name="export"),
    path("c/<str:code>/new/", views.issuance_new, name="issue"),
    path("c/<str:code>/refusals/", views.refusals, name="refusals"),
    path("issuances/<int:pk>/", views.issuance_detail, name="issuance"),
    path("issuances/<int:pk>/reveal/", views.issuance_reveal, name="reveal"),
    path("refusals/<int:pk>/", views.refusal_detail, name="refusal"),
    path("refusals/<int:pk>/note.pdf", views.refusal_pdf, name="refusal_pdf"),
]
