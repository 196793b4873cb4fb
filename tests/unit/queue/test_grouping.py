"""Groups of alike cases: member, near-identical text, screenshot hash, link domain."""

from __future__ import annotations

import random

from reviewdesk.queue.grouping import (
    LINK_TOKEN,
    GroupItem,
    GroupMode,
    group_items,
    hamming,
    near_hashes,
    next_mode,
    normalise_text,
    shingles,
    similar_pairs,
)


def item(case_id: str, text: str = "", member: str = "m1", image: str | None = None) -> GroupItem:
    return GroupItem(case_id, member, f"Name {member}", text, image)


def groups_as_sets(items: list[GroupItem], mode: GroupMode) -> list[set[str]]:
    return [set(group.case_ids) for group in group_items(items, mode)]


# --- normalisation ----------------------------------------------------------------


def test_normalise_folds_case_whitespace_digits_and_links() -> None:
    first = normalise_text("Learn  English\t5x FASTER!\nVisit https://spam.example/abc123 now")
    second = normalise_text("learn english 10x faster! visit www.other.example/zz now")
    assert first == second == f"learn english #x faster! visit {LINK_TOKEN} now"


def test_normalise_folds_cyrillic_and_greek_look_alikes() -> None:
    # "Frее mоnеy" with Cyrillic е and о; "Ϝree" no, but Greek ο and ρ in "ρrοmο".
    assert normalise_text("Fr\u0435\u0435 m\u043en\u0435y") == "free money"
    assert normalise_text("\u03c1r\u03bfm\u03bf c\u03bfde") == "promo code"
    # Upper-case Cyrillic look-alikes fold through case folding first.
    assert normalise_text("\u0421\u0410\u0422") == "cat"


def test_normalise_drops_invisible_characters_and_width_variants() -> None:
    hidden = "fr\u200bee\u200d mon\u00adey"  # zero-width space and joiner, soft hyphen
    wide = "ｆｒｅｅ　ｍｏｎｅｙ"  # full-width letters and space (NFKC)
    assert normalise_text(hidden) == normalise_text(wide) == "free money"


def test_normalise_replaces_any_script_digits() -> None:
    assert normalise_text("call ٠١٢٣ or 0123 or ０１２") == "call # or # or #"


# --- text groups -------------------------------------------------------------------


def test_identical_and_near_identical_texts_group_and_others_do_not() -> None:
    items = [
        item("a", "🔥 Learn English 5x faster! Free trial for 20 members: https://x.example/1"),
        item("b", "Study tonight? I can help with your German homework."),
        item(
            "c", "✅ LEARN ENGLISH 10X FASTER! FREE trial for 87 members: https://y.example/2 !!!"
        ),
        item(
            "d", "🔥 Learn Еnglish 3x fаster! Free trial for 45 members: http://x.example/9 Hurry!"
        ),
        item("e", "Study tomorrow? I could help with your French homework maybe."),
        item("f", ""),
    ]
    groups = group_items(items, GroupMode.TEXT)
    assert next(set(g.case_ids) for g in groups) == {"a", "c", "d"}
    assert groups[0].representative == "a"  # queue order kept inside the group
    assert {"b"} in [set(g.case_ids) for g in groups]  # similar topic is not near-identical
    assert sum(g.size for g in groups) == len(items)  # every case in exactly one group


def test_similarity_join_is_exact() -> None:
    rng = random.Random(5)
    words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
    texts = [" ".join(rng.choices(words, k=rng.randint(2, 6))) for _ in range(60)]
    sets = [shingles(normalise_text(t)) for t in texts]
    found = set(similar_pairs(sets, 0.6))
    brute = {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.6
    }
    assert found == brute
    assert brute


# --- member, link, image ------------------------------------------------------------------


def test_member_groups_biggest_first() -> None:
    items = [
        item("1", member="x"),
        item("2", member="y"),
        item("3", member="y"),
        item("4", member="x"),
        item("5", member="y"),
    ]
    groups = group_items(items, GroupMode.MEMBER)
    assert [g.case_ids for g in groups] == [("2", "3", "5"), ("1", "4")]
    assert groups[0].title == "Name y"


def test_link_domain_groups_by_registrable_domain() -> None:
    items = [
        item("1", "go to https://promo.shop.example.co.uk/a now"),
        item("2", "www.shop.example.co.uk/b"),
        item("3", "see hxxps://SHOP.example.co.uk/c"),
        item("4", "no link here, e.g. notes.txt"),
        item("5", "https://other.example.com/x"),
    ]
    groups = group_items(items, GroupMode.LINK_DOMAIN)
    assert set(groups[0].case_ids) == {"1", "2", "3"}
    assert groups[0].title == "example.co.uk"
    assert {"4"} in [set(g.case_ids) for g in groups]  # no link: a group of its own
    assert groups[-2].title == "No link: no link here, e.g. notes.txt"


def test_link_domain_keeps_look_alike_domain_apart() -> None:
    items = [item("1", "https://paypal.com/x"), item("2", "https://p\u0430ypal.com/y")]
    assert len(group_items(items, GroupMode.LINK_DOMAIN)) == 2


def test_image_groups_within_hamming_threshold() -> None:
    base = 0xF0F0_1234_ABCD_0001
    items = [
        item("1", image=f"{base:016x}"),
        item("2", image=f"{base ^ 0b101:016x}"),  # 2 bits off
        item("3", image=f"{base ^ (0xFFFF << 40):016x}"),  # 16 bits off: another picture
        item("4"),  # no screenshot
        item("5", image="not-hex"),
        item("6", image=f"{base ^ (1 << 63) ^ (0x3F << 8):016x}"),  # 7 bits off, top one too
    ]
    sets = groups_as_sets(items, GroupMode.IMAGE)
    assert sets[0] == {"1", "2", "6"}
    assert {"3"} in sets
    assert {"4"} in sets
    assert {"5"} in sets


def test_near_hashes_finds_every_close_pair() -> None:
    rng = random.Random(9)
    hashes = [rng.getrandbits(64) for _ in range(40)]
    hashes += [h ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64)) for h in hashes[:20]]
    found = set(near_hashes(hashes, 4))
    brute = {
        (i, j)
        for i in range(len(hashes))
        for j in range(i + 1, len(hashes))
        if hamming(hashes[i], hashes[j]) <= 4
    }
    assert found == brute
    assert len(brute) >= 20


def test_none_mode_and_cycle() -> None:
    items = [item("1", "same"), item("2", "same")]
    assert [g.case_ids for g in group_items(items, GroupMode.NONE)] == [("1",), ("2",)]
    modes = [GroupMode.NONE]
    for _ in range(5):
        modes.append(next_mode(modes[-1]))
    assert modes == [*GroupMode, GroupMode.NONE]
