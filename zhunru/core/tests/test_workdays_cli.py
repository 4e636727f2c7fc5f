"""`zhunru workdays add DATE N | between A B | check DATE`: the answer on stdout, a warning on stderr
when a year without an official schedule is involved, a clear error for bad input."""

from __future__ import annotations

import pytest

from zhunru import cli
from zhunru.core.models import WorkdayOverride

pytestmark = pytest.mark.django_db


def zhunru(capsys, *args: str) -> tuple[int, str, str]:
    try:
        cli.main(["zhunru", "workdays", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        (("add", "2026-09-30", "1"), "2026-10-08"),
        (("add", "2026-02-13", "2"), "2026-02-24"),
        (("add", "2026-10-01", "0"), "2026-10-08"),
        (("between", "2026-09-30", "2026-10-10"), "3"),
        (("between", "2026-02-13", "2026-02-28"), "6"),
        (("between", "2026-10-10", "2026-09-30"), "-3"),
        (("check", "2026-02-14"), "workday"),
        (("check", "2026-02-16"), "holiday"),
    ],
)
def test_answers_on_stdout(capsys, args, answer):
    assert zhunru(capsys, *args) == (0, answer + "\n", "")


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        (("add", "2027-01-01", "1"), "2027-01-04"),
        (("add", "2026-12-31", "1"), "2027-01-01"),  # the result lies in 2027
        (("between", "2026-12-30", "2027-01-05"), "4"),
        (("check", "2027-01-01"), "workday"),
    ],
)
def test_warns_when_a_year_has_no_official_schedule(capsys, args, answer):
    code, out, err = zhunru(capsys, *args)
    assert (code, out) == (0, answer + "\n")
    assert "2027 年的官方节假日安排缺失" in err
    assert "no official schedule for 2027" in err


def test_no_warning_once_the_year_has_overrides(capsys):
    WorkdayOverride.objects.create(day="2027-01-01", is_workday=False, note="元旦")
    assert zhunru(capsys, "add", "2026-12-31", "1") == (0, "2027-01-04\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026/09/30", "1"), "YYYY-MM-DD"),
        (("between", "2026-09-30", "tomorrow"), "YYYY-MM-DD"),
        (("check", "2026-02-30"), "YYYY-MM-DD"),
        (("add", "2026-09-30", "-1"), "N must be >= 0"),
    ],
)
def test_bad_input_is_refused(capsys, args, message):
    code, out, err = zhunru(capsys, *args)
    assert code != 0
    assert out == ""
    assert message in err
