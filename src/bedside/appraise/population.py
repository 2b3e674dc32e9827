"""Who a record is about: its age groups, pregnancy, animals, and the words that name its patients.

Applicability (`appraise.applicability`) decides; this module describes. When a record misses the
question's condition, a reader needs to know whom it is about instead ("children with cancer",
"stroke patients"), read from the title or else the main MeSH descriptor, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bedside.appraise.question import CompiledFacets, groups_in
from bedside.appraise.view import RecordView, join_or
from bedside.appraise.wordlists import (
    ADOLESCENTS,
    ADULT_SIDE,
    ANIMAL_SINGULAR,
    ANIMAL_TISSUE,
    ANIMAL_WORDS,
    CELL_WORDS,
    CHECK_TAGS,
    CHILD_SIDE,
    DISEASE_QUALIFIERS,
    ESTABLISHED_DISEASE,
    FAMILY_LIST,
    FERTILITY,
    FERTILITY_MESH,
    GROUP_ORDER,
    HUMAN_ADJECTIVE,
    HUMAN_WORDS,
    INFANTS,
    INTERVENTION_QUALIFIERS,
    MESH_GROUPS,
    MODEL_WORD,
    NOT_EPONYMS,
    PREGNANCY,
    PRIMARY_PREVENTION,
    TITLE_PATIENTS,
    TITLE_WITH,
)
from bedside.models import MeshHeading, Record


def record_groups(record: Record, view: RecordView) -> frozenset[str]:
    """Age groups (and pregnancy) of the record: MeSH check tags when indexed, else its words."""
    tagged = {MESH_GROUPS[m.descriptor.lower()] for m in record.mesh if m.descriptor.lower() in MESH_GROUPS}
    words = groups_in(view.title_low)
    if not tagged - {PREGNANCY}:
        for name, count in groups_in(view.abstract_low).items():
            if count >= 2:
                words[name] = words.get(name, 0) + count
    return frozenset(tagged | set(words))


# Which sex a question asks about, by its population concepts, and the words that say a record's.
_ASKED_SEX = {"men": "men", "women": "women", "postmenopausal women": "women"}
_SEX_WORDS = {
    "women": re.compile(r"\b(?:women|woman|female|females|girls|mothers|postmenopausal|post-menopausal)\b"),
    "men": re.compile(r"\b(?:men|man|male|males|boys|fathers)\b"),
}
_SEX_TAGS = {"women": "female", "men": "male"}
_SEX_TAG_NAMES = frozenset(_SEX_TAGS.values())


def sex_reason(record: Record, view: RecordView, q: CompiledFacets) -> str:
    """Rule 4b: the question asks about one sex and the record studied only the other.

    "What is the best treatment for osteoporosis in men?" was answered by alendronate and risedronate
    trials in postmenopausal women. MeSH's check tags say it best (Female without Male); an
    unindexed record must say so in its title, naming one sex and not the other, or else in its
    abstract, naming one sex twice (or postmenopausal women once) and the other never.
    """
    asked = {_ASKED_SEX[t.concept] for t in q.population if t.concept in _ASKED_SEX}
    if len(asked) != 1:
        return ""
    (want,) = asked
    tags = {m.descriptor.lower() for m in record.mesh}
    if tags & _SEX_TAG_NAMES:
        studied = {sex for sex, tag in _SEX_TAGS.items() if tag in tags}
    else:
        studied = {sex for sex, words in _SEX_WORDS.items() if words.search(view.title_low)}
        if not studied:
            # Or its abstract, naming one sex twice (or 'postmenopausal') and the other never: "a study of
            # postmenopausal women (ages 42 to 95) with osteoporosis" under a title naming neither.
            named = {sex: len(words.findall(view.abstract_low)) for sex, words in _SEX_WORDS.items()}
            postmenopausal = "postmenopausal" in view.abstract_low or "post-menopausal" in view.abstract_low
            studied = {sex for sex, n in named.items() if n >= 2 or (sex == "women" and postmenopausal)}
            studied = studied if all(n == 0 for sex, n in named.items() if sex not in studied) else set()
    if len(studied) != 1 or want in studied:
        return ""
    (other,) = studied
    return f"population: {other}, not {want}"


def absent_reason(view: RecordView, q: CompiledFacets) -> str:
    """Rule 4c: the question's people do not have a condition, and the record is on people who do.

    "Is a gluten-free diet necessary for people without coeliac disease?" was answered by studies of
    people with coeliac disease. The condition must be the record's (its title, MeSH or keywords),
    not negated there ("non-diabetic adults", "adults without diabetes").
    """
    for term in q.absent:
        if not term.found(view.strong, view.strong_low) or term.folded is None:
            continue
        low = view.title_low
        named = list(term.folded.finditer(low))
        if named and all(
            _NEGATED.search(low, max(0, m.start() - 20), m.start()) or _NON.search(low, 0, m.start()) for m in named
        ):
            continue
        return f"population: people with {term.concept}, not people without it"
    return ""


def animal_study(record: Record, view: RecordView) -> str:
    """The animal a record studies ('mice'), or '' when it studies people or cannot be told.

    MeSH says it best (the 'Animals' check tag without 'Humans'); an unindexed record counts as
    an animal study when its title names animals and no people, or its abstract names animals
    twice and people never, or once in an experimental model and people never.
    """
    tags = {m.descriptor.lower() for m in record.mesh}
    if "animals" in tags or "humans" in tags:
        if "humans" in tags:
            return ""
        return _species(ANIMAL_WORDS.findall(view.everything_low)) or "animals"
    title = ANIMAL_WORDS.findall(view.title_low) or [m.group("animal") for m in ANIMAL_TISSUE.finditer(view.title)]
    # 'human' as an adjective names material, not people: "Reversal of hyperglycemia in mice by using
    # human expandable insulin-producing cells" is a mouse study.
    if title and not HUMAN_WORDS.search(HUMAN_ADJECTIVE.sub("", view.title_low)):
        return _species(title)
    mentions = ANIMAL_WORDS.findall(view.abstract_low)
    if HUMAN_WORDS.search(view.everything_low):
        return ""
    if len(mentions) >= 2:
        return _species(mentions)
    # An animal named once, in an experimental model: "Induction of AMPK activity corrects ... in the
    # subtotal nephrectomy model of chronic kidney disease" ("The rat kidney ablation ... model") was
    # direct evidence for "Is metformin safe in chronic kidney disease?".
    found = mentions or [m.group("animal") for m in ANIMAL_SINGULAR.finditer(view.abstract)]
    if found and (MODEL_WORD.search(view.title_low) or len(MODEL_WORD.findall(view.abstract_low)) >= 2):
        return _species(found)
    return ""


def laboratory_study(view: RecordView) -> bool:
    """Whether the record is laboratory work on cells: its title names cell lines or in vitro work
    ('MCF7 cells', 'human breast cancer cell lines in vitro') and no people.

    Why: "Is tamoxifen effective in preventing breast cancer in high-risk women?" was answered, as
    direct evidence, by studies of tamoxifen-resistant MCF7 cells. MeSH cannot tell (human cell lines
    are tagged Humans), so the title decides.
    """
    return bool(CELL_WORDS.search(view.title)) and not HUMAN_WORDS.search(HUMAN_ADJECTIVE.sub("", view.title_low))


def _species(mentions: Sequence[str]) -> str:
    """The first named species ('mice') rather than the generic 'animals', when there is one."""
    named = [m for m in mentions if not m.startswith("animal")]
    return str((named or list(mentions) or [""])[0])


def pregnancy_focused(record: Record, view: RecordView) -> bool:
    """Pregnancy in the title or as a major MeSH topic: a tag alone is routine indexing."""
    if PREGNANCY in groups_in(view.title_low):
        return True
    return any(m.major and MESH_GROUPS.get(m.descriptor.lower()) == PREGNANCY for m in record.mesh)


def fertility_focused(record: Record, view: RecordView) -> bool:
    """Fertility treatment in the title or as a major MeSH topic (IVF, ovulation induction, infertility);
    for an untitled record, named at least twice in its abstract."""
    if FERTILITY.search(view.title_low):
        return True
    if any(m.major and m.descriptor.lower() in FERTILITY_MESH for m in record.mesh):
        return True
    return not view.title.strip() and len(FERTILITY.findall(view.abstract_low)) >= 2


def population_reason(record: Record, view: RecordView, groups: frozenset[str], q: CompiledFacets) -> str:
    """Rule 4: age group on the other side of the child/adult divide, or pregnancy one way only."""
    pop = [t for t in q.population if t.group]
    if PREGNANCY in q.groups and not q.about_fertility and fertility_focused(record, view):
        asked = join_or([t.concept for t in pop if t.group == PREGNANCY])
        return f"population: women having fertility treatment, not {asked}"
    # In a question on conceiving ('pregnancy rates in women having IVF') pregnancy is the outcome.
    if PREGNANCY in q.groups and PREGNANCY not in groups and not q.about_fertility:
        who = describe_groups(groups - {PREGNANCY})
        asked = join_or([t.concept for t in pop if t.group == PREGNANCY])
        # "population: not pregnant women" when the record names no one else (not "people who are
        # not pregnant, not pregnant women").
        return f"population: {who}, not {asked}" if who else f"population: not {asked}"
    # Not for a question on an obstetric subject (miscarriage, birth weight), nor when the record
    # also studies the question's children: pregnancy trials follow up the infants they are for.
    # Nor for a fertility trial, whose title names pregnancy as what it hopes to achieve: a trial of
    # clomiphene and metformin "for ovulation induction and achievement of pregnancy" in women with
    # PCOS is on women with PCOS.
    if (
        not q.about_pregnancy
        and pregnancy_focused(record, view)
        and not q.groups & groups & CHILD_SIDE
        and not fertility_focused(record, view)
    ):
        asked = join_or([t.concept for t in pop]) or "the question's population"
        return f"population: pregnant women, not {asked}"
    ages = q.groups - {PREGNANCY}
    present = groups - {PREGNANCY}
    if ages and ages <= CHILD_SIDE and not present and not set(groups_in(view.everything_low)) & CHILD_SIDE:
        # Studies are of adults unless they say otherwise: a trial of antidepressants and sick leave
        # that never names a child was direct evidence for antidepressants in adolescents.
        return f"population: age not stated, not {join_or([t.concept for t in pop if t.group in ages])}"
    if not ages or not present or ages & present:
        return ""
    # The two ends of childhood do not stand for each other: a study of infants' sleep and the risk of
    # SIDS was direct evidence for "How much sleep do teenagers need?". Children stand for either.
    if {ages, present} == {frozenset({INFANTS}), frozenset({ADOLESCENTS})}:
        return f"population: {describe_groups(present)}, not {join_or([t.concept for t in pop if t.group in ages])}"
    asked_child = bool(ages & CHILD_SIDE)
    asked_adult = bool(ages & ADULT_SIDE)
    if asked_child and asked_adult:
        return ""
    other = CHILD_SIDE if asked_adult else ADULT_SIDE
    if present <= other:
        return f"population: {describe_groups(present)}, not {join_or([t.concept for t in pop if t.group in ages])}"
    return ""


def prevention_stage_reason(view: RecordView, q: CompiledFacets) -> str:
    """Rule 4b: primary prevention is for people who have not had the disease, secondary for those who have.

    "Do statins reduce cardiovascular events in primary prevention?" was answered, as direct
    evidence, by a review of statins "in those with a previous history of stroke or TIA" and one of
    early statins in acute coronary syndromes. A record counts as secondary prevention when it says
    so, or names such a history twice (a title mention counts twice), and never speaks of primary
    prevention or of people without cardiovascular disease; the other way round for a question on
    secondary prevention.
    """
    if not q.prevention_stage:
        return ""
    primary = PRIMARY_PREVENTION.search(view.everything) is not None
    in_title = _histories(view.title)
    history = in_title + _histories(view.abstract)
    if q.prevention_stage == "primary" and not primary and len(history) + len(in_title) >= 2:
        return f"population: {_who_had(history)} (secondary prevention), not primary prevention"
    # A title on primary prevention says whom it is for, whatever histories its text goes on to name.
    if q.prevention_stage == "secondary" and primary and (not history or PRIMARY_PREVENTION.search(view.title)):
        return "population: people who have not had the disease (primary prevention), not secondary prevention"
    return ""


def _who_had(history: list[re.Match[str]]) -> str:
    """'people who have had stroke' from the first mention that names the disease ('ACS' spelt out)."""
    for m in history:
        what = m.group("acute") or m.group("event")
        if what:
            what = "acute coronary syndromes" if what == "ACS" else what if what.isupper() else what.lower()
            return f"people who have had {what}"
    return "people with the disease"


# "men with hypercholesterolemia and no history of myocardial infarction" are primary prevention.
_NEGATED = re.compile(r"\b(?:no|not|without|free\s+of|never\s+had)\s+(?:an?\s+|any\s+)?$", re.IGNORECASE)
# "non-diabetic adults", "non-coeliac gluten sensitivity": the prefix right before the name.
_NON = re.compile(r"\bnon[\s-]?$", re.IGNORECASE)


def _histories(text: str) -> list[re.Match[str]]:
    """Mentions of a disease the people have had ('a previous history of stroke'), unless negated."""
    return [
        m for m in ESTABLISHED_DISEASE.finditer(text) if not _NEGATED.search(text, max(0, m.start() - 20), m.start())
    ]


def describe_groups(groups: Iterable[str]) -> str:
    """Age groups in a fixed order, joined for a reason."""
    wanted = set(groups)
    return " and ".join(g for g in GROUP_ORDER if g in wanted)


def population_of(record: Record, view: RecordView, groups: frozenset[str], q: CompiledFacets) -> str:
    """What the record is about: 'children with cancer' from the title, else its main MeSH condition; '' if unsure."""
    found = TITLE_WITH.search(view.title)
    if found:
        return f"{found.group('who').lower()} with {_words(found.group('what'))}"
    found = TITLE_PATIENTS.search(view.title)
    if found and not _is_question_word(found.group("what"), q):
        return f"{_words(found.group('what'))} {found.group('who').lower()}"
    heading = _main_heading(record.mesh, q)
    only_children = bool(groups & CHILD_SIDE) and not groups & ADULT_SIDE
    if heading:
        name = _descriptor_words(heading.descriptor)
        return f"children with {name}" if only_children else name
    # Children alone say who when the question names no age; when it does, rule 4 says it in its
    # own words ("children and adolescents, not older adults"), never against the condition
    # ("children and adolescents, not insomnia").
    if only_children and not q.groups - {PREGNANCY}:
        return describe_groups(groups & CHILD_SIDE)
    return ""


def _is_question_word(text: str, q: CompiledFacets) -> bool:
    low = text.lower()
    return any(t.found(text, low) for t in (*q.condition, *q.action, *q.population))


def _main_heading(mesh: Sequence[MeshHeading], q: CompiledFacets) -> MeshHeading | None:
    """The descriptor most likely to be the record's condition: major, with disease-like qualifiers.

    Without major flags or qualifiers (some exports give bare descriptor names) no descriptor
    stands out, and naming an arbitrary one would mislead, so none is chosen.
    """
    best: tuple[int, int] | None = None
    chosen: MeshHeading | None = None
    for index, heading in enumerate(mesh):
        name = heading.descriptor.strip()
        low = name.lower()
        if not name or low in CHECK_TAGS or low.endswith("as topic") or _is_question_word(name, q):
            continue
        if any(f.count(name, low, enough=1) for f in FAMILY_LIST):
            continue
        qualifiers = {x.lower() for x in heading.qualifiers}
        score = (
            2 * heading.major
            + 3 * bool(qualifiers & DISEASE_QUALIFIERS)
            - 3 * bool(qualifiers & INTERVENTION_QUALIFIERS)
        )
        rank = (score, -index)
        if score > 0 and (best is None or rank > best):
            best, chosen = rank, heading
    return chosen


def _descriptor_words(descriptor: str) -> str:
    """'Diabetes Mellitus, Type 2' -> 'type 2 diabetes mellitus'; eponyms keep their capital."""
    head, sep, tail = descriptor.partition(", ")
    text = f"{tail} {head}" if sep and "," not in tail else descriptor
    return _words(text)


def _words(text: str) -> str:
    """Lower-case a phrase for a reason, keeping abbreviations and eponyms ('Parkinson disease')."""
    words = text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        keep = (
            any(c.isdigit() for c in word)
            or (len(word) > 1 and word.isupper())
            or (following in ("disease", "syndrome") and word[:1].isupper() and word.lower() not in NOT_EPONYMS)
        )
        out.append(word if keep else word.lower())
    return " ".join(out).strip()
