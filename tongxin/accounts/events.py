from django.utils.translation import gettext_lazy as _

ACCOUNT_CREATED = "user.created"
ACCOUNT_PASSWORD_RESET = "user.password_reset"
ACCOUNT_PASSWORD_CHANGED = "user.password_changed"
ACCOUNT_LOCKED = "user.locked"
ACCOUNT_DEACTIVATED = "user.deactivated"
ACCOUNT_UNLOCKED = "user.unlocked"
API_TOKEN_CREATED = "api_token.created"
API_TOKEN_REVOKED = "api_token.revoked"

LABELS = {
    ACCOUNT_CREATED: _("Account created"),
    ACCOUNT_PASSWORD_RESET: _("Password reset by the office"),
    ACCOUNT_PASSWORD_CHANGED: _("Password changed"),
    ACCOUNT_LOCKED: _("Account locked after wrong passwords"),
    ACCOUNT_DEACTIVATED: _("Account deactivated"),
    ACCOUNT_UNLOCKED: _("Log-in lock lifted by the office"),
    API_TOKEN_CREATED: _("API token created"),
    API_TOKEN_REVOKED: _("API token revoked"),
}
