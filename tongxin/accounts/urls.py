from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password-change"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("people/<int:pk>/", views.person_account, name="person-account"),
    path("people/<int:pk>/create/", views.account_create, name="account-create"),
    path("people/<int:pk>/reset/", views.account_reset_password, name="account-reset"),
    path("people/<int:pk>/deactivate/", views.account_deactivate, name="account-deactivate"),
    path("people/<int:pk>/unlock/", views.account_unlock, name="account-unlock"),
]
