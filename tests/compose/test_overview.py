"""The topic overview on a real library: the contract checks of the overview issue."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from bedside.compose.ask import ask
from bedside.compose.audience import reading_grade
from bedside.compose.overview import FINDING_SENTENCES, _names_condition, _read, compose
from bedside.library import ingest
from bedside.library.store import Store
from bedside.models import Bullet, Kind, Overview, Record
from bedside.search.facets import analyse
from bedside.search.matching import FacetMatcher
from bedside.search.results import Hit
from bedside.search.retrieve import Retriever
from bedside.settings import Settings, load
from tests.corpora import subset_lines

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "overview.schema.json").read_text(encoding="utf-8"))
SEED_QUESTION = "What are the specific physical therapy strategies for coordination problems in multiple sclerosis?"
QUESTIONS = [
    SEED_QUESTION,
    "Is interferon effective for chronic hepatitis C?",
    "Does rehabilitation improve walking after stroke?",
    "What is multiple sclerosis?",
]


def _all_bullets(overview: Overview) -> list[tuple[str, Bullet]]:
    out = [
        (name, b)
        for name in ("summary", "key_considerations", "management_strategies")
        for b in getattr(overview.guidelines, name)
    ]
    out += [(f"research:{t.heading}", b) for t in overview.research for b in t.bullets]
    out += [("trials", b) for b in overview.trials]
    return out


@pytest.fixture(scope="module")
def answers(overview_library: Settings) -> dict[str, Overview]:
    with Store.open(overview_library.db) as store:
        retriever = Retriever(store, overview_library)
        return {q: ask(q, store, overview_library, fetch=False, retriever=retriever) for q in QUESTIONS}


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_citation_resolves_and_every_quote_is_verbatim(
    question: str, answers: dict[str, Overview], overview_library: Settings
) -> None:
    overview = answers[question]
    jsonschema.validate(overview.model_dump(mode="json"), SCHEMA)
    numbers = [r.n for r in overview.references]
    assert numbers == list(range(1, len(numbers) + 1)), "references numbered 1..N in order"
    assert len({r.record_id for r in overview.references}) == len(numbers), "one reference per record"
    by_n = {r.n: r for r in overview.references}
    cited: Counter[int] = Counter()
    with Store.open(overview_library.db) as store:
        for section, bullet in _all_bullets(overview):
            assert bullet.citations, f"uncited bullet in {section}"
            for n in bullet.citations:
                assert n in by_n, f"[{n}] does not resolve"
                cited[n] += 1
            for ev in bullet.evidence:
                assert by_n[ev.ref].record_id == ev.record_id
                record = store.get(ev.record_id)
                assert record is not None
                assert not record.retracted, "a retracted record was cited"
                sentences = [t for s in record.sections for t in s.sentence_texts()]
                assert ev.quote in sentences, f"quote not verbatim in {ev.record_id}: {ev.quote!r}"
                assert ev.quote in bullet.text
                if record.kind is Kind.TRIAL_REGISTRATION:
                    assert section == "trials", "a trial registration was cited as evidence of effect"
    assert set(cited) == set(numbers), "every reference is cited"
    assert all(r.kind != "trial_registration" or r.level is None for r in overview.references)
    assert overview.status == "submitted" and overview.review_note == "Pending human review"
    assert overview.disclaimer and overview.certainty.rating in {"high", "moderate", "low", "very low"}
    assert overview.library.records > 0


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_research_bullet_is_one_studys_findings_in_its_own_order(
    question: str, answers: dict[str, Overview], overview_library: Settings
) -> None:
    overview = answers[question]
    quotes = [(ev.record_id, ev.quote) for _, b in _all_bullets(overview) for ev in b.evidence]
    assert len(quotes) == len(set(quotes)), "a sentence is quoted twice"
    with Store.open(overview_library.db) as store:
        for theme in overview.research:
            for bullet in theme.bullets:
                assert 1 <= len(bullet.evidence) <= FINDING_SENTENCES
                assert len({ev.record_id for ev in bullet.evidence}) == 1, "one bullet, one study"
                assert bullet.text == " ".join(ev.quote for ev in bullet.evidence)
                record = store.get(bullet.evidence[0].record_id)
                assert record is not None
                sentences = [t for s in record.sections for t in s.sentence_texts()]
                order = [sentences.index(ev.quote) for ev in bullet.evidence]
                assert order == sorted(order), "sentences keep the record's order"
                background = [ev for ev in bullet.evidence if ev.role == "background"]
                assert len(background) < len(bullet.evidence), "a study's background never stands alone"
                for ev in background:
                    assert "background" in bullet.note and " ".join(ev.quote.split()[:4]) in bullet.note


def test_findings_hold_more_than_one_sentence_somewhere(answers: dict[str, Overview]) -> None:
    """Supporting sentences are really added (else the test above would pass on single quotes)."""
    sizes = [len(b.evidence) for o in answers.values() for t in o.research for b in t.bullets]
    assert sizes and max(sizes) > 1


def test_seed_question_says_no_guideline_and_cites_no_off_population_evidence_as_direct(
    answers: dict[str, Overview],
) -> None:
    overview = answers[SEED_QUESTION]
    assert overview.guidelines.found is False
    assert overview.guidelines.statement.startswith("No guideline in the library addresses")
    assert "multiple sclerosis" in overview.guidelines.statement
    assert not overview.guidelines.summary and not overview.guidelines.management_strategies
    for ref in overview.references:
        if ref.kind == "guideline" or "children" in ref.title.lower():
            assert ref.applicability == "indirect" and "children" in ref.reason, ref
    excluded = {e.record_id: e.reason for e in overview.excluded}
    assert excluded.get("retracted-ms-balance") == "retracted"
    for _, bullet in _all_bullets(overview):
        if bullet.applicability == "indirect":
            assert bullet.note, "an indirect bullet says why"


def test_cochrane_review_comes_first_in_its_theme(answers: dict[str, Overview]) -> None:
    overview = answers["Is interferon effective for chronic hepatitis C?"]
    refs = {r.n: r for r in overview.references}
    themes = [
        t
        for t in overview.research
        if any(refs[b.citations[0]].record_id.startswith("10.1002/14651858") for b in t.bullets)
    ]
    assert themes, "the Cochrane review on interferon for hepatitis C is quoted"
    theme = themes[0]
    first = refs[theme.bullets[0].citations[0]]
    assert first.record_id.startswith("10.1002/14651858"), [refs[b.citations[0]].record_id for b in theme.bullets]
    levels = [b.level if b.level is not None else 9 for b in theme.bullets]
    assert levels == sorted(levels), "bullets ordered by level of evidence"
    assert any(r.record_id == "case-report-interferon-hcv" for r in overview.references) or any(
        e.record_id == "case-report-interferon-hcv" for e in overview.excluded
    )


def test_same_library_and_question_give_the_same_overview(overview_library: Settings) -> None:
    with Store.open(overview_library.db) as store:
        retriever = Retriever(store, overview_library)
        first = compose(SEED_QUESTION, retriever).model_dump(exclude={"generated_at", "took_ms"})
        second = compose(SEED_QUESTION, Retriever(store, overview_library)).model_dump(
            exclude={"generated_at", "took_ms"}
        )
    assert first == second


def test_audience_changes_the_language(overview_library: Settings) -> None:
    question = "Does rehabilitation improve walking after stroke?"
    with Store.open(overview_library.db) as store:
        retriever = Retriever(store, overview_library)
        clinician = compose(question, retriever, audience="clinician")
        patient = compose(question, retriever, audience="patient")

    def grade(overview: Overview) -> float:
        texts = [b.text for _, b in _all_bullets(overview)]
        return sum(reading_grade(t) for t in texts) / max(1, len(texts))

    assert patient.audience == "patient" and patient.disclaimer != clinician.disclaimer
    assert [b.text for _, b in _all_bullets(patient)] != [b.text for _, b in _all_bullets(clinician)]
    assert grade(patient) < grade(clinician)


def test_no_applicable_evidence_is_said_plainly(overview_library: Settings) -> None:
    with Store.open(overview_library.db) as store:
        overview = ask("Does acupuncture prevent dental caries in dogs?", store, overview_library, fetch=False)
    assert overview.evidence_found is False
    assert overview.statement.startswith("The library holds no guideline or study that addresses")
    assert not _all_bullets(overview) and not overview.references
    assert "not searched" in overview.pubmed


def test_every_trial_registration_the_statement_counts_is_listed(shared_data: Path, tmp_path: Path) -> None:
    # Real MS trial registrations, and nothing on exercise for coordination that reports a result.
    lines = subset_lines(
        shared_data / "ctgov-ms/corpus.jsonl", re.compile(r"balance|coordination|ataxia|exercise", re.I), 60
    )
    (tmp_path / "registrations.jsonl").write_text("".join(lines), encoding="utf-8")
    settings = load(db=tmp_path / "lib.db")
    question = "Does exercise improve coordination in multiple sclerosis?"
    with Store.open(settings.db) as store:
        ingest.add_paths(store, [tmp_path / "registrations.jsonl"])
        overview = ask(question, store, settings, fetch=False)
        titles = {e.record_id: store.get(e.record_id) for e in overview.excluded}
    assert overview.evidence_found is False
    counted = re.search(r"It holds (\d+) trial registrations on the topic", overview.statement)
    assert counted, overview.statement
    listed = [e for e in overview.excluded if e.reason.startswith("trial registration: reports no results")]
    assert len(listed) == int(counted.group(1)) > 1
    for entry in listed:
        record = titles[entry.record_id]
        assert record is not None and record.kind is Kind.TRIAL_REGISTRATION
        assert re.search(r"multiple sclerosis|\bMS\b", record.title, re.IGNORECASE), record.title
    # A registration not named for the condition says so, rather than 'no evidence to set it beside'.
    registrations = {k for k, r in titles.items() if r is not None and r.kind is Kind.TRIAL_REGISTRATION}
    others = [e for e in overview.excluded if e.record_id in registrations]
    assert any(e.reason == "trial registration whose title does not name the condition" for e in others)


def _cli(settings: Settings, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bedside", "--db", str(settings.db), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=full_env,
    )


def test_ask_cli_formats(overview_library: Settings) -> None:
    done = _cli(overview_library, "ask", SEED_QUESTION, "--format", "json", "--no-fetch")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, SCHEMA)
    for key in (
        "question",
        "status",
        "generated_at",
        "library",
        "evidence_found",
        "guidelines",
        "research",
        "trials",
        "references",
        "excluded",
        "certainty",
        "disclaimer",
    ):
        assert key in data
    assert data["guidelines"]["found"] is False and data["guidelines"]["statement"]
    markdown = _cli(overview_library, "ask", SEED_QUESTION, "--format", "markdown", "--no-fetch")
    assert markdown.returncode == 0 and "Pending human review" in markdown.stdout
    assert "No guideline in the library addresses" in markdown.stdout
    html = _cli(overview_library, "ask", SEED_QUESTION, "--format", "html", "--no-fetch")
    assert html.returncode == 0 and "<script" not in html.stdout and "From the Research" in html.stdout
    bad = _cli(overview_library, "ask", "   ", "--format", "json")
    assert bad.returncode == 1 and "empty" in bad.stderr


def test_fetch_searches_pubmed_with_the_facets(overview_library: Settings, shared_data: Path, tmp_path: Path) -> None:
    from tests.sources.eutils_replay import ReplayServer

    db = tmp_path / "copy.db"
    with Store.open(overview_library.db) as source:
        source.db.execute(f"VACUUM INTO '{db}'")
    settings = overview_library.model_copy(update={"db": db})
    with ReplayServer.start(shared_data) as server:
        done = _cli(
            settings, "ask", SEED_QUESTION, "--format", "json", "--fetch", env={"BEDSIDE_EUTILS_URL": server.url}
        )
        assert done.returncode == 0, done.stderr
        terms = [c.params.get("term", "") for c in server.calls("esearch")]
    assert terms and "multiple sclerosis" in terms[0] and "physical therapy" in terms[0]
    assert json.loads(done.stdout)["pubmed"].startswith("PubMed searched for")
    offline = _cli(
        settings, "ask", SEED_QUESTION, "--format", "json", "--fetch", env={"BEDSIDE_EUTILS_URL": "http://127.0.0.1:9/"}
    )
    assert offline.returncode == 0, offline.stderr
    assert "could not be reached" in json.loads(offline.stdout)["pubmed"]


def test_a_drug_the_library_never_names_is_not_answered_by_records_on_the_condition(
    overview_library: Settings,
) -> None:
    """The library holds hepatitis C reviews, none on cabotegravir: none may stand in as direct evidence."""
    with Store.open(overview_library.db) as store:
        overview = ask("Is cabotegravir effective for chronic hepatitis C?", store, overview_library, fetch=False)
    assert overview.references, "the hepatitis C records are still shown, as indirect evidence"
    assert all(r.applicability == "indirect" for r in overview.references)
    assert all("subject: does not mention cabotegravir" in r.reason for r in overview.references)
    assert overview.statement == (
        "The library holds no direct research on “Is cabotegravir effective for chronic hepatitis C?”; only indirect"
        " evidence is shown. No record in the library mentions cabotegravir."
    )
    assert overview.guidelines.statement == (
        "No guideline in the library addresses “Is cabotegravir effective for chronic hepatitis C?”."
    )
    themes = [t.heading for t in overview.research]
    assert themes[0].startswith("Indirect evidence")


def test_a_trial_is_registered_on_the_question_when_its_title_names_the_condition_else_the_outcome() -> None:
    def registration(title: str) -> Record:
        return Record(id="NCT0", title=title, kind=Kind.TRIAL_REGISTRATION)

    falls = FacetMatcher(analyse("Does exercise reduce the risk of falls in older adults?"))
    assert _names_condition(falls, registration("Fall Risk Reduction in Multiple Sclerosis: Exercise Versus Behavior"))
    # No condition in the question: a tai chi trial of immune function is not registered on falls.
    assert not _names_condition(
        falls, registration("Effects of Tai Chi Exercise on Innate and Adaptive Immune Function")
    )
    ms = FacetMatcher(analyse("Does exercise improve fatigue in multiple sclerosis?"))
    assert _names_condition(ms, registration("Aerobic training in multiple sclerosis"))
    assert not _names_condition(ms, registration("Aerobic training for fatigue after stroke"))


def test_registrations_do_not_push_studies_out_of_what_is_read() -> None:
    def hits(kinds: list[Kind]) -> list[Hit]:
        return [Hit(rowid=i, record_id=f"r{i}", score=-float(i), kind=k.value) for i, k in enumerate(kinds)]

    crowded = hits([Kind.TRIAL_REGISTRATION] * 45 + [Kind.PATIENT_INFORMATION, Kind.SYSTEMATIC_REVIEW])
    read = [h.record_id for h in _read(crowded, depth=40)]
    assert read == [f"r{i}" for i in range(40)] + ["r45", "r46"], "registrations below 40 are not read; the rest is"
    studies = hits([Kind.TRIAL_REPORT] * 60)
    assert len(_read(studies, depth=40)) == 40, "without registrations: the first forty"


def test_a_review_below_forty_registrations_is_quoted(tmp_path: Path) -> None:
    rows = [
        {
            "_id": f"NCT{i:08d}",
            "title": f"Balance training to improve balance in multiple sclerosis: trial {i}",
            "text": f"Does balance training improve balance in multiple sclerosis? This trial, at site {i}, asks.",
            "metadata": {"kind": "trial-registration"},
        }
        for i in range(60)
    ]
    rows.append(
        {
            "_id": "review-1",
            "title": "Neurorehabilitation in multiple sclerosis: a systematic review",
            "text": "We searched five databases for randomised trials of rehabilitation. Twelve trials with 600"
            " participants were included. Balance training improved balance in people with multiple sclerosis"
            " compared with usual care. Balance training should be offered to people with multiple sclerosis"
            " who have poor balance.",
            "metadata": {"kind": "systematic-review", "year": 2020},
        }
    )
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(tmp_path / "lib.db") as store:
        ingest.add_paths(store, [tmp_path / "c.jsonl"])
        retriever = Retriever(store, load(db=store.path))
        question = "Does balance training improve balance in multiple sclerosis?"
        ranked = [h.record_id for h in retriever.search(question, k=61).results]
        assert ranked.index("review-1") >= 40, "the review must rank below forty registrations for this test"
        overview = compose(question, retriever)
    cited = {ref.record_id for ref in overview.references if ref.label == "Research"}
    assert cited == {"review-1"}, "read although sixty registrations rank above it, and quoted"


def test_a_subject_no_record_names_is_said_even_when_other_evidence_is_quoted(tmp_path: Path) -> None:
    rows = [
        {
            "_id": f"mir-{i}",
            "title": f"MicroRNA {name} in human cancers",
            "text": f"MicroRNAs regulate gene expression. We profiled {name} in 200 tumours. "
            f"Results: {name} was overexpressed in colorectal cancer compared with normal tissue. "
            f"Conclusions: {name} is an oncogenic microRNA.",
            "metadata": {"kind": "observational-study", "year": 2015},
        }
        for i, name in enumerate(["miR-21", "miR-155", "miR-7"])
    ]
    rows.append(
        {
            "_id": "condensin-1",
            "title": "Condensin and topoisomerase II in mitotic chromosomes",
            "text": "Results: condensin recruited topoisomerase II to chromosome axes. Conclusions: condensin"
            " shapes mitotic chromosomes with topoisomerase II.",
            "metadata": {"kind": "other", "year": 2018},
        }
    )
    # Enough other records that 'microRNA' is a rare, specific word here, as in a real library.
    rows += [
        {"_id": f"other-{i}", "title": f"Hip fracture surgery outcomes, cohort {i}", "text": "Mortality fell."}
        for i in range(150)
    ]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(tmp_path / "lib.db") as store:
        ingest.add_paths(store, [tmp_path / "c.jsonl"])
        retriever = Retriever(store, load(db=store.path))
        unnamed = compose("Is PCAT6 a microRNA?", retriever)
        written_apart = compose("How does condensin affect the function of topoisomeraseII?", retriever)
    assert unnamed.evidence_found, "the microRNA studies are quoted"
    assert unnamed.statement == "No record in the library mentions PCAT6: the evidence below does not name it."
    assert "mentions" not in written_apart.statement, "'topoisomerase II' is written apart, not missing"


def test_what_a_question_asks_of_its_condition_is_named_in_the_statement(tmp_path: Path) -> None:
    """ "Can multiple sclerosis be cured?" on a library of MS records that never speak of a cure: the library
    holds research on MS, so the statement quotes the question rather than say none addresses MS."""
    rows = [
        {
            "_id": f"ms-{i}",
            "title": f"Relapses in multiple sclerosis, cohort {i}",
            "text": "People with multiple sclerosis were followed for ten years. Results: relapses became rarer.",
            "metadata": {"kind": "observational-study", "year": 2015},
        }
        for i in range(4)
    ]
    # 'cured' is common in this library, as in a real one, so it is no rare subject word.
    rows += [
        {"_id": f"other-{i}", "title": f"Wound infection, cohort {i}", "text": "Most infections were cured."}
        for i in range(150)
    ]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(tmp_path / "lib.db") as store:
        ingest.add_paths(store, [tmp_path / "c.jsonl"])
        overview = compose("Can multiple sclerosis be cured?", Retriever(store, load(db=store.path)))
    # Before, "... no guideline or study that addresses multiple sclerosis", beside four records on it.
    assert "“Can multiple sclerosis be cured?”" in overview.statement
    assert "addresses multiple sclerosis" not in overview.statement
