"""The rules of submission calls, each through its service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tongxin.core.errors import DomainError, Forbidden, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry
from tongxin.participation.models import Participation
from tongxin.submissions import services
from tongxin.submissions.choices import CallStatus, Eligibility, WorkKind, WorkStatus
from tongxin.submissions.models import Award, Score, Work
from tongxin.submissions.scoring import final_score, judge_score, rank
from tongxin.submissions.services.files import sniff
from tongxin.testing.api import table_counts
from tongxin.testing.personas import SYSTEM
from tongxin.testing.submissions import JPEG, M4A, MP3, PDF, PNG, TEXT, WAV, WEBP, make_call, upload

from .conftest import stored_files


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (PNG, WorkKind.IMAGE, "image/png"),
        (JPEG, WorkKind.IMAGE, "image/jpeg"),
        (WEBP, WorkKind.IMAGE, "image/webp"),
        (MP3, WorkKind.AUDIO, "audio/mpeg"),
        (M4A, WorkKind.AUDIO, "audio/mp4"),
        (WAV, WorkKind.AUDIO, "audio/wav"),
        (PDF, WorkKind.PDF, "application/pdf"),
    ],
)
def test_sniffing_reads_the_magic_bytes(content: bytes, kind: str, content_type: str) -> None:
    sniffed = sniff(content[:16])
    assert sniffed is not None
    assert (sniffed.kind, sniffed.content_type) == (kind, content_type)


def test_sniffing_refuses_text_and_executables() -> None:
    assert sniff(TEXT[:16]) is None
    assert sniff(b"MZ\x90\x00" + b"\x00" * 12) is None
    assert sniff(b"") is None


def test_submit_stores_the_file_under_a_random_name(cast, call, children, media_root) -> None:
    work = services.work_submit(
        actor=cast.actor("branch_a_member"),
        call=call,
        submitter=cast.people["branch_a_member"],
        child=children["a"],
        title="My family",
        upload=upload(PNG, "../../etc/passwd.png"),
    )
    assert work.kind == WorkKind.IMAGE
    assert work.content_type == "image/png"
    assert work.author_key == f"c{children['a'].pk}"
    assert work.author_name == "Child A"
    assert work.node == cast.people["branch_a_member"].node
    assert "passwd" not in work.file.name
    assert work.file.name.startswith(f"submissions/{call.pk}/")
    assert stored_files(media_root) == [media_root / work.file.name]
    assert AuditEvent.objects.filter(event="submission_work.submitted").count() == 1


def _refused(cast, call, children, media_root, error_type, code, **kwargs):  # type: ignore[no-untyped-def]
    before, files_before = table_counts(), stored_files(media_root)
    params = {
        "actor": cast.actor("branch_a_member"),
        "call": call,
        "submitter": cast.people["branch_a_member"],
        "child": children["a"],
        "title": "My family",
        "upload": upload(PNG),
    }
    params.update(kwargs)
    with pytest.raises(error_type) as info:
        services.work_submit(**params)
    assert info.value.code == code
    assert table_counts() == before
    assert stored_files(media_root) == files_before
    return info.value


def test_a_jpg_that_is_really_text_is_refused(cast, call, children, media_root) -> None:
    error = _refused(
        cast,
        call,
        children,
        media_root,
        ValidationFailed,
        "file_type_not_allowed",
        upload=upload(TEXT, "drawing.jpg"),
    )
    assert error.field == "file"


def test_a_kind_the_call_does_not_take_is_refused(cast, children, media_root) -> None:
    call = make_call(cast, kinds=[WorkKind.IMAGE])
    _refused(
        cast,
        call,
        children,
        media_root,
        ValidationFailed,
        "file_type_not_allowed",
        upload=upload(MP3, "song.mp3"),
    )


def test_oversize_is_refused_by_the_kind_limit(cast, call, children, media_root, settings) -> None:
    settings.SUBMISSIONS_MAX_BYTES = {WorkKind.IMAGE: 50}
    _refused(
        cast,
        call,
        children,
        media_root,
        ValidationFailed,
        "file_too_large",
        upload=upload(PNG + b"\x00" * 10),
    )


def test_exactly_at_the_limit_is_taken(cast, call, children, settings) -> None:
    settings.SUBMISSIONS_MAX_BYTES = {WorkKind.IMAGE: len(PNG)}
    work = services.work_submit(
        actor=cast.actor("branch_a_member"),
        call=call,
        submitter=cast.people["branch_a_member"],
        child=children["a"],
        title="Exactly",
        upload=upload(PNG),
    )
    assert work.size_bytes == len(PNG)


def test_empty_file_is_refused(cast, call, children, media_root) -> None:
    _refused(cast, call, children, media_root, ValidationFailed, "file_empty", upload=upload(b""))


def test_closed_call_is_refused(cast, children, media_root) -> None:
    today = timezone.localdate()
    call = make_call(
        cast, opens_on=today - dt.timedelta(days=20), closes_on=today - dt.timedelta(days=1)
    )
    _refused(cast, call, children, media_root, DomainError, "call_not_open")


def test_draft_call_is_refused(cast, children, media_root) -> None:
    call = make_call(cast, open_call=False)
    _refused(cast, call, children, media_root, DomainError, "call_not_open")


def test_call_in_judging_is_refused(cast, call, children, media_root) -> None:
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["office_admin"])
    call = services.call_start_judging(actor=SYSTEM, call=call)
    _refused(cast, call, children, media_root, DomainError, "call_not_open")


def test_a_child_not_the_submitters_is_refused(cast, call, children, media_root) -> None:
    _refused(
        cast, call, children, media_root, ValidationFailed, "child_not_yours", child=children["b"]
    )


def test_a_child_outside_the_age_band_is_refused(cast, call, children, media_root) -> None:
    _refused(
        cast,
        call,
        children,
        media_root,
        ValidationFailed,
        "child_age_out_of_band",
        child=children["a_toddler"],
    )


def test_a_childrens_call_needs_a_child(cast, call, children, media_root) -> None:
    _refused(cast, call, children, media_root, ValidationFailed, "child_required", child=None)


def test_a_staff_call_takes_no_child(cast, children, media_root) -> None:
    call = make_call(cast, eligibility=Eligibility.STAFF)
    _refused(cast, call, children, media_root, ValidationFailed, "child_not_allowed")
    work = services.work_submit(
        actor=cast.actor("branch_a_member"),
        call=call,
        submitter=cast.people["branch_a_member"],
        title="My song",
        upload=upload(MP3, "song.mp3"),
    )
    assert work.author_key == f"p{cast.people['branch_a_member'].pk}"


def test_too_many_works_per_author(cast, call, submit, children, media_root) -> None:
    submit(title="One")
    submit(title="Two")
    _refused(cast, call, children, media_root, DomainError, "too_many_works")


def test_a_withdrawn_work_frees_its_place(cast, call, submit) -> None:
    first = submit(title="One")
    submit(title="Two")
    services.work_withdraw(actor=cast.actor("branch_a_member"), work=first)
    assert submit(title="Three").status == WorkStatus.SUBMITTED


def test_a_member_cannot_submit_for_someone_else(cast, call, children, media_root) -> None:
    _refused(
        cast,
        call,
        children,
        media_root,
        DomainError,
        "not_found",
        submitter=cast.people["branch_b_member"],
        child=children["b"],
    )


def test_empty_title_is_refused(cast, call, children, media_root) -> None:
    error = _refused(cast, call, children, media_root, ValidationFailed, "invalid", title="  ")
    assert error.field == "title"


def test_a_failing_write_leaves_no_file(cast, call, children, media_root, monkeypatch) -> None:
    """If the row cannot be written after the file was stored, the file is removed."""
    from tongxin.submissions.services import works

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit down")

    monkeypatch.setattr(works.audit, "record", broken)
    before = table_counts()
    with pytest.raises(RuntimeError):
        services.work_submit(
            actor=cast.actor("branch_a_member"),
            call=call,
            submitter=cast.people["branch_a_member"],
            child=children["a"],
            title="My family",
            upload=upload(PNG),
        )
    assert table_counts() == before
    assert stored_files(media_root) == []


def test_accepting_records_a_participation_for_the_submitter(cast, submit) -> None:
    work = submit()
    services.work_accept(actor=cast.actor("office_admin"), work=work)
    rows = Participation.objects.filter(kind="submission")
    assert [(r.person_id, r.occasion_id) for r in rows] == [
        (cast.people["branch_a_member"].pk, str(work.pk))
    ]


def test_rejecting_needs_a_note_and_changes_nothing_without(cast, submit) -> None:
    work = submit()
    before = table_counts()
    with pytest.raises(ValidationFailed):
        services.work_reject(actor=cast.actor("office_admin"), work=work, note="")
    assert table_counts() == before
    work = services.work_reject(actor=cast.actor("office_admin"), work=work, note="Not a painting")
    assert work.status == WorkStatus.REJECTED
    assert not Participation.objects.filter(kind="submission").exists()
    with pytest.raises(InvalidTransition):
        services.work_accept(actor=cast.actor("office_admin"), work=work)


# Judging ---------------------------------------------------------------------------------


def test_weighted_scoring_arithmetic() -> None:
    weights = {1: 60, 2: 40}
    assert judge_score({1: 90, 2: 70}, weights) == Decimal(82)
    assert judge_score({1: 90}, weights) is None
    assert final_score([Decimal(82), Decimal(71), None]) == Decimal("76.50")
    assert final_score([None]) is None
    rows = rank(
        [10, 11, 12, 13],
        [
            (10, 1, 1, 80),
            (10, 1, 2, 80),
            (11, 1, 1, 90),
            (11, 1, 2, 70),  # 82
            (12, 1, 1, 100),
            (12, 1, 2, 40),  # 76
            (13, 1, 1, 50),  # incomplete: unranked
        ],
        weights,
    )
    assert [(r.work_id, r.score, r.rank) for r in rows] == [
        (11, Decimal("82.00"), 1),
        (10, Decimal("80.00"), 2),
        (12, Decimal("76.00"), 3),
        (13, None, None),
    ]


def test_equal_scores_share_a_rank() -> None:
    rows = rank([1, 2, 3], [(1, 9, 5, 70), (2, 9, 5, 70), (3, 9, 5, 60)], {5: 1})
    assert [r.rank for r in rows] == [1, 1, 3]


def _criteria(call):  # type: ignore[no-untyped-def]
    return list(call.criteria.order_by("position"))


def test_judges_score_and_the_ranking_is_the_weighted_mean(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    creativity, skill = _criteria(call)
    services.score_set(
        actor=cast.actor("office_admin"), work=works["a"], values={creativity.pk: 90, skill.pk: 70}
    )
    services.score_set(
        actor=cast.actor("branch_a_chair"),
        work=works["a"],
        values={creativity.pk: 80, skill.pk: 60},
    )
    services.score_set(
        actor=cast.actor("office_admin"), work=works["b"], values={creativity.pk: 95, skill.pk: 90}
    )
    from tongxin.submissions import queries

    rows = queries.call_ranking(actor=cast.actor("office_admin"), call=call)
    by_work = {row.work.pk: row for row in rows}
    # a: judge 1 = 82, judge 2 = 72 → 77; b: 93 (one judge)
    assert by_work[works["a"].pk].score == Decimal("77.00")
    assert by_work[works["a"].pk].judges == 2
    assert by_work[works["b"].pk].score == Decimal("93.00")
    assert [row.work.pk for row in rows][:2] == [works["b"].pk, works["a"].pk]


def test_rescoring_replaces_the_judges_score(cast, judging) -> None:
    call, work = judging["call"], judging["works"]["a"]
    creativity, skill = _criteria(call)
    judge = cast.actor("office_admin")
    services.score_set(actor=judge, work=work, values={creativity.pk: 50, skill.pk: 50})
    services.score_set(actor=judge, work=work, values={creativity.pk: 70})
    assert sorted(Score.objects.filter(work=work).values_list("value", flat=True)) == [50, 70]


def test_a_judge_cannot_score_their_own_childs_work(cast, judging) -> None:
    call, work = judging["call"], judging["works"]["office"]
    creativity, _skill = _criteria(call)
    before = table_counts()
    with pytest.raises(DomainError) as info:
        services.score_set(actor=cast.actor("office_admin"), work=work, values={creativity.pk: 90})
    assert info.value.code == "judge_own_work"
    assert table_counts() == before


def test_a_judge_cannot_score_their_own_work(cast, books) -> None:
    call = make_call(cast, eligibility=Eligibility.STAFF)
    work = services.work_submit(
        actor=cast.actor("branch_a_chair"),
        call=call,
        submitter=cast.people["branch_a_chair"],
        title="My poem",
        upload=upload(PDF, "poem.pdf"),
    )
    services.work_accept(actor=SYSTEM, work=work)
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    call = services.call_start_judging(actor=SYSTEM, call=call)
    criterion = call.criteria.first()
    with pytest.raises(DomainError) as info:
        services.score_set(actor=cast.actor("branch_a_chair"), work=work, values={criterion.pk: 1})
    assert info.value.code == "judge_own_work"


@pytest.mark.parametrize("value", [-1, 101, "80", 50.5, True])
def test_scores_out_of_range_are_refused(cast, judging, value) -> None:
    call, work = judging["call"], judging["works"]["a"]
    creativity, _skill = _criteria(call)
    before = table_counts()
    with pytest.raises(ValidationFailed):
        services.score_set(
            actor=cast.actor("office_admin"), work=work, values={creativity.pk: value}
        )
    assert table_counts() == before


def test_a_criterion_of_another_call_is_refused(cast, judging) -> None:
    other = make_call(cast)
    with pytest.raises(ValidationFailed):
        services.score_set(
            actor=cast.actor("office_admin"),
            work=judging["works"]["a"],
            values={other.criteria.first().pk: 50},
        )


def test_a_person_not_appointed_cannot_score(cast, judging) -> None:
    call, work = judging["call"], judging["works"]["a"]
    creativity, _skill = _criteria(call)
    with pytest.raises(Forbidden):
        services.score_set(
            actor=cast.actor("branch_a_liaison"), work=work, values={creativity.pk: 50}
        )


def test_scoring_needs_the_call_in_judging(cast, call, submit) -> None:
    work = submit()
    services.work_accept(actor=SYSTEM, work=work)
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["office_admin"])
    with pytest.raises(InvalidTransition):
        services.score_set(
            actor=cast.actor("office_admin"), work=work, values={call.criteria.first().pk: 50}
        )


def test_judging_needs_a_judge(cast, call) -> None:
    with pytest.raises(DomainError) as info:
        services.call_start_judging(actor=SYSTEM, call=call)
    assert info.value.code == "no_judges"


# Prizes ------------------------------------------------------------------------------------


def test_two_thirds_rule_boundary(cast, judging) -> None:
    """4 participants: at most ⌊8/3⌋ = 2 prize winners."""
    call, works = judging["call"], judging["works"]
    assert services.participant_count(call) == 4
    level = services.prize_level_add(
        actor=SYSTEM, call=call, name="First prize", count=3, amount_fen=20000
    )
    services.award_grant(actor=SYSTEM, work=works["a"], level=level)
    services.award_grant(actor=SYSTEM, work=works["b"], level=level)
    before = table_counts()
    with pytest.raises(DomainError) as info:
        services.award_grant(actor=SYSTEM, work=works["a2"], level=level)
    assert info.value.code == "too_many_prizes"
    assert table_counts() == before


def test_three_participants_allow_exactly_two(cast, judging) -> None:
    works = judging["works"]
    other = make_call(cast)
    w1 = services.work_submit(
        actor=SYSTEM,
        call=other,
        submitter=cast.people["branch_a_member"],
        child=works["a"].child,
        title="x",
        upload=upload(PNG),
    )
    w2 = services.work_submit(
        actor=SYSTEM,
        call=other,
        submitter=cast.people["branch_b_member"],
        child=works["b"].child,
        title="y",
        upload=upload(PNG),
    )
    w3 = services.work_submit(
        actor=SYSTEM,
        call=other,
        submitter=cast.people["branch_a_liaison"],
        child=works["a2"].child,
        title="z",
        upload=upload(PNG),
    )
    for work in (w1, w2, w3):
        services.work_accept(actor=SYSTEM, work=work)
    services.judge_appoint(actor=SYSTEM, call=other, person=cast.people["office_admin"])
    other = services.call_start_judging(actor=SYSTEM, call=other)
    level = services.prize_level_add(actor=SYSTEM, call=other, name="Prize", count=3)
    services.award_grant(actor=SYSTEM, work=w1, level=level)
    services.award_grant(actor=SYSTEM, work=w2, level=level)  # 2 = ⌊2/3 × 3⌋: allowed
    with pytest.raises(DomainError) as info:
        services.award_grant(actor=SYSTEM, work=w3, level=level)
    assert info.value.code == "too_many_prizes"


def test_one_prize_per_author_and_per_level_count(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    level = services.prize_level_add(actor=SYSTEM, call=call, name="First prize", count=1)
    services.award_grant(actor=SYSTEM, work=works["a"], level=level)
    with pytest.raises(DomainError) as info:
        services.award_grant(actor=SYSTEM, work=works["b"], level=level)
    assert info.value.code == "prize_level_full"
    second = services.prize_level_add(actor=SYSTEM, call=call, name="Second prize", count=2)
    with pytest.raises(DomainError) as info:
        services.award_grant(actor=SYSTEM, work=works["a"], level=second)
    assert info.value.code == "author_has_prize"


def test_a_prize_above_the_policy_cap_is_refused(cast, judging) -> None:
    before = table_counts()
    with pytest.raises(ValidationFailed) as info:
        services.prize_level_add(
            actor=SYSTEM, call=judging["call"], name="Big", count=1, amount_fen=80001
        )
    assert info.value.code == "prize_over_cap"
    assert table_counts() == before


def test_awards_from_ranking_fill_levels_in_order(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    creativity, skill = _criteria(call)
    judge = cast.actor("office_admin")
    chair = cast.actor("branch_a_chair")
    services.score_set(actor=judge, work=works["a"], values={creativity.pk: 60, skill.pk: 60})
    services.score_set(actor=judge, work=works["b"], values={creativity.pk: 90, skill.pk: 90})
    services.score_set(actor=judge, work=works["a2"], values={creativity.pk: 70, skill.pk: 70})
    services.score_set(actor=chair, work=works["office"], values={creativity.pk: 10, skill.pk: 10})
    first = services.prize_level_add(actor=SYSTEM, call=call, name="First", count=1, amount_fen=500)
    second = services.prize_level_add(actor=SYSTEM, call=call, name="Second", count=1)
    awards = services.awards_from_ranking(actor=SYSTEM, call=call)
    assert [(a.work_id, a.level_id) for a in awards] == [
        (works["b"].pk, first.pk),
        (works["a2"].pk, second.pk),
    ]


def test_awards_from_ranking_is_all_or_nothing_beyond_two_thirds(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    creativity, skill = _criteria(call)
    for key in ("a", "b", "a2"):
        services.score_set(
            actor=cast.actor("office_admin"),
            work=works[key],
            values={creativity.pk: 50, skill.pk: 50},
        )
    services.prize_level_add(actor=SYSTEM, call=call, name="Prize", count=3)
    before = Award.objects.count()
    with pytest.raises(DomainError):
        services.awards_from_ranking(actor=SYSTEM, call=call)
    assert Award.objects.count() == before


def test_publish_pays_prizes_through_the_ledger(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    level = services.prize_level_add(
        actor=SYSTEM, call=call, name="First", count=1, amount_fen=30000
    )
    honour = services.prize_level_add(actor=SYSTEM, call=call, name="Honour", count=1)
    services.award_grant(actor=SYSTEM, work=works["b"], level=level)
    services.award_grant(actor=SYSTEM, work=works["a"], level=honour)
    entries = JournalEntry.objects.count()
    call = services.call_publish(actor=cast.actor("office_admin"), call=call, pay_prizes=True)
    assert call.status == CallStatus.PUBLISHED
    assert JournalEntry.objects.count() == entries + 1
    award = Award.objects.get(work=works["b"])
    assert award.journal_entry_id is not None
    assert Award.objects.get(work=works["a"]).journal_entry_id is None


def test_call_validation(cast) -> None:
    today = timezone.localdate()
    base = {
        "actor": SYSTEM,
        "node": cast.school,
        "title": "Songs",
        "kinds": ["audio"],
        "eligibility": "staff",
        "opens_on": today,
        "closes_on": today,
        "criteria": [("Voice", 1)],
    }
    before = table_counts()
    for change, code in [
        ({"kinds": []}, "kinds_required"),
        ({"kinds": ["video"]}, "kinds_required"),
        ({"closes_on": today - dt.timedelta(days=1)}, "dates_order"),
        ({"criteria": []}, "criteria_required"),
        ({"criteria": [("Voice", 0)]}, "invalid"),
        ({"eligibility": "children"}, "invalid"),
        ({"title": ""}, "invalid"),
    ]:
        with pytest.raises(ValidationFailed) as info:
            services.call_create(**{**base, **change})
        assert info.value.code == code, change
    assert table_counts() == before


def test_work_count_limit_counts_only_the_same_author(cast, call, submit) -> None:
    submit("branch_a_member", "a", title="One")
    submit("branch_a_member", "a", title="Two")
    assert Work.objects.filter(call=call).count() == 2
    submit("branch_b_member", "b", title="Other author")
    assert Work.objects.filter(call=call).count() == 3


def test_a_call_links_only_an_activity_of_its_school(cast) -> None:
    from tongxin.activities.tests.factories import make_activity
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import OrgNodeKind

    other_school = orgs.node_create(
        actor=SYSTEM, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other school", code="O"
    )
    foreign = make_activity(other_school)
    ours = make_activity(cast.school)
    today = timezone.localdate()
    base = {
        "actor": SYSTEM,
        "node": cast.school,
        "title": "Paintings",
        "kinds": ["image"],
        "eligibility": "staff",
        "opens_on": today,
        "closes_on": today,
        "criteria": [("Idea", 1)],
    }
    before = table_counts()
    with pytest.raises(ValidationFailed) as info:
        services.call_create(**base, activity=foreign)
    assert info.value.field == "activity"
    assert table_counts() == before
    call = services.call_create(**base, activity=ours)
    assert call.activity == ours
    with pytest.raises(ValidationFailed):
        services.call_update(actor=SYSTEM, call=call, activity=foreign)
    call = services.call_update(actor=SYSTEM, call=call, activity=None, title="Paintings 2")
    assert (call.activity, call.title) == (None, "Paintings 2")
