"""A corpus of hostile import files, generated on the fly (nothing binary is committed)."""

from __future__ import annotations

import io
import random
import zipfile

from zhunru.core.tabular import write_xlsx

DEPARTMENTS_CSV = (
    "code,name,aliases,kind\n"
    "11990101000010006B,区民政局,民政局;区民政,department\n"
    "119901010000100739,区卫生健康委员会,区卫健委;卫健委,department\n"
)


def valid_xlsx() -> bytes:
    return write_xlsx(
        ["code", "name", "aliases", "kind"],
        [["11990101000010006B", "区民政局", "民政局", "department"]],
    )


def _zip(parts: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _replace_part(xlsx: bytes, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = data
    return _zip(parts)


def _sheet_name(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))


def zip_bomb_xlsx(megabytes: int = 60) -> bytes:
    """A real workbook whose sheet inflates to `megabytes` MB of blanks (about 0.1 MB on disk)."""
    xlsx = valid_xlsx()
    sheet = _sheet_name(xlsx)
    head = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    body = b" " * (megabytes * 1_000_000)
    return _replace_part(xlsx, sheet, head + body + b"<sheetData/></worksheet>")


def billion_laughs_xlsx() -> bytes:
    xlsx = valid_xlsx()
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return _replace_part(xlsx, _sheet_name(xlsx), sheet)


def corpus() -> dict[str, tuple[str, bytes]]:
    """label -> (file name, bytes). None of these may import anything."""
    rng = random.Random(20260302)
    garbage = bytes(rng.getrandbits(8) for _ in range(64_000))
    xlsx = valid_xlsx()
    return {
        "empty": ("departments.csv", b""),
        "blank lines": ("departments.csv", b"\r\n \n\t\n,,,\n"),
        "bom only": ("departments.csv", b"\xef\xbb\xbf"),
        "header without required columns": ("departments.csv", b"foo,bar\n1,2\n"),
        "gbk": ("departments.csv", DEPARTMENTS_CSV.encode("gbk")),
        "utf-16 with bom": ("departments.csv", DEPARTMENTS_CSV.encode("utf-16")),
        "utf-16le without bom": ("departments.csv", DEPARTMENTS_CSV.encode("utf-16-le")),
        "nul bytes": ("departments.csv", DEPARTMENTS_CSV.encode().replace(b",", b"\x00,", 3)),
        "binary garbage": ("departments.csv", garbage),
        "binary garbage as xlsx": ("departments.xlsx", garbage),
        "png named csv": ("departments.csv", b"\x89PNG\r\n\x1a\n" + garbage[:500]),
        "old excel": ("departments.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + garbage[:2000]),
        "pdf": ("departments.pdf", b"%PDF-1.7\n" + garbage[:500]),
        "truncated xlsx": ("departments.xlsx", xlsx[: len(xlsx) // 2]),
        "xlsx with flipped bytes": (
            "departments.xlsx",
            bytes(b ^ 0x5A if i % 97 == 50 else b for i, b in enumerate(xlsx)),
        ),
        "zip that is no workbook": ("departments.xlsx", _zip({"readme.txt": b"hello"})),
        "workbook with broken xml": (
            "departments.xlsx",
            _replace_part(xlsx, _sheet_name(xlsx), b"<worksheet><row"),
        ),
        "workbook with broken content types": (
            "departments.xlsx",
            _replace_part(xlsx, "[Content_Types].xml", b"<<<"),
        ),
        "zip bomb": ("departments.xlsx", zip_bomb_xlsx()),
        "billion laughs": ("departments.xlsx", billion_laughs_xlsx()),
        "unterminated quote": ("departments.csv", b'code,name,kind\n"11990101000010006B,x,department\n'),
        "one huge cell": ("departments.csv", b"code,name,kind\n" + b"A" * 300_000 + b",x,department\n"),
        "a million columns": ("departments.csv", b"code,name,kind" + b",x" * 1_000_000 + b"\n"),
        "a million commas in a row": (
            "departments.csv",
            b"code,name,kind\n11990101000010006B,\xe5\x8c\xba" + b"," * 1_000_000 + b"\n",
        ),
        "bad rows among good ones": (
            "departments.csv",
            (DEPARTMENTS_CSV + "123,坏代码,department\n,,department\n").encode(),
        ),
        "formula injection": (
            "departments.csv",
            b"code,name,kind\n=cmd|' /C calc'!A0,=HYPERLINK(\"http://x\"),department\n",
        ),
    }


def huge_csv(megabytes: int = 50) -> bytes:
    """A 50 MB file: a valid header, then one line of `megabytes` MB without a line break."""
    return b"code,name,kind\n" + b"9" * (megabytes * 1_000_000)
