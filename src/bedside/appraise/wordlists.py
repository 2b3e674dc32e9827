"""The word lists and patterns the applicability judge reads records with.

Age groups and pregnancy (MeSH check tags and words), intervention families (what a record is
about when it is not the question's intervention), and the patterns that name a record's subject
from its title or MeSH. Kept apart from `applicability.py` so the rules read on their own and the
lists can grow without touching them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATION = re.compile(r"^[A-Z]{2,4}$")
BEFORE = r"(?<![0-9A-Za-z\u00c0-\u024f])"
AFTER = r"(?![0-9A-Za-z\u00c0-\u024f])"
# After an ordinary name a digit is usually a glued footnote ("multiple sclerosis3"); after an
# abbreviation it makes another name (HER2), so only abbreviations keep digits out.
AFTER_WORD = r"(?![A-Za-z\u00c0-\u024f])"

# ----------------------------------------------------------------------------------------------
# Age groups and pregnancy.
# ----------------------------------------------------------------------------------------------

CHILDREN, INFANTS, ADOLESCENTS, ADULTS, OLDER, PREGNANCY = (
    "children",
    "infants",
    "adolescents",
    "adults",
    "older adults",
    "pregnant women",
)
CHILD_SIDE = frozenset({CHILDREN, INFANTS, ADOLESCENTS})
ADULT_SIDE = frozenset({ADULTS, OLDER})
GROUP_ORDER = (INFANTS, CHILDREN, ADOLESCENTS, ADULTS, OLDER)
# Populations a question is about that a record must name to be on them: who the people are, not
# where they are treated (primary care, an intensive care unit) or their sex, which rarely limit
# what a study shows. "Does caffeine improve performance in athletes?" is not answered by caffeine
# as an analgesic adjuvant. Not smokers: a record on quitting is on smokers without the word.
DEFINING_POPULATIONS = frozenset(
    {
        "athletes",
        "caregivers",
        "healthcare workers",
        "veterans",
        "people with disabilities",
        # "What is the first-line treatment for hypertension in Black adults?": guidelines advise
        # differently by ancestry, so a trial that never says whom it enrolled is not on them.
        "ethnic minorities",
        "Black people",
        "Hispanic people",
        "South Asian people",
        "Indigenous peoples",
        # "Do patients do better having colorectal cancer surgery in high-volume hospitals?" asks about
        # where the surgery is done: a study of liver metastases before surgery is not on it.
        "high-volume hospitals",
        # "How is malaria prevented in travellers?": malaria control in Tanzania is not advice for travellers.
        "travellers",
    }
)

# MeSH check tags and population descriptors onto groups; indexers apply these to every record.
MESH_GROUPS: dict[str, str] = {
    "infant": INFANTS,
    "infant, newborn": INFANTS,
    "infant, premature": INFANTS,
    "child": CHILDREN,
    "child, preschool": CHILDREN,
    "adolescent": ADOLESCENTS,
    "young adult": ADULTS,
    "adult": ADULTS,
    "middle aged": ADULTS,
    "aged": OLDER,
    "aged, 80 and over": OLDER,
    "frail elderly": OLDER,
    "pregnancy": PREGNANCY,
    "pregnant women": PREGNANCY,
    # MeSH's own definitions: "Women: human adult females", "Men: human adult males".
    "women": ADULTS,
    "men": ADULTS,
}

# Words for groups, as they appear in titles, abstracts and question facets, matched on
# lower-cased text. Each group has cheap substring cues: its regex runs only when a cue is there.
GROUP_WORDS: list[tuple[str, tuple[str, ...], str]] = [
    (
        OLDER,
        ("older", "elderly", "geriatr", "senior"),
        r"older\s+(?:adults?|people|persons|patients|women|men|individuals)|elderly|geriatrics?|seniors?",
    ),
    (INFANTS, ("infan", "neonat", "newborn", "preterm"), r"infants?|infancy|neonates?|neonatal|newborns?|preterm"),
    (
        CHILDREN,
        ("child", "paediatr", "pediatr", "kids", "boys", "girls"),
        r"child|children|childhood|paediatrics?|pediatrics?|kids|schoolchildren|boys|girls",
    ),
    (ADOLESCENTS, ("adolesc", "teenager", "youth"), r"adolescents?|adolescence|teenagers?|youths?"),
    # Women and men are adults (MeSH: "human adult females", "human adult males").
    (ADULTS, ("adult", "women", "men"), r"(?<!older )(?<!pregnant )(?:adults?|women|men)"),
    (PREGNANCY, ("pregnan", "antenatal", "prenatal"), r"pregnan(?:t|cy|cies)|antenatal|prenatal"),
]
# A question on any of these is about pregnancy even when it names no pregnant women ("Is the
# suicide rate higher after miscarriage than after live birth?"), so studies of pregnancy are
# its own population, not another one.
OBSTETRIC = re.compile(
    BEFORE + r"(?:pregnan\w*|gestation\w*|miscarriages?|stillbirths?|still\s+births?|live\s+births?|preterm\s+births?|"
    r"birth[\s-]*weights?|pre-?eclampsia|eclampsia|postpartum|post-partum|obstetric\w*|antenatal|prenatal|perinatal|"
    r"caesareans?|cesareans?|trimesters?|in\s+utero|maternal|breastfe\w*|lactation|morning\s+sickness|hyperemesis)"
    + AFTER
)
# Fertility treatment: its trials report pregnancy rates, but their women are trying to conceive,
# not pregnant ("Is metformin safe in pregnancy?" is not answered by a clomiphene-metformin trial).
FERTILITY = re.compile(
    BEFORE + r"(?:infertil\w*|subfertil\w*|in\s+vitro\s+fertili[sz]ation|ivf|icsi|ovulation\s+induction|"
    r"induction\s+of\s+ovulation|ovulat\w*|assisted\s+reproduct\w*|fertility|clomiphene|clomifene|"
    r"ovarian\s+stimulation|embryo\s+transfer|conceive|conception)" + AFTER
)
FERTILITY_MESH = frozenset(
    {
        "infertility",
        "infertility, female",
        "infertility, male",
        "fertilization in vitro",
        "ovulation induction",
        "reproductive techniques, assisted",
        "sperm injections, intracytoplasmic",
        "embryo transfer",
    }
)
GROUP_RES: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [
    (name, cues, re.compile(BEFORE + "(?:" + words + ")" + AFTER)) for name, cues, words in GROUP_WORDS
]

# What a diagnosis or prognosis question needs a record to report; without any of these words
# a record on the condition says nothing about the test's accuracy or the course of the disease.
QUESTION_TYPE_WORDS: dict[str, re.Pattern[str]] = {
    "diagnosis": re.compile(
        # Not 'diagnosis' in the abstract: "celiac patients diagnosed over ten years", "BMI at diagnosis"
        # say who was studied, not how well a test finds the disease (`DIAGNOSIS_IN_TITLE`).
        BEFORE + r"(?:sensitivity|specificity|accura\w*|predictive\s+values?|likelihood\s+ratios?|"
        r"roc|auc|area\s+under|false[\s-]+(?:positive|negative)s?|diagnostic\s+tests?|"
        # Not a trial's recruitment or power: "311 were screened for eligibility", "80% power to detect a
        # difference" (a physical-activity trial was a direct answer on blood tests for Alzheimer's disease).
        r"screen\w*(?!\s+(?:for\s+)?(?:eligib|inclusion|enrol|participat|recruit))|"
        r"detect\w*(?!\s+(?:an?|any|the)\s+(?:[\w%.-]+\s+){0,2}(?:differences?|effects?|changes?|reductions?|increases?)\b))"
        + AFTER
    ),
    "prognosis": re.compile(
        # Not "progressive" or "fatal": they describe the disease, they do not report its course.
        BEFORE + r"(?:prognos\w*|surviv\w*|mortality|died|life\s+expectancy|hazard\s+ratios?|recurrence|"
        r"relapses?|risk\s+factors?)" + AFTER
    ),
    # Only for a therapy question that names no treatment ("What is the best treatment for
    # gestational diabetes?"): a risk-factor study or a screening test reports no treatment. Drug
    # names are left out: 'insulin' is as often a measurement as a treatment.
    "therapy": re.compile(
        BEFORE + r"(?:treat\w*|therap\w*|interven\w*|randomi[sz]\w*|manag\w*|efficacy|effective\w*|trials?|rcts?|"
        r"drugs?|medications?|surg\w*|supplement\w*|prescri\w*|regimens?|dos(?:e|es|ing)|"
        r"rehabilitat\w*|prevent\w*|prophyla\w*)" + AFTER
    ),
}

# What a record on the causes of a condition says, for an etiology question that names no exposure:
# causes outright (a trial needs these: 'all-cause mortality' is no cause) or, for other records,
# associations, the designs that find them and the mechanisms (aberrant signalling in pre-eclampsia).
_CAUSES = (
    r"(?<!all-)(?<!all\s)caus\w*|etiolog\w*|aetiolog\w*|risk\s+factors?|predispos\w*|pathogenes\w*|"
    r"pathophysiolog\w*|determinants?"
)
CAUSE_WORDS = re.compile(BEFORE + "(?:" + _CAUSES + ")" + AFTER)
# What a record on risk factors reports: risks weighed in people, not mechanisms.
RISK_WORDS = re.compile(
    BEFORE + "(?:" + _CAUSES + r"|risk\s+factors?|risks?|associated\s+with|associations?|odds\s+ratios?|"
    r"hazard\s+ratios?|relative\s+risks?|cohorts?|case[\s-]+control\w*|exposures?|exposed|incidence|"
    r"predictors?|predispos\w*|susceptib\w*)" + AFTER
)
ETIOLOGY_WORDS = re.compile(
    BEFORE + "(?:" + _CAUSES + r"|associated\s+with|associations?|odds\s+ratios?|hazard\s+ratios?|cohorts?|"
    r"case[\s-]+control\w*|exposures?|exposed|susceptib\w*|genetic\w*|heritab\w*|triggers?|mechanis\w*|pathways?|"
    r"signal\w*|contribut\w*|defect\w*|dysfunction\w*|aberran\w*)" + AFTER
)

# What a trial must say to inform a prognosis question: the course of the disease, not its course under treatment.
NATURAL_COURSE = re.compile(
    BEFORE + r"(?:prognos\w*|natural\s+history|natural\s+course|life\s+expectancy|long[\s-]+term\s+outcomes?|"
    r"untreated)" + AFTER
)

# What a record must say to inform a question on a condition's symptoms: how it shows itself.
SYMPTOM_WORDS = re.compile(
    # Not 'symptomatic': "symptomatic intracranial haemorrhage" names a complication, not a symptom.
    BEFORE + r"(?:symptoms?|symptomatology|asymptomatic|signs?|manifestation\w*|presentations?|presenting|"
    r"present(?:s|ed)?\s+with|complain\w*|clinical\s+(?:features?|pictures?|characteristics|findings|spectrum|course)|"
    # A loss is how many diseases show themselves ("visual field loss from glaucoma"); not 'deficits' or
    # 'impairment', which basic science uses of its models ("locomotor deficits" in flies).
    r"(?:visual|vision|hearing|memory|sensory)(?:\s+field)?\s+loss|loss\s+of\s+(?:vision|sight|hearing|memory|"
    r"sensation|balance|consciousness|smell|taste))" + AFTER
)

# A title on how a treatment is used in practice (prescribing, adherence to guidelines, clinicians'
# views), not on what it does.
PRACTICE_TITLE = re.compile(
    BEFORE + r"(?:prescri(?:bing|ptions?|be[sd]?|bers?)|utili[sz]ation|practice\s+patterns?|interview\s+study|"
    r"in\s+relation\s+to\s+guidelines|adherence\s+to\s+(?:[\w-]+\s+){0,4}guidelines?|guideline\s+adherence|"
    r"knowledge\s+and\s+attitudes|attitudes\s+and\s+beliefs|wait(?:ing)?\s+times?|travel\s+distances?)" + AFTER
)
# Harms a title names: a study of prescribing "and deaths" reports what the drug did.
HARM_TITLE = re.compile(BEFORE + r"(?:deaths?|mortality|poison\w*|overdoses?|adverse|harms?|toxicity|safety)" + AFTER)
# A title on how a disease is recognised: "2010 rheumatoid arthritis classification criteria".
CRITERIA_TITLE = re.compile(BEFORE + r"(?:classification|diagnostic)\s+criteria" + AFTER)
# A title on how common a disease is or what it costs ("Global prevalence of glaucoma and projections of
# glaucoma burden through 2040"), and title words that make it about treatment as well.
BURDEN_TITLE = re.compile(
    BEFORE + r"(?:prevalence|incidence|burden|epidemiology|economic\s+impact|costs?\s+of\s+illness)" + AFTER
)
TREATMENT_WORDS_TITLE = re.compile(
    BEFORE
    + r"(?:treat\w*|therap\w*|manag\w*|trials?|interventions?|efficacy|effective\w*|effects?\s+of|care|prescri\w*|"
    r"reduc\w*|prevent\w*|lower\w*)" + AFTER
)

# A review of trials of treatments, not of observational studies of exposures.
TRIALS = re.compile(BEFORE + r"(?:trials?|randomi[sz]\w*)" + AFTER)
OBSERVATIONAL = re.compile(BEFORE + r"(?:observational|cohorts?|case[\s-]+control\w*)" + AFTER)

# Names of trial registers and bibliographic databases: a review's data sources, not a report of treatment.
TRIAL_REGISTERS = re.compile(
    r"\b(?:cochrane\s+)?(?:central\s+)?register\s+of\s+(?:controlled\s+)?trials\b|\bcontrolled\s+trials\s+regist\w*|"
    r"\bclinicaltrials\.gov\b|\btrials?\s+regist\w*|\bcochrane\s+(?:database|library)(?:\s+of\s+systematic\s+reviews)?"
)

# Prevention, in a question ("Do statins prevent ...", "the risk of ..."; a record's title is read with
# PREVENTION_TITLE below). A vaccine is prevention in itself ("How effective is the shingles vaccine in older adults?").
PREVENTION = re.compile(
    r"\b(?:prevent\w*|prophyla\w*|risks?|avoid\w*|protect\w*|incidence|vaccin\w*|immuni[sz]\w*)\b", re.IGNORECASE
)
# "Does allopurinol prevent gout attacks?", "What are the best preventive drugs for migraine?": what is
# prevented is the next attack of a disease the people have, not the disease (a heart attack is a disease);
# so is its progression ("Do eye drops lower the risk of glaucoma progression?").
PREVENTS_EPISODES = re.compile(
    r"\b(?:prevent\w*|prophyla\w*|avoid\w*|reduc\w*|fewer)\s+(?:\w+\s+){0,3}?(?:(?<!heart\s)attacks?|flares?|flare-ups?|"
    r"episodes?|relapses?|exacerbations?|seizures?|crises|recurren\w*)\b|\bprogression\b"
    r"|\b(?:preventive|preventative|prophylactic)\s+(?:drugs?|medications?|medicines?|treatments?|therap\w+)\b",
    re.IGNORECASE,
)
# Primary prevention is for people who have not had the disease, secondary prevention for those who
# have: "a previous history of stroke or TIA", "early statins in acute coronary syndromes".
PRIMARY_PREVENTION = re.compile(
    r"\bprimary\s+prevention\b|\bwithout\s+(?:known\s+|established\s+|prior\s+|previous\s+|pre-?existing\s+)?"
    r"(?:cardiovascular|coronary|heart|vascular)\s+disease"
    # "men with hypercholesterolemia and no history of myocardial infarction" (WOSCOPS)
    r"|\bno\s+(?:previous\s+|prior\s+)?(?:history|evidence)\s+of\s+(?:previous\s+|prior\s+)?(?:myocardial\s+infarction|"
    r"heart\s+attack|stroke|coronary|cardiovascular)",
    re.IGNORECASE,
)
# "How can a second stroke be prevented?" asks about secondary prevention in its own words.
SECONDARY_PREVENTION = re.compile(
    r"\bsecondary\s+prevention\b|\b(?:after|following|since)\s+(?:an?\s+)?(?:strokes?|myocardial\s+infarctions?|heart\s+attacks?)\b"
    r"|\b(?:second|recurrent|further|repeat|another)\s+(?:strokes?|tias?|"
    r"transient\s+isch(?:a)?emic\s+attacks?|heart\s+attacks?|myocardial\s+infarctions?|cardiovascular\s+events?)\b",
    re.IGNORECASE,
)
ESTABLISHED_DISEASE = re.compile(
    r"\bsecondary\s+prevention\b|\b(?P<acute>acute\s+coronary\s+syndromes?|(?-i:ACS)|acute\s+(?:ischa?emic\s+)?strokes?)\b"
    r"|\b(?:previous|prior|history\s+of|established|recent|survivors?\s+of|after(?:\s+an?)?)\s+"
    r"(?:(?:acute|ischa?emic|ha?emorrhagic|first|index|an?)\s+)*(?P<event>strokes?|tias?|transient\s+ischa?emic\s+attacks?|"
    r"myocardial\s+infarctions?|heart\s+attacks?|chd|coronary\s+(?:heart|artery)\s+disease|"
    r"cardiovascular\s+(?:disease|events?)|cvd|fractures?)\b",
    re.IGNORECASE,
)
PREVENTION_TITLE = re.compile(r"\b(?:prevent\w*|prophyla\w*)\b", re.IGNORECASE)  # not 'risk': risk factors
TREATMENT_TITLE = re.compile(r"\b(?:treat\w*|therap\w*|manag\w*|control)\b", re.IGNORECASE)

# Words that report a question's type only when named twice: a laboratory study of ALS names
# "paralysis, and death" or "clinical progression" once in passing, a cohort reports them. Cell
# death is biology, not a course of disease.
# 'Diagnosis' in a title, MeSH heading or keyword is what the record is about ("MRI in the diagnosis of MS").
DIAGNOSIS_IN_TITLE = re.compile(BEFORE + r"diagnos\w*" + AFTER)

QUESTION_TYPE_WEAK_WORDS: dict[str, re.Pattern[str]] = {
    "prognosis": re.compile(
        BEFORE + r"(?<!cell\s)(?<!neuron\s)(?<!neuronal\s)(?<!neurons\s)(?<!apoptotic\s)(?<!after\s)"
        r"(?:deaths?|progression|predict\w*)" + AFTER
    ),
}

# Animal studies: what mice show is never direct evidence for a question about people.
ANIMAL_WORDS = re.compile(
    BEFORE + r"(?:mice|mouse|murine|rats|rat\s+models?|rodents?|rabbits?|hamsters?|guinea\s+pigs?|dogs?|canine|pigs?|"
    r"piglets?|swine|porcine|sheep|ovine|primates?|monkeys?|macaques?|zebrafish|drosophila|c\.\s+elegans|"
    r"animal\s+models?|animals)" + AFTER
)
# One animal named in the singular ("The rat kidney ablation model"), matched in the text as written:
# not in ANIMAL_WORDS, which reads lower-cased text, where 'the rat' could be 'the RAT' (a rapid
# antigen test).
ANIMAL_SINGULAR = re.compile(BEFORE + r"(?i:the|a|each|this)\s+(?P<animal>rat|mouse|rabbit|hamster|dog|pig)" + AFTER)
# An animal's tissue named in a title as written ("Uptake of rosuvastatin by isolated rat hepatocytes"):
# lower-case, so that 'RAT' stays an abbreviation.
ANIMAL_TISSUE = re.compile(
    BEFORE + r"(?P<animal>rat|mouse|rabbit|hamster|pig)\s+(?:hepatocytes?|liver|kidneys?|hearts?|brains?|neurons?|"
    r"islets?|aortas?|embryos?|macrophages?|cardiomyocytes?|skeletal\s+muscle|retinas?|lungs?)" + AFTER
)
# An experimental model ("the subtotal nephrectomy model of chronic kidney disease").
MODEL_WORD = re.compile(BEFORE + r"models?" + AFTER)
# Laboratory work on cells: 'cell lines', 'in vitro', the common named lines. Not 'cells' alone:
# "Regulatory T cells in type 1 diabetes" studies patients' blood.
CELL_WORDS = re.compile(
    BEFORE + r"(?:cell\s+lines?|in\s+vitro|MCF-?7|HeLa|HEK-?293T?|Caco-?2|HepG2|Jurkat|THP-1|SH-SY5Y)" + AFTER,
    re.IGNORECASE,
)
# A question that is itself about laboratory work ('... in HeLa cells', 'in vitro'): studies of cells may answer it.
CELL_QUESTION = re.compile(r"\bcells?\b|\bin\s+vitro\b", re.IGNORECASE)
# 'human' in "human breast cancer cell lines" says whose cells, not that people were studied.
HUMAN_ADJECTIVE = re.compile(r"\bhuman\b")
HUMAN_WORDS = re.compile(
    BEFORE + r"(?:patients?|participants?|people|persons?|women|men|children|adults?|humans?|volunteers?|"
    r"infants?|adolescents?|survivors?|individuals|outpatients?|inpatients?|cohort|trial)" + AFTER
)

# ----------------------------------------------------------------------------------------------
# Intervention families, to name what a record is about when it drifts from the question.
# ----------------------------------------------------------------------------------------------

# (name, substring cues on lower-cased text, regex on lower-cased text, abbreviations on the original)
FAMILIES: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    (
        "spasticity drugs",
        ("baclofen", "tizanidine", "nabiximol", "sativex", "dantrolene", "botulinum", "spastic", "relaxant"),
        r"baclofen|tizanidine|nabiximols?|sativex|dantrolene|botulinum\s+toxins?(?:\s+type\s+a)?|"
        r"(?:ona|abo|inco)botulinumtoxina|anti-?spastic\w*|muscle\s+relaxants?",
        (),
    ),
    (
        "disease-modifying drugs",
        (
            *("interferon", "natalizumab", "ocrelizumab", "ofatumumab", "ublituximab", "rituximab", "fingolimod"),
            *("siponimod", "ozanimod", "ponesimod", "glatiramer", "fumarate", "teriflunomide", "alemtuzumab"),
            *("cladribine", "mitoxantrone", "modifying"),
        ),
        r"interferon[\s-]+beta(?:-1[ab])?|natalizumab|ocrelizumab|ofatumumab|ublituximab|rituximab|fingolimod|"
        r"siponimod|ozanimod|ponesimod|glatiramer(?:\s+acetate)?|dimethyl\s+fumarate|teriflunomide|alemtuzumab|"
        r"cladribine|mitoxantrone|disease[\s-]+modifying\s+(?:therapy|therapies|treatments?|drugs?)",
        (),
    ),
    (
        "corticosteroids",
        ("predniso", "dexamethasone", "corticosteroid", "glucocorticoid", "adrenocorticotropic"),
        r"methylprednisolone|prednisolone|prednisone|dexamethasone|corticosteroids?|glucocorticoids?|"
        r"adrenocorticotropic\s+hormone",
        (),
    ),
    ("fampridine", ("fampridine", "aminopyridine"), r"fampridine|dalfampridine|4-aminopyridine", ()),
    (
        "stem cell transplantation",
        ("stem",),
        r"(?:ha?ematopoietic\s+)?stem[\s-]+cell\s+transplant(?:ation)?s?",
        ("HSCT", "aHSCT"),
    ),
    (
        "antidepressants",
        (
            *("antidepressant", "sertraline", "fluoxetine", "citalopram", "paroxetine", "venlafaxine"),
            *("duloxetine", "amitriptyline"),
        ),
        r"antidepressants?|sertraline|fluoxetine|citalopram|escitalopram|paroxetine|venlafaxine|duloxetine|"
        r"amitriptyline",
        (),
    ),
    (
        "supplements",
        ("vitamin d", "calciferol", "biotin", "omega-3", "fish oil", "supplement"),
        r"vitamin\s+d|cholecalciferol|ergocalciferol|biotin|omega-3|fish\s+oil|dietary\s+supplements?",
        (),
    ),
    (
        "psychological therapy",
        ("cognitive", "psychotherapy", "mindfulness", "counsel"),
        r"cognitive[\s-]+behaviou?ral\s+therapy|psychotherapy|mindfulness|counsel(?:l)?ing",
        ("CBT",),
    ),
    (
        "exercise and rehabilitation",
        (
            *("exercise", "physiotherap", "physical therap", "rehabilitation", "training", "hippotherapy"),
            *("yoga", "pilates", "tai chi"),
        ),
        # Not 'exercise capacity', 'exercise testing', 'exercise-induced': the vocabulary's not_within for exercise.
        r"exercises?(?![\s-]+(?:capacity|tolerance|test(?:s|ing)?|stress\s+test|induced)\b)|"
        r"physiotherapy|physical\s+therapy|rehabilitation|balance\s+training|resistance\s+training|"
        r"strength\s+training|"
        r"aerobic\s+training|gait\s+training|hippotherapy|yoga|pilates|tai\s+chi",
        (),
    ),
]


@dataclass(frozen=True, slots=True)
class Family:
    """An intervention family: cheap cues first, then the regex that confirms a mention."""

    name: str
    cues: tuple[str, ...]
    pattern: re.Pattern[str]
    abbreviations: re.Pattern[str] | None
    abbreviation_cues: tuple[str, ...]

    def count(self, text: str, low: str, *, enough: int) -> int:
        """Mentions in `text` (`low` is its lower-cased copy), counting no further than `enough`."""
        found = 0
        if self.abbreviations is not None and any(a in text for a in self.abbreviation_cues):
            found += sum(1 for _ in zip(range(enough), self.abbreviations.finditer(text), strict=False))
        if found < enough and any(cue in low for cue in self.cues):
            found += sum(1 for _ in zip(range(enough - found), self.pattern.finditer(low), strict=False))
        return found


FAMILY_LIST: list[Family] = [
    Family(
        name,
        cues,
        re.compile(BEFORE + "(?:" + words + ")" + AFTER),
        re.compile(BEFORE + "(?:" + "|".join(abbreviations) + ")" + AFTER) if abbreviations else None,
        abbreviations,
    )
    for name, cues, words, abbreviations in FAMILIES
]

# The vocabulary's names for a family as a whole: a record on the family answers a question about
# it. Every other member is one kind of it (dance therapy, Pilates, cognitive behavioural therapy,
# inhaled corticosteroids, SSRIs), and a record that names only the family ("strength training",
# "exercise") is no evidence on that kind: "exercise and rehabilitation in general, not dance therapy".
GENERAL_TREATMENTS = frozenset(
    {
        *("physical therapy", "rehabilitation", "neurorehabilitation", "multidisciplinary rehabilitation", "exercise"),
        *("corticosteroids", "antidepressants", "dietary supplements", "psychotherapy", "disease-modifying therapies"),
        *("antispasticity drugs", "stem cell transplantation", "physical activity"),
    }
)

# ----------------------------------------------------------------------------------------------
# Naming what a record is about, from its title or MeSH.
# ----------------------------------------------------------------------------------------------

PEOPLE = (
    r"children|adolescents|adults|older\s+adults|patients|people|persons|individuals|women|men|survivors|"
    r"infants|neonates|youths?|girls|boys|veterans|athletes|workers|residents"
)
STOP = r"a|an|the|in|at|on|for|during|after|before|who|whom|undergoing|receiving|treated|and\s+their|using|via|from"
TITLE_WITH = re.compile(
    rf"\b(?P<who>{PEOPLE})\s+(?:living\s+)?with\s+(?P<what>[^,.;:?!()\[\]]+?)"
    rf"(?=\s*(?:[,.;:?!()\[\]]|$|\s(?:{STOP})\b))",
    re.I,
)
TITLE_PATIENTS = re.compile(
    r"\b(?:in|among|for|of)\s+(?P<what>(?:(?!(?:in|of|for|among|with|and|the|a|an|on|to)\b)[A-Za-z-]+\s+){0,3}"
    r"(?!(?:in|of|for|among|with|and|the|a|an|on|to)\b)[A-Za-z-]+)\s+(?P<who>patients|survivors)\b",
    re.I,
)
CHECK_TAGS = frozenset(
    {
        "humans",
        "animals",
        "male",
        "female",
        "mice",
        "rats",
        "treatment outcome",
        "time factors",
        "prospective studies",
        "retrospective studies",
        "cross-sectional studies",
        "cohort studies",
        "follow-up studies",
        "surveys and questionnaires",
        "risk factors",
        "quality of life",
        "exercise therapy",
        "exercise",
        "physical therapy modalities",
        "rehabilitation",
        "combined modality therapy",
        "double-blind method",
        "single-blind method",
        "placebo effect",
        "reproducibility of results",
        "severity of illness index",
        "united states",
        "incidence",
        "prevalence",
        *MESH_GROUPS,
    }
)
DISEASE_QUALIFIERS = frozenset(
    {
        "therapy",
        "rehabilitation",
        "drug therapy",
        "complications",
        "diagnosis",
        "epidemiology",
        "physiopathology",
        "etiology",
        "mortality",
        "pathology",
        "psychology",
        "prevention & control",
        "surgery",
        "genetics",
        "immunology",
        "diagnostic imaging",
        "radiotherapy",
        "nursing",
    }
)
INTERVENTION_QUALIFIERS = frozenset(
    {"therapeutic use", "administration & dosage", "methods", "adverse effects", "pharmacology", "standards"}
)
# Words kept capitalised before "Disease"/"Syndrome" are eponyms (Parkinson, Down); these are not.
NOT_EPONYMS = frozenset(
    {
        "chronic",
        "coronary",
        "celiac",
        "artery",
        "pulmonary",
        "kidney",
        "heart",
        "liver",
        "lung",
        "renal",
        "vascular",
        "cardiovascular",
        "inflammatory",
        "bowel",
        "infectious",
        "communicable",
        "rare",
        "genetic",
        "autoimmune",
        "obstructive",
        "respiratory",
        "metabolic",
        "mental",
    }
)
# Words that say how a condition runs, not what it is ('chronic hepatitis C'): never a subject word
# (applicability, the subject rule), however rare they are in a small library.
COURSE_WORDS = frozenset(
    {
        *("chronic", "acute", "subacute", "severe", "mild", "moderate", "early", "late", "advanced"),
        *("recurrent", "relapsing", "refractory", "resistant", "persistent", "primary", "secondary"),
        *("uncomplicated", "complicated"),
        *("initial", "long", "short", "term", "onset", "stage", "newly"),
    }
)

# Verbs that say which way an effect goes, rare in English but no subject of a claim: "Sildenafil
# worsens erectile function ..." is about sildenafil and erectile function, whichever way it goes.
EFFECT_VERBS = frozenset(
    {
        *("worsen", "worsens", "worsened", "worsening", "exacerbate", "exacerbates", "exacerbated"),
        *("attenuate", "attenuates", "attenuated", "ameliorate", "ameliorates", "ameliorated"),
        *("aggravate", "aggravates", "aggravated", "mitigate", "mitigates", "mitigated"),
        *("potentiate", "potentiates", "potentiated", "abrogate", "abrogates", "abrogated"),
        *("impair", "impairs", "impaired", "augment", "augments", "augmented", "diminish", "diminishes"),
    }
)
