"""How a concept's names are found in record text: the regexes behind every facet term.

Whole words only, case-insensitive, the last word with simple plural folding (``trial``/``trials``,
``therapy``/``therapies``; a digit may follow, as glued footnotes do: "multiple sclerosis3").
Names of 2-4 capitals (``MS``, ``RCT``) are matched case-sensitively and never before a digit,
because ``MS``, ``Ms`` and ``ms`` are different words, and so are HER and HER2. A negated name
('non-small cell') and a likeness ('influenza-like') are not the name. Free words are found by their
Porter stem (`stem_matcher`), and a question's subject words by their first letters (`prefix_matcher`),
so that an adjective finds its noun. `appraise.question` compiles a question's terms with these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bedside.appraise.wordlists import ABBREVIATION, AFTER, AFTER_WORD, BEFORE
from bedside.library import lexical
from bedside.search.vocabulary import Vocabulary
from bedside.search.words import NOT_COMPOUND_HEAD, NOT_COMPOUND_TAIL
from bedside.text.spelling import fold


@dataclass(frozen=True, slots=True)
class Term:
    """One facet concept with the regexes that find any of its names."""

    concept: str
    folded: re.Pattern[str] | None  # ordinary names, searched in lower-cased text
    exact: re.Pattern[str] | None  # abbreviations (2-4 capitals), searched in the original text
    group: str  # age group or pregnancy this term denotes, '' when none

    def found(self, text: str, low: str) -> bool:
        """Whether any name of the concept occurs in `text` (`low` is its lower-cased copy)."""
        return bool(
            (self.folded is not None and self.folded.search(low))
            or (self.exact is not None and self.exact.search(text))
        )

    def count(self, text: str, low: str) -> int:
        """How many times the concept is named in `text` (`low` is its lower-cased copy).

        An abbreviation inside a name already counted ('HIV' in 'HIV infection') is not counted
        again: a record naming HIV infection three times named it three times, not six.
        """
        folded = len(self.folded.findall(low)) if self.folded is not None else 0
        if self.exact is None:
            return folded
        exact = [m.span() for m in self.exact.finditer(text)]
        lowered = text.lower()
        if not exact or self.folded is None or len(lowered) != len(text):
            return folded + len(exact)
        names = [m.span() for m in self.folded.finditer(lowered)]
        return folded + sum(1 for a, b in exact if not any(x < b and a < y for x, y in names))


def name_matcher(concept: str, names: Sequence[str], group: str = "", given: bool = False) -> Term:
    """Regexes for all names of a concept: word-bounded, plural-folded, abbreviations exact.

    With `given`, a name followed by a word of measurement or biology (`MEASURED_AFTER`) is not a
    mention: "insulin sensitivity" and "vitamin D levels" say nothing of insulin or vitamin D given.
    """
    exact: list[str] = []
    folded: list[str] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        if ABBREVIATION.match(name):
            exact.append(name)
        else:
            # Both spellings: the name as written matches text as written, its folded form
            # (`text.spelling`) the folded record text and American text.
            folded.extend(dict.fromkeys((name.lower(), fold(name).lower())))
    tail = MEASURED_AFTER if given else ""
    # 'whooping cough' is not a cough, 'pulmonary hypertension' not high blood pressure (`not_within`).
    before, after = Vocabulary.default().guards(concept)
    return Term(
        concept,
        _bounded(folded, _fold, after + AFTER_WORD + tail, before),
        _bounded(exact, lambda n: NOT_COMPOUND_TAIL + re.escape(n) + "s?", AFTER + NOT_COMPOUND_HEAD + tail),
        group,
    )


def stem_matcher(word: str) -> Term:
    """A free word found by its Porter stem at the start of a word, in any inflection.

    Phrases ('vitamin D') and stems under three letters keep the whole-word match of facet
    names: a stem is only a safe prefix for a single word of some length. The word is matched in
    its folded spelling ('tumour' as 'tumor'), as the record text it is matched in is.
    """
    low = fold(word).strip().lower()
    root = lexical.stem(low)
    if len(root) < 3 or not root.isalnum():
        return name_matcher(word, [word])
    # Porter rewrites some suffixes rather than cutting them ('permeability' -> 'permeabl',
    # 'probability' -> 'probabl'): only the part the stem shares with the word is a safe prefix.
    if not low.startswith(root) and not (root.endswith("i") and low.startswith(root[:-1] + "y")):
        shared = next((i for i, (a, b) in enumerate(zip(root, low, strict=False)) if a != b), len(root))
        root = root[:shared] if shared >= 4 else root
    if root.endswith("osi") and len(root) > 5:
        # A process and its adjective: 'pyroptosis' and 'pyroptotic', 'fibrosis' and 'fibrotic'.
        body = re.escape(root[:-2]) + "(?:si|t)"
    elif root.endswith("i") and len(root) > 1:
        # Porter turns a final y into i ('therapy' -> 'therapi'): accept either spelling.
        body = re.escape(root[:-1]) + "[iy]"
    else:
        body = re.escape(root)
    return Term(word, re.compile(BEFORE + body) if root else None, None, "")


def prefix_matcher(word: str, kindred: Sequence[str] = ()) -> Term:
    """A technical word found by its first letters, so that its adjective finds its noun.

    'atherosclerotic' must find 'atherosclerosis', 'scapular' 'scapula', 'glial' 'glia',
    'tocopheryl' 'tocopherol' and 'FoxO3a' 'FOXO3', which Porter stems do not join. The prefix
    is the shortest of: all but the last three letters (at least five), the word less the last
    letter of an '-al' / '-ar' adjective, and its Porter stem when the word starts with it. A
    technical word is long and rare, so a prefix this long seldom finds a different word; when it
    does, the record is only kept direct. A gene or protein symbol ending in a digit is matched whole
    (`_symbol_body`): its family's other members share its first letters.
    """
    low = fold(word).strip().lower()
    symbol = _SYMBOL.fullmatch(low)
    if symbol:
        return Term(word, re.compile(BEFORE + _symbol_body(*symbol.groups())), None, "")
    root = lexical.stem(low)
    candidates = [low[: max(5, len(low) - 3)], low[:-1] if low.endswith(("al", "ar")) else low]
    if len(root) >= 5 and low.startswith(root):
        candidates.append(root)  # 'comorbidities' -> 'comorbid'
    body = min(candidates, key=len)
    # A word folded into several ('p110α' -> 'p110 alpha') is also found hyphenated ('p110-alpha').
    # `kindred`: word starts that say the same ('inherit', 'familial' for 'hereditary').
    bodies = [re.escape(b).replace(r"\ ", r"[\s-]+") for b in (body, *kindred)]
    if body.startswith("non") and len(body) >= 8:
        # 'nongametocytocidal' is as often written 'non-gametocytocidal' (or the other way round).
        bodies[0] = r"non[\s-]?" + bodies[0][3:]
    return Term(word, re.compile(BEFORE + "(?:" + "|".join(bodies) + ")"), None, "")


# A gene or protein symbol: letters and digits ending in a digit, perhaps with one more letter.
_SYMBOL = re.compile(r"([a-z][a-z0-9-]*\d)([a-z]?)")


def _symbol_body(head: str, tail: str) -> str:
    """A symbol's regex: its digits tell it from its family ('GATA-1' is not GATA-4, 'SETD1A' not
    SETD1B), a hyphen may come or go ('GATA1'), and a final letter may be left off ('FoxO3a' finds
    FOXO3) but not changed."""
    body = "".join(r"[\s-]?" if c == "-" else re.escape(c) for c in head)
    return body + (f"(?:{re.escape(tail)})?" if tail else "") + AFTER


NOT_NEGATED = r"(?<![Nn]on-)(?<![Nn]on )"
# A treatment's name as a measurement or a piece of biology: "insulin sensitivity index", "vitamin D
# levels", "serotonin receptor" describe the people or cells studied, not what they were given.
MEASURED_AFTER = (
    r"(?![\s-]+(?:levels?|concentrations?|status|resistance|sensitivity|secretion|receptors?|signal\w*|"
    r"metabolism|synthesis|production|pathways?|index|clearance|deficiency|insufficiency|binding|"
    r"expression|transport\w*)\b)"
)
# 'benzodiazepine-like properties' of a cannabinoid drug in rats, 'influenza-like illness', 'flu-like
# symptoms' of interferon: what is like a thing is not that thing.
NOT_LIKE = r"(?!-like\b)"


def _bounded(names: list[str], to_regex: Callable[[str], str], after: str, before: str = "") -> re.Pattern[str] | None:
    """Word-bounded alternation; a lookahead on the first letters lets the scan skip most positions.

    `before` and `after` are lookarounds the match must also pass (`Concept.guards`, measurement words).
    """
    if not names:
        return None
    first = "".join(sorted({re.escape(n[0]) for n in names}))
    alternatives = "|".join(to_regex(n) for n in names)
    # 'non-small cell lung cancer' is not small cell lung cancer, nor 'non-Hodgkin' Hodgkin.
    return re.compile(f"(?=[{first}])" + BEFORE + NOT_NEGATED + before + "(?:" + alternatives + ")" + after + NOT_LIKE)


def _fold(name: str) -> str:
    """Regex for a lower-cased name: words apart by any space or hyphen, last word singular or plural."""
    *head, last = re.split(r"[\s\-]+", name.strip())
    if len(last) > 3 and last.endswith("ies"):
        tail = re.escape(last[:-3]) + "(?:y|ies)"
    elif len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
        tail = re.escape(last[:-1]) + "(?:y|ies)"
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "is", "us", "ics")):
        tail = re.escape(last[:-1]) + "(?:s|es)?"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        tail = re.escape(last) + "(?:es)?"
    else:
        tail = re.escape(last) + "s?"
    return r"[\s\-]+".join([*(re.escape(w) for w in head), tail])
