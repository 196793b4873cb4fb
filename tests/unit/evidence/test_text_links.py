"""Links are found, defanged, and judged by the site a browser would really contact."""

from __future__ import annotations

import pytest
from publicsuffixlist import PublicSuffixList

from reviewdesk.evidence.links import analyse, defang, find_links, load_suffix_list


def only_link(text: str) -> object:
    links = find_links(text)
    assert len(links) == 1, links
    return links[0]


def test_a_link_is_defanged_and_names_its_site() -> None:
    link = find_links("look at https://www.example.com/path?q=1, then reply")[0]
    assert link.url == "https://www.example.com/path?q=1"
    assert link.defanged == "hxxps://www[.]example[.]com/path?q=1"
    assert link.site == "example.com"
    assert link.warnings == ()


def test_the_part_before_at_is_a_decoy_and_the_real_site_comes_after() -> None:
    link = find_links("log in at https://bank.com@evil.example/login")[0]
    assert link.site == "evil.example"
    assert link.defanged == "hxxps://bank[.]com[@]evil[.]example/login"
    assert "decoy before @: bank.com" in link.warnings
    assert link.note.startswith("real site evil.example")


def test_a_backslash_is_read_as_a_browser_reads_it() -> None:
    link = analyse("http://evil.example\\@bank.com/")
    assert link.site == "evil.example"


def test_an_internationalised_domain_is_also_given_in_punycode() -> None:
    link = find_links("visit bücher.de today")[0]
    assert link.site == "bücher.de"
    assert link.site_ascii == "xn--bcher-kva.de"
    assert "xn--bcher-kva.de" in link.note


def test_a_cyrillic_lookalike_domain_is_flagged_with_what_it_imitates() -> None:
    link = find_links("pay at https://раураl.com now")[0]
    assert link.site_ascii.startswith("xn--")
    assert any("look-alike" in warning and "paypal.com" in warning for warning in link.warnings)


def test_a_mixed_script_domain_is_flagged() -> None:
    link = find_links("www.аpple.com")[0]  # the first letter is Cyrillic
    assert any("mixes Cyrillic and Latin" in warning for warning in link.warnings)


def test_a_punycode_domain_is_decoded_before_it_is_judged() -> None:
    link = analyse("https://xn--pple-43d.com/")
    assert link.site == "аpple.com"
    assert any("look-alike" in warning for warning in link.warnings)


def test_registrable_domain_follows_the_public_suffix_list() -> None:
    assert analyse("https://news.bbc.co.uk/a").site == "bbc.co.uk"
    assert analyse("https://someone.github.io/x").site == "someone.github.io"


def test_full_width_letters_and_dots_are_read_as_ascii() -> None:
    assert analyse("ｅｘａｍｐｌｅ．ｃｏｍ/x").site == "example.com"


@pytest.mark.parametrize(
    ("url", "warning"),
    [
        ("http://192.168.0.1:8080/x", "raw IP address"),
        ("javascript:alert(document.cookie)", "javascript: link"),
        ("file:///etc/passwd", "file: link"),
    ],
)
def test_unusual_targets_are_warned_about(url: str, warning: str) -> None:
    assert warning in analyse(url).warnings


def test_schemes_are_misspelt_so_nothing_opens() -> None:
    assert defang("http://a.example") == "hxxp://a[.]example"
    assert defang("javascript:alert(1)") == "javascript[:]alert(1)"
    assert defang("file:///etc/passwd") == "file[:]///etc/passwd"


def test_messenger_and_payment_sites_are_named() -> None:
    assert find_links("join t.me/somegroup")[0].off_platform == "Telegram"
    assert find_links("paypal.me/someone")[0].off_platform == "PayPal"


def test_trailing_punctuation_and_unbalanced_brackets_are_not_part_of_the_link() -> None:
    assert find_links("(see https://example.com/a.)")[0].url == "https://example.com/a"
    assert find_links("https://example.com/a_(b)")[0].url == "https://example.com/a_(b)"


@pytest.mark.parametrize(
    "text", ["e.g. this", "the file notes.txt", "it.Really was", "version 1.2.3", "a@b"]
)
def test_ordinary_words_with_dots_are_not_links(text: str) -> None:
    assert find_links(text) == []


def test_sentences_with_ideographic_full_stops_are_not_links() -> None:
    assert find_links("もう連絡しないでください。ブロックします。") == []
    assert find_links("我很好。谢谢你。") == []


def test_bare_internationalised_domains_with_known_tlds_are_links() -> None:
    link = find_links("пример.рф")[0]
    assert link.site_ascii == "xn--e1afmkfd.xn--p1ai"


def test_the_quick_suffix_list_load_judges_every_domain_as_the_library_does() -> None:
    quick, library = load_suffix_list(), PublicSuffixList()
    domains = [
        "news.bbc.co.uk",
        "someone.github.io",
        "www.ck",  # an exception rule
        "shop.www.ck",
        "a.b.city.kawasaki.jp",
        "place.aéroport.ci",  # a rule with a non-ASCII label, as written
        "place.xn--aroport-bya.ci",  # the same rule, punycode
        "shop.jørpeland.no",
        "shop.xn--jrpeland-54a.no",
        "site.澳门",
        "site.xn--mix891f",
        "unknown-tld.zzzz",
    ]
    for domain in domains:
        assert quick.privatesuffix(domain) == library.privatesuffix(domain), domain
        assert quick.publicsuffix(domain) == library.publicsuffix(domain), domain
    assert quick.privatesuffix("place.xn--aroport-bya.ci") == "place.xn--aroport-bya.ci"
    assert quick.privatesuffix("shop.www.ck") == "www.ck"
