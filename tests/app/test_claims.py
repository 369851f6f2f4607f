"""Claims and sources under AppTest: verdicts, contradictions, sources; filters and URL.

Checking every press figure takes a while, so each test drives one app through several
steps instead of starting a fresh one per assertion.
"""

from __future__ import annotations


def tables_of(at):
    # the press figures' ids (technical details) after the press table
    headline, press, _press_ids, clashes, sources = (d.value for d in at.dataframe)
    return headline, press, clashes, sources


def test_verdicts_contradictions_and_sources_with_filters(app):
    at = app("claims")
    assert not at.exception
    headline, press, clashes, sources = tables_of(at)
    # Headline claims first, each with verdict, data value, difference and note.
    assert headline["id"].tolist()[:3] == ["h1", "h2a", "h2b"]
    h2a = headline.set_index("id").loc["h2a"]
    # checked against Kazakhstan's official exports + imports (BNS): $562.95M
    assert (h2a["verdict"], h2a["data_value"], h2a["difference"]) == (
        "supported",
        "$562.9M",
        "+$51K",
    )
    assert "official statistics" in h2a["note"]
    assert headline.set_index("id").loc["h2b", "data_value"] == "28.3%"  # 562.95 / 438.69
    # Then every press figure.
    assert len(press) == 159 and press["id"].iloc[0] == "n001"  # 87 + 72 rows, by id
    assert {"supported", "contradicted"} <= set(press["verdict"])
    # Contradictions come in pairs with an explanation.
    assert len(clashes) and clashes["figure_a"].str.len().gt(0).all()
    assert clashes["explanation"].str.len().gt(20).all()
    # Sources: every one, with http(s) links, publisher, body, dates and licence.
    assert len(sources) > 200
    assert sources["url"].dropna().str.match(r"https?://").all()
    assert {"publisher", "body", "published", "accessed", "licence"} <= set(sources.columns)

    at.selectbox(key="verdict").set_value("contradicted").run()
    press_filtered = tables_of(at)[1]
    assert 0 < len(press_filtered) < len(press)
    assert set(press_filtered["verdict"]) == {"contradicted"}

    at.selectbox(key="severity").set_value("tension").run()
    tension = tables_of(at)[2]
    assert 0 < len(tension) < len(clashes)
    assert set(tension["severity"]) == {"close call"}  # tension, in words
    assert at.query_params["severity"] == "tension"  # the URL keeps the name


def test_url_restores_the_filters(app):
    at = app("claims", {"verdict": "not checkable", "severity": "contradiction"})
    assert not at.exception
    _, press, clashes, _ = tables_of(at)
    assert set(press["verdict"]) == {"not checkable"}
    assert set(clashes["severity"]) == {"contradiction"}


def test_the_footer_names_the_publishers_of_every_source_listed(app):
    at = app("claims")
    footer = at.caption[-1].value.replace("\\", "")
    assert footer.startswith("Sources of the figures on this page")
    assert "Direction of Trade Statistics" in footer and "the press: " in footer
    assert "more" in footer  # more press publishers than the footer names: counted


def test_the_headline_claims_name_their_pair_on_another_pairs_page(app):
    """They are KAZ–TKM's: opened on KAZ–CHN, the page said nothing of it."""
    own = app("claims")
    assert own.subheader[0].value.replace("\\", "") == "Headline claims: Kazakhstan–Turkmenistan"
    assert not any("not Kazakhstan" in c.value for c in own.caption)
    other = app("claims", {"reporter": "KAZ", "partner": "CHN"})
    assert other.subheader[0].value.replace("\\", "") == "Headline claims: Kazakhstan–Turkmenistan"
    said = [c.value.replace("\\", "") for c in other.caption]
    assert any(
        c.startswith("These are Kazakhstan–Turkmenistan's, not Kazakhstan–China's.") for c in said
    )
