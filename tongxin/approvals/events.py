from django.utils.translation import gettext_lazy as _

REQUEST_OPENED = "approval_request.opened"
REQUEST_DECIDED = "approval_request.decided"
REQUEST_WITHDRAWN = "approval_request.withdrawn"

LABELS = {
    REQUEST_OPENED: _("Approval requested"),
    REQUEST_DECIDED: _("Approval step decided"),
    REQUEST_WITHDRAWN: _("Approval request withdrawn"),
}
