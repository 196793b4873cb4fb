"""What reporters write in the report form, and what detectors say about their hits."""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.domain.enums import Category

#: Report free texts by category and language (the reporter's native language).
#: Reporters describe the subject, not the surface, so any text fits any case.
REPORT_TEXTS: dict[Category, dict[str, tuple[str, ...]]] = {
    Category.SPAM: {
        "en": ("Sends the same message to everyone.", "spam link", ""),
        "es": ("Manda el mismo mensaje a todo el mundo.",),
        "ja": ("スパムです。同じメッセージが何度も来ます。",),
    },
    Category.COMMERCIAL: {
        "en": ("Selling things instead of practising.", "Advertising a paid course everywhere."),
        "pt": ("Está vendendo coisas aqui.",),
        "zh": ("这个人在发广告。",),
    },
    Category.DATING: {
        "en": (
            "Keeps asking if I'm single, I only want to practise English.",
            "Looking for a partner to marry, not a language partner.",
        ),
        "ja": ("この人は出会い目的です。",),
        "ru": ("Ищет пару, а не партнёра по языку.",),
        "es": ("Me pide salir aunque le dije que no.",),
    },
    Category.SEXUAL_CONTENT: {
        "en": ("Sexual remarks, I'm really uncomfortable.", "Sexual stuff, please remove."),
        "ko": ("성적인 내용이에요.",),
        "fr": ("Contenu sexuel, je suis mal à l'aise.",),
    },
    Category.HARASSMENT: {
        "en": (
            "I asked them to stop three times and they keep going.",
            "Mocking me in public and others join in.",
            "Won't leave me alone. I'm scared.",
        ),
        "ko": ("그만하라고 했는데 계속해요.",),
        "ar": ("طلبت التوقف أكثر من مرة لكنه مستمر.",),
        "de": ("Hört nicht auf, obwohl ich Nein gesagt habe.",),
    },
    Category.ENTANGLED_HARASSMENT: {
        "en": (
            "I blocked this person and they came back with a new account. Again.",
            "Same person, fourth account this month.",
        ),
        "es": ("Bloqueé esta cuenta y me escribe desde otra.",),
    },
    Category.IMPERSONATION: {
        "en": (
            "This account uses my photo and my name!",
            "Pretends to be someone they're not.",
            "Fake copy of my teacher's profile.",
        ),
        "pt": ("Esse perfil está usando as minhas fotos.",),
    },
    Category.PERSONAL_DATA: {
        "en": ("Posted my phone number without asking!!", "Shared a friend's home address."),
        "es": ("Publicó mi número de teléfono sin permiso.",),
    },
    Category.OFF_PLATFORM: {
        "en": (
            "Keeps pushing people to another app.",
            "Wants my number and my messenger ID.",
        ),
        "zh": ("一直让我加别的软件。",),
        "ja": ("他のアプリのIDを何度も送ってきます。",),
    },
    Category.THREATS: {
        "en": ("Threatened me. Please help.", "Threat of violence, I'm afraid to go out."),
        "ar": ("تهديد بالعنف، أرجو المساعدة.",),
        "ru": ("Угрожают мне.",),
    },
    Category.HATE_SPEECH: {
        "en": ("Racist comments.", "Hateful remarks about people's origin and beliefs."),
        "hi": ("नफ़रत भरी बातें लिखी हैं।",),
        "es": ("Comentarios racistas.",),
    },
    Category.INSULTS: {
        "en": ("Called me an idiot because I made a mistake.", "Rude and insulting."),
        "ru": ("Оскорбления.",),
        "ja": ("暴言を言われました。",),
    },
    Category.PIRACY: {
        "en": ("Sharing pirated material.", "Illegal copies of paid stuff."),
        "de": ("Raubkopien.",),
    },
    Category.SELF_HARM: {
        "en": ("I'm worried about this person, please check on them.", "This could hurt someone."),
        "ja": ("この人が心配です。",),
    },
    Category.DRUGS_ALCOHOL: {
        "en": ("Drugs.", "Promoting drugs and getting drunk."),
        "es": ("Publica cosas de drogas.",),
    },
    Category.VIOLENT_IMAGERY: {
        "en": ("Horrible violent content, please remove.", "Gore."),
        "pt": ("Conteúdo muito violento.",),
    },
    Category.SCAM: {
        "en": ("Phishing link pretending to be the app.", "Scam! Wanted money from me."),
        "zh": ("这是诈骗。",),
        "ar": ("احتيال.",),
        "es": ("Me pidió dinero.",),
    },
    Category.GROOMING: {
        "en": (
            "This adult tells my 14-year-old daughter to keep their chats secret. I'm her mother.",
            "Asks young students if they are home alone.",
        ),
        "es": ("Un adulto le pide a mi hijo que no nos cuente nada.",),
    },
    Category.CAMPAIGNING: {
        "en": ("Political propaganda.", "Trying to convert people."),
        "ar": ("دعاية سياسية.",),
    },
    Category.MULTI_ACCOUNT: {"en": ("These look like the same person with many accounts.",)},
    Category.REPORT_ABUSE: {
        "en": ("Tells everyone in the group to report me.", "Reports everyone who corrects them.")
    },
    Category.DEFAMATION: {
        "en": ("Spreading lies about the app and the staff.",),
        "ru": ("Распространяет ложь о приложении.",),
    },
}

#: Reports filed in bad faith: over a correction, a dislike, a grudge.
FRIVOLOUS_REPORT_TEXTS: tuple[str, ...] = (
    "He corrected my notebook. I don't need his corrections.",
    "I don't like her.",
    "Bad person!!!",
    "She didn't reply to me for two days.",
    "Report!!! Ban him!!!",
    "He said my sentence was wrong but I'm sure it's right.",
    "Rude teacher, she told me to do my homework.",
    "",
)


@dataclass(frozen=True)
class Detector:
    """An automated filter: its name, what it looks for, and what it writes."""

    name: str
    category: Category
    #: A sentence with ``{count}`` and ``{minutes}`` placeholders.
    explanation: str


DETECTORS: tuple[Detector, ...] = (
    Detector(
        "spam-burst",
        Category.SPAM,
        "Near-identical text sent to {count} members within {minutes} minutes.",
    ),
    Detector(
        "phishing-link",
        Category.SCAM,
        "Link resembles a login page of the platform; {count} members received it.",
    ),
    Detector(
        "signup-cluster",
        Category.MULTI_ACCOUNT,
        "{count} accounts registered from one device within {minutes} minutes.",
    ),
    Detector(
        "contact-info",
        Category.OFF_PLATFORM,
        "Messenger ID or phone number shared with {count} new contacts.",
    ),
    Detector(
        "qr-code-image",
        Category.OFF_PLATFORM,
        "Image contains a messenger QR code; posted {count} times.",
    ),
    Detector(
        "commerce-keywords",
        Category.COMMERCIAL,
        "Price list and payment terms detected in {count} messages.",
    ),
    Detector(
        "nudity-image",
        Category.SEXUAL_CONTENT,
        "Uploaded image scored as explicit; {count} similar uploads.",
    ),
    Detector(
        "report-burst",
        Category.REPORT_ABUSE,
        "Account filed {count} reports within {minutes} minutes.",
    ),
    Detector(
        "self-harm-language",
        Category.SELF_HARM,
        "Text matches patterns of a member at risk; flagged for care.",
    ),
)

#: Apps that off-platform conduct happens on (fictional names).
OUTSIDE_APPS: tuple[str, ...] = ("ChatLine", "TalkNow", "Pingo", "VidCall", "Whisper Messenger")
