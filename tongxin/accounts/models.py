"""User accounts and API tokens."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.members.models import Person


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **extra: object) -> "User":
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, username: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A log-in. ``username`` is usually the staff number; the phone number also logs in."""

    SCOPE_NODE_FIELD = "person__node"
    SCOPE_OWNER_FIELD = "person_id"

    username = models.CharField(_("login name"), max_length=64, unique=True)
    # The person's mobile as a log-in key, kept in step by ``accounts.services`` (through
    # ``members.hooks``); unique among active accounts, so one number names one account.
    login_phone = models.CharField(_("log-in mobile"), max_length=20, null=True, blank=True)
    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    failed_login_count = models.PositiveSmallIntegerField(_("failed log-ins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    date_joined = models.DateTimeField(_("created at"), default=timezone.now)
    # Bumped whenever the user's effective roles may have changed; part of the cache key of
    # their grants, so every worker sees a change on the next request.
    roles_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["login_phone"],
                condition=models.Q(is_active=True, login_phone__isnull=False),
                name="user_unique_active_login_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope_path(self) -> str:
        return self.person.node.path if self.person is not None else ""

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id}) if self.person_id else frozenset()


class ApiToken(models.Model):
    """A bearer token for API clients. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class LoginFailure(models.Model):
    """One refused log-in: the account it named (if any) and the client address it came from.

    Rows older than the throttling window are deleted as new ones are written; they count the
    recent failures per account, per address and per (account, address).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=45)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["address", "at"], name="loginfailure_address_at_idx"),
            models.Index(fields=["user", "at"], name="loginfailure_user_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"
