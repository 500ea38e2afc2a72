"""Stage 1 of recognition: what kind of Amazon mail this is, from all of its text.

The evidence is data (``parsers.patterns.Phrases``, one table per language); this module holds the
rules that read it — the same for every language:

* subjects lose the tags mail filters and mailers put in front of them (``[SPAM]``, ``【迷惑メール】``,
  ``***SPAM***``, a market name in brackets) before anything is matched; nothing is anchored;
* each distinct phrase found counts (3 in the subject, 1 in the body; a template match 3);
* hypothetical mentions never count (a conditional before the phrase in its sentence, or after it in
  its clause: "if it has shipped", ``発送済みの場合``, ``キャンセルできない場合``);
* negation is a rule: a cancel verb with a negative form attached ("unable to cancel",
  ``キャンセルできませんでした``, ``キャンセルはいたしかねます``, ``キャンセル不可``) is evidence for
  ``cancel_rejected`` and voids the cancel evidence of its clause; a refused refund voids
  ``refunded`` and leaves the mail unrecognized with that reason;
* a later event supersedes the earlier ones the same mail mentions (``SUPERSEDES``);
* the strongest kind wins only with at least twice the evidence of the next: precision first, an
  unclear mail stays ``unrecognized`` with the reason, and the safety net shows it to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from parsers.patterns import Phrases

SUBJECT_WEIGHT = 3
BODY_WEIGHT = 1
TEMPLATE_WEIGHT = 3
NEGATED_WEIGHT = 2
# The key statements of Amazon's mails come first; footers (recommendations, legal text) do not count.
BODY_LIMIT = 12_000
# How far before a phrase a conditional may sit in its sentence.
HYPOTHETICAL_REACH = 80

# kind -> the kinds the same mail may also mention that it makes moot when at least as strong (a refund mail confirms that the
# return arrived; a refusal explains that the parcel already shipped).
SUPERSEDES: dict[str, tuple[str, ...]] = {
    "cancel_rejected": ("cancelled", "cancel_requested", "ordered", "out_for_delivery"),
    "cancelled": ("cancel_requested", "ordered"),
    "cancel_requested": ("ordered",),
    "shipped": ("ordered",),
    "out_for_delivery": ("shipped", "ordered"),
    "delivery_delayed": ("shipped", "ordered"),
    "delivered": ("shipped", "out_for_delivery", "delivery_delayed", "ordered"),
    "delivery_refused": ("shipped", "out_for_delivery", "delivered", "delivery_delayed"),
    "return_requested": ("delivered", "shipped"),
    "return_received": ("return_requested", "delivered", "shipped"),
    "refunded": ("return_received", "return_requested", "delivery_refused", "delivered"),
}
# Verb family -> the kinds its negation voids, and the kind a refusal becomes (None: unrecognized).
FLIPS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "cancel": (("cancelled", "cancel_requested"), "cancel_rejected"),
    "refund": (("refunded",), None),
}

# Tags spam filters and mailers put around subjects (any market); market names come from the tables.
FILTER_TAGS = (
    r"\[\s*(?:suspected |possible |probable )?spam\s*\??\s*\]", r"\*{2,}\s*spam\s*\*{2,}", r"\{\s*spam\??\s*\}",
    r"\(\s*spam\s*\)", r"^spam\s*:", r"【\s*(?:迷惑メール|迷惑|spam|SPAM|スパム)\s*】", r"\[\s*(?:meiwaku|junk|bulk)\s*\]",
    r"\[\s*迷惑メール\s*\]", r"【\s*(?:重要|要確認|外部|EXTERNAL)\s*】", r"\[\s*(?:external|ext)\s*\]",
)


def _non_capturing(pattern: str) -> str:
    """``pattern`` with its capturing groups made non-capturing (the engine numbers phrases itself)."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


def _alternation(patterns: tuple[str, ...] | list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None


_COMMON = frozenset({"ました", "されました", "しました", "いたしました", "ます", "ません", "です", "ご", "お", "を", "に",
                     "the", "your", "you", "has", "have", "been", "has been", "was", "were", "is", "are", "we",
                     "to", "of", "a", "it"})


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains, or None if unknown.

    A cheap ``in`` test on the lower-cased text then skips the regex scan of most phrases: ``re``
    cannot skip ahead for an alternation of words, so a scan costs ~50 µs even when nothing matches.
    """
    try:
        from re import _constants as c  # the parsed form of a regex (stable since 3.11, private)
        from re import _parser

        tree = _parser.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - an optimisation only: no gate
        return None

    def best_of(options: list[list[str]]) -> list[str] | None:
        usable = [o for o in options if o and all(o)]
        # The longest, unless it is an ending every mail is full of ("ました", "has been").
        return max(usable, key=lambda o: 0 if any(x.strip().lower() in _COMMON for x in o) else min(map(len, o)),
                   default=None)

    def walk(seq: object) -> list[str] | None:
        found: list[list[str]] = []
        run: list[str] = []
        for op, av in seq:  # type: ignore[attr-defined]
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                found.append(["".join(run)])
                run = []
            if op is c.SUBPATTERN:
                found.append(walk(av[3]) or [])
            elif op is c.BRANCH:
                branches = [walk(b) for b in av[1]]
                if all(branches):
                    found.append([s for b in branches for s in b])  # type: ignore[union-attr]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                found.append(walk(av[2]) or [])
        if run:
            found.append(["".join(run)])
        return best_of(found)

    literals = walk(tree)
    return tuple(dict.fromkeys(x.lower() for x in literals)) if literals else None


class _PhraseSet:
    """The phrases of one place (subject or body), each compiled on its own (one alternation of them
    all is 20x slower in ``re``: it loses every literal-prefix optimisation), each gated by the
    literals it cannot match without."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.phrases = [(kind, i, re.compile(phrase, re.IGNORECASE | re.MULTILINE), required_literals(phrase))
                        for kind, phrases in table.items() for i, phrase in enumerate(phrases)]
        self.literals = tuple({n for *_, need in self.phrases for n in need or ()})

    def candidates(self, text: str) -> list[tuple[str, int, re.Pattern[str]]]:
        """The phrases that may match ``text`` (one of their required literals is in it)."""
        low = text.lower()
        present = {n for n in self.literals if n in low}
        return [(kind, i, regex) for kind, i, regex, need in self.phrases
                if need is None or not present.isdisjoint(need)]

    def hits(self, text: str) -> list[tuple[str, int, int, int]]:
        """(kind, phrase index, start, end) of every match, phrase by phrase."""
        if not text:
            return []
        return [(kind, i, m.start(), m.end()) for kind, i, regex in self.candidates(text)
                for m in regex.finditer(text)]


class CompiledPhrases:
    """A ``Phrases`` table compiled once."""

    def __init__(self, phrases: Phrases) -> None:
        neg = phrases.negation
        self.table = phrases
        self.subject = _PhraseSet(phrases.subject)
        self.body = _PhraseSet(phrases.body)
        self.window = phrases.window
        self.families = list(neg.verbs)
        self.verbs = re.compile("|".join(f"(?P<{fam}>{'|'.join(_non_capturing(v) for v in stems)})"
                                         for fam, stems in neg.verbs.items()), re.IGNORECASE)
        self.after = _alternation(neg.after)
        self.before = _alternation(neg.before)
        self.refusal = _alternation(neg.refusal)
        self.mask = _alternation(neg.mask)
        self.hypothetical = _alternation(neg.hypothetical)
        self.clause_end = re.compile(neg.clause_end, re.IGNORECASE)
        self.sentence_end = re.compile(neg.sentence_end, re.IGNORECASE)


_COMPILED: dict[int, tuple[Phrases, CompiledPhrases]] = {}


def compiled(phrases: Phrases) -> CompiledPhrases:
    """The compiled form of a table (tables are module constants: compiled once per process)."""
    entry = _COMPILED.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        entry = _COMPILED[id(phrases)] = (phrases, CompiledPhrases(phrases))
    return entry[1]


@lru_cache(maxsize=64)
def _tag_regex(tags: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{t})" for t in (*FILTER_TAGS, *tags))
    return re.compile(rf"^\s*(?:{alternatives})\s*[:：\-]?\s*|\s*(?:{alternatives})\s*$", re.IGNORECASE)


def clean_subject(subject: str, tags: tuple[str, ...] = ()) -> str:
    """The normalised subject without leading/trailing filter tags and bracketed market names."""
    regex = _tag_regex(tags)
    for _ in range(6):  # tags stack: "[SPAM] 【Amazon.co.jp】 …"
        stripped = regex.sub("", subject, count=1)
        if stripped == subject:
            break
        subject = stripped
    return subject.strip()


class _Text:
    """One text and its rules; sentence and clause boundaries are searched near each hit only (a
    whole-text scan for them costs more than all the phrases)."""

    def __init__(self, text: str, rules: CompiledPhrases) -> None:
        self.text = text
        self.rules = rules

    def _last_end(self, regex: re.Pattern[str], lo: int, hi: int) -> int:
        """End of the last ``regex`` match in ``text[lo:hi]``, else ``lo``."""
        last = lo
        for m in regex.finditer(self.text, lo, hi):
            last = m.end()
        return last

    def sentence_start(self, pos: int) -> int:
        return self._last_end(self.rules.sentence_end, max(0, pos - HYPOTHETICAL_REACH), pos)

    def sentence_end(self, pos: int, reach: int) -> int:
        m = self.rules.sentence_end.search(self.text, pos, pos + reach)
        return m.end() if m else min(len(self.text), pos + reach)

    def clause_span(self, start: int, end: int) -> tuple[int, int]:
        """Where the clause holding ``start``..``end`` begins and ends (within the negation window)."""
        window = self.rules.window
        begin = self._last_end(self.rules.clause_end, max(0, start - window), start)
        m = self.rules.clause_end.search(self.text, end, end + window)
        return begin, (m.start() if m else min(len(self.text), end + window))

    def _clean(self, window: str) -> str:
        mask = self.rules.mask
        return mask.sub(" ", window) if mask is not None and window else window

    def hypothetical(self, start: int, end: int) -> bool:
        rule = self.rules.hypothetical
        if rule is None:
            return False
        before = self.text[max(self.sentence_start(start), start - HYPOTHETICAL_REACH):start]
        if before and rule.search(before):
            return True
        clause_end = self.clause_span(start, end)[1]
        after = self.text[end:min(clause_end, end + self.rules.window)]
        return bool(after) and rule.search(after) is not None

    def negated(self, start: int, end: int) -> tuple[bool, tuple[int, int]]:
        """Whether a negative form attaches to the verb at ``start``..``end``; and its clause."""
        rules = self.rules
        begin, finish = self.clause_span(start, end)
        if rules.after is not None:
            after = self._clean(self.text[end:min(finish, end + rules.window)])
            if after and rules.after.search(after):
                return True, (begin, finish)
        if rules.before is not None:
            before = self._clean(self.text[max(begin, start - rules.window):start])
            if before and rules.before.search(before):
                return True, (begin, finish)
        if rules.refusal is not None:
            sentence_end = self.sentence_end(end, 3 * rules.window)
            rest = self._clean(self.text[end:sentence_end])
            if rest and rules.refusal.search(rest):
                return True, (begin, sentence_end)
        return False, (begin, finish)


@dataclass
class Evidence:
    """What the text says, kind by kind (scores), and what it refuses."""

    scores: dict[str, int] = field(default_factory=dict)
    phrases: dict[str, set[tuple[str, int]]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # verb families with a negated occurrence

    def add(self, kind: str, key: tuple[str, int], weight: int) -> None:
        seen = self.phrases.setdefault(kind, set())
        if key not in seen:
            seen.add(key)
            self.scores[kind] = self.scores.get(kind, 0) + weight


def _scan(text: _Text, phrases: _PhraseSet, rules: CompiledPhrases, place: str, weight: int,
          evidence: Evidence) -> None:
    refused: dict[str, list[tuple[int, int]]] = {}
    raw = text.text
    for m in rules.verbs.finditer(raw):
        family = m.lastgroup
        if family is None or text.hypothetical(m.start(), m.end()):
            continue
        negated, clause = text.negated(m.start(), m.end())
        if negated:
            refused.setdefault(family, []).append(clause)
    for family in refused:
        evidence.refused.add(family)
        flipped = FLIPS.get(family, ((), None))[1]
        if flipped is not None:
            evidence.add(flipped, (f"{place}:negated", 0), weight if place == "subject" else NEGATED_WEIGHT)
    voided = {kind: refused[fam] for fam, (kinds, _) in FLIPS.items() if fam in refused for kind in kinds}
    if not raw:
        return
    counted: dict[str, list[tuple[int, int]]] = {}
    for kind, index, regex in phrases.candidates(raw):
        for m in regex.finditer(raw):  # the first occurrence that states the event counts, once
            start, end = m.start(), m.end()
            if any(b <= start < f for b, f in voided.get(kind, ())) or text.hypothetical(start, end):
                continue
            spans = counted.setdefault(kind, [])
            if any(s < end and start < e for s, e in spans):
                break  # two phrases of one kind on the same words are one statement
            spans.append((start, end))
            evidence.add(kind, (place, index), weight)
            break


def gather(subject: str, body: str, phrases: Phrases, template_kind: str | None = None) -> Evidence:
    """The evidence of one mail's cleaned, normalised subject and body."""
    rules = compiled(phrases)
    evidence = Evidence()
    _scan(_Text(subject, rules), rules.subject, rules, "subject", SUBJECT_WEIGHT, evidence)
    _scan(_Text(body[:BODY_LIMIT], rules), rules.body, rules, "body", BODY_WEIGHT, evidence)
    if template_kind is not None:
        # A template names a topic ("ご注文のキャンセルについて"); when the text refuses that very
        # event, the template's weight goes to the refusal (or nowhere, for a refund).
        for family, (kinds, flipped) in FLIPS.items():
            if template_kind in kinds and family in evidence.refused:
                template_kind = flipped
                break
        if template_kind is not None:
            evidence.add(template_kind, ("template", 0), TEMPLATE_WEIGHT)
    return evidence


@dataclass(frozen=True)
class Decision:
    kind: str | None
    reason: str | None
    scores: dict[str, int]


def decide(evidence: Evidence) -> Decision:
    """The kind the evidence supports, or None with the reason (no evidence / too close / refused)."""
    scores = {k: v for k, v in evidence.scores.items() if v > 0}
    for winner, losers in SUPERSEDES.items():
        if winner in evidence.scores:
            for loser in losers:
                # Only a statement at least as strong: a progress bar's "Delivered" label in an
                # order confirmation supersedes nothing.
                if loser in scores and evidence.scores[winner] >= evidence.scores[loser]:
                    del scores[loser]
    if not scores:
        if "refund" in evidence.refused:
            return Decision(None, "the mail says a refund was declined or is not possible", evidence.scores)
        return Decision(None, "no kind evidence: none of the table's phrases is in the subject or body",
                        evidence.scores)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    if len(ranked) > 1 and top < 2 * ranked[1][1]:
        close = ", ".join(f"{k} {v}" for k, v in ranked[:3])
        return Decision(None, f"kinds too close to call ({close})", evidence.scores)
    if best in ("refunded", "return_received") and "refund" in evidence.refused:
        return Decision(None, "the mail says a refund was declined or is not possible", evidence.scores)
    return Decision(best, None, evidence.scores)


def classify(subject: str, body: str, phrases: Phrases | None, template_kind: str | None = None) -> Decision:
    """Stage 1 for one mail of a market whose language table is ``phrases``."""
    if phrases is None:
        if template_kind is not None:
            return Decision(template_kind, None, {template_kind: TEMPLATE_WEIGHT})
        return Decision(None, "no phrase table for this market", {})
    return decide(gather(subject, body, phrases, template_kind))
