"""Words the question reader needs: stopwords, and concept groups of the domain's vocabulary.

Stopwords are the scaffolding of questions ("who said", "ماذا قال", "about", "عن"): they
carry no topic. Concept groups gather words people use interchangeably about a military
withdrawal and its politics — adviser/advice/advisory, withdraw/pull out/leave, انسحاب/سحب/
خروج — so that a question need not use the statement's own word. The groups are general
vocabulary of the field, written as plain words and folded to search keys on load.
"""

from __future__ import annotations

from functools import cache

from story.normalize import search_key, search_variants, words

ENGLISH_STOPWORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
        "from", "with", "about", "into", "over", "under", "after", "before", "during", "since",
        "until", "till", "than", "then", "so", "as", "is", "are", "was", "were", "be", "been",
        "being", "am", "do", "does", "did", "done", "doing", "have", "has", "had", "having", "will",
        "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "nor",
        "it", "its", "it's", "this", "that", "these", "those", "there", "here", "their", "them",
        "they", "he", "she", "his", "her", "him", "we", "our", "us", "you", "your", "i", "me", "my",
        "mine", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "whether",
        "any", "some", "all", "each", "every", "both", "either", "neither", "such", "own", "same",
        "other", "another", "more", "most", "much", "many", "very", "just", "also", "too", "only",
        "still", "yet", "ever", "again", "say", "says", "said", "saying", "tell", "tells", "told",
        "state", "states", "stated", "statement", "statements", "mention", "mentioned", "claim",
        "claimed", "remark", "remarks", "comment", "commented", "quote", "quotes", "quoted", "talk",
        "talked", "speak", "spoke", "spoken", "word", "words", "anyone", "someone", "somebody",
        "anybody", "one", "ones", "person", "people", "thing", "things", "something", "anything",
        "really", "actually", "please", "know", "let", "lets", "like", "think", "thinks", "thought",
        "believe", "believes", "according", "regarding", "concerning", "re", "hey", "hi", "hello",
        "ok", "okay", "tell", "me", "show", "give", "find", "thanks", "thank", "s", "d", "ll", "ve",
    ]
)

ARABIC_STOPWORDS_RAW = """
    من ما ماذا لماذا متى اين أين كيف كم هل أ ا اي أي ايه أية الذي التي الذين اللذين اللتين اللواتي
    هو هي هم هن هما انا أنا نحن انت أنت انتم أنتم ذلك تلك هذا هذه هؤلاء اولئك هناك هنا
    في على عن الى إلى مع ب ل ك و ف ثم او أو أم بل لكن لكنه غير سوى بعد قبل خلال حول بشأن بشان
    تجاه ضد عند منذ حتى لدى بين دون فوق تحت ان أن إن انه أنه إنه انها أنها إنها بان بأن لان لأن
    كان كانت يكون تكون كانوا قد لقد لم لن لا ليس ليست ما زال يزال تزال مازال ماتزال
    قال قالت يقول تقول قالوا يقولون قاله قالته قول اقوال أقوال تصريح تصريحات صرح صرحت تحدث تحدثت
    ذكر ذكرت اعلن أعلن اعلنت أعلنت اكد أكد اكدت أكدت اشار أشار اشارت أشارت أضاف اضاف
    كل بعض أحد احد شيء شي اي كلام الكلام عبارة عباره جملة جمله الجمله الشخص شخص جهة جهه
    يا رجاء رجاءا ارجو أرجو اريد أريد اعرف أعرف معرفة
    شنو شو ايش إيش وش منو شكد جم ليش وين اكو أكو هسه هسة شلون كال گال يكول يگول كالت گالت
    """

ARABIC_STOPWORDS = frozenset(search_key(w) for w in words(ARABIC_STOPWORDS_RAW)) | frozenset(
    words(ARABIC_STOPWORDS_RAW)
)

# Each line is one concept: words (either language) that a question may use for it; an
# indented line continues the concept above it.
CONCEPT_GROUPS_RAW = """
withdraw withdrawal withdrawing withdrawn pullout pull-out leave leaving exit departure depart
    evacuate انسحاب الانسحاب انسحب ينسحب تنسحب سحب بسحب خروج اخراج إخراج مغادرة رحيل
adviser advisers advisor advisors advice advise advising advisory consult consultation consultative
    counsel مشورة المشورة استشارة استشاري استشارية مستشار مستشارين
train trainer trainers training تدريب التدريب مدرب مدربين تأهيل
intelligence intel استخبارات استخباراتي الاستخباراتي استخباري معلومات
combat fighting fight battle قتال قتالية القتالية القتالي مقاتلة
forces troops soldiers قوات القوات جنود الجنود
military army armed عسكري عسكرية العسكري مسلح مسلحة
deadline timetable schedule timeline timeframe date موعد الموعد مهلة المهلة جدول الجدول توقيت
resistance factions militias militia groups مقاومة المقاومة فصائل الفصائل ميليشيات مليشيات
attack attacks strike strikes operations action actions هجمات هجوم عمليات عمل العمل تحرك التحرك
resume resumption return معاودة تعاود ستعاود استئناف استئناف عودة
expel expelled expelling oust ousted kick compel compelled طرد بطرد طردهم اجبار إجبار إخراج
commit commitment committed committing pledge promise obligation honor honour abide adhere respect
    التزام ملتزم ملتزمة ملزم متلزمة تعهد
extend extension extending prolong تمديد تمدد تمديده
stay stays remain remaining presence keep bases بقاء البقاء تبقى يبقى تواجد وجود ابقاء إبقاء
invitation invite invited request دعوة طلب
fully completely entirely total full complete whole كامل بالكامل كلي كلية كليا
repeat repeated repetition replicate again تكرار تكراره يكرر
afghan afghanistan أفغانستان افغانستان الأفغانية الافغانية أفغاني
americans american us america washington الأمريكيين الامريكيين الأمريكية الامريكية أمريكا امريكا
    واشنطن
refuse refused decline declined rejected رفض رفضت
threat threats threaten threatened threatening warn warned warning تهديد تهديدات تهدد هدد تحذير حذر
government baghdad حكومة الحكومة بغداد
replace replaced replacing replacement substitute استبدال تبديل
"""


@cache
def concept_groups() -> dict[str, frozenset[str]]:
    """search key → the keys of every word in its concept group."""
    concepts: list[str] = []
    for line in CONCEPT_GROUPS_RAW.strip().splitlines():
        if line[:1].isspace() and concepts:  # an indented line continues the concept above
            concepts[-1] += " " + line
        else:
            concepts.append(line)
    index: dict[str, frozenset[str]] = {}
    for concept in concepts:
        keys = frozenset(k for w in words(concept) for k in search_variants(w))
        for key in keys:
            index[key] = index.get(key, frozenset()) | keys
    return index


def is_stopword(word: str) -> bool:
    """True for a normalised word that carries no topic in a question (a contraction of
    stopwords too: "what's", "won't", "they're")."""
    return (
        word in ENGLISH_STOPWORDS
        or word in ARABIC_STOPWORDS
        or search_key(word) in ARABIC_STOPWORDS
        or _contracted_stopword(word)
        or _attached_stopword(word)
    )


# Pronoun suffixes an Arabic function word takes (انهم، منها، عليه); not ي, which also ends
# adjectives (كلي "complete", عسكري), nor ة/ه-final nouns' remainders (they are not stopwords).
_AR_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "نا", "كم", "كن", "ك")


def _attached_stopword(word: str) -> bool:
    """An Arabic stopword with a pronoun suffix or a leading و/ف: انهم، منها، وقد، فإنه."""
    if not word or not "\u0600" <= word[0] <= "\u06ff":
        return False
    forms = [word, word[1:]] if word[0] in "وف" and len(word) >= 3 else [word]
    for form in forms:
        if form != word and form in ARABIC_STOPWORDS:
            return True
        if any(
            form.endswith(suffix) and form[: -len(suffix)] in ARABIC_STOPWORDS
            for suffix in _AR_PRONOUN_SUFFIXES
            if len(form) > len(suffix)
        ):
            return True
    return False


# The parts of an English contraction after its apostrophe, and the heads "n't" shortens.
_CONTRACTION_TAILS = frozenset({"s", "t", "re", "m", "ve", "ll", "d"})
_NEGATED_HEADS = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}


def _contracted_stopword(word: str) -> bool:
    head, apostrophe, tail = word.partition("'")
    if not apostrophe or tail not in _CONTRACTION_TAILS:
        return False
    if tail == "t":  # didn't, won't, can't: the head without its "n"
        head = head.removesuffix("n")
        head = _NEGATED_HEADS.get(head, head)
    return head in ENGLISH_STOPWORDS
