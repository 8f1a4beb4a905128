"""Encryption at rest for sensitive fields (PIPL art. 28: ID numbers, health details).

``EncryptedTextField`` stores Fernet tokens; the first key in ``TONGXIN_FIELD_KEYS`` encrypts
and every listed key decrypts, so keys can be rotated: put a new key first, keep the old ones
after it, run ``manage.py rotate_field_keys`` (which calls ``reencrypt`` on every value of every
``encrypted_fields()``), then drop the old keys. ``validate_field_keys`` is the start-up check of
the key list. ``lookup_hash`` is a keyed hash that lets the database find or de-duplicate a
value (an ID number) without ever holding it in clear.
"""

import base64
import binascii
import hashlib
import hmac
from collections.abc import Sequence
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def validate_keys() -> None:
    """Refuse to start with unusable encryption keys, naming the setting to fix.

    Called from ``CoreConfig.ready``: a wrong ``TONGXIN_FIELD_KEYS`` would otherwise surface
    only at the first read or write of an encrypted field, as a failing page. The field keys'
    rule is ``validate_field_keys`` (also used before a rotation).
    """
    validate_field_keys(settings.TONGXIN_FIELD_KEYS)
    lookup = settings.TONGXIN_LOOKUP_KEY
    if not isinstance(lookup, str) or not lookup.strip():
        raise ImproperlyConfigured("TONGXIN_LOOKUP_KEY must be a non-empty secret string.")


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def validate_field_keys(keys: Sequence[str]) -> list[str]:
    """Check a ``TONGXIN_FIELD_KEYS`` list and return it; raise ``ImproperlyConfigured``.

    Each key must be a url-safe base64 Fernet key of 32 bytes, the list must not be empty and
    no key may repeat. The error names the position of a bad key, never the key itself.
    """
    if isinstance(keys, str) or not keys:
        raise ImproperlyConfigured("TONGXIN_FIELD_KEYS must list at least one Fernet key.")
    seen: set[str] = set()
    for index, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"TONGXIN_FIELD_KEYS: key {index} is not a Fernet key (32 url-safe base64 bytes);"
                " make one with cryptography.fernet.Fernet.generate_key()."
            )
        if key in seen:
            raise ImproperlyConfigured(f"TONGXIN_FIELD_KEYS: key {index} is listed twice.")
        seen.add(key)
    return list(keys)


def key_fingerprint(key: str) -> str:
    """A short, non-secret name for a key (the first 12 hex digits of its SHA-256)."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def primary_key_fingerprint() -> str:
    """The fingerprint of the key that encrypts now (the first of ``TONGXIN_FIELD_KEYS``)."""
    return key_fingerprint(validate_field_keys(settings.TONGXIN_FIELD_KEYS)[0])


def encrypt(text: str) -> str:
    return _fernet(tuple(settings.TONGXIN_FIELD_KEYS)).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.TONGXIN_FIELD_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt a field: wrong or rotated-away key") from exc


def reencrypt(token: str) -> str:
    """Re-encrypt a stored token under the first key; raise ``ValueError`` if no key reads it."""
    try:
        return _fernet(tuple(settings.TONGXIN_FIELD_KEYS)).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt a field: wrong or rotated-away key") from exc


def is_current(token: str) -> bool:
    """Whether ``token`` is readable with the first key alone (already rotated)."""
    first = settings.TONGXIN_FIELD_KEYS[0]
    try:
        Fernet(first.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with ``EncryptedTextField`` columns, by model label (introspection)."""
    found = []
    for model in apps.get_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names and not model._meta.proxy:
            found.append((model, names))
    return sorted(found, key=lambda item: item[0]._meta.label_lower)


def lookup_hash(text: str) -> str:
    """Keyed SHA-256 of a normalised value, for equality lookups on encrypted data."""
    key = settings.TONGXIN_LOOKUP_KEY.encode()
    return hmac.new(key, text.strip().upper().encode(), hashlib.sha256).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare a secret someone typed with the stored one in constant time.

    ``hmac.compare_digest`` refuses ``str`` with non-ASCII characters (a TypeError, so a
    server error), so both sides are compared as UTF-8 bytes: any text is simply "not equal".
    """
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


class Ciphertext(str):
    """A value as stored: encrypted, decrypted only when the attribute is read."""


class _DecryptOnRead:
    """Field descriptor: rows load with their ciphertext; reading the attribute decrypts it
    once. A list of people therefore costs no decryption unless a page shows the value."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.name, "")
        if isinstance(value, Ciphertext):
            value = decrypt(value)
            instance.__dict__[self.name] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.name] = value


class EncryptedTextField(models.TextField):
    """A text field whose value is encrypted in the database; empty stays empty."""

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.attname, _DecryptOnRead(self.attname))

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        # Read past the descriptor: an unread value goes back as the ciphertext it came as.
        return model_instance.__dict__.get(self.attname, "")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return value or ""
        return Ciphertext(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or isinstance(value, Ciphertext):
            return value
        return encrypt(str(value))
