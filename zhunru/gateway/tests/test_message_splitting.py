"""Splitting a paste of many messages: by blank lines, or by the time stamps of a chat export."""

from __future__ import annotations

import datetime as dt

from zhunru.gateway.services import parse_messages, split_messages


def test_blank_lines_separate_messages():
    text = (
        "请社区报送人口数据。\n\n  \n"
        "【区卫健委】请通知老年人体检。\n第二行仍是同一条。\n\n\n"
        "区民政局通知：核查低保。\n"
    )
    assert split_messages(text) == [
        "请社区报送人口数据。",
        "【区卫健委】请通知老年人体检。\n第二行仍是同一条。",
        "区民政局通知：核查低保。",
    ]


def test_one_message_and_nothing():
    assert split_messages("  请社区报送人口数据。 ") == ["请社区报送人口数据。"]
    assert split_messages("") == []
    assert split_messages(" \n\n \u3000\n") == []


def test_windows_line_ends():
    assert split_messages("第一条\r\n\r\n第二条") == ["第一条", "第二条"]


def test_a_chat_export_with_the_stamp_first():
    text = (
        "2026-03-02 09:15:33 张三\n"
        "请各社区报送辖区内所有居民的体检数据。\n"
        "\n"
        "明天下班前交。\n"
        "2026-03-03 10:00 李四\n"
        "区民政局通知：请社区协助核查低保家庭。\n"
    )
    messages = parse_messages(text)
    assert [m.text for m in messages] == [
        "请各社区报送辖区内所有居民的体检数据。\n明天下班前交。",
        "区民政局通知：请社区协助核查低保家庭。",
    ]
    assert [m.date for m in messages] == [dt.date(2026, 3, 2), dt.date(2026, 3, 3)]
    assert [m.sender for m in messages] == ["张三", "李四"]


def test_a_chat_export_with_the_stamp_after_the_name():
    text = "王五 2026/3/2 9:15\n请社区开会。\n区卫健委 2026/3/4 14:05\n请通知老年人体检。"
    messages = parse_messages(text)
    assert [(m.sender, m.date, m.text) for m in messages] == [
        ("王五", dt.date(2026, 3, 2), "请社区开会。"),
        ("区卫健委", dt.date(2026, 3, 4), "请通知老年人体检。"),
    ]


def test_stamp_and_words_on_one_line_keep_the_words_whole():
    text = "[2026-03-02 09:15] 区卫健委：请各社区报送疫苗接种情况。\n2026年3月5日 下午3:20 王五：好的"
    messages = parse_messages(text)
    assert [m.text for m in messages] == ["区卫健委：请各社区报送疫苗接种情况。", "王五：好的"]
    assert [m.sender for m in messages] == ["区卫健委", "王五"]
    assert messages[1].date == dt.date(2026, 3, 5)


def test_text_before_the_first_stamp_is_kept():
    text = "转发的通知\n\n2026-03-02 09:15 张三\n请报送。"
    assert split_messages(text) == ["转发的通知", "请报送。"]


def test_a_date_inside_a_message_is_not_a_stamp():
    text = "截止日期 2026-03-05\n请于2026年3月5日 前报送。"
    assert split_messages(text) == [text]


def test_an_impossible_date_is_not_a_stamp():
    assert parse_messages("2026-02-30 09:15 张三\n请报送。")[0].date is None
