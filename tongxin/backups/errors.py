"""Error codes of the backups app (stable, lower snake case)."""

from enum import StrEnum

from tongxin.core.errors import DomainError


class BackupErrorCode(StrEnum):
    CORRUPT_ARCHIVE = "corrupt_archive"
    WRONG_KEY = "wrong_key"
    KEY_REQUIRED = "key_required"
    INVALID_KEY = "invalid_key"
    SCHEMA_MISMATCH = "schema_mismatch"
    TARGET_NOT_EMPTY = "target_not_empty"
    WRONG_ENGINE = "wrong_engine"
    TOOL_FAILED = "tool_failed"
    COUNT_MISMATCH = "count_mismatch"


class BackupError(DomainError):
    """A backup or a restore was refused; nothing was written to the target."""
