"""Phone numbers, e-mail addresses, messenger IDs and payment details are found."""

from __future__ import annotations

import pytest

from reviewdesk.evidence.contacts import ContactKind, find_contacts, iban_valid, luhn_valid


def found(text: str) -> list[tuple[str, ContactKind, str]]:
    return [(text[c.start : c.end], c.kind, c.label) for c in find_contacts(text)]


@pytest.mark.parametrize(
    ("text", "part", "kind"),
    [
        ("add me on telegram @olga_k99 pls", "telegram @olga_k99", ContactKind.MESSENGER),
        ("my line id: sunny77", "line id: sunny77", ContactKind.MESSENGER),
        ("wechat: abc123", "wechat: abc123", ContactKind.MESSENGER),
        ("kakao: minji22 ok", "kakao: minji22", ContactKind.MESSENGER),
        ("snap: coolguy", "snap: coolguy", ContactKind.MESSENGER),
        ("discord anna#1234", "anna#1234", ContactKind.MESSENGER),
        ("just whatsapp me", "whatsapp", ContactKind.MESSENGER),
        ("пиши в телеграм: @olga", "телеграм: @olga", ContactKind.MESSENGER),
        ("加我微信", "微信", ContactKind.MESSENGER),
        ("write to anna.k@example.org", "anna.k@example.org", ContactKind.EMAIL),
        ("anna at gmail dot com", "anna at gmail dot com", ContactKind.EMAIL),
        ("call +44 7700 900123 tonight", "+44 7700 900123", ContactKind.PHONE),
        ("ring 415-555-0132", "415-555-0132", ContactKind.PHONE),
        ("رقمي ٠٥٠١٢٣٤٥٦٧٨", "٠٥٠١٢٣٤٥٦٧٨", ContactKind.PHONE),
        ("card 4111 1111 1111 1111 exp", "4111 1111 1111 1111", ContactKind.PAYMENT),
        ("IBAN DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", ContactKind.PAYMENT),
        (
            "send bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            ContactKind.PAYMENT,
        ),
        (
            "0x52908400098527886E0F7030069857D2E4169EE7 thanks",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            ContactKind.PAYMENT,
        ),
        ("venmo @anna-k", "venmo @anna-k", ContactKind.PAYMENT),
        ("my cashtag is $annaK", "$annaK", ContactKind.PAYMENT),
        ("pay me on paypal", "paypal", ContactKind.PAYMENT),
    ],
)
def test_each_kind_of_detail_is_found(text: str, part: str, kind: ContactKind) -> None:
    assert any(
        found_part == part and found_kind is kind for found_part, found_kind, _ in found(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "in line with the rules",
        "we met on 2024-05-03 14:22",
        "I paid 20 dollars in 2019",
        "the signal was weak",
        "card 4111 1111 1111 1112",  # fails the Luhn check and is too long for a phone
        "Hello, how are you? Let's practise Spanish.",
    ],
)
def test_ordinary_text_is_not_highlighted(text: str) -> None:
    assert found(text) == []


def test_a_card_number_is_not_also_a_phone_number() -> None:
    assert found("4111111111111111") == [("4111111111111111", ContactKind.PAYMENT, "card number")]


def test_check_digits() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB82 WEST 1234 5698 7654 33")
