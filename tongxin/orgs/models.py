"""The org tree (materialised path) and role assignments."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel

from .choices import OrgNodeKind, Role

SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{SEGMENT_WIDTH}d}"


def subtree_upper_bound(path: str) -> str:
    """The smallest path greater than every path in the subtree rooted at ``path``.

    Paths are fixed-width digit segments, so incrementing the last segment bounds the
    subtree: ``path <= p < upper`` is an index range scan on SQLite and PostgreSQL alike.
    """
    head, last = path[:-SEGMENT_WIDTH], int(path[-SEGMENT_WIDTH:])
    return head + path_segment(last + 1)


def subtree_q(path: str, lookup: str = "path") -> Q:
    """A filter matching rows whose ``lookup`` path lies in the subtree of ``path``."""
    return Q(**{f"{lookup}__gte": path, f"{lookup}__lt": subtree_upper_bound(path)})


class OrgNode(BaseModel):
    """One union node: parent union, school union, branch or group."""

    SCOPE_NODE_FIELD = ""

    kind = models.CharField(_("kind"), max_length=20, choices=OrgNodeKind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    school = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school union"),
        help_text=_("The school union this node belongs to (itself for a school union)."),
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("org node")
        verbose_name_plural = _("org nodes")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(is_archived=False),
                name="orgnode_unique_live_name_per_parent",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrgNodeKind.values), name="orgnode_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    def is_ancestor_of(self, other: "OrgNode") -> bool:
        return other.path.startswith(self.path)


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: dt.date | None = None) -> "RoleAssignmentQuerySet":
        today = on or timezone.localdate()
        return self.filter(starts_on__lte=today, revoked_at__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class RoleAssignment(BaseModel):
    """A user holds ``role`` on ``node`` (and so on its subtree) between two dates.

    ``ends_on`` is the last day of a term; a revocation takes effect at once (``revoked_at``).
    """

    SCOPE_NODE_FIELD = "node"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("node")
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "node"],
                condition=Q(ends_on__isnull=True),
                name="roleassignment_one_open_per_user_role_node",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="roleassignment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.node_id}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class SchoolDepartment(BaseModel):
    """An administrative office of a school (academic affairs, personnel, logistics …).

    Not a union node: departments are the school's side. They answer the staff requests the
    union passes on and, in the congress cycle, handle proposals. Each belongs to one school
    union (for scoping); its handlers are the users who answer for it.
    """

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("school union"),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("school department")
        verbose_name_plural = _("school departments")
        ordering = ["school", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="schooldepartment_unique_name_per_school"
            ),
            models.UniqueConstraint(
                fields=["school", "code"],
                condition=~Q(code=""),
                name="schooldepartment_unique_code_per_school",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class DepartmentHandler(BaseModel):
    """A user who answers for a department, from ``created_at`` until ``removed_at``.

    While a user handles at least one department of a school they hold the
    handling-department role on that school; the role gives the permission, the handler rows
    say which department's items it applies to.
    """

    SCOPE_NODE_FIELD = "department__school"

    department = models.ForeignKey(
        SchoolDepartment,
        on_delete=models.PROTECT,
        related_name="handlers",
        verbose_name=_("department"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="department_handlings",
        verbose_name=_("user"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        verbose_name = _("department handler")
        verbose_name_plural = _("department handlers")
        ordering = ["department", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "user"],
                condition=Q(removed_at__isnull=True),
                name="departmenthandler_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.department_id}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def scope_path(self) -> str:
        return self.department.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
