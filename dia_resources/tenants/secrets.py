"""Encryption of tenant secrets with Fernet keys, several at once for key rotation.

The first key encrypts; every key decrypts (``MultiFernet``). To rotate: put a new key first,
keep the old ones after it, re-encrypt every row (``TenantRegistry.rotate_key``), then drop the
old keys.
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .model import TenantRegistryError

KEY_HELP = (
    "Generate a key with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'"
)


class SecretKeyError(TenantRegistryError):
    """The secret keys are missing, malformed, or none of them opens a stored secret.

    ``reason`` is ``"missing"``, ``"malformed"`` or ``"wrong_key"``, for callers that word the
    message themselves (the CLI translates it).
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class SecretBox:
    """Encrypts and decrypts tenant secrets with a list of Fernet keys, newest first."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise SecretKeyError(f"No secret key given for tenant secrets. {KEY_HELP}", reason="missing")

        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip().encode()))
            except (ValueError, binascii.Error) as error:
                # The key itself never appears in the message, only where it sits in the list.
                raise SecretKeyError(
                    f"Secret key {position} of {len(keys)} is not a valid Fernet key (expected 32 "
                    f"bytes in url-safe base64, 44 characters). {KEY_HELP}",
                    reason="malformed",
                ) from error

        self.key_count = len(fernets)
        self._fernet = MultiFernet(fernets)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str, *, what: str) -> str:
        """Return the plaintext of ``token``; ``what`` names the secret in the error message."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise SecretKeyError(self._wrong_key_message(what), reason="wrong_key") from error

    def rotate(self, token: str, *, what: str) -> str:
        """Return ``token`` re-encrypted under the first key."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as error:
            raise SecretKeyError(self._wrong_key_message(what), reason="wrong_key") from error

    def _wrong_key_message(self, what: str) -> str:
        return (
            f"Cannot decrypt the {what} with any of the {self.key_count} secret key(s): it was "
            "encrypted with a key that is not in the list. If you rotated keys, keep the old key "
            "after the new one (DIA_SECRET_KEY=NEW,OLD) until dia-pipelines tenants rotate-key has run."
        )
