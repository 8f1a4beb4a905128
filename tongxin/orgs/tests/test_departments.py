import pytest
from django.urls import reverse

from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.orgs import queries_departments as queries
from tongxin.orgs import services_departments as services
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import DepartmentHandler, RoleAssignment, SchoolDepartment
from tongxin.testing.personas import add_department_handler


def _handling_roles(user):
    return RoleAssignment.objects.active().filter(user=user, role=Role.HANDLING_DEPARTMENT).count()


def test_create_and_rename(cast):
    office = cast.actor("office_admin")
    department = services.department_create(
        actor=office, school=cast.school, name=" Personnel  Office ", code="HR"
    )
    assert department.name == "Personnel Office"
    renamed = services.department_update(
        actor=office, department=department, name="Human Resources", code="HR"
    )
    assert renamed.name == "Human Resources"
    events = list(
        AuditEvent.objects.filter(target_type="orgs.schooldepartment").values_list(
            "event", flat=True
        )
    )
    assert sorted(events) == ["school_department.created", "school_department.updated"]


def test_duplicate_name_or_code_is_refused(cast):
    office = cast.actor("office_admin")
    services.department_create(actor=office, school=cast.school, name="Finance Office", code="FIN")
    for kwargs in ({"name": "Finance Office"}, {"name": "Treasury", "code": "FIN"}):
        with pytest.raises(DomainError) as info:
            services.department_create(actor=office, school=cast.school, **kwargs)
        assert info.value.code == "duplicate_department"
    assert SchoolDepartment.objects.count() == 1


def test_departments_belong_to_a_school_union(cast):
    with pytest.raises(ValidationFailed) as info:
        services.department_create(actor=cast.actor("system"), school=cast.branch_a, name="Lab")
    assert info.value.code == "not_a_school"


def test_first_handler_gets_the_role_and_last_removal_ends_it(cast):
    # given two departments and a user handling both
    office = cast.actor("office_admin")
    first = services.department_create(actor=office, school=cast.school, name="Academic Affairs")
    second = services.department_create(actor=office, school=cast.school, name="Logistics")
    user = cast.users["branch_b_member"]
    one = services.department_handler_add(actor=office, department=first, user_id=user.pk)
    two = services.department_handler_add(actor=office, department=second, username=user.username)
    # then the user holds the handling-department role once
    assert _handling_roles(user) == 1
    # when one handling ends the role stays; when the last ends the role ends too
    services.department_handler_remove(actor=office, handler=one)
    assert _handling_roles(user) == 1
    services.department_handler_remove(actor=office, handler=two)
    assert _handling_roles(user) == 0
    assert DepartmentHandler.objects.filter(removed_at__isnull=True).count() == 0


def test_handler_twice_is_refused(cast):
    department = add_department_handler(cast)
    with pytest.raises(DomainError) as info:
        services.department_handler_add(
            actor=cast.actor("office_admin"),
            department=department,
            user_id=cast.users["department_handler"].pk,
        )
    assert info.value.code == "duplicate_handler"
    assert DepartmentHandler.objects.count() == 1


def test_unknown_login_is_refused(cast):
    department = services.department_create(
        actor=cast.actor("office_admin"), school=cast.school, name="X"
    )
    with pytest.raises(ValidationFailed) as info:
        services.department_handler_add(
            actor=cast.actor("office_admin"), department=department, username="nobody"
        )
    assert info.value.field == "user"


def test_inactive_department_takes_no_handler(cast):
    office = cast.actor("office_admin")
    department = services.department_create(actor=office, school=cast.school, name="Old")
    services.department_deactivate(actor=office, department=department)
    with pytest.raises(DomainError) as info:
        services.department_handler_add(
            actor=office, department=department, user_id=cast.users["branch_b_member"].pk
        )
    assert info.value.code == "department_inactive"
    assert services.department_activate(actor=office, department=department).is_active is True


MATRIX = [
    ("office_admin", None),
    ("system", None),
    ("branch_a_chair", NotFound),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), MATRIX)
def test_create_matrix(cast, persona, expected):
    before = (SchoolDepartment.objects.count(), AuditEvent.objects.count())

    def call():
        return services.department_create(
            actor=cast.actor(persona), school=cast.school, name="Library"
        )

    if expected is None:
        assert call().name == "Library"
    else:
        with pytest.raises(expected):
            call()
        assert (SchoolDepartment.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("persona", "expected"), [*MATRIX, ("department_handler", Forbidden)])
def test_manage_matrix(cast, persona, expected):
    department = add_department_handler(cast)
    handler = DepartmentHandler.objects.get()
    before = (
        AuditEvent.objects.count(),
        RoleAssignment.objects.count(),
        DepartmentHandler.objects.count(),
    )
    actor = cast.actor(persona)
    calls = [
        lambda: services.department_update(actor=actor, department=department, name="Registry"),
        lambda: services.department_handler_add(
            actor=actor, department=department, user_id=cast.users["branch_b_member"].pk
        ),
        lambda: services.department_handler_remove(actor=actor, handler=handler),
    ]
    if expected is None:
        for call in calls:
            call()
        department.refresh_from_db()
        assert department.name == "Registry"
        assert (
            DepartmentHandler.objects.filter(removed_at__isnull=True).get().user
            == cast.users["branch_b_member"]
        )
    else:
        for call in calls:
            with pytest.raises(expected):
                call()
        department.refresh_from_db()
        assert department.name == "Academic Affairs Office"
        assert (
            AuditEvent.objects.count(),
            RoleAssignment.objects.count(),
            DepartmentHandler.objects.count(),
        ) == before


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office_admin", True),
        ("department_handler", True),
        ("auditor", True),
        ("branch_a_chair", False),
        ("branch_a_member", False),
    ],
)
def test_who_sees_departments(cast, persona, visible):
    department = add_department_handler(cast)
    assert (department in list(queries.department_list(actor=cast.actor(persona)))) is visible


def test_departments_handled(cast):
    department = add_department_handler(cast)
    assert queries.departments_handled(actor=cast.actor("department_handler")) == [department]
    assert queries.departments_handled(actor=cast.actor("office_admin")) == []


def test_list_page_runs_fixed_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.users["office_admin"])
    add_department_handler(cast)
    url = reverse("orgs:department-list")
    client.get(url)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    add_department_handler(
        cast, "second", department_name="Logistics", code="LOG", staff_number="B2002"
    )
    add_department_handler(
        cast, "third", department_name="Library", code="LIB", staff_number="B2003"
    )
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count('href="/orgs/departments/') == 3


def test_office_creates_and_manages_through_the_pages(cast, client):
    client.force_login(cast.users["office_admin"])
    response = client.post(
        reverse("orgs:department-list"), {"name": "Security Office", "code": "SEC"}
    )
    department = SchoolDepartment.objects.get(name="Security Office")
    assert response.status_code == 302
    client.post(
        reverse("orgs:department-handler-add", args=[department.pk]),
        {"user": cast.users["branch_b_member"].username},
    )
    handler = DepartmentHandler.objects.get(department=department)
    detail = client.get(reverse("orgs:department-detail", args=[department.pk]))
    assert "Member B" in detail.content.decode()
    client.post(reverse("orgs:department-handler-remove", args=[handler.pk]))
    client.post(reverse("orgs:department-toggle", args=[department.pk]))
    department.refresh_from_db()
    handler.refresh_from_db()
    assert (department.is_active, handler.removed_at is not None) == (False, True)


def test_duplicate_on_the_page_is_a_form_error(cast, client):
    client.force_login(cast.users["office_admin"])
    client.post(reverse("orgs:department-list"), {"name": "Security Office"})
    response = client.post(reverse("orgs:department-list"), {"name": "Security Office"})
    assert response.status_code == 200
    assert SchoolDepartment.objects.count() == 1
    assert response.context["form"].errors


def test_member_cannot_open_the_pages(cast, client):
    department = add_department_handler(cast)
    client.force_login(cast.users["branch_a_member"])
    assert client.get(reverse("orgs:department-list")).status_code == 403
    assert client.get(reverse("orgs:department-detail", args=[department.pk])).status_code == 404


def test_api_create_and_add_handler(cast, client):
    client.force_login(cast.users["office_admin"])
    response = client.post(
        "/api/v1/orgs/departments",
        {"school_id": cast.school.pk, "name": "Registry", "code": "REG"},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    added = client.post(
        f"/api/v1/orgs/departments/{pk}/handlers",
        {"user_id": cast.users["branch_b_member"].pk},
        content_type="application/json",
    )
    assert added.status_code == 201
    listing = client.get("/api/v1/orgs/departments").json()
    assert listing["items"][0]["handlers"][0]["user_name"] == "Member B"
    duplicate = client.post(
        "/api/v1/orgs/departments",
        {"school_id": cast.school.pk, "name": "Registry"},
        content_type="application/json",
    )
    assert (duplicate.status_code, duplicate.json()["code"]) == (400, "duplicate_department")


def test_api_member_is_refused(cast, client):
    client.force_login(cast.users["branch_a_member"])
    response = client.post(
        "/api/v1/orgs/departments",
        {"school_id": cast.school.pk, "name": "Registry"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert SchoolDepartment.objects.count() == 0


def test_department_list_api_runs_fixed_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.users["office_admin"])
    add_department_handler(cast)
    client.get("/api/v1/orgs/departments")
    with django_assert_num_queries(4):
        client.get("/api/v1/orgs/departments")
    add_department_handler(
        cast, "second", department_name="Logistics", code="LOG", staff_number="B2002"
    )
    add_department_handler(
        cast, "third", department_name="Library", code="LIB", staff_number="B2003"
    )
    with django_assert_num_queries(4):
        assert client.get("/api/v1/orgs/departments").json()["count"] == 3


def test_an_account_of_another_school_reads_like_an_unknown_login(cast):
    from tongxin.accounts.models import User
    from tongxin.members import services as members
    from tongxin.orgs import services as orgs

    # given a staff member with an account in another school
    other_school = orgs.node_create(
        actor=cast.actor("system"),
        parent=None,
        kind=OrgNodeKind.SCHOOL_UNION,
        name="Other school",
        code="O",
    )
    person = members.person_create(
        actor=cast.actor("system"),
        node=other_school,
        staff_number="O1",
        name="Other",
        gender="male",
    )
    User.objects.create_user("other-1", "Tongxin-test-2021", person=person)
    department = services.department_create(
        actor=cast.actor("office_admin"), school=cast.school, name="X"
    )
    answers = []
    for username in ("nobody", "other-1", "outsider"):
        with pytest.raises(ValidationFailed) as info:
            services.department_handler_add(
                actor=cast.actor("office_admin"), department=department, username=username
            )
        answers.append((info.value.code, info.value.message, info.value.field))
    # then the three refusals are one and the same, and nothing was written
    assert len(set(answers)) == 1
    assert DepartmentHandler.objects.count() == 0
