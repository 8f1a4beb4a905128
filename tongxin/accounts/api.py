from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class GrantOut(Schema):
    role: str
    node_id: int


class MeOut(Schema):
    user_id: int
    username: str
    person_id: int | None
    name: str
    grants: list[GrantOut]


@router.get("/me", response=MeOut, operation_id="account_me")
def account_me(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Who the API caller is, and which roles they hold where."""
    actor = request.actor
    return {
        "user_id": actor.user_id,
        "username": request.user.username,
        "person_id": actor.person_id,
        "name": actor.name,
        "grants": [{"role": g.role, "node_id": g.node_id} for g in actor.grants],
    }
