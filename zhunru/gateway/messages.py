"""Splitting a paste of many messages into one demand each. Pure functions, no database.

Two shapes are understood:

* messages separated by blank lines (a few notices copied one after another);
* a chat export, where each message starts with a time stamp line, e.g. ``2026-03-02 09:15:33 张三``,
  ``张三 2026/3/2 9:15``, ``[2026-03-02 09:15] 区卫健委：请各社区……`` or ``2026年3月2日 上午9:15``. The
  stamp's date becomes the message's date and the name beside it its sender; blank lines inside a
  message are kept. Text before the first stamp is split by blank lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_MESSAGES = 200
_DATE = r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_TIME = r"(?:(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)"
_STAMP = rf"[\[【(（]?\s*{_DATE}\s*T?\s*{_TIME}\s*[\]】)）]?"  # a chat stamp always has a time
# A stamp first: "2026-03-02 09:15 张三" (sender on the line) or "[2026-03-02 09:15] 区卫健委：请……".
STAMP_FIRST = re.compile(rf"^\s*{_STAMP}(?:\s+|$)(?P<rest>.*)$")
# A stamp last, on a short line: "张三 2026/3/2 9:15" (the message follows on the next lines).
STAMP_LAST = re.compile(rf"^\s*(?P<sender>[^\s\d].{{0,29}}?)\s+{_STAMP}\s*$")
SENDER_MAX = 20
_SENTENCE = re.compile(r"[，。；！？,;!?]")


@dataclass(frozen=True)
class Message:
    text: str
    date: dt.date | None = None
    sender: str = ""


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _header(line: str) -> tuple[dt.date | None, str, str] | None:
    """(date, sender, text on the same line) when the line starts a stamped message, else None."""
    first = STAMP_FIRST.match(line)
    if first is not None:
        day = _date(first)
        if day is None:
            return None
        rest = first["rest"].strip()
        # "张三" or "张三：" alone names the sender; in "区卫健委：请各社区……" the words are the message
        # (kept whole: the judge reads the department from them).
        said = re.match(rf"(?P<who>[^:：]{{1,{SENDER_MAX}}})[:：]\s*(?P<text>.*)$", rest)
        if said is not None:
            return day, said["who"].strip(), rest if said["text"] else ""
        if rest and len(rest) <= SENDER_MAX and not _SENTENCE.search(rest):
            return day, rest, ""
        return day, "", rest
    last = STAMP_LAST.match(line)
    if last is not None:
        day = _date(last)
        if day is not None:
            return day, last["sender"].strip().rstrip(":："), ""
    return None


def _by_blank_lines(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def parse_messages(text: str) -> list[Message]:
    """The messages of a paste, in order, with the date and sender of a chat export when there is one."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    lines = text.split("\n")
    headers = [(i, h) for i, line in enumerate(lines) if (h := _header(line)) is not None]
    if not headers:
        return [Message(part) for part in _by_blank_lines(text)][:MAX_MESSAGES]
    messages = [Message(part) for part in _by_blank_lines("\n".join(lines[: headers[0][0]]))]
    for n, (i, (day, sender, same_line)) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
        body = "\n".join([same_line, *lines[i + 1 : end]]).strip()
        body = re.sub(r"\n\s*\n+", "\n", body)
        if body:
            messages.append(Message(body, day, sender))
    return messages[:MAX_MESSAGES]


def split_messages(text: str) -> list[str]:
    """The texts of the messages of a paste (see `parse_messages`)."""
    return [m.text for m in parse_messages(text)]
