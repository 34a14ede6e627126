"""One reading of a KB search for the desk and the server: terms, matching and rank."""

from desk_app.domain.knowledge import article_terms, matches, query_words, rank_key


def test_terms_are_folded_words_each_once_with_title_and_tags_among_all_words() -> None:
    terms = article_terms("Café, café & Crème", ["Billing", "VIP-gold"], "Pay by card; the card.")
    assert terms.title == "cafe creme"
    assert terms.tags == "billing vip gold"
    assert terms.words == "cafe creme billing vip gold pay by card the"


def test_every_query_word_must_begin_an_article_word() -> None:
    terms = article_terms("Resetting the router", ["wifi"], "Hold the button")
    assert matches(query_words("rout BUTT"), terms)
    assert matches(query_words("Wi"), terms)
    assert not matches(query_words("outer"), terms)
    assert not matches(query_words("router fax"), terms)
    assert not matches(query_words("!!"), terms)  # no word: nothing is found


def test_query_words_are_folded_distinct_and_capped() -> None:
    assert query_words("Ångström ANGSTROM x") == ("angstrom", "x")
    assert len(query_words(" ".join(f"w{n}" for n in range(20)))) == 8


def test_rank_title_exact_then_title_prefix_then_tags_then_body_then_title() -> None:
    wanted = query_words("refund")
    articles = {
        "body": ("Late parcels", [], "Offer a refund"),
        "tag": ("Card disputes", ["refund"], "Open a case"),
        "prefix": ("Refundable fares", [], "Tickets"),
        "exact": ("Refund by card", [], "Within 30 days"),
        "exact-b": ("A refund", [], "Also"),
    }
    ranked = sorted(
        articles,
        key=lambda slug: rank_key(wanted, article_terms(*articles[slug]), articles[slug][0], slug),
    )
    assert ranked == ["exact-b", "exact", "prefix", "tag", "body"]
