"""What reporters write in the report form, and what detectors say about their hits."""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.domain.enums import Category

#: Report free texts by category and language (the reporter's native language).
REPORT_TEXTS: dict[Category, dict[str, tuple[str, ...]]] = {
    Category.SPAM: {
        "en": ("Same message sent to everyone in my group.", "spam link", ""),
        "es": ("Manda el mismo mensaje a todo el mundo.",),
        "ja": ("スパムです。同じメッセージが何度も来ます。",),
    },
    Category.COMMERCIAL: {
        "en": ("He is selling exam certificates.", "Advertising his paid course everywhere."),
        "pt": ("Está vendendo coisas no chat.",),
        "zh": ("这个人在发广告。",),
    },
    Category.DATING: {
        "en": (
            "Keeps asking if I'm single, I only want to practise English.",
            "He says he is looking for a wife, not a language partner.",
        ),
        "ja": ("この人は出会い目的です。",),
        "ru": ("Он ищет девушку, а не партнёра по языку.",),
        "es": ("Me pide salir aunque le dije que no.",),
    },
    Category.SEXUAL_CONTENT: {
        "en": (
            "He asked me for photos in bed. I'm really uncomfortable.",
            "Sexual messages after one day of chatting.",
        ),
        "ko": ("성적인 메시지를 보내요.",),
        "fr": ("Il m'envoie des messages sexuels.",),
    },
    Category.HARASSMENT: {
        "en": (
            "I told him to stop three times and he keeps messaging me.",
            "She is making fun of me in the group and others join in.",
            "He knows where I study and says he'll come. I'm scared.",
        ),
        "ko": ("그만하라고 했는데 계속 메시지를 보내요.",),
        "ar": ("يرسل لي رسائل كثيرة رغم أنني طلبت منه التوقف.",),
        "de": ("Er schreibt mir ständig, obwohl ich Nein gesagt habe.",),
    },
    Category.ENTANGLED_HARASSMENT: {
        "en": (
            "I blocked him and he came back with a new account. Again.",
            "Same person, fourth account this month.",
        ),
        "es": ("Lo bloqueé y me escribe desde otra cuenta.",),
    },
    Category.IMPERSONATION: {
        "en": (
            "This account uses my photo and my name!",
            "Pretends to be support and asks for passwords.",
            "Fake copy of my teacher's profile, it takes bookings outside the app.",
        ),
        "pt": ("Esse perfil está usando as minhas fotos.",),
    },
    Category.PERSONAL_DATA: {
        "en": ("She posted my phone number in the group!!", "He shared my friend's home address."),
        "es": ("Publicó mi número de teléfono sin permiso.",),
    },
    Category.OFF_PLATFORM: {
        "en": (
            "Keeps pushing me to another app and wants my number.",
            "QR code for another messenger in a moment.",
        ),
        "zh": ("一直让我加他微信。",),
        "ja": ("LINEのIDを何度も送ってきます。",),
    },
    Category.THREATS: {
        "en": (
            "He threatened me and says he knows where I live. Please help.",
            "Threat of violence, I'm afraid to go out.",
        ),
        "ar": ("هددني وقال إنه يعرف مكان سكني.",),
        "ru": ("Он угрожает мне.",),
    },
    Category.HATE_SPEECH: {
        "en": ("Racist comments about my country.", "Attacks people for their religion."),
        "hi": ("मेरे देश के बारे में नफ़रत भरी बातें लिख रहा है।",),
        "es": ("Comentarios racistas.",),
    },
    Category.INSULTS: {
        "en": ("Called me an idiot because I made a mistake.", "Rude and insulting."),
        "ru": ("Оскорбляет меня.",),
        "ja": ("暴言を言われました。",),
    },
    Category.PIRACY: {
        "en": ("Sharing pirated textbooks.", "Illegal copies of paid courses."),
        "de": ("Raubkopien von Lehrbüchern.",),
    },
    Category.SELF_HARM: {
        "en": (
            "I'm worried about her, she wrote that she wants to disappear. Please check on her.",
            "This post encourages not eating.",
        ),
        "ja": ("友達が心配です。消えたいと言っています。",),
    },
    Category.DRUGS_ALCOHOL: {
        "en": ("Selling pills in the comments.", "Drug party in a live stream."),
        "es": ("Publica cosas de drogas.",),
    },
    Category.VIOLENT_IMAGERY: {
        "en": ("Horrible video with blood, please remove.", "Gore link."),
        "pt": ("Vídeo muito violento.",),
    },
    Category.SCAM: {
        "en": (
            "Phishing link pretending to be the app.",
            "Asked me for a gift card code. Scam!",
            "Investment scam, he wanted me to send money.",
        ),
        "zh": ("这是诈骗链接。",),
        "ar": ("رابط احتيال.",),
        "es": ("Me pidió dinero.",),
    },
    Category.GROOMING: {
        "en": (
            "This adult tells my 14-year-old daughter to keep their chats secret. I'm her mother.",
            "He asks young students if they are home alone.",
        ),
        "es": ("Un adulto le pide a mi hijo que no nos cuente nada.",),
    },
    Category.CAMPAIGNING: {
        "en": ("Political propaganda in the discussion board.", "Trying to convert people."),
        "ar": ("ينشر دعاية سياسية.",),
    },
    Category.MULTI_ACCOUNT: {"en": ("These look like the same person with many accounts.",)},
    Category.REPORT_ABUSE: {
        "en": (
            "She tells everyone in the group to report me.",
            "He reports everyone who corrects him.",
        )
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
