"""Response shapes of the approvals API."""

import datetime as dt

from ninja import Field, Schema

from .choices import ApprovalStatus, DecisionOutcome


class ApprovalRequestOut(Schema):
    id: int
    flow_id: int
    node_id: int
    subject_type: str
    subject_id: str
    title: str
    status: ApprovalStatus
    current_position: int
    step_count: int
    requested_for_person_id: int | None
    created_at: dt.datetime
    closed_at: dt.datetime | None


class ApprovalStepOut(Schema):
    position: int
    name: str
    permission: str
    is_current: bool
    can_decide: bool
    blocked_reason: str = Field(
        "", description="Why the caller, whose roles cover the step, may not decide it."
    )


class ApprovalDecisionOut(Schema):
    position: int
    step_name: str
    outcome: DecisionOutcome
    decider_label: str
    decider_role: str
    decider_node_id: int | None
    comment: str
    decided_at: dt.datetime


class ApprovalRequestDetailOut(ApprovalRequestOut):
    """A request with its flow's steps and the decisions taken so far."""

    steps: list[ApprovalStepOut]
    decisions: list[ApprovalDecisionOut]
