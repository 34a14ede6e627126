"""How a knowledge-base article is found: one reading for the desk's cache and the server.

An article is found by the folded words (:func:`~desk_app.domain.lookup.words`)
of its title, its tags and its body; every word of the query must begin one
of them (``"rout res"`` finds "Resetting the router"). Both sides store the
same :class:`ArticleTerms` in a full-text index and rank what it finds with
:func:`rank_key`, so an article found on the desk and by the server is found
for the same reason and listed in the same place.

Rank, best first: the query's words weighed by where they begin a word (the
title counts most, then the tags, then the body), an exact word beating a
prefix of one; ties by folded title, then slug, so the list is stable as the
rep types.
"""

from dataclasses import dataclass

from desk_app.domain.lookup import MAX_QUERY_CHARS, MAX_WORDS, fold, words

TITLE_WEIGHT, TAG_WEIGHT, BODY_WEIGHT = 4, 2, 1
"""What a query word is worth by where it matched (an exact word adds one more)."""


@dataclass(frozen=True)
class ArticleTerms:
    """An article's folded words as the indexes store them: space-separated, each once."""

    title: str
    tags: str
    words: str
    """Every word of the title, tags and body: what a query must match."""


def _once(found: list[str]) -> str:
    return " ".join(dict.fromkeys(found))


def article_terms(title: str, tags: list[str], body: str) -> ArticleTerms:
    """The terms an article is indexed under."""
    title_words = words(title)
    tag_words = [word for tag in tags for word in words(tag)]
    return ArticleTerms(
        title=_once(title_words),
        tags=_once(tag_words),
        words=_once(title_words + tag_words + words(body)),
    )


def query_words(text: str) -> tuple[str, ...]:
    """The folded words of a search, each to begin an article's word; at most :data:`MAX_WORDS`."""
    return tuple(dict.fromkeys(words(text[:MAX_QUERY_CHARS])))[:MAX_WORDS]


def matches(wanted: tuple[str, ...], terms: ArticleTerms) -> bool:
    """Whether every wanted word begins one of the article's words."""
    found = terms.words.split()
    return bool(wanted) and all(any(w.startswith(q) for w in found) for q in wanted)


def _weight(query: str, field: list[str], weight: int) -> int:
    if query in field:
        return weight + 1
    return weight if any(word.startswith(query) for word in field) else 0


def score(wanted: tuple[str, ...], title: str, tags: str) -> int:
    """How well an article that :func:`matches` fits: each word by where it matched best.

    ``title`` and ``tags`` are :class:`ArticleTerms` fields; a word found in
    neither matched the body.
    """
    title_words, tag_words = title.split(), tags.split()
    return sum(
        max(
            _weight(query, title_words, TITLE_WEIGHT),
            _weight(query, tag_words, TAG_WEIGHT),
            BODY_WEIGHT,
        )
        for query in wanted
    )


def rank_key(
    wanted: tuple[str, ...], terms: ArticleTerms, title: str, slug: str
) -> tuple[int, str, str]:
    """Sort key of a matching article: higher :func:`score` first, then folded title, slug."""
    return (-score(wanted, terms.title, terms.tags), fold(title), slug)
