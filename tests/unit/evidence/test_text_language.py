"""The language of a message is told offline, from a bounded sample of it."""

from __future__ import annotations

import time

import pytest

from reviewdesk.evidence.language import (
    CONFIDENT,
    SAMPLE_CHARS,
    LanguageGuess,
    detect_language,
    sample,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hello, how are you today? I would like to practise my Spanish with you.", "en"),
        ("Bonjour, je voudrais apprendre le japonais avec toi cette semaine.", "fr"),
        ("Привет, как дела? Я хочу выучить английский язык.", "ru"),
        ("こんにちは、元気ですか？日本語を勉強しています。", "ja"),
        ("안녕하세요, 반갑습니다. 한국어를 배우고 싶어요.", "ko"),
        ("你好，我想和你一起练习中文和英语。", "zh"),
        ("नमस्ते, आप कैसे हैं? मैं हिंदी सीख रहा हूँ।", "hi"),
        ("Hola, ¿qué tal? Quiero practicar mi inglés contigo esta semana.", "es"),
    ],
)
def test_the_language_of_each_demo_script_is_told(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess is not None
    assert guess.code == code


@pytest.mark.parametrize("text", ["", "ok", "😀😀😀", "12345 678", "\u200b\u200b"])
def test_too_little_text_gives_no_guess(text: str) -> None:
    assert detect_language(text) is None


def test_an_uncertain_guess_carries_a_question_mark() -> None:
    assert LanguageGuess("es", 0.95).tag == "es"
    assert LanguageGuess("es", CONFIDENT - 0.01).tag == "es?"


def test_links_and_handles_do_not_sway_the_guess() -> None:
    text = "こんにちは https://www.example.com/english/words/here @english_handle 元気ですか"
    assert "example" not in sample(text)
    guess = detect_language(text)
    assert guess is not None
    assert guess.code == "ja"


def test_a_five_megabyte_message_costs_no_more_than_its_sample() -> None:
    detect_language("warm the model up")
    huge = "Das ist ein sehr langer Satz auf Deutsch. " * 125_000
    started = time.perf_counter()
    guess = detect_language(huge)
    elapsed = time.perf_counter() - started
    assert guess is not None
    assert guess.code == "de"
    assert len(sample(huge)) <= SAMPLE_CHARS
    assert elapsed < 0.05
