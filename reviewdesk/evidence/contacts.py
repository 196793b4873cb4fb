"""Contact and payment details in member text.

Sharing a phone number, an e-mail address or a messenger ID, or asking to be
paid, is itself a violation on the platform (it lures members off it), so the
desk highlights each of them. :func:`find_contacts` returns where each one is
and what it is; it errs on the side of showing too much, because a moderator
reads every highlight anyway.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum


class ContactKind(StrEnum):
    """What a highlighted detail is."""

    EMAIL = "email"
    PHONE = "phone"
    MESSENGER = "messenger"
    PAYMENT = "payment"


@dataclass(frozen=True)
class Contact:
    """``text[start:end]`` is a contact or payment detail; ``label`` says which."""

    start: int
    end: int
    kind: ContactKind
    label: str


#: Apps named in text, with the label shown and whether the name alone is enough.
#: A name that is also a common word ("line", "signal") counts only with an ID after it.
_APPS: tuple[tuple[str, str, ContactKind, bool], ...] = (
    (r"telegram|телеграм\w*|телега|电报|تيليجرام|تلغرام", "Telegram", ContactKind.MESSENGER, True),
    (r"tg|тг", "Telegram", ContactKind.MESSENGER, False),
    (r"whats\s?app|вотсап|ватсап|واتساب|واتس", "WhatsApp", ContactKind.MESSENGER, True),
    (r"wa", "WhatsApp", ContactKind.MESSENGER, False),
    (r"line\s?id|ライン", "LINE", ContactKind.MESSENGER, True),
    (r"line", "LINE", ContactKind.MESSENGER, False),
    (r"we\s?chat|weixin|微信|威信", "WeChat", ContactKind.MESSENGER, True),
    (r"vx|wx", "WeChat", ContactKind.MESSENGER, False),
    (r"kakao\s?(?:talk)?|카카오톡|카톡|카카오", "KakaoTalk", ContactKind.MESSENGER, True),
    (r"snap\s?chat", "Snapchat", ContactKind.MESSENGER, True),
    (r"snap|sc", "Snapchat", ContactKind.MESSENGER, False),
    (r"discord", "Discord", ContactKind.MESSENGER, True),
    (r"insta\s?gram|insta", "Instagram", ContactKind.MESSENGER, True),
    (r"ig", "Instagram", ContactKind.MESSENGER, False),
    (r"viber|skype|threema|zalo", "Messenger", ContactKind.MESSENGER, True),
    (r"signal|kik|qq|fb|facebook|messenger", "Messenger", ContactKind.MESSENGER, False),
    (r"pay\s?pal", "PayPal", ContactKind.PAYMENT, True),
    (r"venmo", "Venmo", ContactKind.PAYMENT, True),
    (r"cash\s?app", "Cash App", ContactKind.PAYMENT, True),
    (
        r"zelle|western\s?union|money\s?gram|alipay|支付宝|revolut",
        "Payment",
        ContactKind.PAYMENT,
        True,
    ),
    (r"bitcoin|btc|usdt|ethereum|crypto", "Crypto", ContactKind.PAYMENT, True),
)
_HANDLE = r"@?[\w.\-]{2,32}(?:#\d{4})?"
_ID_WORD = r"(?:id|name|user(?:name)?|handle|number|num|no\.?|acc(?:ount)?|is|me|at|on)"
#: An app name followed by an ID: "telegram @name", "line id: x", "wechat: abc123".
_APP_WITH_ID = r"(?:\s*(?:{id}\s*)*[:=：\-]\s*|\s*(?:{id}\s+)*(?=@)|\s+id\s+)(?P<handle>{h})"
_BOUNDARY_BEFORE = r"(?<![A-Za-z0-9_])"  # ASCII only: 加我微信 has no space before 微信
_BOUNDARY_AFTER = r"(?![A-Za-z0-9_])"

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+")
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}\s*(?:[\(\[\{]\s*at\s*[\)\]\}]| at )\s*[\w\-]+"
    r"(?:\s*[\(\[\{]\s*dot\s*[\)\]\}]\s*| dot |\.)(?:com|net|org|ru|de|jp|cn|co|io|me|fr|uk)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \u00a0().\-/]{5,24}\d(?![\w])")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}")
_CARD = re.compile(r"(?<![\w])\d(?:[ \-]?\d){12,18}(?![\w])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![\w])")
_CRYPTO: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w])bc1[02-9ac-hj-np-z]{11,71}(?![\w])"), "Bitcoin address"),
    (re.compile(r"(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])"), "Bitcoin address"),
    (re.compile(r"(?<![\w])0x[0-9a-fA-F]{40}(?![\w])"), "Ethereum address"),
    (re.compile(r"(?<![\w])T[1-9A-HJ-NP-Za-km-z]{33}(?![\w])"), "Tron address"),
    (re.compile(r"(?<![\w])4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}(?![\w])"), "Monero address"),
)
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{1,19}(?![\w])")
_DISCORD_TAG = re.compile(r"(?<![\w#])[\w.]{2,32}#\d{4}(?![\w#])")

_PRIORITY: dict[ContactKind, int] = {
    ContactKind.PAYMENT: 4,
    ContactKind.EMAIL: 3,
    ContactKind.MESSENGER: 2,
    ContactKind.PHONE: 1,
}


def _compile_apps() -> re.Pattern[str]:
    """One pattern for every app name (group ``app0``, ``app1``…), then an optional ID."""
    names = "|".join(f"(?P<app{number}>{entry[0]})" for number, entry in enumerate(_APPS))
    with_id = _APP_WITH_ID.format(id=_ID_WORD, h=_HANDLE)
    pattern = f"{_BOUNDARY_BEFORE}(?:{names}){_BOUNDARY_AFTER}(?:{with_id})?"
    return re.compile(pattern, re.IGNORECASE)


_APP_PATTERN = _compile_apps()


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` pass the Luhn check that payment card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """True for a well-formed IBAN (length and the ISO 13616 mod-97 check)."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact.isascii():
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in moved)
    return int(number) % 97 == 1


def _digits(text: str) -> str:
    return "".join(str(int(char)) for char in text if char.isdecimal())


def _phones(text: str) -> list[Contact]:
    found = []
    for match in _PHONE.finditer(text):
        candidate = match.group(0)
        if _DATE.search(candidate):
            continue
        count = len(_digits(candidate))
        international = candidate.startswith(("+", "00"))
        if (international and 8 <= count <= 15) or 9 <= count <= 15:
            found.append(Contact(match.start(), match.end(), ContactKind.PHONE, "phone number"))
    return found


def _payments(text: str) -> list[Contact]:
    found = []
    for match in _CARD.finditer(text):
        digits = _digits(match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(Contact(match.start(), match.end(), ContactKind.PAYMENT, "card number"))
    for match in _IBAN.finditer(text):
        if iban_valid(match.group(0)):
            found.append(Contact(match.start(), match.end(), ContactKind.PAYMENT, "IBAN"))
    for pattern, label in _CRYPTO:
        for match in pattern.finditer(text):
            value = match.group(0)
            if any(char.isdigit() for char in value) and any(char.isalpha() for char in value):
                found.append(Contact(match.start(), match.end(), ContactKind.PAYMENT, label))
    for match in _CASHTAG.finditer(text):
        found.append(Contact(match.start(), match.end(), ContactKind.PAYMENT, "Cash App tag"))
    return found


def _apps(text: str) -> list[Contact]:
    found = []
    for match in _APP_PATTERN.finditer(text):
        number = next(n for n in range(len(_APPS)) if match.group(f"app{n}") is not None)
        _names, label, kind, alone = _APPS[number]
        handle = match.group("handle")
        if handle is None and not alone:
            continue
        suffix = " ID" if handle is not None and kind is ContactKind.MESSENGER else ""
        found.append(Contact(match.start(), match.end(), kind, f"{label}{suffix}"))
    for match in _DISCORD_TAG.finditer(text):
        found.append(Contact(match.start(), match.end(), ContactKind.MESSENGER, "Discord ID"))
    return found


def _emails(text: str) -> list[Contact]:
    found = [
        Contact(match.start(), match.end(), ContactKind.EMAIL, "e-mail address")
        for match in _EMAIL.finditer(text)
    ]
    found.extend(
        Contact(match.start(), match.end(), ContactKind.EMAIL, "spelt-out e-mail address")
        for match in _SPELLED_EMAIL.finditer(text)
    )
    return found


class RangeSet:
    """Non-overlapping ``[start, end)`` ranges; tells in log time whether a new one fits."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a position with a range already added."""
        slot = bisect.bisect_right(self._starts, start)
        if slot > 0 and self._ends[slot - 1] > start:
            return True
        return slot < len(self._starts) and self._starts[slot] < end

    def add(self, start: int, end: int) -> None:
        """Add ``[start, end)`` (the caller checked it does not overlap)."""
        slot = bisect.bisect_right(self._starts, start)
        self._starts.insert(slot, start)
        self._ends.insert(slot, end)


def without_overlaps(contacts: list[Contact]) -> list[Contact]:
    """Keep the most telling of overlapping details (payment, e-mail, messenger, phone)."""
    ranked = sorted(contacts, key=lambda c: (-_PRIORITY[c.kind], -(c.end - c.start), c.start))
    kept: list[Contact] = []
    taken = RangeSet()
    for contact in ranked:
        if not taken.overlaps(contact.start, contact.end):
            taken.add(contact.start, contact.end)
            kept.append(contact)
    return sorted(kept, key=lambda c: c.start)


def find_contacts(text: str) -> list[Contact]:
    """Every phone number, e-mail address, messenger ID and payment detail in ``text``."""
    return without_overlaps([*_payments(text), *_emails(text), *_apps(text), *_phones(text)])
