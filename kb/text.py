"""Text folding shared by the loader (what it stores) and the queries (what they look up).

``fold("l’Orne")`` -> ``"l'orne"``; ``words("Développer l'offre de PASA")`` -> ``["developper", "offre", "pasa"]``.
"""

from __future__ import annotations

import re
import unicodedata

# French words too common to say two titles are alike.
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "l",
        "d",
        "un",
        "une",
        "sur",
        "pour",
        "par",
        "plus",
        "ou",
        "que",
        "qui",
        "se",
        "son",
        "sa",
        "ses",
        "afin",
        "entre",
        "est",
        "sont",
        "etre",
        "tout",
        "tous",
        "toute",
        "toutes",
        "notamment",
        "lien",
    ]
)


def fold(text: str) -> str:
    """Lower-case, accents removed, ligatures spelt out (œ -> oe, æ -> ae: NFKD keeps them whole),
    typographic apostrophes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u00a0", " ").lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"\s+", " ", text).strip()


def words(text: str, min_length: int = 3) -> list[str]:
    """Distinct significant words of a title, folded, in order."""
    tokens = re.split(r"[^a-z0-9]+", fold(text))
    return list(dict.fromkeys(t for t in tokens if len(t) >= min_length and t not in STOP_WORDS))


def lucene_query(text: str) -> str:
    """A safe Lucene query for the full-text index: each word exact or as a prefix, all required.

    Only letters and digits reach Lucene, so no query syntax can be injected.
    """
    tokens = [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]
    # drop elided articles ("l'orne" -> "orne") but keep a lone short word if that is all there is
    significant = [t for t in tokens if len(t) > 1] or tokens
    if not significant:
        return ""
    return " AND ".join(f"({t} OR {t}*)" for t in significant)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with "…" (a word is cut
    only when it alone fills more than half of ``limit``)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"
