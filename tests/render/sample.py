"""A hand-built overview for the renderer tests, shaped like a real answer to the seed question.

The seed page's question (physical therapy for coordination in MS) with what bedside would
honestly give: no guideline (so the plain statement), two research themes, one indirect source
with its reason, a registered trial, a retracted record and an off-topic one left out with
reasons. One reference carries hostile text (`<script>` title, `javascript:` link) and one quote
carries a bare '<' ("p < 0.05"), so escaping is tested on realistic and hostile input alike.

The PMIDs (99000001...) and NCT number are invented and do not exist: the tests must not point
at real papers whose content differs from what is quoted here.
"""

from __future__ import annotations

from bedside.models import (
    Author,
    Bullet,
    Certainty,
    Evidence,
    Excluded,
    Facets,
    FacetTerm,
    GuidelineSection,
    Journal,
    Kind,
    LibrarySnapshot,
    Overview,
    QuestionType,
    Record,
    Reference,
    ResearchTheme,
    Section,
)

QUESTION = (
    "What are the specific Physical Therapy (PT) management strategies for addressing coordination "
    "issues in patients with Multiple Sclerosis (MS)?"
)
XSS_TITLE = "<script>alert(1)</script> Task-oriented training & coordination in MS: a cohort study"
NO_GUIDELINE_STATEMENT = (
    "The library holds no guideline on physical therapy for coordination in multiple sclerosis; "
    "the statements below come from research only."
)
LONG_TITLE = (
    "Exercise training for balance, coordination and gait in people with multiple sclerosis: a systematic "
    "review and meta-analysis of randomised controlled trials with long-term follow-up"
)

Q1 = (
    "Exercise training improved balance compared with usual care "
    "(standardised mean difference 0.45, 95% CI 0.20 to 0.70)."
)
Q2 = (
    "Physiotherapy based on the Bobath concept improved balance and gait, with the Berg Balance Scale "
    "showing the largest change."
)
Q3 = "Balance training after stroke improved postural control at 12 weeks."
Q4 = "Coordination scores improved after eight weeks of task-oriented training (p < 0.05)."
Q5 = "Gains in coordination were maintained at six months in both studies."
Q6 = "This randomised trial will compare coordinative training with usual care in 120 people with multiple sclerosis."


def _ev(ref: int, record_id: str, quote: str, section: str = "RESULTS", role: str = "results") -> Evidence:
    return Evidence(ref=ref, record_id=record_id, quote=quote, section=section, role=role)


def sample_references() -> list[Reference]:
    """Five references: review, trial, indirect trial, hostile cohort study, trial registration."""
    return [
        Reference(
            n=1,
            record_id="99000001",
            label="Research",
            kind="systematic_review",
            title=LONG_TITLE,
            journal="Archives of physical medicine and rehabilitation",
            year=2015,
            level=2,
            level_label="systematic review / meta-analysis",
            size="12 studies, n = 456",
            design="meta-analysis",
            link="https://pubmed.ncbi.nlm.nih.gov/99000001/",
        ),
        Reference(
            n=2,
            record_id="99000002",
            label="Research",
            kind="trial_report",
            title="Balance and gait improved in patients with MS after physiotherapy based on the Bobath concept.",
            journal="Physiotherapy research international",
            year=2006,
            level=3,
            level_label="randomised trial",
            size="n = 30",
            design="randomised controlled trial",
            link="https://pubmed.ncbi.nlm.nih.gov/99000002/",
        ),
        Reference(
            n=3,
            record_id="99000003",
            label="Research",
            kind="trial_report",
            title="Balance training after stroke: a randomised trial.",
            journal="Clinical rehabilitation",
            year=2018,
            level=3,
            level_label="randomised trial",
            applicability="indirect",
            reason="population: stroke, not multiple sclerosis",
            size="n = 84",
            design="randomised controlled trial",
            link="https://pubmed.ncbi.nlm.nih.gov/99000003/",
        ),
        Reference(
            n=4,
            record_id="99000004",
            label="Research",
            kind="observational_study",
            title=XSS_TITLE,
            journal="Multiple sclerosis and related disorders",
            year=2021,
            level=4,
            level_label="non-randomised / observational study",
            size="n = 52",
            design="prospective cohort",
            link="javascript:alert(1)",
        ),
        Reference(
            n=5,
            record_id="NCT09999999",
            label="Trial registration",
            kind="trial_registration",
            title="Coordinative Training in Multiple Sclerosis (CoMS)",
            journal="ClinicalTrials.gov",
            year=2024,
            link="https://clinicaltrials.gov/study/NCT09999999",
        ),
    ]


def sample_overview(status: str = "submitted") -> Overview:
    """The overview: guideline-less, two themes, an indirect source, a trial, exclusions."""
    theme_balance = ResearchTheme(
        heading="Balance and gait training",
        bullets=[
            Bullet(text=Q1, citations=[1], evidence=[_ev(1, "99000001", Q1)], level=2),
            Bullet(text=Q2, citations=[2], evidence=[_ev(2, "99000002", Q2, "CONCLUSIONS", "conclusions")], level=3),
            Bullet(
                text=Q3,
                citations=[3],
                evidence=[_ev(3, "99000003", Q3)],
                level=3,
                applicability="indirect",
                note="population: stroke, not multiple sclerosis",
            ),
        ],
    )
    theme_task = ResearchTheme(
        heading="Task-oriented and coordination exercise",
        bullets=[
            Bullet(text=Q4, citations=[4], evidence=[_ev(4, "99000004", Q4)], level=4),
            Bullet(
                text=f"{Q1} {Q5}",
                citations=[1, 4],
                evidence=[_ev(1, "99000001", Q1), _ev(4, "99000004", Q5, "CONCLUSIONS", "conclusions")],
                level=2,
            ),
        ],
    )
    return Overview(
        question=QUESTION,
        title=QUESTION,
        status=status,
        generated_at="2026-11-25T08:55:35Z",
        library=LibrarySnapshot(records=12345, newest="2026-10-30", generation=7),
        facets=Facets(
            question=QUESTION,
            condition=[FacetTerm(concept="multiple sclerosis", matched="MS", mesh="Multiple Sclerosis")],
            intervention=[FacetTerm(concept="physical therapy", matched="Physical Therapy (PT)")],
            outcome=[FacetTerm(concept="coordination", matched="coordination")],
            question_type=QuestionType.THERAPY,
        ),
        evidence_found=True,
        statement="No guideline was found; the research below is mostly small trials.",
        pubmed="PubMed was not searched (offline).",
        guidelines=GuidelineSection(found=False, statement=NO_GUIDELINE_STATEMENT),
        research=[theme_balance, theme_task],
        trials=[Bullet(text=Q6, citations=[5], evidence=[_ev(5, "NCT09999999", Q6, "DESCRIPTION", "registration")])],
        references=sample_references(),
        excluded=[
            Excluded(
                record_id="99000009",
                title="Whole-body vibration restores coordination in multiple sclerosis.",
                reason="retracted (Retracted Publication)",
            ),
            Excluded(
                record_id="99000010",
                title="Intrathecal baclofen pump for spasticity: an evidence-based analysis.",
                reason="off-topic: treats spasticity, not coordination (the question's outcome)",
            ),
        ],
        certainty=Certainty(rating="low", reasons=["no guideline", "small trials", "one source indirect"]),
        disclaimer=(
            "This information is intended for healthcare professionals. Any medical decision-making should "
            "rely on clinical judgment and independently verified information."
        ),
        took_ms=123.4,
    )


def _record(ref: Reference, **extra: object) -> Record:
    data: dict[str, object] = {
        "id": ref.record_id,
        "source": "medline",
        "kind": Kind(ref.kind),
        "title": ref.title,
        "year": ref.year,
        "pub_date": str(ref.year),
        "url": ref.link,
    }
    data.update(extra)
    return Record.model_validate(data)


def sample_records() -> dict[str, Record]:
    """Full records for the references (authors, DOI, pages) as the library would hold them."""
    r1, r2, r3, r4, r5 = sample_references()
    return {
        r1.record_id: _record(
            r1,
            pmid="99000001",
            doi="10.9999/apmr.2015.001",
            pub_date="2015-03-15",
            journal=Journal(
                title="Archives of physical medicine and rehabilitation",
                iso_abbreviation="Arch Phys Med Rehabil",
                issn="1532-821X",
                volume="96",
                issue="3",
                pages="523-31",
            ),
            authors=[
                Author(last_name="Paltamaa", fore_name="Jaana", initials="J"),
                Author(last_name="O'Brien", fore_name="Mary K", initials="MK"),
                Author(collective="MS Rehabilitation Group"),
            ],
            publication_types=["Journal Article", "Meta-Analysis", "Systematic Review"],
            language="eng",
            sections=[
                Section(label="OBJECTIVE", category="OBJECTIVE", text="To assess exercise training for balance."),
                Section(label="RESULTS", category="RESULTS", text=Q1 + " " + Q5),
            ],
        ),
        r2.record_id: _record(
            r2,
            pmid="99000002",
            doi="10.9999/pri.2006.002",
            pub_date="2006-06",
            journal=Journal(
                title="Physiotherapy research international : the journal for researchers and clinicians in physical "
                "therapy",
                iso_abbreviation="Physiother Res Int",
                volume="11",
                issue="2",
                pages="93-109",
            ),
            authors=[Author(last_name="Smedal", fore_name="Tori", initials="T")],
            publication_types=["Journal Article", "Randomized Controlled Trial"],
            sections=[Section(text=Q2)],
        ),
        r3.record_id: _record(
            r3,
            pmid="99000003",
            journal=Journal(title="Clinical rehabilitation", iso_abbreviation="Clin Rehabil", pages="1-10"),
            authors=[Author(last_name="Lee", fore_name="Min-Ji", initials="MJ")],
            sections=[Section(text=Q3)],
        ),
        r4.record_id: _record(
            r4,
            pmid="99000004",
            doi="10.9999/msard.2021.{4}_%",
            journal=Journal(
                title="Multiple sclerosis and related disorders", iso_abbreviation="Mult Scler Relat Disord"
            ),
            authors=[Author(last_name="García-López", fore_name="Ana", initials="A")],
            sections=[Section(text=Q4 + " " + Q5)],
        ),
        r5.record_id: _record(
            r5, kind=Kind.TRIAL_REGISTRATION, publisher="ClinicalTrials.gov", sections=[Section(text=Q6)]
        ),
    }
