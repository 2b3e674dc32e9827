"""The topic overview: From the Guidelines, From the Research, Registered trials, References.

No language model: every bullet is made of sentences quoted verbatim from one source, chosen by
`select`, grouped by `themes`, and cited by a number that resolves to exactly one reference.
References are numbered in order of first citation, and only cited sources are listed; what
search found but the overview did not use is listed under 'Evidence not used' with the reason.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from bedside.appraise.question import compile_facets
from bedside.appraise.treatments import reports_other_treatment
from bedside.appraise.view import RecordView, join_or
from bedside.compose import audience as audiences
from bedside.compose import themes
from bedside.compose.certainty import certainty
from bedside.compose.citing import Citations, display_title
from bedside.compose.select import (
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
from bedside.compose.topic import topic
from bedside.library import lexical, vectors
from bedside.library.store import now
from bedside.models import (
    Excluded,
    GuidelineSection,
    Kind,
    LibrarySnapshot,
    Overview,
    Record,
    ResearchTheme,
    Verdict,
)
from bedside.search import facets as facet_analysis
from bedside.search.filters import Filters
from bedside.search.matching import FacetMatcher
from bedside.search.results import Hit
from bedside.search.retrieve import Retriever

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
# Trial registrations do not count against SEARCH_DEPTH: studies are read this far down so that forty
# registered MS trials cannot push a Cochrane review on the question out of sight. (Patient pages
# counted too in a first version: 8 of the 50 bench questions then gained weak indirect records.)
READ_DEPTH = 100
NOT_STUDIES = (Kind.TRIAL_REGISTRATION.value,)
# A research bullet quotes at most this many sentences of its study (its lead and the largest share).
FINDING_SENTENCES = 1 + max(
    share for style in audiences.STYLES.values() for share in (*style.finding_shares, *style.indirect_shares)
)


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


def _read(hits: list[Hit], depth: int) -> list[Hit]:
    """The results composing reads: the first `depth`, and below them studies until `depth` studies are read.

    Where trial registrations fill the first places (the MS library holds hundreds), the studies
    ranked after them are still read; in a library without registrations this is the first `depth`.
    """
    read: list[Hit] = []
    studies = 0
    for place, hit in enumerate(hits):
        study = hit.kind not in NOT_STUDIES
        if place < depth or (study and studies < depth):
            read.append(hit)
            studies += study
    return read


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
    outcome = retriever.search(question, k=max(depth, READ_DEPTH), filters=Filters(include_retracted=True))
    facets = outcome.facets
    hits = _read(outcome.results, depth)
    records = retriever.store.get_many([h.rowid for h in hits])
    found = [(h.rowid, h.score, records[h.rowid]) for h in hits if h.rowid in records]
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
            excluded.append(Excluded(record_id=record.id, title=display_title(source), reason="retracted"))
            continue
        if source.applicability.verdict is Verdict.OFF_TOPIC:
            reason = f"off-topic: {source.applicability.reason}" if source.applicability.reason else "off-topic"
            excluded.append(Excluded(record_id=record.id, title=display_title(source), reason=reason))
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

    cites = Citations()
    compiled = compile_facets(facets, rarity, specific)  # the appraisal's, from the cache
    subject_words = [t.concept for t in compiled.subject]
    # So do words the question asks of its subject ("Can multiple sclerosis be cured?" is not on MS at large).
    subject = topic(facets, unnamed=bool(subject_words or compiled.effect), compiled=compiled)
    # A word the index never holds may still be written another way in what was read
    # ('topoisomeraseII' as 'topoisomerase II'): only a word no record read names is called unseen.
    unheld = [t for t in compiled.subject if counts and counts.unseen([t.concept])]
    views = [RecordView.of(source.record) for source in sources] if unheld else []
    unseen = [t.concept for t in unheld if not any(t.found(v.everything, v.everything_low) for v in views)]
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
        elif unseen:
            # "Is PCAT6 a microRNA?": the studies quoted are on microRNAs, and none names PCAT6.
            statement = f"No record in the library mentions {join_or(unseen)}: the evidence below does not name it."
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
                    title=display_title(source),
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
        certainty=certainty(used_sources, guideline_found),
        disclaimer=style.disclaimer or DISCLAIMER,
        took_ms=round((time.perf_counter() - start) * 1000, 1),
    )
