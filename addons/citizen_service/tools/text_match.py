"""Keyword matching of citizens' messages: information question or report, and which
petition or office it is about (pure Python, no Odoo import)."""

import re
import unicodedata

STOPWORDS = set(
    "a al algo alguien como con cual cuales cuando de del donde el en es esta este hay "
    "la las le lo los me mi mis no o para por que quien se si sin su sus te tengo un una "
    "uno y ya hola buenas buenos dias tardes noches favor gracias quiero quisiera saber "
    "puedo necesito informacion info tiene tienen esta estan hace".split()
)
QUESTION_WORDS = (
    "donde",
    "cual",
    "cuales",
    "cuando",
    "como",
    "que",
    "quien",
    "horario",
    "horarios",
    "informacion",
    "info",
    "requisitos",
    "telefono",
    "direccion",
)


def fold(text):
    """Lower-case text without accents."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def keywords(text):
    words = re.findall(r"[a-z0-9]+", fold(text))
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


def looks_like_question(text):
    folded = fold(text).strip()
    if "?" in folded or "¿" in (text or ""):
        return True
    first = re.findall(r"[a-z]+", folded)[:2]
    return any(w in QUESTION_WORDS for w in first)


def score(words, haystack):
    """How many of ``words`` (stem: first 5 letters) appear in ``haystack``."""
    hay = fold(haystack)
    return sum(1 for w in set(words) if w[:5] in hay)


def _name_tokens(name):
    return set(re.findall(r"[a-z0-9]+", fold(name or "")))


def names_agree(sent, known):
    """Same person by name: equal words, or all the words of one in the other
    (``María Hernández`` / ``María Guadalupe Hernández``). Missing names never disagree."""
    a, b = _name_tokens(sent), _name_tokens(known)
    if not a or not b:
        return True
    return a <= b or b <= a


def emails_agree(sent, known):
    if not sent or not known:
        return True
    return sent.strip().lower() == known.strip().lower()
