"""Pages: the member's upload, the office's console, the judge's scoring, the gallery and the
permission-checked file; query counts constant with one or many rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tongxin.core.errors import DomainError
from tongxin.submissions import services
from tongxin.submissions.choices import CallStatus, WorkStatus
from tongxin.submissions.models import Score, SubmissionCall, Work
from tongxin.testing.api import table_counts
from tongxin.testing.personas import SYSTEM
from tongxin.testing.submissions import PNG, TEXT

from .conftest import stored_files


def _login(client, cast, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        client.force_login(cast.users[persona])
    return client


def test_member_submits_a_work_with_an_upload(cast, client, call, children, media_root) -> None:
    _login(client, cast, "branch_a_member")
    page = client.get(reverse("submissions:work-submit", args=[call.pk]))
    assert page.status_code == 200
    assert "Child A" in page.content.decode()
    assert "Child B" not in page.content.decode()
    response = client.post(
        reverse("submissions:work-submit", args=[call.pk]),
        {
            "child": children["a"].pk,
            "title": "Our garden",
            "description": "Crayons",
            "file": SimpleUploadedFile("garden.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    work = Work.objects.get()
    assert (work.title, work.child_id, work.kind) == ("Our garden", children["a"].pk, "image")
    mine = client.get(reverse("submissions:works-mine"))
    assert "Our garden" in mine.content.decode()


def test_a_text_file_named_jpg_is_refused_on_the_page(
    cast, client, call, children, media_root
) -> None:
    _login(client, cast, "branch_a_member")
    before = table_counts()
    response = client.post(
        reverse("submissions:work-submit", args=[call.pk]),
        {
            "child": children["a"].pk,
            "title": "Not a picture",
            "file": SimpleUploadedFile("cat.jpg", TEXT, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert table_counts() == before
    assert stored_files(media_root) == []


def test_another_staffs_child_is_not_offered(cast, client, call, children) -> None:
    _login(client, cast, "branch_a_member")
    response = client.post(
        reverse("submissions:work-submit", args=[call.pk]),
        {
            "child": children["b"].pk,
            "title": "Sneaky",
            "file": SimpleUploadedFile("x.png", PNG),
        },
    )
    assert response.status_code == 200
    assert "child" in response.context["form"].errors
    assert not Work.objects.exists()


def test_office_screens_appoints_and_judge_scores(cast, client, call, submit, books) -> None:
    work = submit()
    _login(client, cast, "office_admin")
    detail = client.get(reverse("submissions:call-detail", args=[call.pk]))
    assert detail.status_code == 200
    client.post(reverse("submissions:work-screen", args=[work.pk]), {"action": "accept"})
    work.refresh_from_db()
    assert work.status == WorkStatus.ACCEPTED
    client.post(reverse("submissions:judge-add", args=[call.pk]), {"person_query": "A0001"})
    assert call.judges.get().person == cast.people["branch_a_chair"]
    client.post(reverse("submissions:call-move", args=[call.pk, "judging"]))
    call.refresh_from_db()
    assert call.status == CallStatus.JUDGING
    client.post(
        reverse("submissions:prize-add", args=[call.pk]),
        {"name": "First prize", "count": 1, "amount": "100"},
    )
    assert call.prize_levels.get().amount_fen == 10000

    client.logout()
    _login(client, cast, "branch_a_chair")
    judge_page = client.get(reverse("submissions:judge-call", args=[call.pk]))
    assert judge_page.status_code == 200
    criteria = list(call.criteria.order_by("position"))
    client.post(
        reverse("submissions:judge-score", args=[work.pk]),
        {f"criterion_{c.pk}": 80 for c in criteria},
    )
    assert Score.objects.filter(work=work).count() == 2

    client.logout()
    _login(client, cast, "office_admin")
    response = client.post(reverse("submissions:award-ranking", args=[call.pk]), follow=True)
    # 1 participant: ⌊2/3 × 1⌋ = 0 winners allowed, so the ranking award is refused.
    assert not call.awards.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_ranking_award_respects_two_thirds_on_the_page(cast, client, call, submit, books) -> None:
    works = [submit("branch_a_member", "a"), submit("branch_b_member", "b")]
    for work in works:
        services.work_accept(actor=SYSTEM, work=work)
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    call = services.call_start_judging(actor=SYSTEM, call=call)
    level = services.prize_level_add(actor=SYSTEM, call=call, name="First prize", count=2)
    criteria = list(call.criteria.all())
    for work in works:
        services.score_set(
            actor=cast.actor("branch_a_chair"), work=work, values={c.pk: 70 for c in criteria}
        )
    _login(client, cast, "office_admin")
    client.post(reverse("submissions:award-ranking", args=[call.pk]))
    assert level.awards.count() == 0  # 2 participants: only ⌊4/3⌋ = 1 winner allowed
    client.post(reverse("submissions:work-award", args=[works[0].pk]), {"level": level.pk})
    assert level.awards.count() == 1
    client.post(reverse("submissions:call-publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    export = client.get(reverse("submissions:call-export", args=[call.pk]))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert "First prize" in rows[1] or "First prize" in rows[2]
    client.logout()
    _login(client, cast, "branch_b_member")
    gallery = client.get(reverse("submissions:gallery", args=[call.pk])).content.decode()
    assert 'data-testid="prize"' in gallery


def test_first_award_flow_single_participant_is_refused(cast, call, submit, books) -> None:
    work = submit()
    services.work_accept(actor=SYSTEM, work=work)
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    call = services.call_start_judging(actor=SYSTEM, call=call)
    level = services.prize_level_add(actor=SYSTEM, call=call, name="Prize", count=1)
    with pytest.raises(DomainError) as info:
        services.award_grant(actor=SYSTEM, work=work, level=level)
    assert info.value.code == "too_many_prizes"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("branch_a_member", 200),  # the submitter
        ("branch_b_member", 404),  # not yet accepted: not in the gallery
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_file_of_a_waiting_work(cast, client, submit, persona, status) -> None:
    work = submit()
    _login(client, cast, persona)
    response = client.get(reverse("submissions:work-file", args=[work.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    ("persona", "status"),
    [("branch_b_member", 200), ("auditor", 200), ("outsider", 404)],
)
def test_file_of_an_accepted_work_is_open_to_the_audience(
    cast, client, submit, persona, status
) -> None:
    work = submit()
    services.work_accept(actor=SYSTEM, work=work)
    _login(client, cast, persona)
    assert client.get(reverse("submissions:work-file", args=[work.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("finance_officer", 403),
        ("auditor", 403),
        ("branch_a_chair", 403),
        ("branch_a_liaison", 403),
        ("branch_a_member", 403),
        ("branch_b_member", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_office_list_and_create_by_persona(cast, client, call, persona, status) -> None:
    _login(client, cast, persona)
    create = client.get(reverse("submissions:call-create"))
    assert create.status_code == status
    detail = client.get(reverse("submissions:call-detail", args=[call.pk]))
    assert detail.status_code == {200: 200, 403: 404, 302: 302}[status]


def test_branch_officers_see_the_list(cast, client, call) -> None:
    _login(client, cast, "branch_a_chair")
    assert client.get(reverse("submissions:call-list")).status_code == 200


def test_office_creates_a_call(cast, client) -> None:
    _login(client, cast, "office_admin")
    response = client.post(
        reverse("submissions:call-create"),
        {
            "title": "Songs for the New Year",
            "description": "Sing!",
            "kinds": ["audio"],
            "eligibility": "staff",
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "max_works_per_author": 1,
            "criteria": "Voice 50\nFeeling 50",
        },
    )
    assert response.status_code == 302
    call = SubmissionCall.objects.get()
    assert [(c.name, c.weight) for c in call.criteria.all()] == [("Voice", 50), ("Feeling", 50)]
    assert call.node == cast.school


@pytest.mark.parametrize(
    "url_name", ["submissions:calls-open", "submissions:works-mine", "submissions:judge-home"]
)
@pytest.mark.parametrize("persona", ["branch_a_member", "office_admin"])
def test_member_pages_open(cast, client, call, persona, url_name) -> None:
    _login(client, cast, persona)
    assert client.get(reverse(url_name)).status_code == 200


def test_member_pages_refuse_an_account_without_a_person(cast, client) -> None:
    _login(client, cast, "outsider")
    assert client.get(reverse("submissions:calls-open")).status_code == 403


def test_draft_call_is_hidden_from_members(cast, client) -> None:
    from tongxin.testing.submissions import make_call

    draft = make_call(cast, open_call=False)
    _login(client, cast, "branch_a_member")
    assert client.get(reverse("submissions:call-page", args=[draft.pk])).status_code == 404
    assert client.get(reverse("submissions:gallery", args=[draft.pk])).status_code == 404


def _many_works(cast, call, children, count):  # type: ignore[no-untyped-def]
    from tongxin.members import services as members

    works = []
    for index in range(count):
        child = members.family_member_add(
            actor=SYSTEM,
            person=cast.people["branch_b_member"],
            relation="child",
            name=f"Kid {index}",
            birth_on=children["b"].birth_on,
        )
        work = services.work_submit(
            actor=SYSTEM,
            call=call,
            submitter=cast.people["branch_b_member"],
            child=child,
            title=f"Work {index}",
            upload=SimpleUploadedFile("x.png", PNG),
        )
        services.work_accept(actor=SYSTEM, work=work)
        works.append(work)
    return works


def _judging_with(cast, call, children, count):  # type: ignore[no-untyped-def]
    works = _many_works(cast, call, children, count)
    if not call.judges.exists():
        services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    return works


def _count(client, url):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url_name", "arg"),
    [
        ("office_admin", "submissions:call-detail", True),
        ("office_admin", "submissions:call-list", False),
        ("branch_b_member", "submissions:gallery", True),
        ("branch_b_member", "submissions:works-mine", False),
        ("branch_a_chair", "submissions:judge-call", True),
    ],
)
def test_query_counts_do_not_grow_with_rows(
    cast, client, call, children, persona, url_name, arg
) -> None:
    _judging_with(cast, call, children, 1)
    _login(client, cast, persona)
    url = reverse(url_name, args=[call.pk] if arg else [])
    client.get(url)  # warm the per-actor caches (grants, menus)
    one = _count(client, url)
    _judging_with(cast, call, children, 6)
    many = _count(client, url)
    assert many == one


def _scored_judging(cast, call, children, count):  # type: ignore[no-untyped-def]
    """Add ``count`` accepted works; move to judging (first time) and score every work."""
    if call.status == CallStatus.OPEN:
        works = _judging_with(cast, call, children, count)
        services.prize_level_add(actor=SYSTEM, call=call, name="First prize", count=1)
        call = services.call_start_judging(actor=SYSTEM, call=call)
    else:
        works = []
    criteria = list(call.criteria.all())
    for work in Work.objects.filter(call=call, status=WorkStatus.ACCEPTED):
        services.score_set(
            actor=cast.actor("branch_a_chair"),
            work=work,
            values={c.pk: 50 + work.pk % 40 for c in criteria},
        )
    return call, works


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("office_admin", "submissions:call-detail"),
        ("branch_a_chair", "submissions:judge-call"),
        ("branch_b_member", "submissions:gallery"),
    ],
)
def test_query_counts_in_judging_with_scores(cast, client, children, persona, url_name) -> None:
    from tongxin.testing.submissions import make_call

    call = make_call(cast, max_works=20)
    _scored_judging(cast, call, children, 1)
    call.refresh_from_db()
    _login(client, cast, persona)
    url = reverse(url_name, args=[call.pk])
    client.get(url)
    one = _count(client, url)
    # more works cannot be added in judging: compare with a second call holding many
    other = make_call(cast, max_works=20)
    _scored_judging(cast, other, children, 7)
    other.refresh_from_db()
    url = reverse(url_name, args=[other.pk])
    client.get(url)
    assert _count(client, url) == one


def test_judge_page_marks_own_childs_work(cast, client, judging) -> None:
    _login(client, cast, "office_admin")
    page = client.get(reverse("submissions:judge-call", args=[judging["call"].pk]))
    assert page.content.decode().count('data-testid="conflict"') == 1
    assert page.content.decode().count('data-testid="judge-work"') == 4


def test_not_a_judge_gets_404_on_the_judge_page(cast, client, judging) -> None:
    _login(client, cast, "branch_b_member")
    assert (
        client.get(reverse("submissions:judge-call", args=[judging["call"].pk])).status_code == 404
    )


def test_office_edits_a_draft(cast, client) -> None:
    from tongxin.testing.submissions import make_call

    draft = make_call(cast, open_call=False)
    _login(client, cast, "office_admin")
    page = client.get(reverse("submissions:call-edit", args=[draft.pk]))
    assert page.status_code == 200
    data = {
        "title": "Renamed",
        "description": "",
        "kinds": ["image"],
        "eligibility": "children",
        "child_min_age": 4,
        "child_max_age": 10,
        "opens_on": draft.opens_on.isoformat(),
        "closes_on": draft.closes_on.isoformat(),
        "max_works_per_author": 1,
        "criteria": "Colour 2\nIdea 1",
    }
    assert client.post(reverse("submissions:call-edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.child_min_age) == ("Renamed", 4)
    assert [(c.name, c.weight) for c in draft.criteria.all()] == [("Colour", 2), ("Idea", 1)]


def test_office_links_a_call_to_an_activity(cast, client) -> None:
    from tongxin.activities.tests.factories import make_activity

    activity = make_activity(cast.school)
    _login(client, cast, "office_admin")
    response = client.post(
        reverse("submissions:call-create"),
        {
            "title": "Children's day paintings",
            "kinds": ["image"],
            "eligibility": "children",
            "child_min_age": 3,
            "child_max_age": 12,
            "opens_on": "2026-05-10",
            "closes_on": "2026-05-26",
            "max_works_per_author": 1,
            "activity": activity.pk,
            "criteria": "Idea 1",
        },
    )
    assert response.status_code == 302
    assert SubmissionCall.objects.get().activity == activity


def test_an_oversize_body_is_refused_from_its_length(
    cast, client, call, children, settings, media_root
) -> None:
    settings.SUBMISSIONS_MAX_BYTES = {"image": 10, "audio": 10, "pdf": 10}
    _login(client, cast, "branch_a_member")
    before = table_counts()
    response = client.post(
        reverse("submissions:work-submit", args=[call.pk]),
        {
            "child": children["a"].pk,
            "title": "Huge",
            "file": SimpleUploadedFile("huge.png", PNG + b"\x00" * 70_000),
        },
    )
    assert response.status_code == 302
    assert table_counts() == before
    assert stored_files(media_root) == []
