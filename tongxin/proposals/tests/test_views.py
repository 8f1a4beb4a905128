"""Pages: the representative's flow on the web, refusals as form errors, who sees which page,
and constant query counts on the lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, override

from tongxin.proposals.choices import ProposalStatus
from tongxin.proposals.models import Proposal

from .factories import make_proposals

S = ProposalStatus


def _login(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


def test_representative_drafts_and_sends_on_the_web(cast, client, collection):
    _login(client, cast, "branch_a_member")
    page = client.get(reverse("proposals:proposal-mine"))
    assert b'data-testid="proposal-new"' in page.content
    response = client.post(
        reverse("proposals:proposal-draft"),
        {
            "title": "Bike racks",
            "category": "logistics",
            "reasons": "Bikes block the doors.",
            "measures": "Two racks at the east gate.",
        },
    )
    proposal = Proposal.objects.get()
    assert response.url == reverse("proposals:proposal-detail", args=[proposal.pk])
    client.post(reverse("proposals:proposal-send", args=[proposal.pk]), {})
    proposal.refresh_from_db()
    assert proposal.status == S.CO_SIGNING
    _login(client, cast, "branch_b_member")
    detail = client.get(reverse("proposals:proposal-detail", args=[proposal.pk]))
    assert b'data-testid="proposal-co-sign"' in detail.content
    client.post(reverse("proposals:proposal-co-sign", args=[proposal.pk]))
    assert proposal.co_signatures.count() == 1


def test_non_representative_sees_why_and_cannot_draft(cast, client, collection):
    _login(client, cast, "branch_a_liaison")
    with override("zh-hans"):
        page = client.get(reverse("proposals:proposal-mine")).content.decode()
        assert (
            gettext("Only formal representatives of the staff congress may propose or co-sign.")
            in page
        )
        response = client.post(
            reverse("proposals:proposal-draft"),
            {"title": "T", "category": "other", "reasons": "R", "measures": "M"},
        )
        assert response.status_code == 200
        assert (
            gettext("Only formal representatives of the staff congress may propose or co-sign.")
            in response.content.decode()
        )
    assert Proposal.objects.count() == 0


def test_co_signing_twice_shows_a_message(cast, client, draft):
    proposal = draft()
    _login(client, cast, "branch_a_member")
    client.post(reverse("proposals:proposal-send", args=[proposal.pk]), {})
    _login(client, cast, "branch_b_member")
    url = reverse("proposals:proposal-co-sign", args=[proposal.pk])
    client.post(url)
    with override("zh-hans"):
        response = client.post(url, follow=True)
        assert gettext("You have already co-signed this proposal.") in response.content.decode()
    assert proposal.co_signatures.count() == 1


def test_tracker_is_visible_to_all_staff_but_not_drafts(cast, client, collection, draft):
    make_proposals(collection, cast.people["branch_b_member"], 2)
    drafted = draft(title="Secret draft")
    _login(client, cast, "branch_a_liaison")
    page = client.get(reverse("proposals:proposal-tracker")).content.decode()
    assert "Proposal 1" in page
    assert "Secret draft" not in page
    assert client.get(reverse("proposals:proposal-detail", args=[drafted.pk])).status_code == 404
    _login(client, cast, "outsider")
    assert "Proposal 1" not in client.get(reverse("proposals:proposal-tracker")).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("committee", 200), ("secretary", 200), ("office_admin", 200), ("branch_a_member", 403)],
)
def test_review_list_is_for_roles(cast, client, collection, persona, status):
    _login(client, cast, persona)
    assert client.get(reverse("proposals:proposal-review-list")).status_code == status


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "name", "queries"),
    [
        ("branch_a_liaison", "proposals:proposal-tracker", 5),
        ("committee", "proposals:proposal-review-list", 5),
        ("branch_b_member", "proposals:proposal-mine", 6),
    ],
)
def test_lists_run_fixed_queries(
    cast, client, collection, django_assert_num_queries, persona, name, queries
):
    make_proposals(collection, cast.people["branch_b_member"], 2)
    _login(client, cast, persona)
    url = reverse(name)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    make_proposals(collection, cast.people["branch_b_member"], 25)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 27


def test_department_queue_and_reply_page(cast, client, assigned, django_assert_num_queries):
    _login(client, cast, "department_handler")
    url = reverse("proposals:department-queue")
    page = client.get(url).content.decode()
    assert assigned.title in page
    with django_assert_num_queries(5):
        client.get(url)
    response = client.post(
        reverse("proposals:proposal-reply", args=[assigned.pk]),
        {"text": "Opening hours extended from March."},
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == S.REPLIED


def test_detail_runs_fixed_queries(cast, client, replied, django_assert_num_queries):
    _login(client, cast, "branch_a_member")
    url = reverse("proposals:proposal-detail", args=[replied.pk])
    first = _count(client, url)
    assert first == _count(client, url)
    assert b'data-testid="proposal-rate"' in client.get(url).content


def test_report_print_and_docx(cast, client, collection, replied):
    _login(client, cast, "committee")
    page = client.get(reverse("proposals:report-print", args=[collection.pk]))
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.total, report.replied, report.on_time) == (1, 1, 1)
    docx = client.get(reverse("proposals:report-docx", args=[collection.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    _login(client, cast, "branch_a_member")
    assert client.get(reverse("proposals:report-print", args=[collection.pk])).status_code in (
        403,
        404,
    )
