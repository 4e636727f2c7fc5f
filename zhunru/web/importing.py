"""The upload → check (nothing written) → confirm → import page, shared by every importer."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_UPLOAD = 20 * 1024 * 1024
Importer = Callable[..., Any]  # a service (actor, name, data, dry_run) -> ImportReport


def _pending_dir() -> Path:
    path = settings.DATA_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_page(
    request: HttpRequest, importers: dict[str, tuple[object, Importer]], *, cancel_url: str
) -> HttpResponse:
    """`importers` maps a value of the form's `what` to (label, service)."""
    first = next(iter(importers))
    context: dict[str, Any] = {
        "what": request.POST.get("what", first),
        "choices": [(key, label) for key, (label, _service) in importers.items()],
        "cancel_url": cancel_url,
    }
    if request.method != "POST":
        return render(request, "import.html", context)
    what = request.POST.get("what", "")
    if what not in importers:
        context["error"] = _("请选择导入内容。")
        return render(request, "import.html", context, status=400)
    service = importers[what][1]
    token = request.POST.get("token", "")
    if token:  # confirmation of a checked file
        pending = _pending_dir() / token
        if not token.isalnum() or not pending.exists():
            context["error"] = _("待确认的文件已过期，请重新上传。")
            return render(request, "import.html", context, status=400)
        report = service(
            actor=request.user, name=request.POST.get("name", "upload.csv"), data=pending.read_bytes()
        )
        pending.unlink(missing_ok=True)
        context.update(report=report, done=report.ok)
        return render(request, "import.html", context, status=200 if report.ok else 400)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("请选择要上传的文件。")
        return render(request, "import.html", context, status=400)
    if upload.size and upload.size > MAX_UPLOAD:
        context["error"] = _("文件超过 20 MB。")
        return render(request, "import.html", context, status=400)
    data = upload.read()
    report = service(actor=request.user, name=upload.name, data=data, dry_run=True)
    context["report"] = report
    if report.ok:
        token = secrets.token_hex(16)
        (_pending_dir() / token).write_bytes(data)
        context.update(token=token, name=upload.name)
    return render(request, "import.html", context, status=200 if report.ok else 400)
