"""The languages members speak, where they live, and how common each is."""

from __future__ import annotations

#: Language codes with full text banks, and their English names.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ar": "Arabic",
    "hi": "Hindi",
}

#: ISO 3166 country codes where native speakers of each language live.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "en": ("US", "GB", "CA", "AU", "NZ", "IE", "ZA", "NG", "PH"),
    "es": ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "UY"),
    "fr": ("FR", "BE", "CA", "CH", "SN", "CI", "MA"),
    "de": ("DE", "AT", "CH"),
    "pt": ("BR", "PT", "AO", "MZ"),
    "it": ("IT", "CH"),
    "ja": ("JP",),
    "zh": ("CN", "TW", "SG", "MY", "HK"),
    "ko": ("KR",),
    "ru": ("RU", "KZ", "BY", "KG"),
    "uk": ("UA",),
    "ar": ("EG", "SA", "MA", "AE", "JO", "DZ", "TN", "LB"),
    "hi": ("IN",),
}

#: How often each language is a member's native one (relative weights).
NATIVE_WEIGHTS: dict[str, int] = {
    "en": 16,
    "es": 12,
    "fr": 6,
    "de": 5,
    "pt": 7,
    "it": 4,
    "ja": 9,
    "zh": 9,
    "ko": 7,
    "ru": 6,
    "uk": 4,
    "ar": 7,
    "hi": 6,
}

#: How often each language is learnt (relative weights).
LEARNING_WEIGHTS: dict[str, int] = {
    "en": 30,
    "es": 12,
    "fr": 8,
    "de": 6,
    "pt": 4,
    "it": 5,
    "ja": 14,
    "zh": 9,
    "ko": 12,
    "ru": 4,
    "uk": 2,
    "ar": 4,
    "hi": 2,
}
