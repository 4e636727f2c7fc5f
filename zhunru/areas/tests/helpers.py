"""Shared builders for the areas tests: credit codes computed from the standards' own formulas (not
from the code under test), CSV/XLSX files, and row counts for "nothing was written" checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from zhunru.areas.models import Area, Department
from zhunru.core.models import AuditEvent

# GB 32100: 31 characters, no I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: digits then A–Z worth 10–35.
ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)


def ref_uscc_check(first17: str) -> str:
    """GB 32100 check character: 31 − (Σ value × weight mod 31), 31 → 0."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_W, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def ref_org_check(first8: str) -> str:
    """GB 11714 check character: 11 − (Σ value × weight mod 11), 10 → X, 11 → 0."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_W, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc(serial: int, *, area: str = "990101", kind: str = "11") -> str:
    """A valid 统一社会信用代码 for a made-up department number `serial`."""
    org = f"{serial:08d}"
    body = kind + area + org + ref_org_check(org)
    return body + ref_uscc_check(body)


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], *, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], *, skip_rows: int = 0) -> bytes:
    """An Excel workbook (first sheet) with the header on row 1 + skip_rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, values in enumerate([header, *rows], start=1 + skip_rows):
        for j, value in enumerate(values, start=1):
            ws.cell(row=i, column=j, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def counts() -> dict[str, int]:
    return {
        "departments": Department.objects.count(),
        "areas": Area.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def snapshot() -> tuple:
    """Everything an import could change, to prove that nothing changed."""
    return (
        sorted(Department.objects.values_list("code", "name", "kind", "aliases", "area__code")),
        sorted(Area.objects.values_list("code", "name", "level", "parent__code", "households", "population")),
        AuditEvent.objects.count(),
    )


DEPARTMENT_HEADER = ["code", "name", "aliases", "kind"]
COMMUNITY_HEADER = ["code", "name", "street", "households", "population"]
