"""Rule 5 of `appraise.applicability`: is a record about the treatment the question asks about?

A record on the question's condition may be about another treatment (intervention drift: a
spasticity-drug trial for a coordination question), name the asked one only in passing or as a
covariate, or, sentence by sentence, report one arm of a review of several treatments. These rules
read the treatments a record names with the vocabulary that analyses questions, and the
intervention families of `appraise.wordlists`. Each returns the reason a clinician reads, or ''.
"""

from __future__ import annotations

from bedside.appraise import comparators, conditions
from bedside.appraise.question import (
    CompiledFacets,
    compile_term,
    is_comparator,
    is_exposure,
    own_names,
)
from bedside.appraise.terms import Term
from bedside.appraise.view import RecordView, join_or
from bedside.appraise.wordlists import FAMILY_LIST, GENERAL_TREATMENTS, Family
from bedside.search.facets import analyse_text
from bedside.search.vocabulary import Vocabulary
from bedside.text.spelling import fold


def apart_reason(q: CompiledFacets, hit: dict[str, bool]) -> str:
    """The question asks about treatments taken together ('ibuprofen with warfarin') and the record
    names only some of them: what one does alone is not what the two do together."""
    together = [t.concept for t in q.intervention if t.concept in q.together]
    named = [c for c in together if hit[c]]
    if len(together) < 2 or not named or len(named) == len(together):
        return ""
    missing = [c for c in together if not hit[c]]
    whole = "the two together" if len(together) == 2 else "all of them together"
    return f"intervention: {join_or(named)} without {join_or(missing)}, not {whole}"


def drift_reason(
    view: RecordView, q: CompiledFacets, hit: dict[str, bool], action_hit: bool, research: bool = True
) -> str:
    """Rule 5: the record is on the condition but about another intervention.

    `research`: a study or review, not a patient page or a trial registration (a page on a
    condition names each treatment once, in its list of treatments; a registration names its own).
    """
    # An exposure the question names (smoking) does not make a record about the treatments it asks
    # about: a lung-cancer screening guideline that mentions smokers is not about varenicline.
    treatments = q.treatments or q.intervention
    # "Is laparoscopic appendicectomy better than open surgery?": a record on the other arm alone
    # (emergency laparotomy) says nothing on the comparison.
    main = [t for t in treatments if t.concept not in q.compared]
    if q.compared and main and not any(hit[t.concept] for t in main):
        other = [t.concept for t in treatments if t.concept in q.compared and hit[t.concept]]
        if other:
            # What the record is about instead, when it says ('laparoscopic surgery' for a study of
            # laparoscopic myomectomy that mentions conversion to open surgery).
            instead = _title_interventions(view.title, q) if view.title.strip() else _louder_families(view, q)
            return _other_treatments(instead, q) or (
                f"intervention: {join_or(other)} only, not {join_or([t.concept for t in main])}"
            )
    if any(hit[t.concept] for t in treatments):
        # "What are the risks of caesarean section for future pregnancies?": a study that reports
        # the caesarean rate of its arms is not on what a caesarean does.
        asked = [t for t in treatments if hit[t.concept]]
        if q.is_question and all(conditions.only_as_onsets(view.everything_low, t) for t in asked):
            return f"intervention: {join_or([t.concept for t in asked])} only as an outcome, not what was studied"
        # "Alemtuzumab versus interferon beta", "Minocycline as add-on to interferon beta": studied
        # against or on top of the asked treatment, not the asked treatment (`appraise.comparators`).
        role = comparators.role_reason(view, q, asked)
        if role:
            return role
        if any(t.found(view.strong, view.strong_low) for t in q.intervention):
            return ""
        # Named once, among the characteristics recorded or adjusted for, under a title that does
        # not name it: a study of BRCA-positive breast cancers that recorded hormone replacement
        # therapy use is no evidence on what hormone replacement therapy does.
        asked = [t for t in q.intervention if hit[t.concept]]
        if view.title.strip() and conditions.named_aside(view, asked):
            return f"intervention: {join_or([t.concept for t in asked])} named only as a covariate, not studied"
        # Named once, in the abstract only, in a remark, under a title on something else: "Optimal
        # therapy for reduction of lipoprotein(a)" says once that aspirin may also lower Lp(a). Not
        # when the title names the question's own family ('strength training' for exercise), a
        # class the treatment belongs to ('pharmacological interventions for smoking cessation'),
        # or the question's condition, outcome or subject ("Remedies for hangover" lists each once).
        studied = [t for t in asked if not is_comparator(t.concept) and not is_exposure(t.concept)]
        if (
            research
            and studied
            and view.title.strip()
            and not any(
                f.count(view.strong, view.strong_low, enough=1) for f in FAMILY_LIST if f.name in q.own_families
            )
            and conditions.named_in_passing(view, studied)
            and not _title_names_class(view, studied)
            and not any(t.found(view.title, view.title_low) for t in (*q.condition, *q.outcome, *q.subject, *q.effect))
        ):
            return f"intervention: {join_or([t.concept for t in studied])} named once in passing, not studied"
        # Named only in the abstract, while the title is about another treatment (vitamin D given
        # to every arm of an alendronate trial): the record is about that treatment. Untitled, it
        # is about the family its abstract names more often than the question's treatment. An
        # exposure the treatment is named after is what it acts on, not another treatment: "Effect
        # of smoking reduction on lung cancer risk" (quitters among its groups) for smoking cessation.
        # A title on a sibling of the asked drug ("Glatiramer acetate for MS", for interferon beta,
        # named in the abstract) is on that sibling: the family counts as the question's own only
        # when the question asks about the family, not one specific member of it.
        others = (
            _title_interventions(view.title, q, exposures=False, siblings=True)
            if view.title.strip()
            else _louder_families(view, q)
        )
        return _other_treatments(others, q)
    own = (
        [f.name for f in FAMILY_LIST if f.name in q.own_families and _family_present(view, f)] if q.intervention else []
    )
    if own:
        # Other words for the question's own intervention family (exercise for physiotherapy); but
        # for one kind of the family, the family is the general case: a review of disease-modifying
        # therapies that never names interferon beta is not evidence on interferon beta, nor a study
        # of strength and balance in Parkinson's disease on dance therapy (`GENERAL_TREATMENTS`).
        kinds = [t.concept for t in treatments if t.concept not in GENERAL_TREATMENTS]
        if kinds and len(kinds) == len(treatments):
            # Another kind the title names says what the record is on: "mindfulness, not cognitive
            # behavioural therapy" for a trial of mindfulness meditation in sleep disturbances.
            titled = [
                t.concept
                for t in analyse_text(view.title).intervention
                if t.concept not in kinds and t.concept not in GENERAL_TREATMENTS
            ]
            named = " and ".join(dict.fromkeys(titled[:2])) if titled else f"{own[0]} in general"
            return f"intervention: {named}, not {join_or(kinds)}"
        return ""
    families = _families(view, q)
    if families:
        return f"intervention: {' and '.join(families)}, not {_wanted(q)}" if q.intervention or not action_hit else ""
    titled = _title_interventions(view.title, q) if q.intervention else []
    if titled:
        # "Insulin therapy in type 1 diabetes" is on insulin pumps among other ways of giving it.
        return _other_treatments(titled, q)
    if q.intervention:
        # On the condition (and maybe the outcome), but silent on the treatment asked about.
        return f"intervention: not about {join_or([t.concept for t in treatments])}"
    if not action_hit:
        # No treatment asked about: what the record is silent on is the outcome.
        return f"outcome: not about {join_or([t.concept for t in q.action])}"
    return ""


def _title_names_class(view: RecordView, terms: list[Term]) -> bool:
    """Whether the title names a class the treatments belong to ("Pharmacological interventions for
    smoking cessation" for varenicline): a review of the class studies each of its kinds."""
    vocabulary = Vocabulary.default()
    classes = [c for t in terms for c in vocabulary.broader_of(t.concept)]
    return any(own_names(c).found(view.title, view.title_low) for c in classes)


def names_treatment(sentence: str, q: CompiledFacets) -> bool:
    """Whether a sentence names a treatment the question asks about."""
    low = fold(sentence).lower()
    return any(t.found(sentence, low) for t in q.intervention)


def reports_other_treatment(sentence: str, q: CompiledFacets) -> bool:
    """Whether one sentence reports on another drug, or a sibling of the treatment asked about, and not on it.

    A review of several treatments tells each one's result in its own sentences: "This included
    study (n = 85) found selenium had an effect on EPDS scores" led an omega-3 bullet of a review of
    supplements for postnatal depression, "Compared with misoprostol, oxytocin infusion is more
    effective ..." a tranexamic acid bullet, and an abciximab finding an aspirin one. Such a
    sentence is no finding on the treatment asked about, whatever its closeness to the question.
    Counted: another single drug when a single drug is asked about (`Vocabulary.is_single_drug`:
    a class such as "antiviral therapy" may stand for the asked interferon), and for any treatment
    its siblings (kinds of one class in the vocabulary: aspirin and abciximab of antiplatelet
    drugs, omega-3 fatty acids and selenium of dietary supplements). A class the asked treatment
    belongs to, or a kind of it, is no other treatment. Other procedures are not counted: they are
    as often what the asked one is used for ("ultrasound guidance ... for lumbar punctures").
    """
    if not q.intervention or names_treatment(sentence, q):
        return False
    vocabulary = Vocabulary.default()
    asked = {t.concept for t in q.intervention}
    classes = {c.name for a in asked for c in vocabulary.broader_of(a)}
    kinds = {k.name for a in asked for k in vocabulary.kinds_of(a)}
    asks_drug = any(vocabulary.is_single_drug(a) for a in asked)
    for term in analyse_text(sentence).intervention:
        concept = term.concept
        if concept in asked or concept in kinds or not _other_intervention(concept, q, exposures=False):
            continue
        if vocabulary.is_class_of(concept, asked):
            continue  # a class the asked treatment belongs to ("any other dietary supplement")
        sibling = bool(classes & {c.name for c in vocabulary.broader_of(concept)})
        if sibling or (asks_drug and vocabulary.is_single_drug(concept)):
            return True
    return False


# An untitled review of a class that names the asked member this often is on that member too.
MEMBER_NAMED = 3


def _louder_families(view: RecordView, q: CompiledFacets) -> list[str]:
    """Families, else treatments of the vocabulary, that an untitled record's abstract names at
    least twice and more often than the question's treatment (never the question's own family).

    Cochrane abstracts come without titles here: "comparing amantadine and rimantadine with
    placebo or paracetamol" names paracetamol twice, as the comparator, in a review of antivirals.
    The question's own family counts as its treatment: a review of "manual therapy and exercise"
    for rotator cuff disease, with glucocorticoid injection as a comparator, is on physical therapy.
    """
    asked = sum(t.count(view.abstract, view.abstract_low) for t in q.intervention)
    asked += sum(f.count(view.abstract, view.abstract_low, enough=50) for f in FAMILY_LIST if f.name in q.own_families)
    louder = []
    for family in FAMILY_LIST:
        if family.name in q.own_families:
            continue
        named = family.count(view.abstract, view.abstract_low, enough=asked + 1)
        if named >= 2 and named > asked:
            louder.append(family.name)
    if not louder:
        found = analyse_text(view.abstract)
        # An abstract's "compared with ..." is read as a question's comparison: a treatment all the same.
        vocabulary = Vocabulary.default()
        asked_names = [t.concept for t in q.intervention]
        for term in (*found.intervention, *found.comparison):
            if not _other_intervention(term.concept, q, exposures=False):
                continue
            # A class of the asked treatment counts by its own names: through its kinds it would
            # count every mention of the asked treatment too ('hormone therapy' in a review of HRT).
            concept = vocabulary.get(term.concept)
            is_class = concept is not None and vocabulary.is_class_of(term.concept, asked_names)
            if is_class and asked >= MEMBER_NAMED:
                # A review of antiplatelet agents whose trials were almost all of low-dose aspirin,
                # named six times, is evidence on aspirin, not on the class in general.
                continue
            matcher = own_names(concept) if concept is not None and is_class else compile_term(term)
            named = matcher.count(view.abstract, view.abstract_low)
            if named >= 2 and named > asked:
                louder.append(term.concept)
    return list(dict.fromkeys(louder))[:2]


def _title_interventions(title: str, q: CompiledFacets, exposures: bool = True, siblings: bool = False) -> list[str]:
    """Interventions the title names that are not the question's, nor of the question's own family.

    Without `exposures`, an exposure that names part of a treatment asked about (smoking, for
    smoking cessation) is left out too: it is what that treatment acts on. With `siblings`, a
    specific member of the question's own family counts when the question asks only about specific
    members (glatiramer acetate for interferon beta; not exercise for physiotherapy).
    """
    if not title:
        return []
    found = dict.fromkeys(t.concept for t in analyse_text(title).intervention)
    return [c for c in found if _other_intervention(c, q, exposures) or (siblings and _sibling(c, q))][:2]


def _sibling(concept: str, q: CompiledFacets) -> bool:
    """Another specific treatment than the question's specific ones: not general, not a kind or class of them."""
    asked = q.treatments or q.intervention
    if concept in GENERAL_TREATMENTS or not asked or any(t.concept in GENERAL_TREATMENTS for t in asked):
        return False
    return bool(comparators.rivals([concept], q, asked))


def _other_intervention(concept: str, q: CompiledFacets, exposures: bool) -> bool:
    """Not the question's treatment, nor of its own family, nor a comparator (placebo, usual care).

    Nor anything else the question names: smoking cessation in "varenicline for smoking cessation"
    is its aim (an outcome), and dialysis in "itching in people on dialysis" says who is asked about.
    """
    asked = {t.concept for t in (*q.intervention, *q.outcome, *q.condition)}
    if concept in asked or is_comparator(concept):
        return False
    if any(f.count(concept, concept.lower(), enough=1) for f in FAMILY_LIST if f.name in q.own_families):
        return False
    asked_words = {w for c in asked for w in c.split()}
    return exposures or not (is_exposure(concept) and set(concept.split()) <= asked_words)


def _other_treatments(others: list[str], q: CompiledFacets) -> str:
    """The drift reason for treatments a record is about instead of the question's, or ''.

    A class the question's treatment is a kind of is the treatment in general, not another one:
    a review of "pharmacological interventions for smoking cessation" is evidence on nicotine
    replacement therapy among others ("smoking cessation in general, not nicotine replacement
    therapy in particular"), and a review of antiplatelet drugs on aspirin among others.
    """
    if not others:
        return ""
    asked = {t.concept for t in q.intervention}
    vocabulary = Vocabulary.default()
    classes = [c for c in others if vocabulary.is_class_of(c, asked)]
    if len(classes) == len(others):
        return f"intervention: {' and '.join(classes)} in general, not {join_or(sorted(asked))} in particular"
    return f"intervention: {' and '.join(c for c in others if c not in classes)}, not {_wanted(q)}"


def _wanted(q: CompiledFacets) -> str:
    """What the question asks for, e.g. 'physical therapy for coordination', 'coordination management'.

    A treatment the vocabulary does not know is named by the word that asks about it ('riluzole for
    mortality', not 'mortality management', for "Does riluzole prolong survival in ALS?").
    """
    interventions = join_or([t.concept for t in q.intervention] or [t.concept for t in q.asked])
    outcomes = join_or([t.concept for t in q.outcome])
    if interventions and outcomes:
        return f"{interventions} for {outcomes}"
    return interventions or f"{outcomes} management"


def _family_present(view: RecordView, family: Family) -> bool:
    """Named in the title, MeSH or keywords, or at least twice in the abstract."""
    return bool(family.count(view.strong, view.strong_low, enough=1)) or (
        family.count(view.abstract, view.abstract_low, enough=2) >= 2
    )


def _families(view: RecordView, q: CompiledFacets) -> list[str]:
    """Intervention families, other than the question's own, that the record is about."""
    found: list[str] = []
    for family in FAMILY_LIST:
        if family.name in q.own_families:
            continue
        if _family_present(view, family):
            found.append(family.name)
            if len(found) == 2:
                break
    return found
