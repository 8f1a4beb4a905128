from enum import StrEnum

from tongxin.orgs.choices import Role


class AccountsPermission(StrEnum):
    VIEW_ACCOUNT = "accounts.view_account"
    MANAGE_ACCOUNT = "accounts.manage_account"


P = AccountsPermission
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.BRANCH_CHAIR: {P.VIEW_ACCOUNT},
    Role.UNION_OFFICE: {P.VIEW_ACCOUNT, P.MANAGE_ACCOUNT},
}
OWN_PERMISSIONS: set[str] = {P.VIEW_ACCOUNT}
