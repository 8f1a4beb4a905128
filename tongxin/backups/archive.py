"""The archive format: a tar with ``manifest.json``, the database snapshot and ``media/``.

An encrypted archive (``.tar.enc``) is the tar cut into 1 MiB chunks, each sealed with
AES-256-GCM under ``TONGXIN_BACKUP_KEY`` with a fresh nonce; the chunk's index and a last-chunk
flag are authenticated with it, so a chunk cut off, reordered or altered fails to open.
"""

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from .errors import BackupError, BackupErrorCode

MAGIC = b"TXBK1\n"
CHUNK = 1024 * 1024
_HEADER = struct.Struct(">IB")  # ciphertext length, last-chunk flag


def parse_key(key: str) -> bytes:
    """The 32 raw bytes of a url-safe base64 key (``Fernet.generate_key()`` makes one)."""
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BackupError(
            _("TONGXIN_BACKUP_KEY is not a key of 32 url-safe base64 bytes."),
            code=BackupErrorCode.INVALID_KEY,
        )
    return raw


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _chunks(handle: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    current = handle.read(CHUNK)
    while True:
        following = handle.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(source: Path, target: Path, key: str) -> None:
    aead = AESGCM(parse_key(key))
    with source.open("rb") as clear, target.open("wb") as sealed:
        sealed.write(MAGIC)
        for index, (block, last) in enumerate(_chunks(clear)):
            nonce = os.urandom(12)
            data = aead.encrypt(nonce, block, struct.pack(">QB", index, last))
            sealed.write(_HEADER.pack(len(data), last) + nonce + data)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def decrypt_file(source: Path, target: Path, key: str) -> None:
    """Open an encrypted archive; a wrong key or any altered byte raises ``BackupError``."""
    aead = AESGCM(parse_key(key))
    with source.open("rb") as sealed, target.open("wb") as clear:
        sealed.read(len(MAGIC))
        index, last = 0, False
        while not last:
            header = sealed.read(_HEADER.size)
            if len(header) != _HEADER.size:
                raise BackupError(
                    _("The archive is cut short or damaged."), code=BackupErrorCode.CORRUPT_ARCHIVE
                )
            length, flag = _HEADER.unpack(header)
            last = bool(flag)
            nonce, data = sealed.read(12), sealed.read(length)
            try:
                clear.write(aead.decrypt(nonce, data, struct.pack(">QB", index, last)))
            except InvalidTag:
                raise BackupError(
                    _(
                        "The archive cannot be opened with this key: the key is wrong or the "
                        "archive was altered."
                    ),
                    code=BackupErrorCode.WRONG_KEY,
                ) from None
            index += 1
        if sealed.read(1):
            raise BackupError(
                _("The archive has data after its end."), code=BackupErrorCode.CORRUPT_ARCHIVE
            )
