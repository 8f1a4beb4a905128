"""The pages: representatives (check in, vote, results), the secretariat and the hall screen,
with a constant number of queries whatever the size of the roll."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.congress import services
from tongxin.congress.models import Attendance, Ballot, VoterMark
from tongxin.testing.personas import log_in

from .factories import SYSTEM, make_person, open_session


def _motion(session):
    poll = services.motion_create(actor=SYSTEM, session=session, title="Welfare plan")
    return services.poll_open(actor=SYSTEM, poll=poll)


def test_member_home_shows_seat_and_votes(cast, client, congress):
    session = open_session(congress)
    poll = _motion(session)
    log_in(client, cast, "branch_a_member")
    page = client.get(reverse("congress:home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="vote-link"' in text
    assert reverse("congress:vote", args=[poll.pk]) in text


def test_member_checks_in_with_the_door_code(cast, client, congress):
    session = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="S1",
        starts_at=congress.term.school.created_at,
    )
    log_in(client, cast, "branch_b_member")
    url = reverse("congress:check-in", args=[session.pk])
    assert client.get(url + f"?code={session.check_in_code}").status_code == 200
    response = client.post(url, {"code": session.check_in_code})
    assert response.status_code == 302
    assert Attendance.objects.filter(
        session=session, representative=congress.rep_of("branch_b_member")
    ).exists()
    wrong = client.post(url, {"code": "WRONG"}, follow=True)
    with translation.override("zh-hans"):
        assert gettext("This is not the check-in code of this session.") in wrong.content.decode()


def test_member_votes_and_sees_the_receipt_then_result(cast, client, congress):
    session = open_session(congress)
    poll = _motion(session)
    log_in(client, cast, "branch_a_member")
    url = reverse("congress:vote", args=[poll.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"choice": "yes"})
    assert response.status_code == 200
    receipt = response.context["receipt"]
    assert Ballot.objects.get(poll=poll).receipt == receipt
    again = client.post(url, {"choice": "no"})
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert 'data-testid="already-voted"' in again.content.decode()
    services.poll_close(actor=SYSTEM, poll=poll)
    result = client.get(reverse("congress:result", args=[poll.pk]) + f"?receipt={receipt}")
    assert result.context["found"] is True


def test_outsider_sees_no_poll(cast, client, congress):
    session = open_session(congress)
    poll = _motion(session)
    log_in(client, cast, "outsider")
    assert client.get(reverse("congress:vote", args=[poll.pk])).status_code == 404
    assert client.get(reverse("congress:session-manage", args=[session.pk])).status_code == 404
    assert VoterMark.objects.count() == 0


def test_office_pages_render_with_constant_queries(
    cast, client, congress, django_assert_max_num_queries
):
    session = open_session(congress)
    poll = _motion(session)
    election = services.election_create(
        actor=SYSTEM, session=session, title="Committee", kind="chair", seats=1
    )
    services.candidate_add(
        actor=SYSTEM, election=election, person=make_person(cast.branch_a, "E001", "Cand")
    )
    log_in(client, cast, "office_admin")
    urls = [
        reverse("congress:office-home"),
        reverse("congress:term-detail", args=[congress.term.pk]),
        reverse("congress:session-manage", args=[session.pk]),
        reverse("congress:poll-manage", args=[poll.pk]),
        reverse("congress:hall", args=[session.pk]),
        reverse("congress:hall-live", args=[session.pk]),
    ]
    counts = {}
    for url in urls:
        client.get(url)  # warm the menu cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        counts[url] = len(small)
    # Twelve more representatives, all checked in, and more votes: the same counts.
    for index in range(12):
        rep = services.representative_seat(
            actor=SYSTEM,
            delegation=congress.delegation_a,
            person=make_person(cast.branch_a, f"M{index:03d}", f"More {index}"),
        )
        services.session_check_in_by_list(actor=SYSTEM, session=session, representative=rep)
    _motion(session)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_office_flow_through_pages(cast, client, congress):
    log_in(client, cast, "office_admin")
    term = congress.term
    response = client.post(
        reverse("congress:term-action", args=[term.pk, "session"]),
        {"title": "Second session", "starts_at": "2026-03-01T09:00", "place": "Hall"},
    )
    assert response.status_code == 302
    session = term.sessions.get(title="Second session")
    for rep in congress.reps:
        client.post(
            reverse("congress:session-action", args=[session.pk, "check-in"]),
            {"representative": rep.pk},
        )
    assert Attendance.objects.filter(session=session).count() == 9
    client.post(reverse("congress:session-action", args=[session.pk, "open"]))
    session.refresh_from_db()
    assert session.status == "open"
    client.post(
        reverse("congress:session-action", args=[session.pk, "motion"]),
        {"title": "Agenda", "method": "hands"},
    )
    poll = session.polls.get()
    client.post(reverse("congress:poll-action", args=[poll.pk, "open"]))
    client.post(
        reverse("congress:poll-action", args=[poll.pk, "hands"]),
        {"yes": "8", "no": "1", "abstain": "0"},
    )
    client.post(reverse("congress:poll-action", args=[poll.pk, "close"]))
    poll.refresh_from_db()
    assert poll.result["passed"] is True
    client.post(reverse("congress:term-action", args=[term.pk, "confirm"]))
    term.refresh_from_db()
    assert term.roll_confirmed_at is not None
    # A refused step shows the service's message and changes nothing.
    client.post(
        reverse("congress:session-action", args=[session.pk, "motion"]),
        {"title": "Budget", "method": "hands"},
    )
    second = session.polls.get(title="Budget")
    client.post(reverse("congress:poll-action", args=[second.pk, "open"]))
    refused = client.post(
        reverse("congress:poll-action", args=[second.pk, "hands"]),
        {"yes": "100", "no": "0", "abstain": "0"},
        follow=True,
    )
    second.refresh_from_db()
    assert second.hands_yes == 0
    assert "100" in refused.content.decode()
