"""The judge (合规判定): is a demand that reached a community a duty, an assistance item, admitted work,
on the negative list, or unapproved? Implements the rules of formats.md "How a verdict is decided".

Pure Python over plain rows, so the database-free `zhunru judge` CLI, the web page, the API and the
front door all use the same code. Matching is by meaning, not by sample sentences: character bigrams
weighted by how rare they are in the district's own catalog (TF-IDF), the domain synonyms of
`lexicon.SYNONYMS`, and the demand concepts of `lexicon.CONCEPTS` for the negative list.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from zhunru.areas.names import NameIndex
from zhunru.gateway.lexicon import CONCEPTS, SYNONYMS, Concept

DUTY, ASSIST, ADMITTED, NEGATIVE, UNAPPROVED = "duty", "assist", "admitted", "negative", "unapproved"
POSITIVE_LISTS = (DUTY, ASSIST, ADMITTED)
MATCH = 0.25  # below this an item does not cover the demand
NEGATIVE_BY_MEANING = 0.55  # a negative item this close needs no concept trigger
OVERRIDE_MARGIN = 0.20  # a positive item must beat a triggered negative one by this much
SIGN_WORDS = re.compile(r"挂牌|牌子|标识牌|牌匾|标牌|招牌")
CERT_PHRASE = re.compile(r"(?:出具|开具|开个|开一份|提供|盖章)(?:一份|一个|个)?(.{1,16}?证明)")
_RUNS = re.compile(r"[0-9a-z\u4e00-\u9fff]+")
_GROUPS = [
    (
        "§" + canon,
        re.compile("|".join(re.escape(w) for w in sorted({canon, *surfaces}, key=len, reverse=True))),
    )
    for canon, surfaces in SYNONYMS.items()
]
TOP_K = 30  # candidates (by cosine) whose name coverage is computed
STOP_BIGRAMS = frozenset({"请社", "各社", "辖区", "区内", "本社", "做好", "开展"})
CONCEPT_BOOST = 2.0  # a shared domain concept (两个说法，同一件事) counts more than a shared bigram
SIGN_DEMAND = re.compile(r"悬挂|挂牌|牌子|标识牌|牌匾|设立.{0,12}(站|室|点|中心)")
SIGN_KINDS = frozenset({"signboard", "organization", "venue"})
MATCH_OTHER_DEPARTMENT = 0.45
COSINE_WEIGHT = 0.8  # to name an item another department may ask for, the match must be clear


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"@\S+", " ", text)


def concepts(text: str) -> list[str]:
    """The domain concepts (canonical synonyms) a text speaks of, as tokens."""
    return [token for token, pattern in _GROUPS if pattern.search(text)]


def bigrams(text: str) -> list[str]:
    grams: list[str] = []
    for run in _RUNS.findall(text):
        if len(run) == 1:
            continue
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return [g for g in grams if g not in STOP_BIGRAMS]


def tokens(text: str) -> list[str]:
    return bigrams(text) + concepts(text)


def _cert_core(name: str) -> str:
    """出具居民婚姻状况证明 → 婚姻状况: what the certificate is about."""
    name = re.sub(r"^(请|需|为|给|社区|出具|开具|提供|一份|一个|个)+", "", name)
    return re.sub(r"(的)?证明$", "", name)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    list: str
    kind: str
    department: object | None  # a department key of the NameIndex, None = any department
    department_name: str
    basis: str
    description: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    scope: frozenset[str] | None  # area codes; None = every community

    def covers(self, community: str) -> bool:
        if self.scope is None:
            return True
        if community in self.scope:
            return True
        return any(code.endswith("000") and community.startswith(code.rstrip("0")) for code in self.scope)


@dataclass
class Verdict:
    verdict: str
    item: str
    score: float
    reason: str
    department: str = ""
    matched: list[str] = field(default_factory=list)
    item_name: str = ""


@dataclass
class _Scored:
    item: Item
    score: float
    shared: list[str]
    parts: tuple[float, float] = (0.0, 0.0)


class Judge:
    def __init__(
        self,
        items: Iterable[Item],
        departments: Iterable[tuple[object, str, Iterable[str], str]],
        communities: Mapping[str, str] | None = None,
    ) -> None:
        self.items = list(items)
        department_rows = list(departments)
        self.names = NameIndex.build(department_rows)
        self.department_names = {key: name for key, name, _aliases, _code in department_rows}
        self._aliases = sorted(
            (
                (normalize(a), key)
                for key, name, aliases, _code in department_rows
                for a in (name, *aliases)
                if a
            ),
            key=lambda pair: -len(pair[0]),
        )
        self.communities = dict(communities or {})
        self._build_index()

    # ------------------------------------------------------------ index

    def _build_index(self) -> None:
        docs = []
        for item in self.items:
            docs.append(tokens(normalize(f"{item.name} {item.name} {item.description}")))
        n = len(docs)
        df: dict[str, int] = defaultdict(int)
        for grams in docs:
            for g in set(grams):
                df[g] += 1
        self.idf = {
            g: math.log((n + 1) / (c + 0.5)) * (CONCEPT_BOOST if g.startswith("§") else 1.0)
            for g, c in df.items()
        }
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.name_grams: list[dict[str, float]] = []
        for i, grams in enumerate(docs):
            counts: dict[str, int] = defaultdict(int)
            for g in grams:
                counts[g] += 1
            weights = {g: (1 + math.log(c)) * self.idf[g] for g, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for g, w in weights.items():
                postings[g].append((i, w / norm))
            core = self.items[i].name
            if self.items[i].kind == "signboard":
                core = SIGN_WORDS.sub("", core)
            self.name_grams.append({g: self.idf.get(g, 0.0) for g in set(tokens(normalize(core)))})
        self.name_totals = [sum(name.values()) or 1.0 for name in self.name_grams]
        self.postings = {
            g: (
                np.fromiter((i for i, _w in p), dtype=np.int32),
                np.fromiter((w for _i, w in p), dtype=np.float64),
            )
            for g, p in postings.items()
        }
        self.sign_mask = np.array([item.kind in SIGN_KINDS for item in self.items], dtype=bool)
        self.cert_items = [i for i, item in enumerate(self.items) if item.kind == "certificate"]
        self.cert_tokens = []
        for i in self.cert_items:
            item_tokens = set(tokens(_cert_core(normalize(self.items[i].name))))
            self.cert_tokens.append((i, item_tokens, sum(self.idf.get(g, 1.0) for g in item_tokens) or 1.0))
        self.negative_items = [
            item for item in self.items if item.list == NEGATIVE and item.kind != "certificate"
        ]

    def _score(self, text: str, plain: str | None = None) -> list[_Scored]:
        """Items by similarity: 0.8 × TF-IDF cosine + 0.2 × how much of the item's name is covered."""
        plain = plain if plain is not None else normalize(text)
        idf = self.idf
        counts: dict[str, int] = {}
        for g in tokens(plain):
            if g in idf:
                counts[g] = counts.get(g, 0) + 1
        if not counts:
            return []
        weights = {g: (1 + math.log(c)) * idf[g] for g, c in counts.items()}
        inv = 1.0 / (math.sqrt(sum(w * w for w in weights.values())) or 1.0)
        postings = self.postings
        index = np.concatenate([postings[g][0] for g in weights])
        values = np.concatenate([postings[g][1] * (w * inv) for g, w in weights.items()])
        dots = np.bincount(index, weights=values, minlength=len(self.items))
        if SIGN_DEMAND.search(plain):  # a demand for a sign or a station is only covered by such an item
            dots[~self.sign_mask] = 0.0
        top = np.argpartition(-dots, TOP_K)[:TOP_K] if len(dots) > TOP_K else np.arange(len(dots))
        scored = []
        for i in top.tolist():
            cosine = float(dots[i])
            if cosine <= 0.0:
                continue
            name = self.name_grams[i]
            hit = [g for g in name if g in counts]
            coverage = sum(name[g] for g in hit) / self.name_totals[i]
            item = self.items[i]
            if item.kind == "signboard" and coverage < 0.6:
                continue  # a sign is only the sign it names
            result = _Scored(
                item, COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * coverage, [h.lstrip("§") for h in hit]
            )
            result.parts = (cosine, coverage)
            scored.append(result)
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored

    # ------------------------------------------------------------ departments

    def resolve_department(self, text: str) -> object | None:
        return self.names.resolve(text) if text else None

    def detect_department(self, text: str) -> object | None:
        """From the words of a message: 【区卫健委】…, 区民政局通知：…, or a known name in the text."""
        head = normalize(text)[:40]
        bracket = re.match(r"\s*[【\[](.{2,20}?)[】\]]", head)
        if bracket:
            key = self.names.resolve(bracket.group(1))
            if key is not None:
                return key
        lead = re.match(r"\s*(.{2,20}?)(?:通知|提醒|要求)?[:：]", head)
        if lead:
            key = self.names.resolve(lead.group(1))
            if key is not None:
                return key
        for alias, key in self._aliases:
            if len(alias) >= 3 and alias in head:
                return key
        return None

    # ------------------------------------------------------------ verdict

    def judge(
        self, *, text: str, department: str = "", date: dt.date | None = None, community: str = ""
    ) -> Verdict:
        asker = self.resolve_department(department) if department else self.detect_department(text)
        asker_name = self.department_names.get(asker, department) if asker is not None else department
        date = date or dt.date.today()
        plain = normalize(text)
        fired = [c for c in CONCEPTS if any(t.search(plain) for t in c.triggers)]
        scored = self._score(text, plain)
        positive = [s for s in scored if s.item.list in POSITIVE_LISTS]
        best_positive = self._prefer(positive, asker, date, community)

        certificate = next((c for c in fired if c.name == "certificate"), None)
        if certificate is not None:
            cert = self._certificate(text)
            if cert is None:
                return self._unlisted(certificate, asker_name, scored)
            if cert.item.list == NEGATIVE:
                return self._negative(cert, asker_name)
            best_positive = cert

        negative = self._negative_match(fired, scored)
        if negative is not None and not (
            best_positive is not None and best_positive.score >= negative.score + OVERRIDE_MARGIN
        ):
            return self._negative(negative, asker_name)
        others = [c for c in fired if c.name != "certificate"]
        if others and (best_positive is None or best_positive.score < 0.5):
            return self._unlisted(others[0], asker_name, scored)
        if best_positive is None or best_positive.score < MATCH:
            return Verdict(
                UNAPPROVED,
                "",
                round(1 - (best_positive.score if best_positive else 0.0), 2),
                "该事项不在本区社区工作事项清单中，未经准入程序，社区有权拒绝。",
                asker_name,
            )
        return self._apply_rules(best_positive, asker, asker_name, date, community)

    def _prefer(
        self, candidates: list[_Scored], asker: object, date: dt.date, community: str
    ) -> _Scored | None:
        """Among close candidates, the one this department may actually ask for."""
        if not candidates:
            return None
        top = candidates[0].score

        def fit(s: _Scored) -> float:
            item = s.item
            bonus = 0.0
            if item.department is None or item.department == asker:
                bonus += 0.05
            if self._valid(item, date) and item.covers(community):
                bonus += 0.03
            return s.score + bonus

        close = [s for s in candidates if s.score >= top - 0.08]
        return max(close, key=fit)

    def _negative_match(self, fired: list[Concept], scored: list[_Scored]) -> _Scored | None:
        """The negative item of a triggered concept (the closest one if several), else a very close one."""
        by_code = {s.item.code: s for s in scored}
        best: _Scored | None = None
        for concept in fired:
            if concept.name == "certificate":
                continue
            for item in self.negative_items:
                text = (item.name + item.description).lower()
                if any(w.lower() in text for w in concept.item_words):
                    candidate = by_code.get(item.code) or _Scored(item, 0.0, [])
                    if best is None or candidate.score > best.score:
                        best = candidate
        if best is None:
            negatives = [s for s in scored if s.item.list == NEGATIVE and s.item.kind != "certificate"]
            if negatives and negatives[0].score >= NEGATIVE_BY_MEANING:
                best = negatives[0]
        return best

    def _certificate(self, text: str) -> _Scored | None:
        """The certificate item the demanded certificate is (by its name, 亲属关系证明 …), if any."""
        match = CERT_PHRASE.search(normalize(text))
        if match is None or not self.cert_items:
            return None
        wanted = set(tokens(_cert_core(match.group(1))))
        best: tuple[float, int, list[str]] | None = None
        for i, item_tokens, total in self.cert_tokens:
            shared = sorted(wanted & item_tokens)
            score = sum(self.idf.get(g, 1.0) for g in shared) / total
            if shared and (best is None or score > best[0]):
                best = (score, i, shared)
        if best is None or best[0] < 0.34:
            return None
        return _Scored(self.items[best[1]], min(1.0, 0.5 + best[0] / 2), [g.lstrip("§") for g in best[2]])

    def _valid(self, item: Item, date: dt.date) -> bool:
        return (item.valid_from is None or item.valid_from <= date) and (
            item.valid_to is None or date <= item.valid_to
        )

    # ------------------------------------------------------------ answers

    @staticmethod
    def _words(s: _Scored) -> list[str]:
        return s.shared[:6]

    def _negative(self, s: _Scored, asker_name: str) -> Verdict:
        item = s.item
        basis = item.basis or "本区社区减负规定"
        reason = f"该要求属于负面清单事项“{item.name}”（{item.code}），依据{basis}，社区不应承担，有权拒绝。"
        return Verdict(
            NEGATIVE,
            item.code,
            round(min(1.0, max(s.score, 0.5)), 2),
            reason,
            asker_name,
            self._words(s),
            item.name,
        )

    def _unlisted(self, concept: Concept, asker_name: str, scored: list[_Scored]) -> Verdict:
        if concept.name == "certificate":
            reason = (
                "社区被要求出具的证明不在社区可出具证明的清单中，未经准入，社区有权拒绝并告知到主管部门办理。"
            )
        else:
            reason = f"该要求属于{concept.label}，不在本区社区工作事项清单中，未经准入，社区有权拒绝。"
        return Verdict(UNAPPROVED, "", 0.8, reason, asker_name)

    def _apply_rules(
        self, s: _Scored, asker: object, asker_name: str, date: dt.date, community: str
    ) -> Verdict:
        item = s.item
        words = self._words(s)
        score = round(min(1.0, s.score + 0.2), 2)
        label = f"“{item.name}”（{item.code}）"
        asker_text = asker_name or "来源不明的单位"
        if item.department is not None and item.department != asker:
            if s.score < MATCH_OTHER_DEPARTMENT:
                return Verdict(
                    UNAPPROVED,
                    "",
                    round(1 - s.score, 2),
                    "该事项不在本区社区工作事项清单中，未经准入程序，社区有权拒绝。",
                    asker_name,
                )
            kind = "准入" if item.list == ADMITTED else "规定"
            reason = (
                f"{label}只{kind}由{item.department_name}提出，"
                f"{asker_text}提出的这项要求未经准入，社区有权拒绝。"
            )
            return Verdict(UNAPPROVED, item.code, score, reason, asker_name, words, item.name)
        if item.valid_from is not None and date < item.valid_from:
            reason = f"{label}自{item.valid_from.isoformat()}起才生效，此前的要求未经准入，社区有权拒绝。"
            return Verdict(UNAPPROVED, item.code, score, reason, asker_name, words, item.name)
        if item.valid_to is not None and date > item.valid_to:
            reason = f"{label}已于{item.valid_to.isoformat()}到期，到期后的要求未经准入，社区有权拒绝。"
            return Verdict(UNAPPROVED, item.code, score, reason, asker_name, words, item.name)
        if community and not item.covers(community):
            place = self.communities.get(community, community)
            reason = f"{label}未准入{place}，对本社区的要求未经准入，社区有权拒绝。"
            return Verdict(UNAPPROVED, item.code, score, reason, asker_name, words, item.name)
        basis = item.basis or "本区社区工作事项清单"
        if item.list == DUTY:
            reason = f"属于社区依法履职事项{label}，依据{basis}，社区应当办理。"
        elif item.list == ASSIST:
            reason = f"属于依法协助事项{label}，依据{basis}，社区应当协助办理。"
        else:
            until = f"，有效期至{item.valid_to.isoformat()}" if item.valid_to else ""
            reason = f"属于已准入事项{label}，依据{basis}{until}，社区应当办理。"
        return Verdict(item.list, item.code, score, reason, asker_name, words, item.name)
