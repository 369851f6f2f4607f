"""Claims page (issue 18, items 9 and 10): headline claims as verdict cards whose reason is
in plain words with linked sources (no internal ids outside the technical details), and the
sources table with the pair's own sources first, grouped by category and publisher."""

from __future__ import annotations

import re

from analysis import claims

ID = re.compile(r"\b(?:press|imf-dots|kz-bns|comtrade):[\w.-]+")


def test_headline_claims_are_cards_in_plain_words_with_linked_sources(app):
    at = app("claims")
    assert not at.exception
    cards = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(cards) == len(claims.HEADLINE_CLAIMS)
    for text in cards:
        assert not ID.search(text.replace("\\", "")), text  # publishers, never source ids
        assert "Claim p" not in text.replace("\\", "")
        assert re.search(r"\]\(https?://", text), text  # at least one source linked
    contradicted = [t for t in cards if ":red-badge[contradicted]" in t]
    assert contradicted, "h4b (rail +20%) is contradicted"
    plain = contradicted[0].replace("\\", "")
    assert "TuraNews: [" in plain and "mebusiness.ae" in plain  # the claim's, then the data's


def test_sources_put_the_pairs_own_first_then_group_by_category_and_publisher(app):
    at = app("claims", {"reporter": "KAZ", "partner": "TKM"})
    assert not at.exception
    sources = at.dataframe[-1].value
    own = sources["this_pair"].to_numpy()
    assert own.any() and not own.all()
    first_other = int(own.argmin())
    assert own[:first_other].all() and not own[first_other:].any()  # the pair's, then others
    # The pair's press and official sources lead, not the IMF's many workbooks.
    head = sources.iloc[:first_other]
    assert {"press", "official"} <= set(head["category"])
    assert (head["publisher"] == "IMF").sum() < len(head) / 2
    # Within each part: by category, then publisher, so one publisher's files sit together.
    order = {"official": 0, "international": 1, "press": 2, "derived": 3}
    for part in (head, sources.iloc[first_other:]):
        keys = list(zip(part["category"].map(order), part["publisher"].str.lower(), strict=True))
        assert keys == sorted(keys)
    runs = (sources["publisher"] != sources["publisher"].shift()).sum()
    assert runs <= sources["publisher"].nunique() * 2  # each publisher in at most two runs
