"""The topic overview: From the Guidelines, From the Research, Registered trials, References.

No language model: every bullet is made of sentences quoted verbatim from one source, chosen by
`select`, grouped by `themes`, and cited by a number that resolves to exactly one reference.
References are numbered in order of first citation, and only cited sources are listed; what
search found but the overview did not use is listed under 'Evidence not used' with the reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bedside.appraise.levels import Level
from bedside.appraise.question import CompiledFacets, compile_facets, is_comparator, is_treatment
from bedside.appraise.treatments import reports_other_treatment
from bedside.appraise.view import join_or
from bedside.appraise.wordlists import DEFINING_POPULATIONS
from bedside.compose import audience as audiences
from bedside.compose import themes
from bedside.compose.select import (
    BACKGROUND,
    CLOSE_LEADS,
    CONSIDERATION,
    RECOMMENDATION,
    Candidate,
    candidates,
    choose,
    key,
    support,
)
from bedside.compose.sources import Source, appraise
from bedside.library import lexical, vectors
from bedside.library.store import now
from bedside.models import (
    Bullet,
    Certainty,
    Evidence,
    Excluded,
    Facets,
    GuidelineSection,
    Kind,
    LibrarySnapshot,
    Overview,
    Record,
    Reference,
    ResearchTheme,
    Verdict,
)
from bedside.search import facets as facet_analysis
from bedside.search import word_context
from bedside.search.matching import FacetMatcher
from bedside.search.retrieve import Filters, Retriever
from bedside.search.vocabulary import Vocabulary

DISCLAIMER = (
    "bedside quotes published sources for health professionals and does not replace clinical judgement. "
    "It is not medical advice for an individual patient: check the cited sources, their dates and your local "
    "guidance before acting."
)
EVIDENCE_KINDS = {
    Kind.SYSTEMATIC_REVIEW,
    Kind.TRIAL_REPORT,
    Kind.OBSERVATIONAL_STUDY,
    Kind.CASE_REPORT,
    Kind.NARRATIVE_REVIEW,
    Kind.OTHER,
}
INDIRECT_THEME = "Indirect evidence (other populations, conditions or interventions)"
PATIENT_THEME = "Information for patients"
SEARCH_DEPTH = 40
# A research bullet quotes at most this many sentences of its study (its lead and the largest share).
FINDING_SENTENCES = 1 + max(
    share for style in audiences.STYLES.values() for share in (*style.finding_shares, *style.indirect_shares)
)


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} and {items[-1]}"


_HAVING = re.compile(r"\b(?:with|who\s+(?:have|had|has)|having|suffering\s+from|diagnosed\s+with)\b", re.IGNORECASE)


def topic(facets: Facets, unnamed: bool = False, compiled: CompiledFacets | None = None) -> str:
    """The question's subject in a few words, e.g. 'physical therapy for coordination in multiple sclerosis'.

    `unnamed`: the question names something the vocabulary does not know ('taxilin'), so its
    concepts alone ('cancer') would misstate what was asked; the question itself is quoted.
    `compiled`: the question's compiled facets when the caller has them (compiled here otherwise).
    """
    if unnamed:
        return f"“{facets.question.strip()}”"
    interventions = _and([t.concept for t in facets.intervention])
    # "Is surgery better than physiotherapy ...?" asks about both: the comparison is named.
    compared = [t.concept for t in facets.comparison if not is_comparator(t.concept)]
    if interventions and compared:
        interventions = f"{interventions} versus {_and(compared)}"
    outcomes = _and([t.concept for t in facets.outcome])
    # A treatment the people have had or are on sets the scene in the question's own words: "early
    # mobilisation after hip fracture surgery", not "early mobilisation in hip fracture and surgery".
    setting, covered = _setting(facets)
    conditions = _and([t.concept for t in facets.condition if t.concept not in covered])
    # The people asked about (an age group, pregnancy), not a setting such as primary care:
    # "metformin in pregnant women", "corticosteroids in children with pneumonia". People *with* the
    # condition only when the question says so: "primary prevention of cardiovascular disease in
    # older adults" is about people without it ("aspirin for cardiovascular disease in older adults").
    # Not twice: "in women receiving chemotherapy" already names the women.
    # Not both "women" and "adults": the women named are the adults asked about.
    population = (compiled or compile_facets(facets)).population
    narrower = {t.group for t in population if t.group and t.concept != t.group}
    people = _and(
        [
            t.concept
            for t in population
            if (t.group or t.concept in DEFINING_POPULATIONS)
            and not (t.concept == t.group and t.group in narrower)
            and not re.search(rf"\b{re.escape(t.concept)}\b", setting, re.IGNORECASE)
        ]
    )
    parts = interventions
    if outcomes and interventions and all(_is_harm(t.concept) for t in facets.outcome):
        # "adverse effects of proton pump inhibitors", not "proton pump inhibitors for adverse effects"
        parts = f"{outcomes} of {interventions}"
    elif outcomes:
        parts = f"{parts} for {outcomes}" if parts else outcomes
    if conditions and people and not _HAVING.search(facets.question):
        parts = f"{parts} for {conditions}" if parts else conditions
        conditions = ""
    if people:
        conditions = f"{people} with {conditions}" if conditions else people
    if conditions:
        parts = f"{parts} in {conditions}" if parts else conditions
    if setting:
        parts = f"{parts} {setting}" if parts else setting
    return parts or f"“{facets.question.strip()}”"


def _is_harm(concept: str) -> bool:
    """An outcome that is a harm of the treatment (adverse effects), named as what the treatment causes."""
    known = Vocabulary.default().get(concept)
    return known is not None and known.hint == "harm" and known.facet == "outcome"


def _setting(facets: Facets) -> tuple[str, set[str]]:
    """The question's words for a treatment its people have had or are on ('after hip fracture
    surgery', 'people on dialysis': where the facet analysis found them, `word_context.setting_start`),
    and the conditions they name (hip fracture and surgery), or ('', empty)."""
    question = facets.question
    for term in facets.condition:
        if not is_treatment(term.concept) or not term.matched:
            continue
        at = question.find(term.matched)
        begin = word_context.setting_start(question, at) if at > 0 else None
        if begin is None:
            continue
        end = at + len(term.matched)
        # "... receiving chemotherapy for breast cancer": the condition the treatment is for goes with it.
        for other in facets.condition:
            if other is term or not other.matched:
                continue
            tail = re.match(r"\s+(?:for|of|with)\s+(?:[\w'-]+\s+){0,2}?" + re.escape(other.matched), question[end:])
            if tail:
                end += tail.end()
                break
        phrase = question[begin:end].strip()
        if not phrase.lower().startswith(("after", "following", "post", "in ", "while", "whilst", "during", "when")):
            phrase = f"in {phrase}"
        named = {t.concept for t in facets.condition if t.matched and t.matched in phrase}
        return phrase, named
    return "", set()


def _link(source: Source) -> str:
    record = source.record
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    if record.doi:
        return f"https://doi.org/{record.doi}"
    if record.url:
        return record.url
    if record.id.upper().startswith("NCT"):
        return f"https://clinicaltrials.gov/study/{record.id}"
    return ""


def _title(source: Source) -> str:
    """Cochrane abstracts in the shared corpus have no title: name them by their first words."""
    record = source.record
    if record.title.strip():
        return record.title.strip()
    where = record.journal.title or record.publisher or "source"
    return f"Untitled record in {where} ({record.id})"


def _names_condition(matcher: FacetMatcher, record: Record) -> bool:
    """True when the record's title names one of the question's conditions; for a question with no
    condition, one of its outcomes ("Does exercise reduce the risk of falls in older adults?": a tai
    chi trial of immune function is not registered on falls), else it has nothing to name."""
    head = record.title
    for group in ("condition", "outcome"):
        patterns = [p for g, _, p in matcher.patterns if g == group]
        if patterns:
            return any(p.search(head) for p in patterns)
    return True


def _unused_reason(source: Source, evidence_found: bool, registered: bool) -> str:
    """Why a usable source found by search is not quoted, in the reader's words."""
    kind = source.record.kind
    if kind is Kind.TRIAL_REGISTRATION and registered and not evidence_found:
        return "trial registration: reports no results, and there is no evidence to set it beside"
    if not source.direct:
        return f"indirect ({source.applicability.reason}); not quoted"
    if kind is Kind.TRIAL_REGISTRATION and not registered:
        return "trial registration whose title does not name the condition"
    if kind is Kind.TRIAL_REGISTRATION:
        return "trial registration not among the closest five"
    if kind is Kind.PATIENT_INFORMATION:
        return "patient information page: quoted for patients and caregivers"
    return "no result or conclusion sentence close enough to the question to quote"


def _opening(text: str, words: int = 6) -> str:
    """The first words of a sentence, to point at it: '“Amitriptyline is the medication of first …”'."""
    parts = text.split()
    return "“" + " ".join(parts[:words]) + (" …”" if len(parts) > words else "”")


def _background_note(background: list[str]) -> str:
    """Says which quoted sentences are the study's background, so none is read as its finding."""
    if not background:
        return ""
    return "background (what the authors say was known before their study), not a finding: " + _and(
        [_opening(t) for t in background]
    )


class _Citations:
    """Numbers references in order of first citation; one number per record."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.sources: dict[str, Source] = {}

    def cite(self, source: Source) -> int:
        rid = source.record.id
        if rid not in self.numbers:
            self.numbers[rid] = len(self.numbers) + 1
            self.sources[rid] = source
        return self.numbers[rid]

    def bullet(self, cand: Candidate, more: Sequence[Candidate] = ()) -> Bullet:
        """A bullet quoting `cand`, and with it `more` sentences of the same record, in the record's order."""
        n = self.cite(cand.source)
        source = cand.source
        quoted = sorted([cand, *more], key=lambda c: c.position)
        indirect = source.applicability.verdict is Verdict.INDIRECT
        notes = []
        if indirect:
            notes.append(source.applicability.reason or "about another population, condition or intervention")
        elif source.record.kind is Kind.TRIAL_REGISTRATION:
            notes.append("Registered trial: shows that the study exists, not what it found.")
        background = _background_note([c.text for c in quoted if c.role == BACKGROUND])
        if background:
            notes.append(background)
        note = "; ".join(notes)
        return Bullet(
            text=" ".join(c.text for c in quoted),
            citations=[n],
            evidence=[
                Evidence(ref=n, record_id=source.record.id, quote=c.text, section=c.section, role=c.role)
                for c in quoted
            ],
            level=int(source.level) if source.level is not None else None,
            applicability="indirect" if indirect else "direct",
            note=note,
        )

    def references(self) -> list[Reference]:
        out = []
        for rid, n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            source = self.sources[rid]
            record = source.record
            out.append(
                Reference(
                    n=n,
                    record_id=rid,
                    label=source.label,
                    kind=record.kind.value,
                    title=_title(source),
                    journal=record.journal.title or record.journal.iso_abbreviation or record.publisher,
                    year=record.year,
                    level=int(source.level) if source.level is not None else None,
                    level_label=source.level.label if source.level is not None else "",
                    applicability=source.applicability.verdict.value,
                    reason=source.applicability.reason,
                    size=source.size.label(),
                    design=source.size.design,
                    link=_link(source),
                )
            )
        return out


# Where each level starts on the certainty scale (0 high ... 3 very low), GRADE-style: syntheses
# (guidelines, reviews) high, trials moderate, observational studies low, the rest very low.
_START = {Level.GUIDELINE: 0, Level.SYSTEMATIC_REVIEW: 0, Level.RANDOMISED_TRIAL: 1, Level.OBSERVATIONAL: 2}


def _certainty(used: Sequence[Source], guideline_found: bool) -> Certainty:
    """How sure the answer can be: the strongest direct evidence's start, one step down for each of
    all-indirect evidence and a single source at that strength.

    The effect sizes are not read, so the rating never rests on one source: one review beside a
    decision analysis is a single source as strong as "high" claims, and is rated moderate.
    """
    evidence = [s for s in used if s.level is not None and s.record.kind is not Kind.PATIENT_INFORMATION]
    if not evidence:
        return Certainty(rating="very low", reasons=["no applicable evidence in the library"])
    ratings = ["high", "moderate", "low", "very low"]
    direct = [s for s in evidence if s.direct]
    pool = direct or evidence
    best = min(Level(s.level) for s in pool if s.level is not None)
    start = _START.get(best, 3)
    step = start
    reasons = [f"strongest evidence: {best.label}"]
    if not direct:
        step += 1
        reasons.append("all evidence is indirect")
    as_strong = [s for s in pool if s.level is not None and _START.get(Level(s.level), 3) == start]
    if len(pool) == 1:
        step += 1
        reasons.append("a single source")
    elif len(as_strong) == 1:
        step += 1
        reasons.append(f"a single {best.label}; the other sources are weaker")
    if not guideline_found:
        reasons.append("no guideline in the library")
    return Certainty(rating=ratings[min(step, 3)], reasons=reasons)


def compose(
    question: str,
    retriever: Retriever,
    *,
    audience: str = "clinician",
    pubmed: str = "",
    depth: int = SEARCH_DEPTH,
) -> Overview:
    """Answer `question` from the library behind `retriever`."""
    start = time.perf_counter()
    style = audiences.style(audience)
    outcome = retriever.search(question, k=depth, filters=Filters(include_retracted=True))
    facets = outcome.facets
    records = retriever.store.get_many([h.rowid for h in outcome.results])
    found = [(h.rowid, h.score, records[h.rowid]) for h in outcome.results if h.rowid in records]
    counts = lexical.word_counts(retriever.store, facets.other_terms) if facets.other_terms else None
    rarity = counts.rarity() if counts else None
    specific = counts.specific() if counts else frozenset()
    closeness = {h.rowid: h.signals["dense_sentence"] for h in outcome.results if "dense_sentence" in h.signals}
    sources = appraise(found, facets, rarity, closeness, specific)

    index = vectors.index_for(retriever.store, retriever.embedder, retriever.settings.token_vectors)
    query: npt.NDArray[np.float32] = retriever.embed_question(question.strip())
    matcher = FacetMatcher(facets)
    sentence_vectors = index.sentence_vectors(retriever.store, [s.rowid for s in sources])
    no_vectors = np.zeros((0, index.docs.shape[1]), np.float32)
    pools: dict[str, list[Candidate]] = {"guideline": [], "research": [], "indirect": [], "trials": [], "patients": []}
    excluded: list[Excluded] = []
    registered: set[str] = set()  # trial registrations on the question: their title names its condition
    for source in sources:
        record = source.record
        if record.retracted:
            excluded.append(Excluded(record_id=record.id, title=_title(source), reason="retracted"))
            continue
        if source.applicability.verdict is Verdict.OFF_TOPIC:
            reason = f"off-topic: {source.applicability.reason}" if source.applicability.reason else "off-topic"
            excluded.append(Excluded(record_id=record.id, title=_title(source), reason=reason))
            continue
        if record.kind is Kind.TRIAL_REGISTRATION:
            # Registrations list other conditions in their eligibility criteria and background:
            # only a trial whose title names the question's condition is 'registered on the question'.
            pool = "trials" if source.direct and _names_condition(matcher, record) else None
            if pool:
                registered.add(record.id)
        elif record.kind is Kind.PATIENT_INFORMATION:
            pool = "patients" if style.patient_bullets else None
        elif not source.direct:
            pool = "indirect"
        elif record.kind is Kind.GUIDELINE:
            pool = "guideline"
        else:
            pool = "research" if record.kind in EVIDENCE_KINDS else None
        if pool is None:
            continue
        offset = 1 if record.title.strip() else 0
        cands = style.rescore(
            candidates(source, query, sentence_vectors.get(source.rowid, no_vectors), matcher, offset)
        )
        pools[pool].extend(cands[:1] if pool == "trials" else cands)

    cites = _Citations()
    compiled = compile_facets(facets, rarity, specific)  # the appraisal's, from the cache
    subject_words = [t.concept for t in compiled.subject]
    subject = topic(facets, unnamed=bool(subject_words), compiled=compiled)
    unseen = counts.unseen(subject_words) if counts else []
    # Said plainly when nothing direct is shown: the library cannot answer about what it never names.
    unseen_note = f" No record in the library mentions {join_or(unseen)}." if unseen else ""
    # From the Guidelines: direct guidelines only.
    summary = choose(pools["guideline"], 2, per_source=1)
    management = choose(
        [c for c in pools["guideline"] if RECOMMENDATION.search(c.text)], 5, per_source=3, taken=summary
    )
    considerations = choose(
        [c for c in pools["guideline"] if CONSIDERATION.search(c.text)], 4, per_source=2, taken=[*summary, *management]
    )

    # A direct study's sentence on another treatment only (one arm of a review of several) is no
    # finding on the one asked about.
    def on_treatment(cand: Candidate) -> bool:
        return not reports_other_treatment(cand.text, compiled)

    research = choose(pools["research"], style.research_bullets, per_source=1, admit=on_treatment)
    findings = support(research, pools["research"], style.finding_shares, close=CLOSE_LEADS, admit=on_treatment)
    indirect = choose(pools["indirect"], 4, per_source=1, taken=research)
    indirect_findings = support(indirect, pools["indirect"], style.shares_for_indirect(bool(research)))
    patients = choose(pools["patients"], style.patient_bullets, per_source=1) if style.patient_bullets else []
    trials = choose(pools["trials"], 5, per_source=1, min_relevance=0.2)

    evidence_found = bool(summary or research or indirect)
    guideline_found = bool(summary)
    overview_research: list[ResearchTheme] = []
    statement = ""
    if evidence_found:
        guideline_section = GuidelineSection(
            found=guideline_found,
            statement="" if guideline_found else f"No guideline in the library addresses {subject}.",
            summary=[cites.bullet(c) for c in summary],
            key_considerations=[cites.bullet(c) for c in considerations],
            management_strategies=[cites.bullet(c) for c in management],
        )
        for name, group in themes.group(research, facet_analysis.analyse_text):
            bullets = [cites.bullet(c, findings[key(c)]) for c in group]
            overview_research.append(ResearchTheme(heading=name, bullets=bullets))
        if indirect:
            overview_research.append(
                ResearchTheme(
                    heading=INDIRECT_THEME, bullets=[cites.bullet(c, indirect_findings[key(c)]) for c in indirect]
                )
            )
        if patients:
            overview_research.append(ResearchTheme(heading=PATIENT_THEME, bullets=[cites.bullet(c) for c in patients]))
        trial_bullets = [cites.bullet(c) for c in trials]
        if not research:
            statement = f"The library holds no direct research on {subject}; only indirect evidence is shown."
            statement += unseen_note
    else:
        statement = f"The library holds no guideline or study that addresses {subject}.{unseen_note}"
        if len(registered) == 1:
            statement += " It holds one trial registration on the topic, which reports no results (listed below)."
        elif registered:
            statement += (
                f" It holds {len(registered)} trial registrations on the topic, which report no results (listed below)."
            )
        guideline_section = GuidelineSection(found=False, statement=f"No guideline in the library addresses {subject}.")
        trial_bullets = []

    used_ids = set(cites.numbers)
    # Every registration the statement counts is listed, whatever its place in the search.
    listed = registered if not evidence_found else set()
    for source in sources:
        if source.usable and source.record.id not in used_ids and (source.rank <= 20 or source.record.id in listed):
            excluded.append(
                Excluded(
                    record_id=source.record.id,
                    title=_title(source),
                    reason=_unused_reason(source, evidence_found, source.record.id in registered),
                )
            )
    store = retriever.store
    used_sources = [cites.sources[r] for r in cites.numbers]
    return Overview(
        question=question,
        title=question.strip(),
        audience=style.name,
        generated_at=now(),
        library=LibrarySnapshot(records=store.count(), newest=store.newest_date() or "", generation=store.generation()),
        facets=facets,
        evidence_found=evidence_found,
        statement=statement,
        pubmed=pubmed,
        guidelines=guideline_section,
        research=overview_research,
        trials=trial_bullets,
        references=cites.references(),
        excluded=excluded,
        certainty=_certainty(used_sources, guideline_found),
        disclaimer=style.disclaimer or DISCLAIMER,
        took_ms=round((time.perf_counter() - start) * 1000, 1),
    )
