"""Resolving what people write ("区人武部", "卫健委", a credit code) to one department.

Pure Python over (key, name, aliases, code) tuples so that the database-free `zhunru judge` can use
it as well as the web. Exact matches win; then names with the usual prefixes and suffixes stripped;
then a close variant (characters in order, e.g. 区人武部 → 区人民武装部), only when one candidate
clearly beats the others.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

PREFIXES = ("中共", "区委", "市", "区", "县", "镇", "乡")
SUFFIXES = ("办事处", "人民政府", "政府", "办公室")
_PUNCT = re.compile(r"[\s\u3000【】\[\]()（）「」『』《》<>\"'“”‘’:：,，。.、;；!！?？\-—_]+")


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), upper case, no spaces or punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).upper()


def core_name(text: str) -> str:
    """The name without the usual administrative prefixes and suffixes."""
    text = normalize(text)
    changed = True
    while changed and len(text) > 2:
        changed = False
        for p in PREFIXES:
            if text.startswith(p) and len(text) - len(p) >= 2:
                text, changed = text[len(p) :], True
        for s in SUFFIXES:
            if text.endswith(s) and len(text) - len(s) >= 2:
                text, changed = text[: -len(s)], True
    return text


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@dataclass
class NameIndex:
    exact: dict[str, set[Hashable]] = field(default_factory=dict)
    core: dict[str, set[Hashable]] = field(default_factory=dict)
    names: list[tuple[str, Hashable]] = field(default_factory=list)

    @classmethod
    def build(cls, entries: Iterable[tuple[Hashable, str, Iterable[str], str]]) -> NameIndex:
        index = cls()
        for key, name, aliases, code in entries:
            for text in (name, code, *aliases):
                if not text:
                    continue
                index.exact.setdefault(normalize(text), set()).add(key)
                index.core.setdefault(core_name(text), set()).add(key)
                index.names.append((normalize(text), key))
        return index

    def resolve(self, text: str) -> Hashable | None:
        """The one key the text names, or None when unknown or ambiguous."""
        query = normalize(text or "")
        if not query:
            return None
        for table, probe in ((self.exact, query), (self.core, core_name(query))):
            keys = table.get(probe)
            if keys:
                return next(iter(keys)) if len(keys) == 1 else None
        return self._closest(query)

    def _closest(self, query: str) -> Hashable | None:
        scores: dict[Hashable, float] = {}
        core_query = core_name(query)
        for name, key in self.names:
            ratio = difflib.SequenceMatcher(None, core_query, core_name(name)).ratio()
            if len(query) >= 3 and _is_subsequence(query, name):
                ratio = max(ratio, 0.75 + 0.25 * len(query) / len(name))
            if ratio > scores.get(key, 0.0):
                scores[key] = ratio
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        best_key, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= 0.75 and best - runner_up >= 0.08:
            return best_key
        return None
