"""Domain types shared by every stage of the pipeline.

Every stage (sources -> library -> search -> appraise -> compose -> render/serve) speaks in
these types, so they live in one place and carry a description on every field. Readers build
`Record`s; the store persists them; later stages read them back unchanged.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Kind(StrEnum):
    """What sort of source a record is; decides how later stages may use it."""

    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic_review"
    TRIAL_REPORT = "trial_report"
    OBSERVATIONAL_STUDY = "observational_study"
    CASE_REPORT = "case_report"
    NARRATIVE_REVIEW = "narrative_review"
    TRIAL_REGISTRATION = "trial_registration"
    PATIENT_INFORMATION = "patient_information"
    OTHER = "other"


class Sentence(BaseModel):
    """One sentence of a section, located by character offsets so it can be quoted exactly."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="Offset of the first character in the section text.")
    end: int = Field(description="Offset one past the last character in the section text.")


class Section(BaseModel):
    """A labelled part of a record's text: a structured-abstract part or a document heading."""

    label: str = Field("", description="Label as the source gives it (e.g. 'METHODS'); '' when unlabelled.")
    category: str = Field(
        "", description="PubMed NlmCategory (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS) or ''."
    )
    text: str = Field(description="The section's text, exactly as stored; sentence offsets index into it.")
    sentences: list[Sentence] = Field(default_factory=list, description="Sentence spans within `text`.")

    def sentence_texts(self) -> list[str]:
        """The sentences as strings, sliced from `text` so they are verbatim."""
        return [self.text[s.start : s.end] for s in self.sentences]


class Journal(BaseModel):
    """Where a record was published."""

    title: str = Field("", description="Full journal title (PubMed Journal/Title, MEDLINE JT).")
    iso_abbreviation: str = Field("", description="ISO abbreviation (PubMed ISOAbbreviation, MEDLINE TA).")
    issn: str = Field("", description="ISSN when given.")
    volume: str = Field("", description="Volume.")
    issue: str = Field("", description="Issue.")
    pages: str = Field("", description="Pagination (MedlinePgn or PG).")


class Author(BaseModel):
    """One author, or a collective (group) name."""

    last_name: str = Field("", description="Family name.")
    fore_name: str = Field("", description="Given names.")
    initials: str = Field("", description="Initials.")
    collective: str = Field("", description="Group author name, when the author is a collective.")
    affiliation: str = Field("", description="First affiliation given for the author.")

    @property
    def display(self) -> str:
        """'Last FM' or the collective name."""
        if self.collective:
            return self.collective
        return f"{self.last_name} {self.initials}".strip()


class MeshHeading(BaseModel):
    """A MeSH descriptor with its qualifiers and major-topic flag."""

    descriptor: str = Field(description="Descriptor name, e.g. 'Multiple Sclerosis'.")
    ui: str = Field("", description="Descriptor unique id, e.g. 'D009103', when given.")
    major: bool = Field(False, description="True when the descriptor or any qualifier is a major topic.")
    qualifiers: list[str] = Field(default_factory=list, description="Qualifier names, e.g. 'therapy'.")


class Record(BaseModel):
    """One source document, whatever format it came in."""

    id: str = Field(description="Stable id: PMID, DOI, NCT number or the id the input gives.")
    source: str = Field("", description="Reader that produced it: pubmed-xml, medline, jsonl, document, eutils.")
    kind: Kind = Field(Kind.OTHER, description="What sort of source this is (guideline, trial report, ...).")
    title: str = Field("", description="Title as given by the source.")
    sections: list[Section] = Field(default_factory=list, description="Abstract or body as labelled sections.")
    journal: Journal = Field(default_factory=Journal, description="Journal details.")
    pub_date: str = Field(
        "", description="Publication date as precise as known, ISO-like: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."
    )
    year: int | None = Field(None, description="Publication year.")
    authors: list[Author] = Field(default_factory=list, description="Authors in order.")
    publication_types: list[str] = Field(default_factory=list, description="PubMed publication types.")
    mesh: list[MeshHeading] = Field(default_factory=list, description="MeSH headings.")
    keywords: list[str] = Field(default_factory=list, description="Author keywords.")
    pmid: str = Field("", description="PubMed id when known.")
    doi: str = Field("", description="DOI when known.")
    pmc: str = Field("", description="PubMed Central id (PMC...) when known.")
    language: str = Field("", description="Language code, e.g. 'eng'.")
    retracted: bool = Field(False, description="True when the record is retracted (publication type or RetractionIn).")
    url: str = Field("", description="Where the source can be read (registry page, publisher page).")
    publisher: str = Field("", description="Body that published it (guideline body, web publisher).")
    version: int = Field(1, description="Record version (PubMed PMID Version); a newer version replaces an older one.")
    revised: str = Field(
        "", description="Date the source last revised the record (DateRevised), ISO-like; newer replaces older."
    )
    extra: dict[str, str] = Field(
        default_factory=dict, description="Other input metadata kept as text (e.g. plain-language summary)."
    )

    @property
    def abstract(self) -> str:
        """All section texts joined, for indexing."""
        return "\n".join(s.text for s in self.sections)

    def sentences(self) -> list[str]:
        """Every sentence of every section, verbatim, in order."""
        return [t for s in self.sections for t in s.sentence_texts()]


class Deletion(BaseModel):
    """An instruction from an update file to remove a record (PubMed DeleteCitation)."""

    id: str = Field(description="Id of the record to remove.")


class Rejection(BaseModel):
    """A piece of input that could not be read, with enough detail to find and fix it."""

    path: str = Field(description="File the problem is in.")
    where: str = Field(description="Record id or position (e.g. 'record 12', 'line 40', 'PMID 123').")
    reason: str = Field(description="What is wrong, in plain words.")

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.reason}"


class QuestionType(StrEnum):
    """What a clinical question asks about; decides which evidence answers it best."""

    THERAPY = "therapy"
    DIAGNOSIS = "diagnosis"
    PROGNOSIS = "prognosis"
    HARM = "harm"
    ETIOLOGY = "etiology"
    OTHER = "other"


class FacetTerm(BaseModel):
    """One concept found in a question, with the words that produced it (for explainability)."""

    concept: str = Field(description="Preferred name of the concept, e.g. 'multiple sclerosis'.")
    matched: str = Field(description="The words of the question that became this concept, e.g. 'MS'.")
    synonyms: list[str] = Field(
        default_factory=list, description="Other names searched for (abbreviations, synonyms, MeSH entry terms)."
    )
    source: str = Field("vocabulary", description="Where the mapping came from: vocabulary, mesh or pattern.")
    mesh: str = Field("", description="MeSH descriptor name when known.")


class Facets(BaseModel):
    """A question parsed into PICO-style facets."""

    question: str = Field(description="The question as asked.")
    condition: list[FacetTerm] = Field(default_factory=list, description="Disease or problem, e.g. multiple sclerosis.")
    population: list[FacetTerm] = Field(
        default_factory=list, description="Population details: age group, sex, setting."
    )
    intervention: list[FacetTerm] = Field(default_factory=list, description="Intervention or exposure.")
    comparison: list[FacetTerm] = Field(default_factory=list, description="Comparator, when the question names one.")
    outcome: list[FacetTerm] = Field(default_factory=list, description="Outcome or target problem, e.g. coordination.")
    question_type: QuestionType = Field(
        QuestionType.OTHER, description="Therapy, diagnosis, prognosis, harm, etiology or other."
    )
    other_terms: list[str] = Field(
        default_factory=list, description="Remaining content words, searched but not a facet."
    )
    ruled_out: list[FacetTerm] = Field(
        default_factory=list,
        description="Treatments the question rules out, with its words ('surgery' from 'without surgery', "
        "'drug treatment' from 'without medication' or 'naturally'): not searched, and records on them are "
        "not direct answers.",
    )
    absent: list[FacetTerm] = Field(
        default_factory=list,
        description="Conditions the question says its people do not have ('diabetes' from 'adults without "
        "diabetes'): searched as words, not a facet, and records on people who have them are on other people.",
    )

    def all_terms(self) -> list[FacetTerm]:
        """Every facet term, condition first."""
        return [*self.condition, *self.population, *self.intervention, *self.comparison, *self.outcome]


class Role(StrEnum):
    """Rhetorical role of an abstract sentence; bullets are built from results and conclusions."""

    BACKGROUND = "background"
    METHODS = "methods"
    RESULTS = "results"
    CONCLUSIONS = "conclusions"


class Verdict(StrEnum):
    """How a record's population, condition and intervention relate to the question's."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    OFF_TOPIC = "off-topic"


class Applicability(BaseModel):
    """Whether a record speaks to the question asked, and if not, why not."""

    verdict: Verdict = Field(description="direct, indirect (shown with its reason) or off-topic (left out).")
    reason: str = Field(
        "", description="Plain reason when not direct, e.g. 'population: children with cancer, not multiple sclerosis'."
    )
    matched: list[str] = Field(default_factory=list, description="Question concepts the record was found to match.")
    missing: list[str] = Field(default_factory=list, description="Question concepts the record does not mention.")


class StudySize(BaseModel):
    """Design and size of a study as stated in its abstract, shown beside the reference."""

    design: str = Field("", description="Design as stated, e.g. 'randomised controlled trial', 'meta-analysis'.")
    participants: int | None = Field(None, description="Number of participants (n = 42), when stated.")
    studies: int | None = Field(None, description="Number of included studies or trials, for reviews (12 trials).")
    quote: str = Field("", description="The words of the abstract the figures were read from.")

    def label(self) -> str:
        """Short text for the reference list, e.g. '12 trials, n = 1,234'."""
        parts = []
        if self.studies is not None:
            parts.append(f"{self.studies} studies")
        if self.participants is not None:
            parts.append(f"n = {self.participants:,}")
        return ", ".join(parts)


class Evidence(BaseModel):
    """The source sentence behind (part of) a bullet: quoted verbatim from the record."""

    ref: int = Field(description="Number of the reference in the overview's reference list.")
    record_id: str = Field(description="Id of the record quoted.")
    quote: str = Field(description="The sentence, exactly as it appears in the record.")
    section: str = Field("", description="Label of the abstract section the sentence comes from.")
    role: str = Field(
        "",
        description=(
            "Sentence role: results, conclusions, recommendation ...;"
            " background (a study's, never a lead) is named in the bullet's note."
        ),
    )


class Bullet(BaseModel):
    """One statement of the overview, made only of quoted sentences, with its citations."""

    text: str = Field(description="What the reader sees: the quoted sentence(s), unchanged.")
    citations: list[int] = Field(description="Reference numbers cited by this bullet, in order.")
    evidence: list[Evidence] = Field(description="The quoted sentences and where each comes from.")
    level: int | None = Field(None, description="Level of evidence of the strongest cited source (1 = guideline).")
    applicability: str = Field("direct", description="direct or indirect (then `note` says why).")
    note: str = Field("", description="Caution shown with the bullet, e.g. why the evidence is indirect.")


class ResearchTheme(BaseModel):
    """A themed subsection of 'From the Research'."""

    heading: str = Field(description="Readable heading, e.g. 'Exercise and balance training'.")
    bullets: list[Bullet] = Field(default_factory=list, description="Bullets ordered by level of evidence.")


class GuidelineSection(BaseModel):
    """'From the Guidelines': only guideline records, or a plain statement that there are none."""

    found: bool = Field(description="True when at least one applicable guideline was found.")
    statement: str = Field("", description="When none was found: what the library lacks, in plain words.")
    summary: list[Bullet] = Field(default_factory=list, description="The guidelines' main statements.")
    key_considerations: list[Bullet] = Field(
        default_factory=list, description="Cautions, assessment, who it applies to."
    )
    management_strategies: list[Bullet] = Field(default_factory=list, description="Recommended actions.")


class Reference(BaseModel):
    """One numbered source of the overview."""

    n: int = Field(description="Reference number, in order of first citation.")
    record_id: str = Field(description="Library id of the record.")
    label: str = Field(description="Guideline, Research, Trial registration or Patient information.")
    kind: str = Field(description="Kind of source (guideline, systematic_review, ...).")
    title: str = Field(description="Title of the source.")
    journal: str = Field("", description="Journal (or publisher / registry).")
    year: int | None = Field(None, description="Year of publication.")
    level: int | None = Field(
        None, description="Level of evidence (1 = guideline ... 6 = narrative); none for registrations."
    )
    level_label: str = Field("", description="The level in words.")
    applicability: str = Field("direct", description="direct or indirect.")
    reason: str = Field("", description="Why the source is indirect, when it is.")
    size: str = Field("", description="Study size as stated in the abstract, e.g. '12 studies, n = 1,234'.")
    design: str = Field("", description="Study design as stated in the abstract.")
    link: str = Field("", description="PubMed, DOI or registry address.")
    retracted: bool = Field(False, description="Always false: retracted records are never cited.")


class Excluded(BaseModel):
    """A source found but not used, and why."""

    record_id: str = Field(description="Library id of the record.")
    title: str = Field(description="Title of the source.")
    reason: str = Field(description="Why it was left out (retracted, off-topic, ...).")


class Certainty(BaseModel):
    """GRADE-style certainty of the whole answer, in one line."""

    rating: str = Field(description="high, moderate, low or very low.")
    reasons: list[str] = Field(default_factory=list, description="What lowered (or supports) the rating.")

    def line(self) -> str:
        """'Certainty: low (no guideline; evidence indirect)'."""
        return f"Certainty: {self.rating}" + (f" ({'; '.join(self.reasons)})" if self.reasons else "")


class LibrarySnapshot(BaseModel):
    """What the library held when the overview was made."""

    records: int = Field(description="Number of records in the library.")
    newest: str = Field("", description="Newest publication date held.")
    generation: int = Field(0, description="Library generation (changes with every ingest).")


class Overview(BaseModel):
    """A Guideline Directed Topic Overview: extractive, fully cited, pending review until approved."""

    question: str = Field(description="The question as asked.")
    title: str = Field("", description="Title shown on the article (the question, tidied).")
    audience: str = Field("clinician", description="Who the text is written for.")
    status: str = Field("submitted", description="Editorial status: submitted, under_review or approved.")
    review_note: str = Field("Pending human review", description="Caution shown until approved.")
    generated_at: str = Field(description="When the overview was made (UTC, ISO 8601).")
    library: LibrarySnapshot = Field(description="What the library held.")
    facets: Facets = Field(description="How the question was understood.")
    evidence_found: bool = Field(description="False when the library holds no applicable evidence at all.")
    statement: str = Field("", description="Plain statement when no evidence (or only indirect evidence) was found.")
    pubmed: str = Field("", description="Whether PubMed was searched for fresh evidence, and what it gave.")
    guidelines: GuidelineSection = Field(description="From the Guidelines.")
    research: list[ResearchTheme] = Field(default_factory=list, description="From the Research, themed.")
    trials: list[Bullet] = Field(default_factory=list, description="Registered trials: they exist, no results.")
    references: list[Reference] = Field(default_factory=list, description="Every cited source, numbered.")
    excluded: list[Excluded] = Field(default_factory=list, description="Sources found and not used, with reasons.")
    certainty: Certainty = Field(description="Certainty of the whole answer.")
    disclaimer: str = Field(description="The professional disclaimer.")
    took_ms: float = Field(0.0, description="Time taken to compose, in milliseconds.")
