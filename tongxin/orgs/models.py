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
