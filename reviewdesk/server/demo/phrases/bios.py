"""Profile bios: ordinary learners and teachers, and the bios of rule breakers."""

from __future__ import annotations

from reviewdesk.domain.enums import Category

#: Learner bios written in the member's native language.
NATIVE_BIOS: dict[str, tuple[str, ...]] = {
    "en": (
        "Nurse from Leeds learning languages on night shifts. Patient partner, slow replies.",
        "Trying to reach B2 before my exchange year. I love hiking, board games and ramen 🍜",
        "I'll happily fix your English if you put up with my terrible grammar.",
    ),
    "es": (
        "Hola, soy profe de matemáticas y estoy aprendiendo japonés. Me encanta el anime 🎌",
        "Busco compañeros para practicar inglés por voz. Corrijo tu español con gusto.",
        "Estudiante de arquitectura en Bogotá. Hablemos de música, viajes y comida.",
    ),
    "fr": (
        "Étudiante en droit à Lyon, j'apprends le coréen pour le plaisir. Corrections bienvenues !",
        "Papa de deux enfants, j'apprends l'anglais pour mon travail. Je réponds le soir.",
    ),
    "de": (
        "Ich lerne Spanisch für meine Reise nach Südamerika. Gerne korrigiere ich dein Deutsch!",
        "Ingenieur aus Graz. Suche Tandempartner für Japanisch. Kein Flirt, nur Sprache.",
    ),
    "pt": (
        "Oi! Sou do Recife, estudo inglês e francês. Adoro futebol e séries ⚽",
        "Professora de biologia, aprendendo alemão devagarinho. Vamos conversar?",
    ),
    "it": (
        "Ciao! Studio giapponese da due anni. Posso aiutarti con l'italiano 🍕",
        "Cuoco a Bologna, imparo l'inglese per lavorare all'estero.",
    ),
    "ja": (
        "英語を勉強中の大学生です。映画と旅行が好きです。気軽に話しかけてください！",
        "日本語を教えるのが好きです。間違いを直してくれると嬉しいです 😊",
        "韓国ドラマが大好き。韓国語を練習したいです。",
    ),
    "zh": (
        "我在学习英语和日语，喜欢看电影和做饭。欢迎大家来聊天！",
        "大学生，想找语言伙伴练习口语。可以帮你改中文作文 ✍️",
    ),
    "ko": (
        "영어 공부하는 직장인이에요. 주말에만 답장할 수 있어요.",
        "일본어를 배우고 있어요! 한국어 질문 환영합니다 😊",
    ),
    "ru": (
        "Учу английский и немецкий. Люблю книги и горы. Помогу с русским!",
        "Программист из Казани, ищу партнёра для разговорной практики.",
    ),
    "uk": (
        "Вчу англійську та польську. Охоче допоможу з українською 💙💛",
        "Студентка з Львова, люблю каву і подорожі.",
    ),
    "ar": (
        "أتعلم اللغة الإنجليزية والفرنسية. أحب القراءة والسفر. يسعدني أن أساعدك في العربية!",
        "طالب طب من القاهرة، أبحث عن شريك لممارسة المحادثة 📚",
    ),
    "hi": (
        "मैं अंग्रेज़ी और जापानी सीख रहा हूँ। हिंदी सीखने में आपकी मदद कर सकता हूँ।",
        "कॉलेज की छात्रा हूँ, किताबें और संगीत पसंद हैं 🎶",
    ),
}

#: Learner bios in English with the member's languages filled in.
ENGLISH_BIO_TEMPLATES = (
    "Native {native} speaker, learning {learning}. Please correct my mistakes!",
    "{native} native here. Studying {learning} for work, happy to help with {native}.",
    "Learning {learning} one word at a time. Voice messages welcome, no video calls.",
    "I speak {native}. My {learning} is still basic, so please be patient with me 🙂",
)

#: Teacher bios in English with the teacher's native language filled in.
TEACHER_BIO_TEMPLATES = (
    "Certified {native} teacher, 7 years of experience. Conversation, exam preparation "
    "and business {native}. Book a trial lesson through my teacher page.",
    "Community tutor for {native}. Relaxed conversation practice for beginners and "
    "intermediate learners. I prepare notes after every lesson.",
    "Professional {native} teacher with a degree in linguistics. Grammar explained simply, "
    "pronunciation drills, homework every week.",
)

#: Bios of accounts that break the rules, by what they are up to.
OFFENDER_BIOS: dict[Category, tuple[str, ...]] = {
    Category.SPAM: (
        "Free English club!!! Join now!!! Best method 100% guaranteed!!!",
        "Message me for FREE learning materials 📚📚📚 link in my moments",
    ),
    Category.COMMERCIAL: (
        "IELTS / TOEFL certificates fast, no exam needed. Serious buyers only, DM me.",
        "Crypto trading mentor 💰 turn 100 USD into 1000 in a week. Ask me how.",
    ),
    Category.DATING: (
        "Not here for languages. Looking for a kind woman to marry. Age 20-30 please.",
        "Single, romantic, looking for my soulmate 💕 Tell me if you are single too.",
    ),
    Category.OFF_PLATFORM: (
        "This app is slow, add me on my other messenger: ID lucky_star_889",
        "Scan the code in my moments, I answer faster there 😉",
    ),
    Category.IMPERSONATION: (
        "Official teacher account. Book lessons here and pay me directly for a discount.",
        "Support Team - account verification. Send us your login to keep your account.",
    ),
    Category.MULTI_ACCOUNT: (
        "hello friend, I want learn english, please talk me",
        "english learner 2026, please add, thank you",
    ),
    Category.SCAM: (
        "Investment adviser and English learner. Ask me about my 30% monthly returns.",
        "Engineer working offshore. Looking for honest friends.",
    ),
    Category.GROOMING: ("Friendly tutor for teens. Free lessons for students, ask me anything.",),
    Category.CAMPAIGNING: ("Wake up, people! Our movement needs YOU. Read the truth in my posts.",),
}
