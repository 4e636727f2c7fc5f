"""Bad input: an empty demand is refused with a clear message; an unknown department is still judged
(the department unknown); a malformed file for `zhunru judge` exits 2, names every bad row and
writes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhunru.core.errors import ValidationFailed
from zhunru.demo import loader
from zhunru.gateway import services
from zhunru.gateway.models import TaskNotice


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text_is_refused(catalog, community_worker, text):
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(actor=community_worker, text=text)
    assert exc.value.field == "text"
    assert "任务内容" in str(exc.value.message)
    assert not TaskNotice.objects.exists()


@pytest.mark.django_db
def test_unknown_department_is_still_judged(catalog, community_worker, today):
    notice = services.notice_register(
        actor=community_worker,
        text="请社区派人上街查处占道经营，拆除违法建设。",
        department_text="区航模协会",
    )
    assert notice.department is None
    assert notice.department_text == "区航模协会"
    assert notice.verdict == "negative"
    assert notice.source_name == "区航模协会"


@pytest.mark.django_db
def test_bad_dates_and_hours(catalog, community_worker):
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(actor=community_worker, text="请报送。", received_on="2026-13-01")
    assert exc.value.field == "received_on"
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(
            actor=community_worker, text="请报送。", received_on="2026-03-05", deadline="2026-03-01"
        )
    assert exc.value.field == "deadline"
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(actor=community_worker, text="请报送。", hours="很多")
    assert exc.value.field == "hours"
    assert not TaskNotice.objects.exists()


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_notices_file_exits_2_naming_rows_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("catalog.csv", "departments.csv", "communities.csv"):
        (data / name).write_bytes(loader.data_file(name))
    notices = _write(
        tmp_path / "notices.csv",
        "id,department,date,community,text\n"
        "N1,区卫健委,2026-03-02,990101001001,请社区通知老年人体检。\n"
        "N1,区卫健委,2026-03-02,990101001001,重复的编号。\n"
        ",区民政局,2026/03/02,990101001001,\n",
    )
    out = tmp_path / "verdicts.csv"
    with pytest.raises(SystemExit) as exc:
        call_command(
            "judge",
            catalog=str(data / "catalog.csv"),
            departments=str(data / "departments.csv"),
            communities=str(data / "communities.csv"),
            notices=str(notices),
            out=str(out),
        )
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "第 3 行 [id]" in err and "重复" in err
    assert "第 4 行 [id]" in err and "第 4 行 [text]" in err and "第 4 行 [date]" in err
    assert not out.exists()


def test_a_notices_file_without_the_text_column_exits_2(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("catalog.csv", "departments.csv"):
        (data / name).write_bytes(loader.data_file(name))
    notices = _write(tmp_path / "notices.csv", "id,department\nN1,区卫健委\n")
    out = tmp_path / "verdicts.csv"
    with pytest.raises(SystemExit) as exc:
        call_command(
            "judge",
            catalog=str(data / "catalog.csv"),
            departments=str(data / "departments.csv"),
            notices=str(notices),
            out=str(out),
        )
    assert exc.value.code == 2
    assert "text" in capsys.readouterr().err
    assert not out.exists()
