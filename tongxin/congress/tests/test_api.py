"""The congress API: the same rules and errors as the services; lists with a constant number
of queries; the ballot answer is a receipt and nothing else."""

from tongxin.congress import services, tally
from tongxin.congress.models import Ballot, VoterMark
from tongxin.testing.api import api_as, assert_error, query_count

from .factories import SYSTEM, make_person, open_session, state


def test_vote_over_the_api_and_recount_the_bulletin(cast, congress):
    session = open_session(congress)
    office = api_as(cast, "office_admin")
    created = office.post(f"/congress/sessions/{session.pk}/motions", {"title": "Pay plan"})
    assert created.status_code == 201
    poll_id = created.json()["id"]
    assert office.post(f"/congress/polls/{poll_id}/open", {}).json()["status"] == "open"
    member = api_as(cast, "branch_a_member")
    answer = member.post(f"/congress/polls/{poll_id}/ballot", {"choice": "yes"})
    assert answer.status_code == 201
    assert set(answer.json()) == {"receipt"}
    before = state()
    assert_error(
        member.post(f"/congress/polls/{poll_id}/ballot", {"choice": "no"}), 400, "already_voted"
    )
    assert state() == before
    assert_error(
        api_as(cast, "branch_b_member").post(f"/congress/polls/{poll_id}/ballot", {"choice": "x"}),
        400,
        "invalid_ballot",
        "choice",
    )
    closed = office.post(f"/congress/polls/{poll_id}/close", {}).json()
    assert closed["result"]["yes"] == 1
    assert closed["result"]["passed"] is False
    items = member.get(f"/congress/polls/{poll_id}/bulletin").json()["items"]
    assert [i["receipt"] for i in items] == [answer.json()["receipt"]]
    chain = tally.bulletin_chain(
        poll_id, [(i["receipt"], tally.ballot_digest(i["content"])) for i in items]
    )
    assert chain[-1] == closed["bulletin_head"]


def test_check_in_and_session_counts(cast, congress):
    session = services.session_create(
        actor=SYSTEM, term=congress.term, title="S", starts_at=congress.term.created_at
    )
    member = api_as(cast, "branch_b_member")
    assert_error(
        member.post(f"/congress/sessions/{session.pk}/check-in", {"code": "bad"}),
        400,
        "wrong_code",
        "code",
    )
    ok = member.post(f"/congress/sessions/{session.pk}/check-in", {"code": session.check_in_code})
    assert ok.json()["already"] is False
    body = api_as(cast, "office_admin").get(f"/congress/sessions/{session.pk}").json()
    assert body["present"] == 1
    assert body["quorum_needed"] == 6
    assert_error(
        api_as(cast, "office_admin").post(f"/congress/sessions/{session.pk}/open", {}),
        400,
        "no_quorum",
    )
    assert api_as(cast, "outsider").get(f"/congress/sessions/{session.pk}").status_code == 404


def test_election_margin_and_round_over_the_api(cast, congress):
    session = open_session(congress)
    office = api_as(cast, "office_admin")
    election = office.post(
        f"/congress/sessions/{session.pk}/elections",
        {"title": "Committee", "kind": "committee", "seats": 2},
    ).json()
    for index in range(2):
        person = make_person(cast.branch_a, f"K{index}", f"Cand {index}")
        office.post(f"/congress/elections/{election['id']}/candidates", {"person_id": person.pk})
    assert_error(office.post(f"/congress/elections/{election['id']}/rounds", {}), 400, "margin")
    person = make_person(cast.branch_b, "K9", "Cand 9")
    office.post(f"/congress/elections/{election['id']}/candidates", {"person_id": person.pk})
    poll = office.post(f"/congress/elections/{election['id']}/rounds", {}).json()
    assert poll["seats"] == 2
    assert len(poll["candidate_ids"]) == 3
    member = api_as(cast, "branch_a_member")
    marks = {str(poll["candidate_ids"][0]): "yes", str(poll["candidate_ids"][1]): "yes"}
    assert member.post(f"/congress/polls/{poll['id']}/ballot", {"marks": marks}).status_code == 201
    too_many = {**marks, str(poll["candidate_ids"][2]): "yes"}
    assert_error(
        api_as(cast, "branch_b_member").post(
            f"/congress/polls/{poll['id']}/ballot", {"marks": too_many}
        ),
        400,
        "too_many_votes",
        "marks",
    )
    assert VoterMark.objects.count() == 1
    assert Ballot.objects.count() == 1


def test_lists_have_constant_queries(cast, congress):
    office = api_as(cast, "office_admin")
    session = open_session(congress)
    reps = query_count(office, f"/congress/terms/{congress.term.pk}/representatives")
    polls = query_count(office, f"/congress/sessions/{session.pk}/polls")
    for index in range(5):
        services.representative_seat(
            actor=SYSTEM,
            delegation=congress.delegation_b,
            person=make_person(cast.branch_b, f"Q{index}", f"Q {index}"),
        )
        services.motion_create(actor=SYSTEM, session=session, title=f"Motion {index}")
    assert query_count(office, f"/congress/terms/{congress.term.pk}/representatives") == reps
    assert query_count(office, f"/congress/sessions/{session.pk}/polls") == polls
    assert office.get("/congress/terms").json()["count"] == 1
