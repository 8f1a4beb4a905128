from django.urls import reverse

from tongxin.activities import services
from tongxin.activities.models import SignUp
from tongxin.testing.personas import PASSWORD

from .factories import make_activity, make_people


def test_flow(cast, client):
    activity = make_activity(cast.school, quota=2, family_scope="children")
    people = make_people(cast.branch_a, 3)
    s = [services.activity_sign_up(actor=cast.actor("system"), activity=activity, person=p) for p in people]
    assert [x.status for x in s] == ["confirmed", "confirmed", "waitlisted"]
    services.signup_cancel(actor=cast.actor("system"), sign_up=s[0])
    assert SignUp.objects.get(pk=s[2].pk).status == "offered"
    client.login(username="A1001", password=PASSWORD)
    for url in [reverse("activities:activity-list"), reverse("activities:my-activities"), reverse("activities:activity-detail", args=[activity.pk]), reverse("activities:calendar"), reverse("notifications:notification-list"), reverse("members:me")]:
        r = client.get(url)
        assert r.status_code == 200, url
    r = client.post(reverse("activities:activity-sign-up", args=[activity.pk]), {"family_member": ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    mine = SignUp.objects.get(person=cast.people["branch_a_member"])
    r = client.get(reverse("activities:signup-detail", args=[mine.pk]))
    assert r.status_code == 200
    client.login(username="S0001", password=PASSWORD)
    for url in [reverse("activities:office-list"), reverse("activities:activity-create"), reverse("activities:activity-manage", args=[activity.pk]), reverse("activities:activity-edit", args=[activity.pk]), reverse("activities:check-in", args=[activity.pk]), reverse("activities:branch-quotas", args=[activity.pk]), reverse("activities:outsider-add", args=[activity.pk]), reverse("activities:register-person", args=[activity.pk]), reverse("activities:attendance-export", args=[activity.pk])]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content.decode()[:2000])
