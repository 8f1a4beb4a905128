"""The staff congress: a term (jie) of a school, its delegations (daibiaotuan) and representatives.

A representative belongs to one delegation of one term. ``kind`` says whether they vote:
only formal representatives do; invited representatives (e.g. retirees with retained
membership) and observers attend without a vote. A representative stops on ``ended_on``
(recall, replacement, leaving the school, end of term); the row stays for the history.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from .choices import (
    AgendaKind,
    CheckInMethod,
    CommitteeKind,
    CommitteeRole,
    ElectionKind,
    ElectionStatus,
    EndReason,
    MajorityBase,
    PollKind,
    PollMethod,
    PollStatus,
    QuorumBase,
    RepresentativeKind,
    RepresentativeSource,
    SessionStatus,
    TermStatus,
    TermYears,
    VoteChannel,
)


class CongressTerm(BaseModel):
    """One term (jie) of a school's staff congress, 3 or 5 years long, and its counting rules."""

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    years = models.PositiveSmallIntegerField(
        _("length in years"), choices=TermYears.choices, default=TermYears.FIVE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TermStatus.choices, default=TermStatus.PREPARING
    )
    # Counting rules (configurable per term; the defaults are the national ones).
    quorum_base = models.CharField(
        _("quorum counted on"),
        max_length=10,
        choices=QuorumBase.choices,
        default=QuorumBase.SEATED,
    )
    majority_base = models.CharField(
        _("majority counted on"),
        max_length=10,
        choices=MajorityBase.choices,
        default=MajorityBase.SEATED,
    )
    teacher_floor_pct = models.PositiveSmallIntegerField(_("teachers at least (%)"), default=60)
    leader_ceiling_pct = models.PositiveSmallIntegerField(_("leaders at most (%)"), default=25)
    women_floor_pct = models.PositiveSmallIntegerField(_("women at least (%)"), default=0)
    young_floor_pct = models.PositiveSmallIntegerField(_("young staff at least (%)"), default=0)
    young_max_age = models.PositiveSmallIntegerField(_("young means at most (age)"), default=40)
    roll_confirmed_at = models.DateTimeField(_("roll confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("congress term")
        verbose_name_plural = _("congress terms")
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="congress_term_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="congress_term_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(years__in=TermYears.values), name="congress_term_years_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TermStatus.values), name="congress_term_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(teacher_floor_pct__lte=100)
                & Q(leader_ceiling_pct__lte=100)
                & Q(women_floor_pct__lte=100)
                & Q(young_floor_pct__lte=100),
                name="congress_term_pcts_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id}#{self.number}"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Delegation(BaseModel):
    """A delegation (daibiaotuan) of a term: the representatives elected by one branch or unit."""

    SCOPE_NODE_FIELD = "node"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="delegations")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch or unit")
    )
    name = models.CharField(_("name"), max_length=100)
    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of delegation"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["term", "sort_order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="congress_delegation_name"),
            models.UniqueConstraint(fields=["term", "node"], name="congress_delegation_node"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.head_id}) if self.head_id else frozenset()


class Representative(BaseModel):
    """A person's seat in a term: from ``elected_on`` until ``ended_on`` (open: still seated)."""

    SCOPE_NODE_FIELD = "delegation__node"
    SCOPE_OWNER_FIELD = "person_id"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="representatives")
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="representatives"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=RepresentativeKind.choices,
        default=RepresentativeKind.FORMAL,
    )
    source = models.CharField(
        _("how seated"),
        max_length=12,
        choices=RepresentativeSource.choices,
        default=RepresentativeSource.ELECTION,
    )
    elected_on = models.DateField(_("elected on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=10, choices=EndReason.choices, blank=True
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["term", "delegation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "person"],
                condition=Q(ended_on__isnull=True),
                name="congress_rep_once_current",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RepresentativeKind.values), name="congress_rep_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (
                    Q(ended_on__isnull=False)
                    & Q(ended_on__gte=F("elected_on"))
                    & Q(end_reason__in=EndReason.values)
                ),
                name="congress_rep_end_consistent",
            ),
        ]
        indexes = [models.Index(fields=["term", "kind", "ended_on"], name="congress_rep_seat_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.term_id}"

    @property
    def has_vote(self) -> bool:
        return self.kind == RepresentativeKind.FORMAL and self.ended_on is None

    @property
    def scope_path(self) -> str:
        return self.delegation.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})


class Committee(BaseModel):
    """The presidium (zhuxituan) or a special committee of a term."""

    SCOPE_NODE_FIELD = "term__school"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="committees")
    kind = models.CharField(_("kind"), max_length=12, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["term", "kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="congress_committee_name"),
            models.CheckConstraint(
                condition=Q(kind__in=CommitteeKind.values), name="congress_committee_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class CommitteeMember(BaseModel):
    """A person on a committee from ``starts_on`` until ``ends_on`` (open: still on it)."""

    SCOPE_NODE_FIELD = "committee__term__school"
    SCOPE_OWNER_FIELD = "person_id"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        pgettext_lazy("committee", "role"),
        max_length=12,
        choices=CommitteeRole.choices,
        default=CommitteeRole.MEMBER,
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=Q(ends_on__isnull=True),
                name="congress_committee_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.committee_id}"

    @property
    def scope_path(self) -> str:
        return self.committee.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})


class CongressSession(BaseModel):
    """A session (di N ci huiyi) of a term. It opens only with a quorum present."""

    SCOPE_NODE_FIELD = "term__school"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    check_in_code = models.CharField(_("check-in code"), max_length=12)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        pgettext_lazy("congress session", "closed at"), null=True, blank=True
    )
    present_at_opening = models.PositiveIntegerField(_("present at opening"), default=0)
    base_at_opening = models.PositiveIntegerField(_("quorum base at opening"), default=0)

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="congress_session_number"),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="congress_session_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class AgendaItem(BaseModel):
    """One item of a session's agenda, with an optional document."""

    SCOPE_NODE_FIELD = "session__term__school"

    session = models.ForeignKey(
        CongressSession, on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    document = models.FileField(
        pgettext_lazy("congress", "document"),
        upload_to="congress/documents/%Y/",
        blank=True,
        max_length=255,
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="congress_agenda_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.session.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Attendance(models.Model):
    """A representative (of any kind) checked in at a session."""

    SCOPE_NODE_FIELD = "session__term__school"
    SCOPE_OWNER_FIELD = "representative__person_id"

    session = models.ForeignKey(
        CongressSession, on_delete=models.PROTECT, related_name="attendances"
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="attendances"
    )
    method = models.CharField(
        pgettext_lazy("check-in", "how"), max_length=8, choices=CheckInMethod.choices
    )
    checked_in_at = models.DateTimeField(_("checked in at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "representative"], name="congress_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative_id} @ {self.session_id}"


class Election(BaseModel):
    """An election held at a session: seats of one kind, its candidates and its rounds."""

    SCOPE_NODE_FIELD = "session__term__school"

    session = models.ForeignKey(CongressSession, on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ElectionKind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    status = models.CharField(
        _("status"), max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT
    )
    # [{"candidate": id or null, "name": str, "votes": int, "round": n}] in the order elected.
    winners = models.JSONField(_("elected"), default=list, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="congress_election_seats_gte_1"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.session.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Candidate(BaseModel):
    """A candidate of an election; listed by the stroke order of the surname (``stroke_key``)."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    stroke_key = models.CharField(_("stroke order key"), max_length=200, db_index=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = pgettext_lazy("election", "candidates")
        ordering = ["election", "stroke_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="congress_candidate_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Poll(BaseModel):
    """One vote: a motion, or one round of an election.

    Who voted lives in ``VoterMark``, what was voted in ``Ballot``; nothing joins the two.
    ``*_count`` are the bases frozen when the poll opened.
    """

    SCOPE_NODE_FIELD = "session__term__school"

    session = models.ForeignKey(CongressSession, on_delete=models.PROTECT, related_name="polls")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="polls"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(
        _("voting method"), max_length=8, choices=PollMethod.choices, default=PollMethod.BALLOT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    majority_base = models.CharField(
        _("majority counted on"), max_length=10, choices=MajorityBase.choices
    )
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="rounds"
    )
    round_number = models.PositiveSmallIntegerField(_("round"), default=0)
    seats = models.PositiveSmallIntegerField(_("seats"), default=0)
    candidate_ids = models.JSONField(
        pgettext_lazy("election", "candidates"), default=list, blank=True
    )
    seated_count = models.PositiveIntegerField(_("seated representatives"), default=0)
    entitled_count = models.PositiveIntegerField(_("entitled to vote"), default=0)
    present_count = models.PositiveIntegerField(_("present with a vote"), default=0)
    # Show of hands: the totals the tellers counted.
    hands_yes = models.PositiveIntegerField(default=0)
    hands_no = models.PositiveIntegerField(default=0)
    hands_abstain = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("poll", "closed at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    bulletin_head = models.CharField(_("bulletin hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PollStatus.values), name="congress_poll_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=PollKind.MOTION) | Q(election__isnull=False),
                name="congress_poll_round_has_election",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.session.term.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class VoterMark(models.Model):
    """That a representative voted in a poll (on the phone, or was handed a paper ballot).

    Deliberately without a timestamp or any reference to a ballot: together with ``Ballot``
    having no voter, no time and a random id, no stored row joins a voter to a vote.
    """

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="voter_marks")
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        pgettext_lazy("vote", "channel"), max_length=8, choices=VoteChannel.choices
    )

    class Meta:
        verbose_name = _("voter mark")
        verbose_name_plural = _("voter marks")
        constraints = [
            models.UniqueConstraint(fields=["poll", "representative"], name="congress_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.representative_id} @ {self.poll_id}"


class Ballot(models.Model):
    """What was voted: the content of one ballot and its receipt code, nothing about the voter.

    The id is random, there is no timestamp, and when the poll closes its ballots are written
    again in receipt-code order (``seq``) with the hash chain of the bulletin (``chain``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("receipt code"), max_length=16)
    content = models.JSONField(_("content"))
    digest = models.CharField(_("ballot hash"), max_length=64)
    seq = models.PositiveIntegerField(_("position in the bulletin"), null=True, blank=True)
    chain = models.CharField(_("chain hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["poll", "receipt"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="congress_ballot_receipt"),
        ]

    def __str__(self) -> str:
        return self.receipt
