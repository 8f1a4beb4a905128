"""The HTTP API, version 1: one ``TongxinAPI``, one router per app, one error shape.

Every error leaves as ``{code, message, field}`` with a 4xx status (see ``core.api``): domain
errors with their own status, malformed input as 400 ``invalid``, missing or out-of-scope
objects as 404, missing credentials as 401. The schema is at ``/api/v1/openapi.json`` and
snapshotted in ``docs/openapi.json``; the docs page is ``/api/v1/docs``.
"""

import json

from tongxin.accounts.api import router as accounts_router
from tongxin.accounts.api_auth import ActiveSessionAuth, BearerTokenAuth
from tongxin.activities.api import router as activities_router
from tongxin.approvals.api import router as approvals_router
from tongxin.benefits.api import router as benefits_router
from tongxin.care.api import router as care_router
from tongxin.clubs.api import router as clubs_router
from tongxin.congress.api import router as congress_router
from tongxin.core.api import TongxinAPI
from tongxin.donations.api import router as donations_router
from tongxin.funds.api import router as funds_router
from tongxin.members.api import router as members_router
from tongxin.members.api_roster import router as members_roster_router
from tongxin.notifications.api import router as notifications_router
from tongxin.orgs.api import router as orgs_router
from tongxin.proposals.api import router as proposals_router
from tongxin.quizzes.api import router as quizzes_router
from tongxin.staff_services.api import router as staff_services_router
from tongxin.submissions.api import router as submissions_router
from tongxin.voice.api import router as voice_router

api = TongxinAPI(
    title="Tongxin API",
    version="1",
    description=(
        "The staff union platform's API: the same services and permissions as the web pages.\n\n"
        "Authenticate with `Authorization: Bearer <token>` (create one under My API tokens) "
        "or the browser session (unsafe methods need the `X-CSRFToken` header). Lists are "
        "paged with `limit` and `offset` and answer `{items, count}`. Every error answers "
        "`{code, message, field}` with a 4xx status; `field` names the input to blame. An id "
        "outside the caller's scope answers 404, exactly like a missing one."
    ),
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), ActiveSessionAuth()],
    docs_url="/docs",
)

api.add_router("/orgs/", orgs_router)
api.add_router("/members/", members_router)
api.add_router("/members/", members_roster_router)
api.add_router("/approvals/", approvals_router)
api.add_router("/accounts/", accounts_router)
api.add_router("/notifications/", notifications_router)
api.add_router("/funds/", funds_router)
api.add_router("/care/", care_router)
api.add_router("/benefits/", benefits_router)
api.add_router("/services/", staff_services_router)
api.add_router("/donations/", donations_router)
api.add_router("/activities/", activities_router)
api.add_router("/quizzes/", quizzes_router)
api.add_router("/submissions/", submissions_router)
api.add_router("/clubs/", clubs_router)
api.add_router("/voice/", voice_router)
api.add_router("/congress/", congress_router)
api.add_router("/proposals/", proposals_router)


def openapi_text() -> str:
    """The schema as committed in ``docs/openapi.json``: stable order, two-space indent."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"
