"""Does a record speak to the question asked? Direct, indirect (with a reason) or off-topic.

A record found by search can be about the right thing, about something next to it, or about
something else. Readers need to know which before they weigh a quoted sentence, so every record
gets a verdict, and every verdict short of *direct* says why in words a clinician can check.
How the question's terms are found in a record (names, plurals, abbreviations, stems) is
`appraise.terms`, compiled per question by `appraise.question`; this module holds the rules that
turn what was found into a verdict (rules 3b to 3e, on how the condition is named, in
`appraise.conditions`; rule 5, on the treatment, and the sentence-level check of a treatment, in
`appraise.treatments`).

Rules, in order:

1. No facet terms at all (only free words): *direct* when the words the record mentions carry
   more than half of the question's weight, else *off-topic*. A free word is matched by its
   Porter stem at the start of a word ('neurones' finds 'neurons', 'migrate' finds
   'migration'); its weight is its rarity in the library (inverse document frequency, from the
   caller) or 1 when none is given, so "cells" counts for less than "ubiquitin", and a word no
   record holds (a misspelling) counts for nothing. No words, or no weight, at all: *direct*,
   as nothing can be judged. A question (not a claim) whose subject words (below) the library holds
   none of is about nothing in it: every record is *off-topic* "does not mention toripalimab", though
   it may share the question's other words ("mechanism of action"). A record short of half the
   weight is still *direct* when one of its sentences restates the question (embedding cosine at
   least `RESTATES`, given by the caller): claims are often paraphrased ("possess a self-renewing
   capacity" for an abstract on macrophages that "self-maintain"), and a sentence that close is
   about the same thing. One that names at least `PARTLY_NAMED` of the weight and holds a sentence
   close to the question (`CLOSE_SENTENCE`) is *indirect*, "partly on the question": two weaker
   signs that agree put it near the question, not on it.
2. The *topic* is the condition terms plus the intervention, comparison and outcome terms
   (population terms when the question has nothing else). None of them mentioned ->
   *off-topic*: "does not mention multiple sclerosis or physical therapy". Unless the record
   names what the question's condition is a kind of, one step up (`Vocabulary.broader_of`):
   then rule 3 calls it indirect, "population: pneumonia in general, not community-acquired
   pneumonia", or by the sibling kind it names ("ventilator-associated pneumonia"); only for a
   question that names no treatment or outcome, which the record would otherwise have to share.
   Subject words: the free words of a question with facets that are rare in the library (in at
   most 3% of its records, or in none) and technical in English (Zipf frequency under 3:
   'cabotegravir', 'SETD1A', 'erythropoiesis'; not 'ineffective' or 'chronic') name what the
   vocabulary did not know; so do everyday words rare in the library in the slot of what is asked
   about ('cranberry juice' in "Does cranberry juice prevent ...") or of what it is asked for,
   ending the question ('hangover' in "Does melatonin help a hangover?"), or what a short question
   asks of its subject ('contagious' in "Is psoriasis contagious?", found also as 'infectious' or
   'transmitted'; 'hereditary' also as 'inherited', 'familial' or 'genetic'). A record that
   mentions none of them (a technical word is found by its first letters, so 'atherosclerotic'
   finds 'atherosclerosis') is *indirect* "subject: does not mention cabotegravir": the HIV
   records of a library that never names cabotegravir are not evidence on it. When the
   question's only facet is its population ('adults with short bowel syndrome' before the
   vocabulary knew the syndrome), the subject words are its topic instead:
   a record naming none of them is *off-topic*, and one silent on age is not dropped. A record
   naming neither the condition nor a subject word is *off-topic* too, whatever outcome it shares
   ("does not mention acne or isotretinoin" for the side effects of tuberculosis drugs), and so is
   one naming neither the condition nor the outcome of a question that has both (aspirin and
   macular degeneration, for aspirin to prevent stroke in atrial fibrillation).
   A question naming two conditions ('anaemia in people with cancer') and a record naming only
   one of them -> *indirect* "population: not cancer" (ESA for anaemia in heart failure); a
   treatment the people are on ('women receiving chemotherapy for breast cancer', a condition for
   the question analysis) need not be named beside another condition.
3. The question names a condition, the record does not mention it but does mention an
   intervention or outcome -> *indirect*, naming what the record is about instead, read from
   the title ("children with cancer", "stroke patients") or else the main MeSH descriptor (major,
   with disease qualifiers such as therapy or rehabilitation; none is guessed from bare
   descriptor lists): "population: children with cancer, not multiple sclerosis", or
   "population: not multiple sclerosis" when nothing names it.
   3b. The record does mention the condition, but only once, in its abstract, as a covariate or an
   exclusion ("controlling for variables such as ... ischemic heart disease", "women with
   gestational diabetes were excluded"), and its title does not name it -> *indirect*
   "condition: hip fracture, not cardiovascular disease" when the title names another condition,
   else, when it is adjusted for or excluded, "condition: stroke named only as a covariate or an
   exclusion, not studied".
   3c. An untitled record (the shared corpus's Cochrane abstracts) whose abstract names another
   condition of the vocabulary at least twice and twice as often as the question's -> *indirect*
   "population: cancer, not depression" (exercise during adjuvant treatment for breast cancer,
   with depression among its outcomes).
   3d. A question on whether a treatment or exposure causes a condition ("Do statins cause
   diabetes?") and a record that names the condition only as a trait of the people it studied
   (no 'risk of', 'new-onset', 'developed', 'incidence' around it) -> *indirect* "outcome:
   diabetes only as who was studied, not as an effect of statins". Questions only, not claims.
   3e. A therapy question that asks nothing about preventing its condition (only, if anything, an
   outcome), and a record whose title is on preventing the condition, not on treating it
   ("Primary prevention of hypertension") ->
   *indirect* "population: people without hypertension (prevention), not people with it". An
   untitled record counts when every mention of the condition is an onset ('risk of', 'incidence
   of') and its abstract names prophylaxis or prevention twice; a titled one when its title names
   the condition only as a risk and names a treatment ("Folic acid supplementation and risk of
   preeclampsia").
   3f. A question on treating its condition (or on its prognosis), and a record that names the
   condition once (not in its title or MeSH), in a list of outcomes or harms ("the incidence of ...
   or culture-proven sepsis", "adverse events (pancreatitis, cholangitis with septicaemia, ...)")
   -> *indirect* "condition: sepsis named once, as an outcome or harm, not who was studied".
   3g. Rule 3e's mirror: a question on preventing its condition, and a record that names the
   condition at least twice, never as something developed, lowered or at risk, and never speaks of
   prevention or prophylaxis -> *indirect* "population: people who have breast cancer, not people
   at risk of it" (exercise during adjuvant treatment, for "Does physical activity reduce the risk of
   breast cancer?").
4. Population: the question states an age group (women and men are adults, as in MeSH) and
   the record's age groups (MeSH check tags such as Child, Infant, Adolescent, Adult, Aged; else
   words such as children, paediatric, neonates, older adults, elderly in the title, or at least
   twice in the abstract) are all on
   the other side of the child/adult divide -> *indirect* "population: children, not older
   adults". A question about pregnancy and a record that never mentions it, or a record about
   pregnancy (title or major MeSH) for a question that is not -> *indirect*. A question on an
   obstetric subject (miscarriage, birth weight, gestational diabetes ...) is about pregnancy; a
   fertility trial (IVF, ovulation induction: title, major MeSH, or twice in an untitled abstract)
   reports pregnancy rates but is on "women having fertility treatment, not pregnant women", unless
   the question is on conceiving, where pregnancy is the outcome, not the population; and
   a pregnancy study that follows up the infants or children the question asks about is on them. With no age group in
   the question, age is not judged: most questions do not say, and guessing would hide evidence.
   A question on children (infants, children, adolescents) and a record that names no child at all
   -> *indirect* "population: age not stated, not children": studies are of adults unless they say
   otherwise.
   A study of animals (MeSH 'Animals' without 'Humans'; unindexed: animals named in the title
   but no people, or twice in the abstract and no people at all) for a question that names no
   animal -> *indirect* "population: animal study (mice), not people". Likewise laboratory work
   on cells (its title names cell lines, in vitro work or a named line such as MCF7, and no
   people) for a question that names no cells -> "population: laboratory study (cells), not
   people". Questions without facets (rule 1, mostly laboratory claims) are not judged on species.
   A question on primary prevention and a record on people who have had the disease ("a previous
   history of stroke or TIA", "acute coronary syndromes", twice, and never "primary prevention")
   -> *indirect* "population: people who have had stroke (secondary prevention), not primary
   prevention"; the other way round for secondary prevention (`population.prevention_stage_reason`).
   A question on men (or women) and a record on the other sex only (MeSH check tags Female or
   Male alone; unindexed, a title naming one sex) -> *indirect* "population: women, not men"
   (`population.sex_reason`): trials in postmenopausal women answered osteoporosis in men.
   A question whose people do not have a condition ("adults without diabetes") and a record on
   people who do (its title, MeSH or keywords naming it, not negated) -> *indirect* "population:
   people with diabetes, not people without it" (`population.absent_reason`).
5. Intervention drift: the record matches the condition (or the question names none), the question names an intervention
   or outcome, and the record is about another intervention family (spasticity drugs,
   disease-modifying drugs, corticosteroids, ...; title, MeSH, keywords, or twice in the
   abstract) while not mentioning the question's intervention -> *indirect*
   "intervention: spasticity drugs, not coordination management". A family the question's own
   terms belong to is never drift, and a record of that family (exercise, for a physiotherapy
   question) counts as being on the question's intervention. A record on the condition that
   mentions none of the question's interventions or outcomes and no other family is
   *indirect* too ("outcome: not about coordination"): right patients, other subject. When
   the question names a treatment, a record silent on it (and on its family) is *indirect* even
   if it names the outcome: "intervention: not about physical therapy" for a survey of ataxia in
   MS. One kind of a family asked about (dance therapy, CBT, fluoxetine) is not answered by a
   record on the family in general ("intervention: exercise and rehabilitation in general, not
   dance therapy"); the family's general names (`GENERAL_TREATMENTS`) are. For a question comparing
   two treatments, a record on the second alone is "intervention: open surgery only, not
   appendicectomy"; a treatment named only as what happened to the people ('a higher rate of
   caesarean section') is "only as an outcome, not what was studied". An exposure the question
   also names (smoking, hint etiology) does not stand for its treatments: "intervention: not about
   bupropion or varenicline" for a lung-cancer screening guideline that mentions smokers.
   Named once in the abstract, as an aside (a recorded characteristic, a covariate, an exclusion;
   `conditions.named_aside`), under a title that does not name it -> *indirect* "intervention:
   hormone replacement therapy named only as a covariate, not studied". Named once in the
   abstract at all, in a sentence that reports nothing (no figure, no effect seen), under a title
   that names neither it, its family, its class nor the question's condition, outcome or subject,
   in a study or review (not a patient page, which lists treatments once each) -> *indirect*
   "intervention: aspirin named once in passing, not studied". Nothing the question
   names (its aim in "varenicline for smoking cessation", its setting) is another treatment.
   A record that names the question's intervention only in its abstract while its title names
   another treatment of the vocabulary (not of the question's own family) is *indirect* as well:
   "intervention: bisphosphonates, not vitamin D" for an alendronate trial that gave every arm
   vitamin D. An exposure in the title that the question's treatment is named after is what
   that treatment acts on, not another one: "Effect of smoking reduction on lung cancer risk"
   stays direct for a smoking-cessation question. An untitled record is judged by its words
   instead: a family (else a treatment of the vocabulary) named at least twice, and more often than
   the question's treatment ("intervention: corticosteroids, not antibiotics" for a steroid review
   whose children also had antibiotics; "intervention: amantadine, not paracetamol" for a review of
   antivirals that used paracetamol as a comparator); a class of the asked treatment does not count
   when the abstract names the asked one at least three times (antiplatelet agents for pre-eclampsia,
   whose trials were nearly all of aspirin, answer an aspirin question). Comparators (placebo, usual care) are never
   the other treatment. With the question's intervention not mentioned at all, a title naming another
   treatment of the vocabulary counts like a family ("intervention: beta blockers, not physical
   therapy for balance"). A title on a sibling of a specific drug asked about (glatiramer acetate,
   for interferon beta named in its abstract) is on that sibling, though both are of one family;
   a question on the family itself is answered by any member.
   5h. Head to head (`appraise.comparators`): a record that studies another treatment against the
   asked one ("Alemtuzumab versus interferon beta"; untitled, at least two sentences setting it as
   the comparator and none the reverse) or on top of it ("Minocycline as add-on to interferon
   beta", "Atorvastatin in patients treated with interferon beta") -> *indirect* "intervention:
   alemtuzumab, with interferon beta only as its comparator": it weighs the other treatment, not
   whether the asked one works. Not for a question that itself compares treatments.
6. Outcome: the record names the question's intervention but none of its outcomes -> *indirect*
   "outcome: not about pain" (statin trials of cardiovascular events, for "Do statins cause
   muscle pain?"); or names them once, as a covariate, outside its title and MeSH -> *indirect*
   "outcome: cardiovascular events named only as a covariate, not studied".
7. Question type: a diagnosis or prognosis question without a named outcome, and a record with
   none of the words such evidence is reported in (sensitivity, accuracy, diagnosis, screening ...;
   survival, mortality, progression, prognosis, risk factors ...) -> *indirect* "question: reports
   nothing on prognosis" (a study of motor-neuron biology for "What is the prognosis of ALS?").
   For a diagnosis question, 'diagnosis' counts only in the title, MeSH or keywords: "celiac
   patients diagnosed over ten years" and "BMI at diagnosis" say who was studied, not how well a
   test finds the disease (for a claim, whose type is only a default, it counts anywhere).
   A therapy question that names no treatment ("What is the best treatment for gestational
   diabetes?") likewise: a record with no word of treatment, trial or management (a study of
   prepregnancy BMI as a risk factor) "reports nothing on therapy"; the word must be in its title,
   MeSH or keywords or in a sentence naming the condition, and a trial register among a review's
   data sources ("Cochrane Central Register of Controlled Trials") is no word of treatment. A
   question on what causes its condition, naming no exposure ("What causes preterm birth?"), and a
   record that speaks neither of causes nor of associations, exposures or mechanisms -> *indirect*
   "question: reports nothing on causes"; a trial, or a review of trials, must name causes outright
   (cause, risk factors, aetiology ...), since it reports effects ("progesterone was associated with
   fewer preterm births"), not causes. Likewise a prognosis question naming no treatment or outcome
   ("What is the prognosis of relapsing-remitting MS?") and a trial, a review of trials or a record
   titled on a treatment that never speaks of prognosis or natural history -> *indirect* "question:
   reports on treatment, not on the course of the disease" (a fingolimod trial's relapses are
   relapses under treatment). A question on how common its condition is ("How many people have
   MS?") and a record that gives no prevalence, incidence or number of people affected -> *indirect*
   "question: reports nothing on how common it is" (the MS diagnostic criteria); a trial or review of
   treatment must speak of prevalence or epidemiology outright.
7b. A question that rules drugs out ("How can I lower my blood pressure without medication?",
   'non-drug', 'naturally') and a record on drugs (a drug of the vocabulary or medication in its
   title; untitled, three mentions) -> *indirect* "intervention: olmesartan and ramipril, which the
   question rules out" (`appraise.ruled_out`); likewise any treatment ruled out ("without surgery",
   'non-surgical') and a record whose title names it, unless the title compares it with another.
8. Otherwise *direct*. Several reasons are joined with "; ".

A concept is found under its kinds' names too (`Vocabulary.kinds_of`): a record on ischaemic
stroke mentions cardiovascular disease, a warfarin trial mentions anticoagulants.

`matched` and `missing` list the question's concepts (all facets, condition first) the record
does or does not mention; an age-group population term also counts as matched when the
record's detected age groups include it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bedside.appraise import conditions, indications, question_type, ruled_out, treatments
from bedside.appraise.population import (
    absent_reason,
    animal_study,
    laboratory_study,
    population_of,
    population_reason,
    prevention_stage_reason,
    record_groups,
    sex_reason,
)
from bedside.appraise.question import (
    CompiledFacets,
    compile_facets,
    is_treatment,
    own_names,
)
from bedside.appraise.view import RecordView, join_or
from bedside.appraise.wordlists import (
    DEFINING_POPULATIONS,
    GENERAL_TREATMENTS,
)
from bedside.models import Applicability, Facets, Kind, Record, Verdict
from bedside.search.vocabulary import Vocabulary

# Rule 1's paraphrase threshold: MiniLM cosine between the question and the record's closest
# sentence. Measured on SciFact train claims: of the records rule 1 called off-topic, 13 of the 36
# gold evidence abstracts and 115 of 9,892 others reach it (1 in 86 of those; at 0.6: 25 and 1,136).
RESTATES = 0.7
# Rule 1's middle ground: a record that names at least `PARTLY_NAMED` of the question's weight and
# holds a sentence at `CLOSE_SENTENCE` or above is near the question, though it restates nothing:
# *indirect*, shown apart with that reason, since about half such records are on the question's
# subject and half beside it (a sample of 12 of the train claims'). SciFact train evidence recall
# (564 claims) 0.8488 -> 0.8537 whether called direct or indirect (gold abstract cited 91.5% ->
# 92.7%); 0.3 / 0.6 and 0.4 / 0.55 gave 0.8546. Of the train records rule 1 had called off-topic, 6
# of the 21 gold evidence abstracts and 201 of 8,881 others pass both bars.
PARTLY_NAMED = 0.4
CLOSE_SENTENCE = 0.6


def assess(
    record: Record,
    facets: Facets,
    rarity: Mapping[str, float] | None = None,
    closeness: float | None = None,
    specific: Iterable[str] = (),
) -> Applicability:
    """Whether `record` speaks to the question behind `facets`: direct, indirect or off-topic."""
    return judge(record, compile_facets(facets, rarity, specific), closeness)


def judge(record: Record, q: CompiledFacets, closeness: float | None = None) -> Applicability:
    """Verdict for one record against a compiled question; see the module docstring for the rules.

    `closeness`: cosine between the question and the record's closest sentence, when known (rule 1).
    """
    view = RecordView.of(record)

    if not q.order:
        judged = _free_words(view, q, closeness)
        # "Is X bad for people without coeliac disease?" names no concept but the one its people lack.
        absent = absent_reason(view, q) if judged.verdict is Verdict.DIRECT else ""
        if absent:
            return judged.model_copy(update={"verdict": Verdict.INDIRECT, "reason": absent})
        # "What are the alternatives to statins for lowering cholesterol?" names no concept but the one
        # it rules out: a statin trial is no answer.
        excluded = ruled_out.ruled_out_reason(view, q) if judged.verdict is Verdict.DIRECT and q.ruled_out else ""
        if excluded:
            return judged.model_copy(update={"verdict": Verdict.INDIRECT, "reason": excluded})
        unnamed = _missing_subject(view, q) if judged.verdict is Verdict.DIRECT else []
        if unnamed and _unseen(unnamed, q):
            # The library never names what the question is about ("Describe SBGNview", "What is the
            # mechanism of action of toripalimab?"): a record sharing its other words is not about it.
            reason = "does not mention " + join_or(unnamed)
            return judged.model_copy(update={"verdict": Verdict.OFF_TOPIC, "reason": reason})
        if unnamed:  # a question (not a claim) on something no vocabulary concept names
            reason = "; ".join(r for r in (judged.reason, "subject: does not mention " + join_or(unnamed)) if r)
            return judged.model_copy(update={"verdict": Verdict.INDIRECT, "reason": reason})
        return judged

    hit: dict[str, bool] = {}
    for term in (*q.condition, *q.population, *q.action):
        if not hit.get(term.concept):
            hit[term.concept] = term.found(view.everything, view.everything_low)

    groups = record_groups(record, view)
    for term in q.population:
        # An age group stands for itself; 'Black adults' is adults, but a record on adults is not on
        # Black adults: a defining population must be named.
        if term.group and term.group in groups and term.concept not in DEFINING_POPULATIONS:
            hit[term.concept] = True

    matched = [c for c in q.order if hit.get(c)]
    missing = [c for c in q.order if not hit.get(c)]

    condition_hit = any(hit[t.concept] for t in q.condition)
    # A question whose only facet is whom it is about ('adults') has its subject in its free words,
    # when it has any; then a record silent on age is judged by them (and by rule 4), not dropped.
    topic = [*q.condition, *q.action] or ([] if q.subject else list(q.population))
    kind, general = ("", "") if condition_hit else _wider_condition(view, q)

    def off_topic(names: list[str]) -> Applicability:
        reason = "does not mention " + join_or(names)
        return Applicability(verdict=Verdict.OFF_TOPIC, reason=reason, matched=matched, missing=missing)

    # The broader condition alone keeps a record only for a question that names no treatment or
    # outcome: vitamin A for lower respiratory infections says nothing on vitamin C for colds. With
    # the treatment's class too (SSRIs in eating disorders, for fluoxetine in bulimia nervosa) it is
    # evidence one step removed on both, and says so.
    wider_action = _wider_action(view, q) if general and q.action else ""
    if topic and not any(hit[t.concept] for t in topic) and (not general or (q.action and not wider_action)):
        return off_topic([t.concept for t in topic])
    unnamed = _missing_subject(view, q)
    if unnamed and not topic:
        return off_topic(unnamed)
    if q.condition and not condition_hit and not general:
        conditions_asked = [t.concept for t in q.condition]
        if q.outcome and not any(hit[t.concept] for t in q.outcome):
            # Only the treatment in common: aspirin and macular degeneration says nothing on aspirin
            # to prevent stroke in atrial fibrillation.
            return off_topic([*conditions_asked, *(t.concept for t in q.outcome)])
        if unnamed:
            # Neither the condition nor what is asked about it: "What are the side effects of
            # isotretinoin for acne?" was answered, as indirect evidence, by the side effects of
            # tuberculosis drugs, which share only the outcome.
            return off_topic([*conditions_asked, *unnamed])

    reasons: list[str] = []
    caused = {t.concept for t in q.caused}
    if q.condition and not condition_hit and all(t.concept in caused for t in q.condition):
        # "Does long-term use of benzodiazepines cause dementia?": dementia is what is asked about as
        # an effect, not who was studied; a study of falls on benzodiazepines is not "population:
        # not dementia" but silent on the effect asked about.
        reasons.append(f"outcome: not about {join_or([t.concept for t in q.condition])}")
        ages = population_reason(record, view, groups, q)
        if ages:
            reasons.append(ages)
    elif q.condition and not condition_hit:
        subject = population_of(record, view, groups, q)
        condition = join_or([t.concept for t in q.condition])
        named = kind or subject or (f"{general} in general" if general else "")
        reasons.append(f"population: {named}, not {condition}" if named else f"population: not {condition}")
        ages = population_reason(record, view, groups, q)
        if ages and not named:
            reasons.append(ages)
        if wider_action and not any(hit[t.concept] for t in q.action):
            reasons.append(f"intervention: {wider_action} in general, not {join_or([t.concept for t in q.action])}")
    else:
        # 'anaemia in people with cancer': a trial of anaemia in heart failure is on other patients.
        # A treatment the people are on ('women receiving chemotherapy for breast cancer') only
        # describes them: a breast-cancer exercise review need not say 'chemotherapy'.
        unmet = [t.concept for t in q.condition if not hit[t.concept] and not is_treatment(t.concept)]
        if unmet:
            reasons.append(f"population: not {join_or(unmet)}")
        passing = (
            conditions.passing_condition(view, q, hit)
            or conditions.louder_condition(view, q)
            or conditions.prevention_only(view, q)
            or conditions.listed_as_outcome(view, q, hit)
            or conditions.treated_not_prevented(view, q)
            or indications.other_use(view, q)
        )
        if passing:
            reasons.append(passing)
        effect = conditions.effect_unreported(view, q, hit)
        if effect:
            reasons.append(effect)
        population = (
            population_reason(record, view, groups, q)
            or prevention_stage_reason(view, q)
            or sex_reason(record, view, q)
            or absent_reason(view, q)
        )
        if population:
            reasons.append(population)
        unnamed_people = [
            t.concept
            for t in q.population
            if t.concept in DEFINING_POPULATIONS and not hit[t.concept] and f"not {t.concept}" not in population
        ]
        if unnamed_people:
            reasons.append(f"population: not {join_or(unnamed_people)}")
    if not q.about_animals:
        animal = animal_study(record, view)
        if animal:
            reasons.append(f"population: animal study ({animal}), not people")
        elif not q.about_cells and laboratory_study(view):
            reasons.append("population: laboratory study (cells), not people")
    # Rule 3 has already said whom the record is about when it misses the condition.
    research = record.kind not in (Kind.PATIENT_INFORMATION, Kind.TRIAL_REGISTRATION)
    on_condition = condition_hit or not q.condition
    reasons.extend(
        _subject_reasons(
            view,
            q,
            hit,
            on_condition=on_condition,
            research=research,
            kind=record.kind,
            judged=bool(reasons or unnamed),
        )
    )
    # "without medication", "without surgery": a trial of olmesartan or of discectomy is not an answer.
    excluded = ruled_out.ruled_out_reason(view, q) if q.rules_out_drugs or q.ruled_out else ""
    if excluded:
        reasons.append(excluded)
    if unnamed:
        reasons.append("subject: does not mention " + join_or(unnamed))

    verdict = Verdict.INDIRECT if reasons else Verdict.DIRECT
    return Applicability(verdict=verdict, reason="; ".join(reasons), matched=matched, missing=missing)


def _wider_condition(view: RecordView, q: CompiledFacets) -> tuple[str, str]:
    """(another kind of the same thing the record names, the thing in general it names), when it
    names the thing the question's condition is a kind of; else ('', '').

    A review of pneumonia is indirect evidence for a question on community-acquired pneumonia
    ("pneumonia in general"), not off-topic; a trial in ventilator-associated pneumonia is on other
    patients ("ventilator-associated pneumonia").
    """
    broader = [t.concept for t in q.broader if t.found(view.everything, view.everything_low)]
    if not broader:
        return "", ""
    siblings = [t.concept for t in q.siblings if t.found(view.everything, view.everything_low)]
    return " and ".join(siblings[:2]), broader[0]


def _wider_action(view: RecordView, q: CompiledFacets) -> str:
    """The drug class one of the question's single drugs belongs to, when the record names it
    ('selective serotonin reuptake inhibitors' for fluoxetine); else ''. Not a family's general
    name: 'dietary supplements' for vitamin C would let vitamin A in children's respiratory
    infections back in as evidence on colds."""
    vocabulary = Vocabulary.default()
    for term in q.action:
        if not vocabulary.is_single_drug(term.concept):
            continue
        for wider in vocabulary.broader_of(term.concept):
            if wider.name not in GENERAL_TREATMENTS and own_names(wider).found(view.everything, view.everything_low):
                return wider.name
    return ""


def _subject_reasons(
    view: RecordView,
    q: CompiledFacets,
    hit: dict[str, bool],
    *,
    on_condition: bool,
    research: bool = True,
    kind: Kind = Kind.OTHER,
    judged: bool = False,
) -> list[str]:
    """Rules 5 to 7: is the record about the question's treatment, its outcomes, its kind of question?

    `judged`: the record is already indirect for another reason; rule 7 then only asks for a word of
    the question's type anywhere, since its stricter reading is there to stop a wrong *direct*.
    """
    reasons: list[str] = []
    action_hit = any(hit[t.concept] for t in q.action)
    drift = treatments.apart_reason(q, hit) or (
        treatments.drift_reason(view, q, hit, action_hit, research) if on_condition and q.action else ""
    )
    if drift:
        reasons.append(drift)
    elif q.outcome and any(hit[t.concept] for t in q.intervention):
        named = [t for t in q.outcome if hit[t.concept]]
        if not named:
            reasons.append(f"outcome: not about {join_or([t.concept for t in q.outcome])}")
        elif not any(t.found(view.strong, view.strong_low) for t in named) and conditions.named_aside(view, named):
            # "Statin use and risk of gallstone disease" adjusts for ischaemic heart disease: no
            # evidence on cardiovascular events.
            reasons.append(f"outcome: {join_or([t.concept for t in named])} named only as a covariate, not studied")
    kind_of_question = question_type.type_reason(view, q, kind, judged=judged or bool(reasons))
    if kind_of_question:
        reasons.append(kind_of_question)
    return reasons


def _missing_subject(view: RecordView, q: CompiledFacets) -> list[str]:
    """The question's subject words, when the record mentions none of them (else empty).

    One is enough: a question on "apolipoprotein E4 (APOE4)" is answered by a record that says
    only "APOE4", and a record that names any of the words is at least about the same thing. When
    some of them name what the question asks about ("Is tranexamic acid effective in postpartum
    haemorrhage?"), one of those is needed: a record on postpartum haemorrhage alone is not about
    tranexamic acid. What the treatment is asked for or to cause ('bleeding' in "Do SSRIs increase
    bleeding risk?", `CompiledFacets.effect`) is a second group, one of which is needed too.
    """
    for wanted in (q.asked or q.subject, q.effect):
        if wanted and not any(t.found(view.everything, view.everything_low) for t in wanted):
            return [t.concept for t in wanted]
    return []


def _unseen(words: list[str], q: CompiledFacets) -> bool:
    """Whether the library holds none of these free words (each weighs nothing: `lexical.WordCounts.rarity`).

    Only when the caller gave weights: without them every word weighs 1 and nothing is known unseen.
    """
    weight = {t.concept.lower(): w for t, w in zip(q.free, q.free_weights, strict=True)}
    return all(weight.get(word.lower(), 1.0) <= 0 for word in words)


def _free_words(view: RecordView, q: CompiledFacets, closeness: float | None = None) -> Applicability:
    """Rule 1: a question without facets is judged on its remaining content words (or a restating sentence)."""
    if not q.free:
        return Applicability(verdict=Verdict.DIRECT)
    found = [t.found(view.everything, view.everything_low) for t in q.free]
    matched = [t.concept for t, hit in zip(q.free, found, strict=True) if hit]
    missing = [t.concept for t, hit in zip(q.free, found, strict=True) if not hit]
    weight = sum(w for w, hit in zip(q.free_weights, found, strict=True) if hit)
    total = sum(q.free_weights)
    if total <= 0 or 2 * weight > total:  # words in every record, or in none, cannot tell records apart
        return Applicability(verdict=Verdict.DIRECT, matched=matched, missing=missing)
    reason = f"mentions {len(matched)} of {len(q.free)} question words; not " + join_or(missing)
    if closeness is not None and closeness >= RESTATES:
        reason = f"{reason}, but a sentence restates the question (similarity {closeness:.2f})"
        return Applicability(verdict=Verdict.DIRECT, reason=reason, matched=matched, missing=missing)
    if closeness is not None and closeness >= CLOSE_SENTENCE and weight >= PARTLY_NAMED * total:
        reason = (
            f"partly on the question: mentions {len(matched)} of {len(q.free)} question words, not "
            f"{join_or(missing)}; a sentence is close to it (similarity {closeness:.2f})"
        )
        return Applicability(verdict=Verdict.INDIRECT, reason=reason, matched=matched, missing=missing)
    return Applicability(verdict=Verdict.OFF_TOPIC, reason=reason, matched=matched, missing=missing)
