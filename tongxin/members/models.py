"""People (staff, members or not), their families, membership history, officers and dues."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.crypto import EncryptedTextField
from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode, RoleAssignment
from tongxin.orgs.scoping import PersonScoped

from .choices import (
    EmploymentStatus,
    Gender,
    MembershipEventKind,
    MembershipStatus,
    OfficerPosition,
    PeriodStatus,
    Relation,
    RosterImportStatus,
    SchoolStage,
    StaffCategory,
)


class Person(BaseModel):
    """A staff person of one school, whether or not they are a member or have an account.

    ``node`` is the branch (or group) the person belongs to today; ``membership_status`` and
    ``joined_on`` are kept in step with the membership history by the membership services.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "pk"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="people", verbose_name=_("branch")
    )
    staff_number = models.CharField(_("staff number"), max_length=32)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(_("initials"), max_length=50, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_on = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("mobile"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=24, blank=True, editable=False)
    department = models.CharField(_("department"), max_length=100, blank=True)
    employment_status = models.CharField(
        _("employment"),
        max_length=16,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
    )
    hire_on = models.DateField(_("hired on"), null=True, blank=True)
    # What the staff congress's composition report counts: teachers and leaders (middle-level
    # cadres and above) among the representatives.
    staff_category = models.CharField(
        _("staff category"), max_length=16, choices=StaffCategory.choices, blank=True
    )
    is_leader = models.BooleanField(_("leader (middle-level cadre or above)"), default=False)
    wage_base_fen = models.BigIntegerField(_("wage base for dues (fen)"), default=0)
    membership_status = models.CharField(
        _("membership"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NONE,
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["staff_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "staff_number"], name="person_unique_staff_number_per_school"
            ),
            models.UniqueConstraint(
                fields=["school", "id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="person_unique_id_number_per_school",
            ),
            models.CheckConstraint(
                condition=Q(wage_base_fen__gte=0), name="person_wage_base_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="person_gender_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "name"], name="person_school_name_idx"),
            models.Index(fields=["node", "membership_status"], name="person_node_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff_number})"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.pk})

    @property
    def is_voting_member(self) -> bool:
        """Retained (retired) members keep membership but have no vote (union election rules, art. 4)."""
        return self.membership_status == MembershipStatus.MEMBER


class FamilyMember(BaseModel):
    """A relative of a staff person: spouse, child or parent. Kept to the minimum (PIPL)."""

    SCOPE_NODE_FIELD = "person__node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="family_members", verbose_name=_("staff")
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_on = models.DateField(_("birth date"), null=True, blank=True)
    school_stage = models.CharField(
        _("school stage"), max_length=16, choices=SchoolStage.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["person", "relation", "birth_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation="child") | Q(school_stage=""),
                name="familymember_school_stage_only_for_children",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"

    @property
    def scope_path(self) -> str:
        return self.person.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})


class MembershipEvent(BaseModel):
    """One event in a person's union life: applied, joined, transferred, retired, left, died."""

    SCOPE_NODE_FIELD = "person__node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="membership_events")
    kind = models.CharField(_("event"), max_length=16, choices=MembershipEventKind.choices)
    occurred_on = models.DateField(_("date"))
    from_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["person", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.occurred_on}"


class MembershipPeriod(models.Model):
    """A span during which a person belonged to the union in one node.

    ``ended_on`` is exclusive: on that day the person is already elsewhere (or out). "Which
    branch was this person in on date D" is one indexed query over these rows.
    """

    SCOPE_NODE_FIELD = "person__node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="membership_periods")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=PeriodStatus.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["person", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="membershipperiod_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membershipperiod_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["node", "started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.node_id} {self.started_on}–{self.ended_on or ''}"


class MembershipApplication(PersonScoped, BaseModel):
    """A request to join the union, decided through the ``membership.join`` approval flow."""

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField(_("applied on"))
    statement = models.TextField(_("statement"), blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} → {self.node}"


class Officer(PersonScoped, BaseModel):
    """A person's term in an office of a node (chair, liaison, finance officer …).

    When the person has an account, the matching role is granted for the term and ended with it.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="officers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="offices")
    position = models.CharField(_("position"), max_length=32, choices=OfficerPosition.choices)
    started_on = models.DateField(_("term starts"))
    ended_on = models.DateField(_("term ends"), null=True, blank=True)
    role_assignment = models.OneToOneField(
        RoleAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="officer"
    )

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["node", "position", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "person", "position"],
                condition=Q(ended_on__isnull=True),
                name="officer_one_open_term_per_position",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="officer_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.person_id} @ {self.node_id}"


class DuesRecord(models.Model):
    """The dues one member owes for one month, with the rule that computed it.

    Rule (ACFTU): 0.5% of the monthly wage base, the part of the base under 10 yuan not
    counted. ``rate_basis_points`` and ``rounding_rule`` are stored on every row so that a
    later change of policy never rewrites history.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dues_records")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    wage_base_fen = models.BigIntegerField(_("wage base (fen)"))
    counted_base_fen = models.BigIntegerField(_("counted base (fen)"))
    rate_basis_points = models.PositiveIntegerField(_("rate (basis points)"))
    rounding_rule = models.CharField(_("rounding rule"), max_length=32)
    amount_fen = models.BigIntegerField(_("dues (fen)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dues record")
        verbose_name_plural = _("dues records")
        ordering = ["-month", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="dues_one_per_person_month"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="dues_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.amount_fen}"


class RosterImport(BaseModel):
    """One uploaded roster file: its preview (the planned outcome of every row) and, once
    applied, the result. The preview and the apply read the same stored file.

    The file holds ID numbers in clear, so it is stored encrypted and erased once the import
    is applied, fails or expires (PIPL art. 47: delete once the purpose is served).
    """

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    file_content = EncryptedTextField(_("file (encrypted)"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_by_label = models.CharField(_("uploaded by"), max_length=120)
    effective_on = models.DateField(_("date of transfers and status changes"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RosterImportStatus.choices,
        default=RosterImportStatus.PLANNED,
    )
    skip_invalid = models.BooleanField(_("rows with errors skipped"), default=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RosterImportStatus.values),
                name="rosterimport_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="applied", applied_at__isnull=False) | ~Q(status="applied"),
                name="rosterimport_applied_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
