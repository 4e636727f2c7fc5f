"""Start-up stays light: loading every URL (what each `zhunru` command's checks and every app process do)
does not import WeasyPrint, which takes about a second and is needed only when a PDF is made."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_urls_does_not_import_weasyprint(tmp_path):
    code = (
        "import sys, django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "print('weasyprint' in sys.modules)\n"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="zhunru.settings", ZHUNRU_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
