"""Personal data at rest: SM4-GCM encryption and a keyed HMAC-SM3 blind index.

The key is `settings.DATA_KEY` (16 bytes, from `ZHUNRU_DATA_KEY`, see conf.py). A stored value is the text
`sm4gcm1:` + base64(nonce ‖ ciphertext ‖ tag), with a random 12-byte nonce for every encryption, so the
same plaintext never gives the same stored value. `context` (for example "certificates.issuance.id_number")
is authenticated with the value: a ciphertext copied into another column does not decrypt.

The blind index lets a column be searched by its full value without decrypting anything: it is
HMAC-SM3(sub-key, value) with a sub-key derived from the data key for each purpose, so an index of ID
numbers cannot be compared with an index of another field or another system. Errors never carry the
plaintext.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

PREFIX = "sm4gcm1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionFailed(Exception):
    """The stored value is malformed, was written with another key, or was altered."""


def _key(key: bytes | None) -> bytes:
    key = key if key is not None else settings.DATA_KEY
    if not isinstance(key, bytes) or len(key) != 16:
        raise ValueError("the data key must be 16 bytes (ZHUNRU_DATA_KEY: 32 hex characters)")
    return key


def encrypt(plaintext: str, *, context: str, key: bytes | None = None) -> str:
    """SM4-GCM with a fresh random nonce; `context` is authenticated, not stored."""
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(_key(key)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode("ascii")


def decrypt(stored: str, *, context: str, key: bytes | None = None) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionFailed("not an encrypted value")
    try:
        raw = base64.b64decode(stored[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionFailed("malformed encrypted value") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionFailed("malformed encrypted value")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(_key(key)), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionFailed("wrong key or altered value") from None


def blind_index(value: str, *, purpose: str, key: bytes | None = None) -> str:
    """HMAC-SM3 of `value` under a sub-key for `purpose`, as 64 hex characters."""
    subkey = hmac.digest(_key(key), b"zhunru blind index\x00" + purpose.encode(), "sm3")
    return hmac.digest(subkey, value.encode(), "sm3").hex()
