"""The judge (合规判定): is a demand that reached a community a duty, an assistance item, admitted work,
on the negative list, or unapproved? Implements the rules of formats.md "How a verdict is decided".

Pure Python over plain rows, so the database-free `zhunru judge` CLI, the web page, the API and the
front door all use the same code. Matching is by meaning, not by sample sentences: character bigrams
weighted by how rare they are in the district's own catalog (TF-IDF), the domain topics of
`lexicon.SYNONYMS` (general vocabulary of community work, on both sides), the words of the request itself
weighing more than its background, the demand concepts of `lexicon.CONCEPTS` (action + object) for the
negative list, and `lexicon.CERTIFICATES` for the 20 certificates asked for by their everyday names.
A safety net keeps a demand that speaks of the topic of a statutory duty, or of an assistance item of the
asking department, from being refused because its words are far from the catalog's.
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
from zhunru.gateway.lexicon import CERTIFICATES, CONCEPTS, SYNONYMS, Concept

DUTY, ASSIST, ADMITTED, NEGATIVE, UNAPPROVED = "duty", "assist", "admitted", "negative", "unapproved"
POSITIVE_LISTS = (DUTY, ASSIST, ADMITTED)
MATCH = 0.25  # below this an item does not cover the demand
NEGATIVE_BY_MEANING = 0.55  # a negative item this close needs no concept trigger
OVERRIDE_MARGIN = 0.20  # a positive item must beat a triggered negative one by this much
TRIGGERED_NEGATIVE = 0.35  # the least score of the negative item of a concept the demand triggers
SIGN_WORDS = re.compile(r"挂牌|牌子|标识牌|牌匾|标牌|招牌")
CERT_PHRASE = re.compile(r"(?:出具|开具|开个|开一份|提供|盖章)(?:一份|一个|个)?(.{1,16}?证明)")
_RUNS = re.compile(r"[0-9a-z\u4e00-\u9fff]+")
_ORDER = {"§" + canon: n for n, canon in enumerate(SYNONYMS)}
_SURFACES: dict[str, set[str]] = defaultdict(set)  # surface word → the topics it speaks of
for _canon, _words in SYNONYMS.items():
    for _word in {_canon, *_words}:
        _SURFACES[unicodedata.normalize("NFKC", _word).lower()].add("§" + _canon)
_BY_START: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)  # first two characters → words
for _word, _topics in _SURFACES.items():
    _BY_START[_word[:2]].append((_word, frozenset(_topics)))
TOP_K = 30  # candidates (by cosine) whose name coverage is computed
STOP_BIGRAMS = frozenset({"请社", "各社", "辖区", "区内", "本社", "做好", "开展"})
CONCEPT_BOOST = 2.0  # a shared domain concept (两个说法，同一件事) counts more than a shared bigram
SIGN_DEMAND = re.compile(
    r"挂牌|牌子|标识牌|牌匾|标牌|招牌|挂[“\"「][^”\"」]{1,14}[站室家点]|(设立|设置|成立).{0,12}(站|室|中心|之家)"
)
# A demand that the community issue a certificate: an issuing verb before 证明, or 证明 and then 开/盖章.
CERT_DEMAND = re.compile(
    r"(出具|开具|开个|开一份|开一个|开一张|开张|出个|出一个|出一份|出一张|出张|提供|盖章|盖个章|给开|帮开|开)"
    r"[^。；;！!？?]{0,20}?证明(?!材料|文件)"
    r"|证明(?!材料|文件)[^。；;！!？?]{0,10}?(盖章|盖个章|开一下|给开|开个|出一下|出具|开具)"
)
_CERT_KINDS = [(kind, [re.compile(p) for p in patterns]) for kind, patterns in CERTIFICATES.items()]
_SENTENCE_END = re.compile(r"[。！!？?；;\n]")
SIGN_KINDS = frozenset({"signboard", "organization", "venue"})
MATCH_OTHER_DEPARTMENT = 0.45  # to name an item another department may ask for, the match must be clear
SAFETY_NET = 0.15  # a duty or assistance item of this department sharing a topic is not refused below MATCH
REQUEST = re.compile(r"(请|要求|需要|需|让|由)(各|每个|你|本|所在)?社区|请")
BACKGROUND = 0.6  # weight of words only found before the request itself
PAPERWORK = re.compile(
    r"台账|报表|统计表|调查表|登记表|花名册|填表|名单.{0,8}(报送|上报)"
    r"|(每周|每月|每季度|每天|每日|定期).{0,12}(报送|更新|上报)"
)
CERTIFICATE = next(c for c in CONCEPTS if c.name == "certificate")
_TRIGGERS = [
    (c, re.compile("|".join(f"(?:{t.pattern})" for t in c.triggers)))
    for c in CONCEPTS
    if c is not CERTIFICATE
]
COSINE_WEIGHT = 0.8


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"@\S+", " ", text)


def concepts(text: str) -> list[str]:
    """The domain topics (canonical synonyms) a text speaks of, as tokens: every substring is looked up
    in the table of surface words, which is faster than one regex per topic."""
    found: set[str] = set()
    by_start = _BY_START
    for i in range(len(text) - 1):
        words = by_start.get(text[i : i + 2])
        if words:
            for word, topics in words:
                if len(word) == 2 or text.startswith(word, i):
                    found |= topics
    return sorted(found, key=_ORDER.__getitem__)


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


def certificate_kind(text: str, at: int | None = None) -> str | None:
    """Which of the 20 national certificates the words nearest to "证明" at `at` are about.

    生存证明 → 健在, 单身证明 → 婚姻状况, 户口簿遗失证明 → 证件遗失 (the nearer word wins), 开个证明，证明
    孩子和外公是祖孙关系 → 亲属关系 (words just after count, a little less).
    """
    at = len(text) if at is None else at
    start = max(0, at - 30)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, at)]
    before = text[ends[-1] if ends else start : at]
    stop = _SENTENCE_END.search(text, at + 2)
    after = text[at + 2 : min(stop.start() if stop else len(text), at + 22)]
    best: tuple[int, int, str] | None = None  # (distance, -length, kind)
    for kind, patterns in _CERT_KINDS:
        for pattern in patterns:
            for m in pattern.finditer(before):
                rank = (len(before) - m.end(), -(m.end() - m.start()), kind)
                best = rank if best is None or rank < best else best
            for m in pattern.finditer(after):
                rank = (m.start() + 6, -(m.end() - m.start()), kind)
                best = rank if best is None or rank < best else best
    return best[2] if best is not None else None


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
    topics: frozenset[str] = frozenset()  # domain topics the demand and the item both speak of
    hit: tuple[set[str], dict[str, float]] | None = None  # name tokens found, and their weights

    def words(self) -> list[str]:
        """The words of the item's name the demand used, weightiest first (for the reason)."""
        if not self.shared and self.hit is not None:
            found, weights = self.hit
            self.shared = [g.lstrip("§") for g in sorted(found, key=lambda g: (-weights[g], g))]
        return self.shared


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
        self.item_topics = [frozenset(g for g in grams if g.startswith("§")) for grams in docs]
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
        self.cert_by_kind: dict[str, list[int]] = defaultdict(list)
        for i in self.cert_items:
            name = normalize(self.items[i].name)
            at = name.rfind("证明")
            kind = certificate_kind(name, at if at >= 0 else len(name))
            if kind is not None:
                self.cert_by_kind[kind].append(i)
        self.negative_items = [
            item for item in self.items if item.list == NEGATIVE and item.kind != "certificate"
        ]
        # for each concept, the negative items that name it: (item, words in its name, words in its text)
        self.concept_items: dict[str, list[tuple[Item, int, int]]] = {}
        for concept in CONCEPTS:
            words = [w.lower() for w in concept.item_words]
            for item in self.negative_items:
                name = item.name.lower()
                text = name + item.description.lower()
                in_text = sum(w in text for w in words)
                if in_text:
                    in_name = sum(w in name for w in words)
                    self.concept_items.setdefault(concept.name, []).append((item, in_name, in_text))

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
        topics = frozenset(g for g in counts if g.startswith("§"))
        weights = {g: (1 + math.log(c)) * idf[g] for g, c in counts.items()}
        ask = REQUEST.search(plain)
        if ask is not None and ask.start() > 0:  # what is asked weighs more than why (背景 vs 请社区…)
            asked = set(tokens(plain[ask.start() :]))
            weights = {g: w if g in asked else w * BACKGROUND for g, w in weights.items()}
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
            hit = name.keys() & counts.keys()
            coverage = sum(name[g] for g in hit) / self.name_totals[i]
            item = self.items[i]
            if item.kind == "signboard" and coverage < 0.6:
                continue  # a sign is only the sign it names
            result = _Scored(item, COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * coverage, [])
            result.hit = (hit, name)
            result.parts = (cosine, coverage)
            result.topics = topics & self.item_topics[i]
            scored.append(result)
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored

    # ------------------------------------------------------------ departments

    def resolve_department(self, text: str) -> object | None:
        """By name, alias, code or a close variant; else the longest known name inside what was typed
        (样板县民政局, 县民政局社会救助股 → 县民政局)."""
        if not text:
            return None
        key = self.names.resolve(text)
        if key is not None:
            return key
        probe = normalize(text)
        for alias, candidate in self._aliases:
            if len(alias) >= 3 and alias in probe:
                return candidate
        return None

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
        fired = [c for c, trigger in _TRIGGERS if trigger.search(plain)]
        scored = self._score(text, plain)
        positive = [s for s in scored if s.item.list in POSITIVE_LISTS]
        best_positive = self._prefer(positive, asker, date, community)
        netted = False
        if best_positive is None or best_positive.score < MATCH:
            net = None if PAPERWORK.search(plain) else self._safety_net(positive, asker)
            if net is not None:
                best_positive, netted = net, True

        demand = CERT_DEMAND.search(plain)
        if demand is not None:
            cert = self._certificate(plain, plain.find("证明", demand.start()))
            if cert is None:
                return self._unlisted(CERTIFICATE, asker_name, scored)
            if cert.item.list == NEGATIVE:
                return self._negative(cert, asker_name)
            best_positive = cert

        negative = self._negative_match(fired, scored)
        if negative is not None and not (
            best_positive is not None and best_positive.score >= negative.score + OVERRIDE_MARGIN
        ):
            return self._negative(negative, asker_name)
        others = fired
        if others and (best_positive is None or best_positive.score < 0.5):
            return self._unlisted(others[0], asker_name, scored)
        if best_positive is None or (best_positive.score < MATCH and not netted):
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

    def _safety_net(self, candidates: list[_Scored], asker: object) -> _Scored | None:
        """A statutory duty, or an assistance item of the asking department, that speaks of the same domain
        topic as the demand: refusing it would refuse legitimate work, so it is taken below MATCH.
        (Not for paperwork — a ledger or a periodic report is covered only by an item that says so.)"""
        best: _Scored | None = None
        for s in candidates:
            item = s.item
            if item.list not in (DUTY, ASSIST) or not s.topics or s.score < SAFETY_NET:
                continue
            if item.department is not None and item.department != asker:
                continue
            if best is None or s.score > best.score:
                best = s
        return best

    def _negative_match(self, fired: list[Concept], scored: list[_Scored]) -> _Scored | None:
        """The negative item of a triggered concept (the closest one if several), else a very close one."""
        by_code = {s.item.code: s for s in scored}
        best: _Scored | None = None
        best_rank: tuple[bool, int, int, float] | None = None
        for concept in fired:
            for item, in_name, in_text in self.concept_items.get(concept.name, ()):
                found = by_code.get(item.code)
                score = max(found.score if found else 0.0, TRIGGERED_NEGATIVE)
                # the demand itself (selling, a quota of donations) before how it is enforced (ranking,
                # screenshots); an item named for the concept before one that mentions it in passing
                rank = (not concept.secondary, in_name, in_text, score)
                if best_rank is None or rank > best_rank:
                    best_rank = rank
                    best = _Scored(
                        item,
                        score,
                        found.words() if found else [],
                        topics=found.topics if found else frozenset(),
                    )
        if best is None:
            negatives = [s for s in scored if s.item.list == NEGATIVE and s.item.kind != "certificate"]
            if negatives and negatives[0].score >= NEGATIVE_BY_MEANING:
                best = negatives[0]
        return best

    def _certificate(self, plain: str, at: int) -> _Scored | None:
        """The certificate item the demanded certificate is: by what it certifies (单身证明 → 婚姻状况证明,
        see lexicon.CERTIFICATES), else by the words of its name."""
        if not self.cert_items:
            return None
        kind = certificate_kind(plain, at)
        if kind is not None and self.cert_by_kind.get(kind):
            return _Scored(self.items[self.cert_by_kind[kind][0]], 0.9, [kind])
        match = CERT_PHRASE.search(plain)
        phrase = match.group(1) if match is not None else plain[max(0, at - 12) : at + 2]
        wanted = set(tokens(_cert_core(phrase)))
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
        return s.words()[:6]

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
            if s.score < MATCH_OTHER_DEPARTMENT and not (s.score >= MATCH and len(s.topics) >= 2):
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
