"""Everyday language-exchange chat, per language: greetings, small talk, corrections."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatBank:
    """What members say in one language during an ordinary exchange."""

    greetings: tuple[str, ...]
    replies: tuple[str, ...]
    small_talk: tuple[str, ...]
    lesson_talk: tuple[str, ...]
    #: A learner's sentence with a mistake, and a native's friendly correction of it.
    corrections: tuple[tuple[str, str], ...]
    thanks: tuple[str, ...]
    #: What someone answers to a message that makes them uncomfortable.
    uneasy: tuple[str, ...]


BANKS: dict[str, ChatBank] = {
    "en": ChatBank(
        greetings=(
            "Hi! I saw your profile, we're learning each other's languages. Want to practise "
            "together?",
            "Hello 👋 I'm looking for a partner to practise speaking. Are you free this week?",
            "Hey, thanks for accepting my request! How long have you been studying?",
        ),
        replies=(
            "Hi! Sure, nice to meet you 😊",
            "Hello! Yes, I'd love to. Text first, then voice?",
            "Hey! About two years, but my speaking is still slow.",
        ),
        small_talk=(
            "What do you do for work?",
            "It's raining again here, typical November 🌧️",
            "Have you watched any good films lately?",
            "I just got back from the gym, so tired",
            "What's your favourite food from your country?",
            "Do you prefer cats or dogs? 🐱🐶",
        ),
        lesson_talk=(
            "Can we move Thursday's lesson to 6 pm?",
            "I finished the homework, the last exercise was hard",
            "Today let's focus on past tenses.",
            "Could you send me the notes from our lesson?",
        ),
        corrections=(
            (
                "Yesterday I goed to the park with my friend.",
                'Small correction: "I went to the park". Go is irregular: go / went / gone 🙂',
            ),
            (
                "I am agree with you.",
                'We just say "I agree with you", without "am". Very common mistake!',
            ),
            ("She have two brothers.", '"She has two brothers" - has for he/she/it 👍'),
        ),
        thanks=(
            "Thank you so much, that really helps!",
            "Ahh I always forget that, thanks!",
            "Got it, thank you 🙏",
        ),
        uneasy=(
            "Please stop, this is not why I'm here.",
            "I don't feel comfortable with this.",
            "Why are you sending me this?",
            "I'm going to report this.",
            "No thanks.",
        ),
    ),
    "es": ChatBank(
        greetings=(
            "¡Hola! Vi que estudias español. ¿Quieres practicar conmigo?",
            "Hola, busco alguien para hacer intercambio inglés-español 😊",
        ),
        replies=("¡Hola! Claro, con mucho gusto 😊", "¡Buenas! Sí, me vendría genial practicar."),
        small_talk=(
            "¿De qué parte de México eres?",
            "Hoy hace muchísimo calor aquí en Sevilla ☀️",
            "¿Qué música escuchas?",
            "Este fin de semana voy a la playa con mis primos",
            "¿Ya probaste las arepas? Son lo mejor",
        ),
        lesson_talk=(
            "¿Podemos repasar el subjuntivo en la próxima clase?",
            "Te mando los deberes por aquí, ¿vale?",
            "La clase de hoy fue muy útil, gracias",
        ),
        corrections=(
            ("Yo soy 25 años.", "Se dice «tengo 25 años» 😉 En español la edad va con tener."),
            (
                "Estoy muy excitado por el viaje.",
                "Mejor «emocionado». «Excitado» tiene otro sentido, jaja 😅",
            ),
            (
                "Ayer yo fui al cine y miré una película muy buena.",
                "¡Muy bien! Solo que normalmente decimos «vi una película».",
            ),
        ),
        thanks=("¡Muchas gracias! 🙏", "Ah vale, no lo sabía. ¡Gracias!"),
        uneasy=(
            "Por favor, para. No me interesa.",
            "No me siento cómoda con esto.",
            "¿Por qué me mandas esto?",
            "Te voy a reportar.",
        ),
    ),
    "fr": ChatBank(
        greetings=(
            "Salut ! Tu veux faire un échange français-anglais ?",
            "Bonjour 🙂 Je cherche quelqu'un pour pratiquer l'oral le week-end.",
        ),
        replies=(
            "Salut ! Avec plaisir 😊",
            "Bonjour ! Oui, ça me ferait du bien de parler un peu.",
        ),
        small_talk=(
            "Tu habites où en France ?",
            "Je viens de finir un croissant, désolée pour la jalousie 🥐",
            "Tu as des projets pour les vacances ?",
            "Il fait gris à Paris aujourd'hui",
        ),
        lesson_talk=(
            "On peut revoir le passé composé jeudi ?",
            "J'ai fait l'exercice 3, tu peux vérifier ?",
        ),
        corrections=(
            (
                "Je suis allé au magasin hier et j'ai acheté des pommes rouge.",
                "Presque parfait ! « des pommes rouges » avec un s, l'adjectif s'accorde.",
            ),
            (
                "J'ai 20 ans et je suis étudiant en l'université.",
                "On dit « étudiant à l'université » 🙂",
            ),
        ),
        thanks=("Merci beaucoup ! 🙏", "Ah d'accord, merci pour la correction !"),
        uneasy=(
            "Arrête s'il te plaît, ça ne m'intéresse pas.",
            "Je ne suis pas à l'aise avec ça.",
            "Pourquoi tu m'envoies ça ?",
        ),
    ),
    "de": ChatBank(
        greetings=(
            "Hallo! Hast du Lust auf einen Sprachaustausch Deutsch-Englisch?",
            "Hi 🙂 Ich suche jemanden zum Üben, am liebsten per Sprachnachricht.",
        ),
        replies=("Hallo! Ja, gerne 😊", "Hi! Klar, wann hast du Zeit?"),
        small_talk=(
            "Woher kommst du genau?",
            "Bei uns schneit es schon ❄️",
            "Was machst du beruflich?",
            "Ich habe gerade Kuchen gebacken 🍰",
        ),
        lesson_talk=(
            "Können wir nächste Woche die Präpositionen üben?",
            "Ich schicke dir meine Hausaufgabe gleich.",
        ),
        corrections=(
            (
                "Ich habe nach Berlin gefahren.",
                "Kleine Korrektur: „Ich bin nach Berlin gefahren“ - fahren geht mit sein 🙂",
            ),
            (
                "Gestern ich habe einen Film gesehen.",
                "Fast! „Gestern habe ich einen Film gesehen“ - das Verb steht an zweiter Stelle.",
            ),
        ),
        thanks=("Danke dir! 🙏", "Ah, das vergesse ich immer. Danke!"),
        uneasy=("Bitte hör auf damit.", "Das ist mir unangenehm.", "Warum schickst du mir das?"),
    ),
    "pt": ChatBank(
        greetings=(
            "Oi! Vamos praticar português e inglês juntos?",
            "Olá 😊 Estou procurando parceiro para conversar por áudio.",
        ),
        replies=("Oi! Claro, vamos sim 😄", "Olá! Pode ser, que horas você prefere?"),
        small_talk=(
            "Você mora em qual cidade?",
            "Hoje teve jogo do Flamengo, fiquei nervoso ⚽",
            "Qual é a comida típica da sua região?",
            "Tô cansada, trabalhei o dia todo",
        ),
        lesson_talk=(
            "Podemos revisar o pretérito na próxima aula?",
            "Mandei a tarefa por aqui, dá uma olhada?",
        ),
        corrections=(
            (
                "Eu tenho 30 anos de idade e moro em São Paulo desde cinco anos.",
                "Quase! Dizemos « moro em São Paulo há cinco anos » 🙂",
            ),
            ("Ontem eu fazi um bolo.", "« Ontem eu fiz um bolo » - fazer é irregular 😉"),
        ),
        thanks=("Valeu! 🙏", "Ah, entendi. Obrigada!"),
        uneasy=(
            "Para com isso, por favor.",
            "Não estou confortável com isso.",
            "Por que você está me mandando isso?",
        ),
    ),
    "it": ChatBank(
        greetings=(
            "Ciao! Ti va di fare scambio italiano-inglese?",
            "Ciao 😊 Cerco qualcuno per parlare un po'.",
        ),
        replies=("Ciao! Volentieri 😊", "Ciao! Certo, quando sei libera?"),
        small_talk=(
            "Di dove sei in Italia?",
            "Stasera faccio la pasta al pesto 🍝",
            "Che lavoro fai?",
        ),
        lesson_talk=("Possiamo ripassare il congiuntivo la prossima volta?",),
        corrections=(
            (
                "Io sono andato al cinema e ho visto un film molto bello ieri sera.",
                "Perfetto! Solo che di solito diciamo « ieri sera sono andato al cinema » "
                "all'inizio.",
            ),
            ("Ho 20 anni e sono studente in l'università.", "Si dice « all'università » 🙂"),
        ),
        thanks=("Grazie mille! 🙏", "Ah ok, grazie della correzione!"),
        uneasy=("Smettila per favore.", "Non mi sento a mio agio.", "Perché mi mandi questo?"),
    ),
    "ja": ChatBank(
        greetings=(
            "こんにちは！英語を練習したいです。よろしくお願いします 😊",
            "はじめまして！日本語を勉強しているんですね。一緒に練習しませんか？",
        ),
        replies=(
            "こんにちは！こちらこそよろしくお願いします！",
            "はじめまして 😊 ぜひお願いします！",
        ),
        small_talk=(
            "今日はとても寒いですね。",
            "週末は何をしましたか？",
            "ラーメンが大好きです 🍜",
            "最近、仕事が忙しくて疲れました…",
            "どんなアニメが好きですか？",
        ),
        lesson_talk=(
            "次のレッスンは木曜日の夜でも大丈夫ですか？",
            "宿題をやりました。チェックしてもらえますか？",
        ),
        corrections=(
            (
                "私は昨日、友達と映画を見るました。",
                "「見ました」ですね！「見る」→「見ました」です 😊",
            ),
            (
                "日本語を勉強するのはとても楽しいだと思います。",
                "「楽しいと思います」で大丈夫です。「だ」はいりません！",
            ),
        ),
        thanks=("ありがとうございます！🙏", "なるほど、勉強になりました！"),
        uneasy=(
            "やめてください。",
            "そういう話はしたくないです。",
            "なぜこれを送るんですか？",
            "通報します。",
        ),
    ),
    "zh": ChatBank(
        greetings=("你好！我在学中文，可以一起练习吗？", "嗨 😊 我想找语言伙伴练习英语口语。"),
        replies=("你好！当然可以 😊", "嗨！好呀，我们可以先打字再语音。"),
        small_talk=(
            "你是哪里人？",
            "今天北京雾霾很严重 😷",
            "你周末一般做什么？",
            "我刚吃了火锅，太辣了 🌶️",
        ),
        lesson_talk=("下节课我们可以练习量词吗？", "作业我写完了，你帮我看看？"),
        corrections=(
            ("我昨天去了商店买了三个苹果们。", "说「三个苹果」就可以了，不用加「们」😊"),
            (
                "我很喜欢吃中国菜，特别是饺子，我每天都吃了。",
                "「我每天都吃」就好，习惯的事情不用「了」。",
            ),
        ),
        thanks=("谢谢你！🙏", "明白了，谢谢纠正！"),
        uneasy=("请不要这样。", "我不想聊这个。", "你为什么发这个给我？", "我要举报你了。"),
    ),
    "ko": ChatBank(
        greetings=(
            "안녕하세요! 한국어 공부하시는군요. 같이 연습해요 😊",
            "안녕하세요, 영어 연습할 친구를 찾고 있어요.",
        ),
        replies=("안녕하세요! 좋아요 😊", "반가워요! 네, 같이 해요."),
        small_talk=(
            "주말에 뭐 했어요?",
            "오늘 날씨 진짜 좋네요 ☀️",
            "요즘 어떤 드라마 봐요?",
            "떡볶이 좋아해요? 🌶️",
        ),
        lesson_talk=("다음 수업은 목요일 저녁 괜찮아요?", "숙제 다 했어요. 확인해 주실 수 있어요?"),
        corrections=(
            ("저는 어제 친구를 만나요.", '어제니까 "만났어요"라고 해야 해요 😊'),
            ("한국 음식이 너무 맛있어서 매일 먹어요 했어요.", '"매일 먹어요"만 쓰면 돼요!'),
        ),
        thanks=("감사합니다! 🙏", "아 그렇구나, 고마워요!"),
        uneasy=("그만해 주세요.", "이런 얘기 불편해요.", "왜 이런 걸 보내요?", "신고할게요."),
    ),
    "ru": ChatBank(
        greetings=(
            "Привет! Давай практиковать русский и английский?",
            "Здравствуйте 😊 Ищу партнёра для разговорной практики.",
        ),
        replies=("Привет! Давай 😊", "Здравствуйте! С удовольствием."),
        small_talk=(
            "Ты откуда?",
            "У нас уже минус двадцать ❄️",
            "Чем ты занимаешься?",
            "Вчера смотрела хороший фильм",
        ),
        lesson_talk=(
            "Можем в следующий раз разобрать падежи?",
            "Я сделал домашнее задание, посмотришь?",
        ),
        corrections=(
            (
                "Я вчера ходил в магазин и купил два яблоки.",
                "Почти! Правильно «два яблока» - после два нужен родительный падеж 🙂",
            ),
            (
                "Мне нравится читать книги на русском языке каждую день.",
                "«каждый день» - день мужского рода.",
            ),
        ),
        thanks=("Спасибо большое! 🙏", "Понял, спасибо за исправление!"),
        uneasy=(
            "Пожалуйста, прекрати.",
            "Мне это неприятно.",
            "Зачем ты мне это пишешь?",
            "Я пожалуюсь на тебя.",
        ),
    ),
    "uk": ChatBank(
        greetings=(
            "Привіт! Хочеш практикувати українську та англійську?",
            "Вітаю 😊 Шукаю партнера для розмов.",
        ),
        replies=("Привіт! Залюбки 😊", "Вітаю! Так, давай."),
        small_talk=("Ти з якого міста?", "Сьогодні у Львові дощ ☔", "Що ти любиш готувати?"),
        lesson_talk=("Наступного разу повторимо відмінки?",),
        corrections=(
            ("Я вчора ходив до магазин.", "Правильно «до магазину» 🙂"),
            (
                "Мені подобається ця пісня дуже багато.",
                "Краще сказати «ця пісня мені дуже подобається».",
            ),
        ),
        thanks=("Дякую! 🙏", "Зрозуміла, дякую за виправлення!"),
        uneasy=("Будь ласка, припини.", "Мені це неприємно.", "Навіщо ти це надсилаєш?"),
    ),
    "ar": ChatBank(
        greetings=(
            "مرحبا! هل تريد أن نتدرب معًا على العربية والإنجليزية؟",
            "السلام عليكم 😊 أبحث عن شريك لممارسة المحادثة.",
        ),
        replies=("أهلا وسهلا! بكل سرور 😊", "وعليكم السلام! نعم، متى يناسبك؟"),
        small_talk=(
            "من أي مدينة أنت؟",
            "الجو حار جدا اليوم ☀️",
            "ماذا تعمل؟",
            "أحب القهوة العربية كثيرا ☕",
        ),
        lesson_talk=(
            "هل يمكننا مراجعة الأفعال في الدرس القادم؟",
            "أنهيت الواجب، هل يمكنك أن تراجعه؟",
        ),
        corrections=(
            (
                "أنا ذهبت إلى المدرسة أمس مع صديقي وهو كان سعيد.",
                "جميل! نقول «وكان سعيدًا» بالنصب بعد كان 🙂",
            ),
            ("هذه كتاب جميل.", "«هذا كتاب جميل» لأن كلمة كتاب مذكر."),
        ),
        thanks=("شكرا جزيلا! 🙏", "فهمت، شكرا على التصحيح!"),
        uneasy=(
            "من فضلك توقف.",
            "لا أشعر بالراحة مع هذا الكلام.",
            "لماذا ترسل لي هذا؟",
            "سأبلغ عنك.",
        ),
    ),
    "hi": ChatBank(
        greetings=(
            "नमस्ते! क्या आप हिंदी और अंग्रेज़ी का अभ्यास साथ में करना चाहेंगे?",
            "हाय 😊 मैं बातचीत के लिए पार्टनर ढूँढ रही हूँ।",
        ),
        replies=("नमस्ते! ज़रूर 😊", "हाय! हाँ, बिल्कुल।"),
        small_talk=(
            "आप कहाँ से हैं?",
            "आज दिल्ली में बहुत गर्मी है ☀️",
            "आपको कौन सा खाना पसंद है?",
            "मैंने कल एक अच्छी फ़िल्म देखी",
        ),
        lesson_talk=("अगली क्लास में क्या हम भूतकाल दोहरा सकते हैं?", "मैंने होमवर्क कर लिया है, देख लीजिए।"),
        corrections=(
            ("मैं कल बाज़ार जाता हूँ।", 'कल की बात है तो "मैं कल बाज़ार गया था" कहेंगे 🙂'),
            ("मुझे हिंदी बहुत पसंद करता है।", '"मुझे हिंदी बहुत पसंद है" - पसंद के साथ "है" आता है।'),
        ),
        thanks=("बहुत धन्यवाद! 🙏", "अच्छा, समझ गया। शुक्रिया!"),
        uneasy=("कृपया ऐसा मत कीजिए।", "मुझे यह ठीक नहीं लग रहा।", "आप मुझे यह क्यों भेज रहे हैं?"),
    ),
}

#: How people greet a whole room or group.
GROUP_OPENERS: tuple[str, ...] = (
    "Hi everyone 👋",
    "Hello all, first time in this room 🙂",
    "Hola a todos 👋",
    "大家好！",
    "みなさん、こんばんは！",
    "Всем привет!",
    "Bonjour tout le monde !",
    "안녕하세요 여러분!",
)
