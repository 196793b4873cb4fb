"""What rule breakers write, per category: chat messages, public posts, lead-ups.

Believable but never graphic. Links use the reserved ``.example`` domain and
phone numbers come from ranges set aside for fiction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewdesk.domain.enums import Category


@dataclass(frozen=True)
class ViolationTexts:
    """Texts of one category: chat lines and posts by language, and a lead-up."""

    chat: dict[str, tuple[str, ...]]
    posts: dict[str, tuple[str, ...]]
    #: English messages the offender sends before the reported one (a pattern).
    lead_up: tuple[str, ...] = field(default=())


VIOLATIONS: dict[Category, ViolationTexts] = {
    Category.SPAM: ViolationTexts(
        chat={
            "en": (
                "Join the BEST English club!!! 1000 members already, click now: "
                "https://fluent-club.example/join",
                "hello dear, I send you free learning pack, open "
                "https://free-lessons.example/pack?ref=88",
                "Hi! Hi! Hi! Add me! Add me! Let's practise! Add me!",
            ),
            "es": (
                "¡¡Únete al mejor grupo de inglés GRATIS!! Entra ya: "
                "https://club-ingles.example/unete",
            ),
            "zh": ("免费英语资料！！！点击领取 https://free-english.example/get 名额有限！！！",),
        },
        posts={
            "en": (
                "🔥🔥 FREE English course 🔥🔥 like + share + follow to get it!!! 🔥🔥",
                "Follow me and I follow you back 100% ✅✅✅ #follow #english #learn",
                "Best app to learn English fast!!! Download now!!! https://speakfast.example",
            ),
            "pt": ("Sigam meu perfil que eu sigo de volta!!! 🔁🔁🔁",),
        },
    ),
    Category.COMMERCIAL: ViolationTexts(
        chat={
            "en": (
                "I can get you an IELTS 8.0 certificate without the exam. 250 USD, half now, "
                "half after.",
                "Hey, I sell cheap phone cases and earphones, wholesale price, want the catalogue?",
                "My agency hires English speakers for call centres, 800 USD a month. Send me "
                "your CV.",
            ),
            "ru": ("Продаю готовые сочинения для экзамена, недорого. Пиши в личку.",),
            "ar": ("أبيع دورات إنجليزية كاملة بسعر رمزي، راسلني للتفاصيل 💰",),
        },
        posts={
            "en": (
                "50% OFF my online course this week only! 30 lessons, lifetime access, code "
                "TALK50 👉 https://course-shop.example",
                "Please donate to my fundraiser, every dollar helps 🙏 "
                "https://givefund.example/my-trip",
                "Looking for a job as English teacher, any country, good salary please. DM me",
            ),
            "es": ("Vendo clases de inglés por WhatsApp, 5 dólares la hora, escríbeme 📲",),
        },
    ),
    Category.DATING: ViolationTexts(
        chat={
            "en": (
                "Honestly I'm not here for English. You are very beautiful, do you have a "
                "boyfriend?",
                "I'm looking for a serious relationship, maybe marriage. Can you be my girlfriend?",
                "We should meet in real life, I can visit your city next month 😘",
            ),
            "es": ("Eres muy guapa, ¿tienes novio? Busco pareja seria.",),
            "ru": ("Ты очень красивая. Давай встретимся, я ищу жену.",),
            "ar": ("أنتِ جميلة جدا، هل أنتِ مرتبطة؟ أبحث عن زوجة.",),
        },
        posts={
            "en": (
                "Single man, 34, looking for a lady for love and marriage 💍 Only women reply "
                "please.",
                "Who wants to be my valentine? 💕 Girls from Asia preferred",
            ),
            "pt": ("Procuro namorada estrangeira 💘 mande mensagem",),
        },
        lead_up=("You have a really nice smile in your photo", "Are you single?"),
    ),
    Category.SEXUAL_CONTENT: ViolationTexts(
        chat={
            "en": (
                "Send me a photo of you in bed, just for me 😏",
                "What are you wearing right now? Let's talk about something more intimate.",
                "Let's skip the lesson and have a private video call, camera on, no clothes.",
            ),
            "es": ("Mándame fotos más atrevidas, nadie se va a enterar 😏",),
            "ja": ("もっとセクシーな写真を送ってよ。",),
        },
        posts={
            "en": (
                "Link to my private photos, 18+ only 🔞 https://hot-pics.example",
                "Rate my body 1-10 😈 (photo in comments)",
            )
        },
        lead_up=("You look amazing in your profile photo", "Are you alone right now?"),
    ),
    Category.HARASSMENT: ViolationTexts(
        chat={
            "en": (
                "Why are you ignoring me??? I can see you're online.",
                "Answer me. I'll keep writing until you reply.",
                "I know which university you go to. Maybe I'll come and say hi 🙂",
                "Everyone in the group thinks you're pathetic, just leave.",
            ),
            "ru": ("Почему ты не отвечаешь? Я вижу, что ты онлайн. Ответь сейчас же.",),
            "ko": ("왜 답장 안 해? 계속 보낼 거야.",),
            "fr": ("Réponds-moi !!! Je sais que tu lis mes messages.",),
        },
        posts={
            "en": (
                "Look at this notebook entry lol, she has been 'learning' for 3 years and still "
                "writes like a child 😂",
                "Don't talk to @MinaK in the voice room, she's a crybaby and a liar",
            ),
            "es": ("Miren cómo habla este tipo jajaja, qué vergüenza 😂😂",),
        },
        lead_up=("hello?", "hello??", "why don't you answer", "???"),
    ),
    Category.ENTANGLED_HARASSMENT: ViolationTexts(
        chat={
            "en": (
                "You blocked me but I made another account 😂 you can't get rid of me.",
                "It's me again. This is my third account. Just talk to me.",
                "My friends will keep writing to you until you apologise.",
            ),
            "es": ("Me bloqueaste pero tengo otra cuenta. No te vas a librar de mí.",),
        },
        posts={
            "en": (
                "Everyone report @Sofia_lingo, she blocked me for no reason!!! (posted from "
                "backup account)",
            )
        },
    ),
    Category.IMPERSONATION: ViolationTexts(
        chat={
            "en": (
                "Hello, this is the official support team. To keep your account active, send us "
                "your password.",
                "Hi, I'm teacher Olivia from the teacher page. Book with me here and pay me "
                "directly, it's cheaper.",
                "I'm the famous teacher from YouTube, this is my new account, follow me here.",
            ),
            "zh": ("我是官方客服，请提供您的账号密码进行验证。",),
        },
        posts={
            "en": (
                "⚠️ Official announcement from the Support Team: all accounts must be verified "
                "at https://verify-account.example",
            )
        },
    ),
    Category.PERSONAL_DATA: ViolationTexts(
        chat={
            "en": (
                "This is Laura's phone number: +44 7700 900461. Call her and tell her what you "
                "think.",
                "Her address is 14 Harbour Lane, flat 3. Everyone should know what kind of "
                "person she is.",
                "Here's the teacher's private email and her student ID, have fun: "
                "laura.k@mail.example",
            ),
            "es": ("Este es el número de mi ex: +34 600 000 123, escríbanle todos 😂",),
        },
        posts={
            "en": (
                "Screenshot of @danny_words ID card, since he lied about his age lol",
                "The guy who scammed me lives at 221 Cedar Street, Apt 5. His number is (555) "
                "010-4477.",
            ),
            "ru": ("Вот номер телефона этого обманщика: +7 900 000 12 34. Звоните!",),
        },
    ),
    Category.OFF_PLATFORM: ViolationTexts(
        chat={
            "en": (
                "This app is so boring, add me on my other messenger: ID lucky_star_889 😉",
                "Give me your phone number, it's easier to talk there.",
                "Send me a selfie first, then I'll help you with your English.",
                "Scan my QR code and we can video chat there, no limits.",
            ),
            "zh": ("加我微信吧，ID是 happy_lily_2026，这里聊天不方便。",),
            "ja": ("LINEで話しませんか？IDはsakura_777です。",),
            "ko": ("카톡으로 얘기해요. 아이디 알려줄게요.",),
        },
        posts={
            "en": (
                "Scan to add me ⬇️ I reply faster on my messenger 😘",
                "Language group on another app, 300 members, scan the code to join!",
            ),
            "es": ("Agrégame a mi otra app, mi ID está en la foto 📲",),
        },
        lead_up=("You speak so well!", "Let's be real friends"),
    ),
    Category.THREATS: ViolationTexts(
        chat={
            "en": (
                "If you report me again, I'll find you. I know where you live.",
                "You will regret this. Watch your back when you leave work.",
                "Keep talking and I'll make sure your family gets hurt.",
            ),
            "ru": ("Ещё одно слово, и ты пожалеешь. Я знаю, где ты живёшь.",),
            "ar": ("إذا بلغت عني مرة أخرى سأجدك. أعرف أين تسكن.",),
            "es": ("Si me vuelves a reportar, vas a ver lo que te pasa.",),
        },
        posts={
            "en": (
                "Someone should teach these people a lesson with real violence. Who is with me?",
                "I'll be waiting outside the language café on Friday. You know who you are.",
            )
        },
    ),
    Category.HATE_SPEECH: ViolationTexts(
        chat={
            "en": (
                "People from your country are all lazy and dishonest, no wonder it's poor.",
                "Go back to your own country, nobody wants your kind here.",
                "Your religion is a sickness.",
            ),
            "de": ("Leute wie du sollten hier gar nicht lernen dürfen.",),
            "ru": ("Все люди из твоей страны одинаково тупые.",),
        },
        posts={
            "en": (
                "Why do people from that country even bother learning languages, they can't "
                "think properly anyway",
                "Women should not be teachers, they are too emotional to explain grammar.",
                "People with accents like hers are an embarrassment to our language.",
            ),
            "es": ("Los de ese país son todos unos ladrones, no les hablen.",),
        },
    ),
    Category.INSULTS: ViolationTexts(
        chat={
            "en": (
                "Your English is garbage, stop wasting my time, idiot.",
                "Are you stupid? I explained it three times already.",
                "Shut up, nobody asked for your stupid correction.",
            ),
            "es": ("Eres un imbécil, no sabes nada de gramática.",),
            "ru": ("Ты тупой? Я же уже объяснил.",),
            "de": ("Du bist echt zu dumm für diese Sprache.",),
            "pt": ("Cala a boca, idiota.",),
        },
        posts={
            "en": (
                "What a dumb question. Use Google, moron.",
                "This notebook entry is the worst thing I've read all year, give up.",
            ),
            "fr": ("Quelle question débile. T'es vraiment nul.",),
        },
    ),
    Category.PIRACY: ViolationTexts(
        chat={
            "en": (
                "I have the full course book series as PDF + audio, all levels, I can send it "
                "for free",
            ),
            "es": ("Te paso todos los libros del curso en PDF, gratis 😉",),
        },
        posts={
            "en": (
                "FREE download: complete exam preparation books, all 12 volumes, PDF + audio 👉 "
                "https://files-share.example/books",
                "Watching the new cinema release together in my live room tonight, full film!",
                "Cracked version of the premium dictionary app, no subscription needed: "
                "https://apk-free.example",
            )
        },
    ),
    Category.SELF_HARM: ViolationTexts(
        chat={
            "en": (
                "I don't see the point of anything any more. Maybe everyone would be better off "
                "without me.",
                "I haven't eaten in four days, I want to see how far I can go.",
            ),
            "ja": ("もう全部どうでもいい。消えたい。",),
            "es": ("Ya no aguanto más, creo que voy a desaparecer.",),
        },
        posts={
            "en": (
                "Day 5 of my 'no food' challenge 💪 who's joining? Being hungry means being strong",
                "Goodbye everyone. Thank you for the lessons. I won't be here tomorrow.",
            ),
            "ko": ("다 끝내고 싶어요. 아무도 신경 안 쓰겠죠.",),
        },
    ),
    Category.DRUGS_ALCOHOL: ViolationTexts(
        chat={
            "en": ("I can get you pills that help you study all night, message me for prices 💊",),
            "pt": ("Tenho umas coisas boas pra festa, quer? 😉",),
        },
        posts={
            "en": (
                "Friday night: 15 shots and something stronger 🍻💨 who's coming to the party?",
                "Selling 'study pills', discreet shipping, DM for the price list 💊",
                "Live from the party, everybody is high lol 🎉",
            ),
            "es": ("Noche de fiesta, alcohol y de todo, ¿quién se apunta? 🍾",),
        },
    ),
    Category.VIOLENT_IMAGERY: ViolationTexts(
        chat={
            "en": (
                "look at this video of the accident, you can see everything 😱 "
                "https://shock-clips.example/v/4411",
            )
        },
        posts={
            "en": (
                "WARNING: real footage of the street fight, lots of blood 🩸 "
                "https://shock-clips.example/v/9021",
                "Look what the neighbours did to the stray dog (photos below)",
                "Pictures from the crash site, not for the faint-hearted",
            ),
            "ru": ("Смотрите, что случилось после аварии, всё видно 😱",),
        },
    ),
    Category.SCAM: ViolationTexts(
        chat={
            "en": (
                "Your account will be deleted in 24 hours. Verify now to keep it: "
                "https://tandem-verify.example/login",
                "I'm stuck at the airport and my card was blocked. Can you send me a 200 USD "
                "gift card code? I'll pay you back tomorrow, I promise.",
                "I made 40% in one month with this trading platform. Start with only 100 USD, "
                "I'll guide you: https://quick-profit.example",
                "Congratulations! You won a free year of premium lessons 🎁 Claim here: "
                "https://prize-lessons.example",
            ),
            "es": ("Tu cuenta será suspendida. Verifícala aquí: https://verifica-cuenta.example",),
            "zh": (
                "恭喜您中奖了！请点击链接领取奖品并填写银行卡信息：https://lucky-prize.example",
            ),
            "ar": ("حسابك سيتم إغلاقه خلال 24 ساعة. اضغط هنا للتحقق: https://verify-now.example",),
        },
        posts={
            "en": (
                "Teachers wanted! Pay a 50 USD registration fee and earn 3000 USD a month from "
                "home 💵",
                "Giveaway! Send 20 USD and receive 200 USD back, only today!!",
            )
        },
        lead_up=(
            "How was your day, my friend?",
            "I trust you more than anyone here",
            "I have a small problem...",
        ),
    ),
    Category.GROOMING: ViolationTexts(
        chat={
            "en": (
                "Don't tell your parents about our chats, okay? They wouldn't understand us.",
                "Are you home alone now? Turn on your camera, just for me.",
                "I'll buy you the game you wanted, but it's our secret 🤫",
            ),
            "es": ("No le cuentes a tus padres que hablamos, ¿vale? Es nuestro secreto.",),
            "ru": ("Не говори родителям о нашей переписке, хорошо?",),
        },
        posts={
            "en": ("Free private lessons for students under 16, message me, no parents needed 🙂",)
        },
        lead_up=(
            "You're so mature for your age",
            "Which school do you go to?",
            "You can tell me anything, I understand you better than your friends",
        ),
    ),
    Category.CAMPAIGNING: ViolationTexts(
        chat={
            "en": (
                "Have you accepted the truth? Join our church this Sunday and save your soul.",
                "Vote for the Unity Party next week, only they can save this country. Share "
                "with your friends!",
            ),
            "es": ("Vota por el Partido del Pueblo, ¡es el único honesto!",),
        },
        posts={
            "en": (
                "Sign our petition against the government NOW! Link in comments ✊",
                "Everyone who does not believe in our faith is lost. Message me to learn the "
                "truth.",
                "Elections are coming: the Progress Party is the only choice for real people 🗳️",
            ),
            "ar": ("انضموا إلى حملتنا السياسية وشاركوا المنشور!",),
        },
    ),
    Category.MULTI_ACCOUNT: ViolationTexts(
        chat={
            "en": (
                "hello friend, I want learn english, please talk me",
                "hi dear, nice profile, please add me",
                "hello, can we be friend? I like your country",
            )
        },
        posts={"en": ("like my moment and follow 🙏 follow back 100%",)},
    ),
    Category.REPORT_ABUSE: ViolationTexts(
        chat={
            "en": (
                "Everybody report Karim's account, let's get him banned 😂",
                "I reported you 20 times, enjoy your ban.",
            ),
            "es": ("Reporten todos a esta chica hasta que la bloqueen 😂",),
        },
        posts={
            "en": ("Mass report @lingo_karim please!!! He corrected my notebook in a rude way",)
        },
    ),
    Category.DEFAMATION: ViolationTexts(
        chat={
            "en": (
                "Delete this app now, the staff read all your messages and sell them to criminals.",
            )
        },
        posts={
            "en": (
                "The moderators here are corrupt, they take money to ban people. Spread this!",
                "This app steals your credit card data, the staff are criminals. Delete your "
                "account NOW!",
                "The owners of this app are scammers, teachers never get paid. Share before "
                "they delete it!",
            ),
            "ru": ("Это приложение ворует ваши данные! Удаляйте скорее!",),
        },
    ),
}

#: Texts members flag that break no rule: clumsy words, corrections, plain opinions.
BENIGN_FLAGGED: dict[str, tuple[str, ...]] = {
    "en": (
        'Actually it\'s "I went", not "I goed". Just so you know 🙂',
        "I don't really like this song, sorry haha",
        "Your sentence is grammatically correct but sounds very formal.",
        "I think cats are better than dogs, change my mind 😼",
        "You are fat? No, I mean you are phat, it's slang for cool! Sorry, my English 😅",
    ),
    "es": ("Creo que esa palabra no se usa mucho en España, suena antigua.",),
    "ja": ("その言い方はちょっと失礼に聞こえるかもしれません。",),
    "de": ("Das ist falsch, es heißt „der Tisch“, nicht „die Tisch“.",),
    "zh": ("你的中文有一点奇怪，不过我能看懂 😂",),
    "ru": ("Мне не нравится этот фильм, он скучный.",),
}
