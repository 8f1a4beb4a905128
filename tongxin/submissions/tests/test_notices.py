"""Who is told what: the submitter on screening, a judge on appointment, everyone with an
accepted work when the results are out (winners with their prize)."""

from tongxin.notifications.models import Notification
from tongxin.submissions import notices, services
from tongxin.testing.personas import SYSTEM


def test_screening_tells_the_submitter(cast, submit) -> None:
    work = submit()
    services.work_reject(actor=SYSTEM, work=work, note="Blurry photo")
    row = Notification.objects.get(kind=notices.KIND_SCREENED)
    assert row.person_id == cast.people["branch_a_member"].pk
    assert row.body == "Blurry photo"


def test_appointment_tells_the_judge(cast, call) -> None:
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    row = Notification.objects.get(kind=notices.KIND_JUDGE)
    assert row.person_id == cast.people["branch_a_chair"].pk


def test_publishing_tells_winners_and_the_others(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    level = services.prize_level_add(actor=SYSTEM, call=call, name="First prize", count=1)
    services.award_grant(actor=SYSTEM, work=works["b"], level=level)
    services.call_publish(actor=SYSTEM, call=call)
    rows = Notification.objects.filter(kind=notices.KIND_RESULTS)
    by_person = {row.person_id: row.title for row in rows}
    assert len(by_person) == 4
    assert "First prize" in by_person[cast.people["branch_b_member"].pk]
    assert "First prize" not in by_person[cast.people["branch_a_member"].pk]
