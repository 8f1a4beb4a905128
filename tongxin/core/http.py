"""The request as views and API endpoints see it, for the type checker.

``accounts.middleware.actor_middleware`` puts the acting ``Actor`` on every request (the
anonymous actor when nobody is logged in), and the API's bearer-token authentication does the
same; Django's auth middleware sets ``request.user`` to our ``accounts.models.User``. Django's
``HttpRequest`` declares neither, so views and Ninja endpoints annotate their first parameter as
``request: ActorRequest``. Nothing else changes: no request is ever built as this class (Django
still passes a plain ``HttpRequest``), and Ninja skips the ``request`` parameter by name.

``user`` is typed as ``User`` because the views that read it sit behind log-in (or the API's
authentication); a page open to anonymous visitors checks ``request.user.is_authenticated``
before using it, and goes through ``request.actor`` otherwise.

The kernel sits below ``orgs`` and ``accounts``, so their classes are imported for the type
checker only: at runtime this module imports nothing from the apps above it.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from tongxin.accounts.models import User
    from tongxin.orgs.actor import Actor


class ActorRequest(HttpRequest):
    """``HttpRequest`` with the ``actor`` and ``user`` the middleware attaches."""

    actor: "Actor"
    user: "User"
