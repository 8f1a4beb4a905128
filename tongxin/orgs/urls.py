from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.node_tree, name="node-tree"),
    path("<int:pk>/", views.node_detail, name="node-detail"),
    path("<int:pk>/children/new/", views.node_create, name="node-create"),
    path("<int:pk>/rename/", views.node_rename, name="node-rename"),
    path("<int:pk>/move/", views.node_move, name="node-move"),
    path("<int:pk>/archive/", views.node_archive, name="node-archive"),
    path("<int:pk>/roles/new/", views.role_assign, name="role-assign"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role-revoke"),
]
