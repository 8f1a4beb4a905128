from django.urls import path

from . import views, views_departments

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
    path("departments/", views_departments.department_list, name="department-list"),
    path("departments/<int:pk>/", views_departments.department_detail, name="department-detail"),
    path("departments/<int:pk>/edit/", views_departments.department_edit, name="department-edit"),
    path(
        "departments/<int:pk>/toggle/",
        views_departments.department_toggle,
        name="department-toggle",
    ),
    path(
        "departments/<int:pk>/handlers/new/",
        views_departments.department_handler_add,
        name="department-handler-add",
    ),
    path(
        "departments/handlers/<int:pk>/remove/",
        views_departments.department_handler_remove,
        name="department-handler-remove",
    ),
]
