from enum import StrEnum


class AccountsErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    LOCKED = "account_locked"
    INACTIVE = "account_inactive"
    ALREADY_HAS_ACCOUNT = "already_has_account"
    USERNAME_TAKEN = "username_taken"
    WRONG_PASSWORD = "wrong_password"
    WEAK_PASSWORD = "weak_password"
    TOKEN_INVALID = "token_invalid"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    PHONE_TAKEN = "phone_taken"
