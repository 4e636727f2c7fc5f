"""Settings for the processes of the scale-out test: the real settings, plus e-mail written to files (one
directory per process, so messages from several workers can be counted) and a cheap password hash."""

from __future__ import annotations

import os
from pathlib import Path

from django.contrib.auth.hashers import Argon2PasswordHasher

from zhunru.settings import *  # noqa: F403


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2, at a cost that keeps the test fast (as in zhunru/conftest.py)."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


PASSWORD_HASHERS = ["zhunru.tests.scaleout.settings.FastArgon2PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(Path(os.environ["ZHUNRU_SCALEOUT_MAIL_DIR"]) / str(os.getpid()))
