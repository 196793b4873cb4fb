"""Links in member text: found, parsed the way a browser would, defanged and judged.

A link is never shown as something to click. :func:`find_links` returns each
link with its defanged form (``hxxps://example[.]com/path``), the site it
really leads to (the registrable domain of the host a browser would contact,
so ``https://bank.com@evil.example/`` leads to ``evil.example``), the host in
punycode when it is internationalised, and warnings: look-alike letters from
another script, a decoy before ``@``, a raw IP address, an unusual scheme.
"""

from __future__ import annotations

import ipaddress
import re
import threading
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from publicsuffixlist import PSLFILE, PublicSuffixList

from reviewdesk.evidence.scripts import is_mixed_script, scripts_in

#: Top-level domains that make a bare ``word.tld`` count as a link without a path.
_COMMON_TLD_TEXT = """com net org info biz io co me ly gg tv app dev xyz top site online link club
    shop live store vip pro fun icu cc ru cn jp kr de fr uk us in br es it nl pl ua tr vn id th
    ph my sg hk tw au ca mx ar cl za ng eg sa ae ir pk bd ch at be se no dk fi cz gr pt ro
    hu il kz by su"""
COMMON_TLDS = frozenset(_COMMON_TLD_TEXT.split())
#: Internationalised top-level domains taken as links when written bare.
IDN_TLDS = frozenset(
    {"рф", "бел", "укр", "срб", "中国", "中國", "公司", "网络", "在线", "한국", "भारत", "مصر"}
)
#: Sites that move a conversation to another app or take a payment.
OFF_PLATFORM_SITES: dict[str, str] = {
    "t.me": "Telegram",
    "telegram.me": "Telegram",
    "telegram.org": "Telegram",
    "wa.me": "WhatsApp",
    "whatsapp.com": "WhatsApp",
    "line.me": "LINE",
    "discord.gg": "Discord",
    "discord.com": "Discord",
    "snapchat.com": "Snapchat",
    "instagram.com": "Instagram",
    "kakao.com": "KakaoTalk",
    "qq.com": "WeChat/QQ",
    "signal.me": "Signal",
    "viber.com": "Viber",
    "skype.com": "Skype",
    "paypal.me": "PayPal",
    "paypal.com": "PayPal",
    "venmo.com": "Venmo",
    "cash.app": "Cash App",
}
#: Letters of other scripts that read as Latin ones, for "reads as apple.com".
LATIN_LOOKALIKES: dict[str, str] = dict(
    zip(
        "аеорсухіјѕԁԛԝһӏвкмнтɡαοριυνκτχϲ",
        "aeopcyxijsdqwhlbkmhtgaopiuvktxc",
        strict=True,
    )
)
_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_SCHEME_SPELLING = {
    "http": "hxxp",
    "https": "hxxps",
    "hxxp": "hxxp",
    "hxxps": "hxxps",
    "ftp": "fxp",
    "ftps": "fxps",
}

_TRAILING = ".,;:!?'\"»”’›…"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_LINK_PATTERN = re.compile(
    r"(?P<scheme>\b(?:https?|hxxps?|ftps?|sftp|file|wss?)://[^\s<>\"'`]+)"
    r"|(?P<script>\b(?:javascript|data|vbscript):[^\s<>\"'`]+)"
    r"|(?P<bare>(?<![\w@.\-/])(?:" + _LABEL + r"\.)+(?P<tld>[^\W\d_]{2,63}|xn--[\w-]+)"
    r"(?::\d{1,5})?(?P<path>[/?#][^\s<>\"'`]*)?)",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.\-]*:)?(?P<slashes>//)?(?P<authority>[^/?#]*)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)

_psl_lock = threading.Lock()
_psl: PublicSuffixList | None = None


def _suffix_list() -> PublicSuffixList:
    global _psl
    with _psl_lock:
        if _psl is None:
            _psl = load_suffix_list()
        return _psl


def load_suffix_list(path: str = PSLFILE) -> PublicSuffixList:
    """The public suffix list at ``path`` (the bundled one), with each rule's punycode form.

    The library would pass every one of its ten thousand rules through the
    IDNA codec, a tenth of a second at the desk's start. A rule in ASCII is
    its own punycode form, and the list's rules are already in the form the
    codec's normalisation produces, so only the labels of the few hundred
    others are encoded here (punycode alone), and the rules are handed over
    with those forms added.
    """
    with open(path, encoding="utf-8", errors="surrogateescape") as source:
        lines = source.read().splitlines()
    rules: list[str] = []
    encoded: list[str] = []
    for line in lines:
        rule = line.lower().split(" ")[0].rstrip()
        if not rule or rule.startswith("//"):
            continue
        rules.append(rule)
        if not rule.isascii():
            encoded.append(".".join(_ascii_label(label) for label in rule.split(".")))
    return PublicSuffixList(rules + encoded, accept_encoded_idn=False)


def _ascii_label(label: str) -> str:
    """One label of a list rule in its ASCII form (an exception's ``!`` kept in front)."""
    if label.isascii():
        return label
    mark = "!" if label.startswith("!") else ""
    return mark + "xn--" + label.lstrip("!").encode("punycode").decode("ascii")


def warm_up() -> None:
    """Load the public suffix list now (call from a worker thread at start-up)."""
    _suffix_list()


@dataclass(frozen=True)
class Link:
    """One link found in a text, with what a moderator must know about it.

    ``start``/``end`` index the text searched. ``host`` is the host as a browser
    reads it (lower case, Unicode), ``ascii_host`` its punycode form, ``site``
    the registrable domain (or the IP address), ``site_ascii`` its punycode.
    """

    start: int
    end: int
    url: str
    defanged: str
    host: str
    ascii_host: str
    site: str
    site_ascii: str
    warnings: tuple[str, ...]
    off_platform: str = ""

    @property
    def note(self) -> str:
        """One line for the moderator: ``real site evil.example · decoy before @: bank.com``."""
        site = self.site or "none"
        if self.site_ascii and self.site_ascii != self.site:
            site = f"{site} = {self.site_ascii}"
        parts = [f"real site {site}"]
        if self.off_platform:
            parts.append(f"{self.off_platform} link")
        parts.extend(self.warnings)
        return " · ".join(parts)


def _trim(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, as prose puts them."""
    while url:
        last = url[-1]
        unbalanced = last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def to_ascii_label(label: str) -> str:
    """A host label in punycode (``xn--…``) when it is not ASCII."""
    if label.isascii():
        return label
    try:
        return "xn--" + label.encode("punycode").decode("ascii")
    except UnicodeError:
        return label


def to_unicode_label(label: str) -> str:
    """A punycode label (``xn--…``) decoded; any other label unchanged."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label


def normalise_host(host: str) -> str:
    """The host a browser contacts: NFKC, lower case, ideographic dots as dots, Unicode."""
    host = unicodedata.normalize("NFKC", host.translate(_DOTS)).lower().strip(".")
    return ".".join(to_unicode_label(label) for label in host.split("."))


def ascii_host(host: str) -> str:
    """``host`` with every non-ASCII label in punycode."""
    return ".".join(to_ascii_label(label) for label in host.split("."))


def reads_as(text: str) -> str:
    """``text`` with look-alike Cyrillic and Greek letters replaced by the Latin ones."""
    return "".join(LATIN_LOOKALIKES.get(char, char) for char in text)


def lookalike_warning(host: str) -> str:
    """Why ``host`` may imitate another one, or "" when it looks honest."""
    labels = [label for label in host.split(".") if label]
    mixed = [label for label in labels if is_mixed_script(label)]
    if mixed:
        scripts = sorted(scripts_in("".join(mixed)))
        names = " and ".join(script.title() for script in scripts)
        return f"look-alike: mixes {names} letters, reads as {reads_as(host)}"
    skeleton = reads_as(host)
    if skeleton != host and skeleton.isascii():
        found = ", ".join(sorted(script.title() for script in scripts_in(host)))
        return f"look-alike: {found} letters that read as {skeleton}"
    return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return bool(host) and all(
            part.isdigit() or part.startswith("0x") for part in host.split(".")
        )
    return True


def defang(url: str) -> str:
    """``hxxps://example[.]com/path``: the link with nothing a program would open.

    The scheme is misspelt (``javascript:`` becomes ``javascript[:]``) and
    every dot and ``@`` of the authority is bracketed; the path is kept as written.
    """
    match = _AUTHORITY.match(url)
    if match is None:  # pragma: no cover - the pattern matches any string
        return url
    scheme = match.group("scheme") or ""
    if scheme:
        name = scheme[:-1]
        spelled = _SCHEME_SPELLING.get(name.lower())
        scheme = f"{spelled}:" if spelled else f"{name}[:]"
    authority = match.group("authority")
    for dot in (".", "。", "．", "｡"):
        authority = authority.replace(dot, "[.]")
    authority = authority.replace("@", "[@]")
    return f"{scheme}{match.group('slashes') or ''}{authority}{match.group('rest')}"


def _off_platform(site: str, host: str) -> str:
    return OFF_PLATFORM_SITES.get(host, "") or OFF_PLATFORM_SITES.get(site, "")


def analyse(url: str, start: int = 0, end: int | None = None) -> Link:
    """Everything about one link; ``start``/``end`` say where it was found."""
    # Browsers read a backslash as a slash in web links, so "evil.example\\@bank.com"
    # goes to evil.example; parse it the same way.
    parsed_text = url.replace("\\", "/")
    if "://" not in parsed_text and not parsed_text.lower().startswith(
        ("javascript:", "data:", "vbscript:")
    ):
        parsed_text = "http://" + parsed_text
    warnings: list[str] = []
    if "\\" in url:
        warnings.append("backslash read as /")
    try:
        parts = urlsplit(parsed_text)
    except ValueError:
        unbracketed = parsed_text.split("//", 1)[-1].replace("[", "").replace("]", "")
        parts = urlsplit("http://" + unbracketed)
        warnings.append("malformed address")
    scheme = parts.scheme.lower()
    if scheme in ("hxxp", "hxxps"):
        scheme = scheme.replace("xx", "tt")
    if scheme not in ("http", "https"):
        warnings.append(f"{scheme}: link")
    try:
        raw_host = parts.hostname or ""
        user = parts.username
    except ValueError:
        raw_host, user = "", None
    host = normalise_host(raw_host)
    if user is not None or (parts.password is not None):
        decoy = parts.netloc.rsplit("@", 1)[0]
        warnings.append(f"decoy before @: {decoy}")
    ascii_form = ascii_host(host)
    if _is_ip(host):
        site = site_ascii = host
        warnings.append("raw IP address")
    else:
        private = _suffix_list().privatesuffix(ascii_form) if ascii_form else None
        site_ascii = private or ascii_form
        site = ".".join(to_unicode_label(label) for label in site_ascii.split("."))
        lookalike = lookalike_warning(host)
        if lookalike:
            warnings.append(lookalike)
    return Link(
        start=start,
        end=len(url) + start if end is None else end,
        url=url,
        defanged=defang(url),
        host=host,
        ascii_host=ascii_form,
        site=site,
        site_ascii=site_ascii,
        warnings=tuple(warnings),
        off_platform=_off_platform(site, host),
    )


def find_links(text: str) -> list[Link]:
    """Every link in ``text``: with a scheme, starting with ``www.``, or a bare domain.

    A bare ``word.tld`` counts when it has a common top-level domain, or an
    ASCII one and a path, so "e.g.", a file name like "notes.txt" or a
    Japanese sentence with a full stop is not taken for a link.
    """
    links: list[Link] = []
    for match in _LINK_PATTERN.finditer(text):
        url = _trim(match.group(0))
        if not url:
            continue
        if match.group("bare") is not None:
            tld = (match.group("tld") or "").lower()
            known = tld in COMMON_TLDS or tld in IDN_TLDS or tld.startswith("xn--")
            if not (known or (match.group("path") and tld.isascii())):
                continue
        start = match.start()
        links.append(analyse(url, start, start + len(url)))
    return links
