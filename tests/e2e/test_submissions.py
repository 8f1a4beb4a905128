import datetime as dt
import random

from django.utils import timezone

from tests.e2e.conftest import log_in
from tongxin.demo.submissions import painting_png
from tongxin.members import services as members
from tongxin.submissions import services
from tongxin.submissions.models import Work
from tongxin.testing.personas import SYSTEM
from tongxin.testing.submissions import TEXT, make_call


def test_member_sends_a_childs_painting_on_a_phone(page, live_server, cast, settings, tmp_path):
    # given an open children's call, and a member with an 8-year-old child
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call = make_call(cast)
    today = timezone.localdate()
    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="child",
        name="Little A",
        birth_on=dt.date(today.year - 8, 1, 1),
    )
    painting, fake = tmp_path / "painting.png", tmp_path / "fake.jpg"
    painting.write_bytes(painting_png(random.Random(1)))
    fake.write_bytes(TEXT)
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they open the call from the tile on "Me" and send a text file named .jpg
    page.get_by_test_id("tile-submission-calls").click()
    page.get_by_test_id("open-calls").locator("a").first.click()
    page.get_by_test_id("work-submit").click()
    page.locator("input[name=title]").fill("Our garden")
    page.locator("input[name=file]").set_input_files(str(fake))
    page.get_by_test_id("submit").click()
    # then it is refused on the form and nothing is stored
    assert page.locator("[data-field=file] .error").is_visible()
    assert not Work.objects.exists()
    # when they send the real painting
    page.locator("input[name=title]").fill("Our garden")
    page.locator("input[name=file]").set_input_files(str(painting))
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    # then "My works" lists it, without horizontal scrolling on a phone
    assert "Our garden" in page.get_by_test_id("my-works").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # and once accepted it is in the gallery with its picture
    services.work_accept(actor=SYSTEM, work=Work.objects.get())
    page.goto(f"{live_server.url}/submissions/open/{call.pk}/gallery/")
    image = page.get_by_test_id("gallery").locator("img").first
    image.wait_for()
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 96
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
