from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("people/<int:pk>/", views.person_summary, name="person-summary"),
]
