"""One spelling for words that medicine writes two ways, so that matching sees them as one.

PubMed abstracts are mostly written in American spelling; Cochrane reviews, NICE guidance and
many clinicians write British ("tumour", "paediatric", "randomised", "oedema", "GLP-1
analogue"). SQLite's Porter stemmer does not join the two ("randomised" -> "randomis",
"randomized" -> "random"; "tumour" and "tumor" stay apart), so a question in one spelling missed
every record written in the other unless the vocabulary happened to list both. Greek letters
are the same problem in another form: "NF-κB", "NF-kappaB" and "NF-kappa B" are one thing, but
the tokenizer makes "κb", "kappab" and "kappa b" of them, and a lone "γ" in a question was
dropped as a one-letter word.

`fold` rewrites a text to one spelling (American; Greek letters spelled out and set apart as
their own word) for the lexical index, the query words and the appraisal's word matching. It
is never applied to what is shown or quoted: quotes stay verbatim. The rules are lists of word
parts rather than a dictionary, written so that no ordinary American word changes (the tests
hold the exceptions: "exercise", "advise", "appraise", "diabetes", "alphabet", "colour" but
not "our", "analyses" left alone because it is also the plural of "analysis").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
GREEK.update({letter.upper(): name for letter, name in GREEK.items() if letter != "ς"})
_GREEK_LETTER = re.compile("[" + "".join(GREEK) + "]")

# A spelled-out letter glued to a name ("TNFalpha", "RORgamma", "kappaB", "beta1", "PKCdelta"):
# after a letter or digit, or before a capital or digit. Only names long enough not to hide in
# ordinary words, and the lookahead is case-sensitive, so "alphabet", "betaine" and "diabetes"
# stay whole. One regex per name: an alternation of all ten costs four times as much.
_GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "kappa", "lambda", "theta", "sigma", "omega")
_GLUED = {
    name: re.compile(rf"(?<=[A-Za-z0-9])(?i:{name})(?=[A-Z0-9]|\b)|\b(?i:{name})(?=[A-Z0-9])") for name in _GREEK_NAMES
}

# British word parts and their American spelling, matched at the start of a word or after a
# hyphen or a prefix as written ("anaem" in "anaemia", "haem" in "haemodialysis", "aemia" ending
# "hypoglycaemia").
_PARTS: dict[str, str] = {
    "haem": "hem",  # haemoglobin, haemorrhage, haematology
    "aemi": "emi",  # anaemia, ischaemic, leukaemia, hypoglycaemia ('extraembryonic' keeps its ae)
    "paed": "ped",  # paediatric, orthopaedic
    "anaes": "anes",  # anaesthesia
    "aetiol": "etiol",
    "caesar": "cesar",
    "faec": "fec",
    "gynaec": "gynec",
    "oedem": "edem",
    "oesoph": "esoph",
    "oestr": "estr",
    "foet": "fet",
    "rrhoea": "rrhea",  # diarrhoea, amenorrhoea, gonorrhoea
    "pnoea": "pnea",  # dyspnoea, apnoea, tachypnoea
    "coeliac": "celiac",
    "manoeuvre": "maneuver",
    "manoeuv": "maneuv",
    "sulph": "sulf",  # sulphate, sulphonylurea
    "leuco": "leuko",  # leucocyte, leucopenia ('leucine' has no o)
    "ageing": "aging",
    "judgement": "judgment",
    "aluminium": "aluminum",
}
_PART_RES = {part: re.compile(part, re.IGNORECASE) for part in sorted(_PARTS, key=len, reverse=True)}

# Whole words only: "programmed" is American too.
_WHOLE = re.compile(r"\b(programme|grey)(s?)\b", re.IGNORECASE)
_WHOLE_TO = {"programme": "program", "grey": "gray"}

# Whole-word stems: -our (tumour, behaviour), -re (centre, fibre, litre), -ogue (analogue), and
# the doubled l of British inflections (labelled, signalling, modelling, counsellor). Each list
# gives both its regex and the substring cues that decide whether the regex runs at all.
_OUR_STEMS = ("tum", "behavi", "col", "fav", "lab", "hum", "od", "vig", "hon", "neighb", "flav", "vap", "rum", "sav",
              "harb", "endeav")  # fmt: skip
_RE_STEMS = ("cent", "epicent", "fib", "lit", "millilit", "decilit", "met", "millimet", "centimet", "micromet",
             "nanomet", "kilomet", "theat", "calib", "lust", "spect")  # fmt: skip
_DOUBLE_L_STEMS = ("label", "model", "signal", "counsel", "travel", "cancel", "channel", "fuel", "tunnel", "level",
                   "total", "dial", "equal", "marshal")  # fmt: skip
_OUR = re.compile(rf"\b({'|'.join(_OUR_STEMS)})our", re.IGNORECASE)
_RE = re.compile(rf"\b({'|'.join(_RE_STEMS)})re(s|d)?\b", re.IGNORECASE)
_OGUE = re.compile(r"\b(catal|dial|anal|hom|prol|epil|monol)ogue(s)?\b", re.IGNORECASE)
_DOUBLE_L = re.compile(rf"\b({'|'.join(_DOUBLE_L_STEMS)})l(ed|ing|er|ers|or|ors)\b", re.IGNORECASE)
_OUR_CUES = tuple(stem + "our" for stem in _OUR_STEMS)
_RE_CUES = tuple(stem + "re" for stem in _RE_STEMS)
_DOUBLE_L_CUES = tuple(stem + "l" for stem in _DOUBLE_L_STEMS)
# -ise, -ised, -ising, -isation, -iser: the British forms of -ize, except in words that are
# spelled -ise in American English too (a stem of at least four letters, and not one of these).
# The regex finds the ending (a literal start, so the scan is fast); the stem is read backwards.
_ISE_END = re.compile(r"is(?:es|ed|ers?|ing|ations?|e)\b", re.IGNORECASE)
# A stem ending in one of these keeps its -ise ("immunocompromised", "unsupervised"), as does
# any stem ending in w ("otherwise", "likewise").
_ISE_KEPT = (
    "exerc", "superv", "surpr", "comprom", "prom", "prem", "improv", "compr", "desp", "circumc",
    "telev", "disgu", "chast", "merchand", "franch", "enterpr", "appra", "expert", "prec", "conc",
    "treat", "parad", "torto", "porpo", "turquo", "repr", "mort", "cer", "val", "upr", "sunr",
    "moonr", "surm", "w",
)  # fmt: skip
# -ysed, -ysing: analysed, paralysed, dialysed, hydrolysed ("analyses" stays: also a plural noun).
_YSE = re.compile(r"\b([a-z]{2,}l)ys(ed|ing)\b", re.IGNORECASE)


def _ize(text: str) -> str:
    """-ise forms in -ize ("randomised" -> "randomized"), keeping American -ise words."""
    out: list[str] = []
    last = 0
    for match in _ISE_END.finditer(text):
        at = start = match.start()
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        stem = text[start:at]
        if len(stem) >= 4 and not stem.lower().endswith(_ISE_KEPT):
            out += [text[last:at], "IZ" if text[at].isupper() else "iz"]
            last = at + 2
    return "".join(out) + text[last:] if out else text


def fold_text(text: str) -> str:
    """`text` in one spelling for matching: American forms, Greek letters as separate spelled words.

    Lengths change, so offsets into the result mean nothing in the original: use it only to
    index and to match, never to quote. Each rule runs only when its cue is in the text (a
    substring test), so an abstract costs about 0.23 ms rather than 1.6 ms for every regex over
    it. `fold` is the same, cached: the appraisal reads the same records for many questions.
    """
    low = text.lower()
    if _GREEK_LETTER.search(text):
        text = _GREEK_LETTER.sub(lambda m: f" {GREEK[m.group()]} ", text)
        low = text.lower()
    for name, glued in _GLUED.items():
        if name in low:
            text = glued.sub(lambda m: f" {m.group()} ", text)
    for part, pattern in _PART_RES.items():
        if part in low:
            text = pattern.sub(_in_case_of_match(_PARTS[part]), text)
    if "programme" in low or "grey" in low:
        text = _WHOLE.sub(lambda m: _same_case(m.group(1), _WHOLE_TO[m.group(1).lower()]) + m.group(2), text)
    if any(cue in low for cue in _OUR_CUES):
        text = _OUR.sub(lambda m: m.group(1) + _same_case(m.group()[-3:], "or"), text)
    if any(cue in low for cue in _RE_CUES):
        text = _RE.sub(
            lambda m: m.group(1) + _same_case(m.group()[len(m.group(1)) :][:2], "er") + (m.group(2) or ""), text
        )
    if "ogue" in low:
        text = _OGUE.sub(lambda m: m.group(1) + "og" + (m.group(2) or ""), text)
    if any(cue in low for cue in _DOUBLE_L_CUES):
        text = _DOUBLE_L.sub(lambda m: m.group(1) + m.group(2), text)
    if "is" in low:
        text = _ize(text)
    if "ysed" in low or "ysing" in low:
        text = _YSE.sub(lambda m: f"{m.group(1)}yz{m.group(2)}", text)
    return text


fold = lru_cache(maxsize=8192)(fold_text)


def _in_case_of_match(replacement: str) -> Callable[[re.Match[str]], str]:
    """A `re.sub` replacement that writes `replacement` in the case of what it replaces."""
    return lambda match: _same_case(match.group(), replacement)


def _same_case(original: str, replacement: str) -> str:
    """The replacement in the original's case (upper-case headings stay upper-case)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
