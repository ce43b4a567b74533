"""Tables shared by both languages: quote marks, sentence ends, commas, and the few word
lists keyed by words of either script (vague plurals, platforms, kinds of actor)."""

from __future__ import annotations

# Anonymous plurals are not speakers one can quote: "يرى مراقبون", "analysts say".
VAGUE = {
    "مراقبون",
    "مراقبين",
    "محللون",
    "محللين",
    "خبراء",
    "متابعون",
    "متابعين",
    "مصادر",
    "مراقبو",
    "analysts",
    "observers",
    "experts",
    "critics",
    "some",
    "many",
    "others",
}


PLATFORMS = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "تويتر": "تويتر",
    "فيسبوك": "فيسبوك",
    "تلغرام": "تلغرام",
    "تليغرام": "تليغرام",
    "تلكرام": "تلكرام",
}


OPENERS = {"«": "»", "“": "”", "„": "”", "‹": "›", "‘": "’"}


CLOSERS = {"»": "«", "”": "“", "›": "‹", "’": "‘"}


SENT_END = {".", "!", "?", "؟", "…"}


COMMAS = {",", "،"}


KIND_NOUNS = {
    "group": "group",
    "militia": "group",
    "movement": "group",
    "organization": "group",
    "organisation": "group",
    "faction": "group",
    "alliance": "group",
    "coalition": "group",
    "bloc": "group",
    "party": "group",
    "جماعه": "group",
    "حركه": "group",
    "فصيل": "group",
    "ميليشيا": "group",
    "كتايب": "group",
    "ministry": "office",
    "department": "office",
    "office": "office",
    "command": "office",
    "وزاره": "office",
    "government": "government",
    "administration": "government",
    "حكومه": "government",
    "اداره": "government",
}


TRAILING = {"and", "but", "or", "و", "او", "ثم", "لكن", "ولكن"}
