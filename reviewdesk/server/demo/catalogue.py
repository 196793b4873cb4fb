"""The demo community's policy catalogue: every category, its clauses and ladders.

The wording is the project's own. The facts behind it (what language-exchange
communities forbid and how they escalate sanctions) follow the public policies
summarised in the project's domain notes.
"""

from __future__ import annotations

from reviewdesk.api.models import LadderStep, PolicyCatalogue, PolicyClause
from reviewdesk.domain.enums import Category, Outcome, Severity

CATALOGUE_VERSION = "2026.1"


def _ladder(*steps: tuple[Outcome, int | None]) -> list[LadderStep]:
    return [LadderStep(outcome=outcome, duration_days=days) for outcome, days in steps]


_WARN = (Outcome.WARN, None)
_TERMINATE = (Outcome.TERMINATE, None)

#: Mild, common offences: a warning first, then ever longer pauses.
MILD_LADDER = _ladder(_WARN, (Outcome.RESTRICT, 3), (Outcome.SUSPEND, 14), _TERMINATE)
#: Offences that hurt another member: a shorter road to the end.
SERIOUS_LADDER = _ladder(_WARN, (Outcome.SUSPEND, 7), (Outcome.SUSPEND, 30), _TERMINATE)
#: Offences that endanger someone: straight to a long suspension, then out.
SEVERE_LADDER = _ladder((Outcome.SUSPEND, 30), _TERMINATE)
#: Offences with no second chance.
ZERO_TOLERANCE_LADDER = _ladder(_TERMINATE)


def _clause(
    clause_id: str,
    category: Category,
    severity: Severity,
    title: str,
    text: str,
    acceptable: list[str],
    unacceptable: list[str],
    ladder: list[LadderStep],
) -> PolicyClause:
    return PolicyClause(
        id=clause_id,
        category=category,
        title=title,
        text=" ".join(text.split()),
        acceptable=acceptable,
        unacceptable=unacceptable,
        severity=severity,
        ladder=ladder,
    )


def _clauses() -> list[PolicyClause]:
    c, s = Category, Severity
    return [
        _clause(
            "SPAM-1", c.SPAM, s.LOW, "Copy-paste and mass messages",
            """Every conversation here should be meant for the person reading it. Sending the
            same text to many members, posting one thing again and again, or flooding a group,
            a comment thread or a stream with repeats drowns out real learners and is treated
            as spam, whatever the message says.""",
            ["Sharing one useful vocabulary list once in a study group.",
             "Greeting several new partners, each with a message written for them."],
            ["Pasting the same 'add me, let's practise' text to forty strangers in an hour.",
             "Reposting an identical moment every morning to keep it on top.",
             "Filling a live stream's comments with the same line."],
            MILD_LADDER,
        ),
        _clause(
            "COM-1", c.COMMERCIAL, s.MEDIUM, "Selling and advertising",
            """The community is for learning, not for sales. Members may not use chats, posts
            or profiles to sell products or services, promote shops or channels, or collect
            customers. Teachers offer lessons through the lesson booking system only, and do
            not pull students to outside payment.""",
            ["A teacher describing their lesson style on their teacher profile.",
             "Recommending a free dictionary app when someone asks for one."],
            ["Messaging learners a price list for an 'exam certificate' service.",
             "A moment whose only purpose is a discount code for a paid course.",
             "A teacher asking a student to pay for lessons by bank transfer instead."],
            MILD_LADDER,
        ),
        _clause(
            "COM-2", c.COMMERCIAL, s.MEDIUM, "Fundraising, job hunting and recruiting",
            """Asking members to donate, invest, join a sales team or apply for outside work
            turns a language partner into a target. Collections for causes, investment tips,
            recruitment for agencies and job-seeking posts are not allowed, even for good
            causes.""",
            ["Talking about your own job when a partner asks what you do.",
             "Practising interview vocabulary with a partner."],
            ["Posting a donation link for a personal fundraiser.",
             "Inviting learners to an 'easy money' trading group.",
             "Recruiting members for a call-centre agency in a group chat."],
            MILD_LADDER,
        ),
        _clause(
            "DATE-1", c.DATING, s.MEDIUM, "Looking for dates or partners",
            """This is not a dating service. Approaching members to find a girlfriend,
            boyfriend, spouse or sexual partner, posting 'looking for love' moments or
            pressing someone about their relationship status puts members off learning and
            may also count as harassment.""",
            ["Saying you enjoy talking with your partner and would like to practise again.",
             "Describing your family, including a spouse, when the topic comes up."],
            ["'I'm not here for language, I'm looking for a wife.'",
             "Asking a stranger again and again whether she is single.",
             "A profile bio that asks for a romantic partner."],
            MILD_LADDER,
        ),
        _clause(
            "SEX-1", c.SEXUAL_CONTENT, s.HIGH, "Sexual content",
            """No sexual or nude material anywhere: not in photos, moments, voice rooms, live
            streams, profiles or chats. This includes suggestive images, links to adult sites
            and text that describes sexual acts.""",
            ["A beach holiday photo in ordinary swimwear.",
             "Learning the medical names of body parts in a biology lesson."],
            ["A profile photo showing nudity.",
             "Links to adult content posted in a moment or a stream chat."],
            SERIOUS_LADDER,
        ),
        _clause(
            "SEX-2", c.SEXUAL_CONTENT, s.HIGH, "Sexual comments and advances",
            """Members must not make sexual remarks, advances or requests to others: comments
            about someone's body, questions about their sex life, or asking for intimate
            photos or calls. One such message is enough for action; a partner's friendliness
            is never consent.""",
            ["Telling a partner their profile photo in front of a temple is lovely.",
             "Practising compliments such as 'that colour suits you' in a lesson."],
            ["'Send me a photo of you in bed.'",
             "Asking a partner what they are wearing during a voice call.",
             "Turning a vocabulary question into sexual jokes about the partner."],
            SERIOUS_LADDER,
        ),
        _clause(
            "HAR-1", c.HARASSMENT, s.HIGH, "Harassment and bullying",
            """Do not target a member to upset, humiliate or frighten them: mocking, piling
            on, spreading rumours, or pushing others to gang up on someone. A disagreement is
            fine; singling a person out is not.""",
            ["Disagreeing politely with someone's opinion in a discussion.",
             "Telling a partner you would rather end the exchange."],
            ["Posting a partner's mistakes in a group to make fun of them.",
             "Encouraging a group to flood one member with mocking comments."],
            SERIOUS_LADDER,
        ),
        _clause(
            "HAR-2", c.HARASSMENT, s.HIGH, "Stalking and unwanted contact",
            """When a member has said no, stopped replying or blocked you, stop. Repeated
            messages, friend requests, calls, or following someone across the platform to
            keep contact going against their will count as harassment, and so does tracking
            someone's life outside the platform.""",
            ["One friendly follow-up a few days after a partner went quiet.",
             "Asking once if a partner would like to continue the exchange."],
            ["Thirty messages in a day after the partner asked to be left alone.",
             "'I know which gym you go to, I'll wait for you there.'",
             "Commenting on every post of someone who has blocked your chats."],
            SERIOUS_LADDER,
        ),
        _clause(
            "ENT-1", c.ENTANGLED_HARASSMENT, s.HIGH, "Harassment through several accounts",
            """Creating or borrowing other accounts to reach someone who blocked you, to fake
            support for an attack, or to dodge a sanction turns harassment into a campaign.
            Every account involved is dealt with together.""",
            ["Keeping one separate account for a teaching business approved by support.",
             "Asking support to review a block you think was a mistake."],
            ["Opening a new account to write to a member the day after being blocked.",
             "Using three accounts to leave insulting comments under one post.",
             "Asking friends to create accounts to message someone on your behalf."],
            SEVERE_LADDER,
        ),
        _clause(
            "IMP-1", c.IMPERSONATION, s.MEDIUM, "Pretending to be someone else",
            """Do not pose as another member, a teacher, a public figure or the platform's
            staff, whether by name, photo or wording. Fan or parody accounts must say so
            plainly.""",
            ["Using a nickname or a cartoon avatar.",
             "A clearly labelled fan account for a singer."],
            ["Copying a popular teacher's name and photo to take bookings.",
             "A profile called 'Support Team' that asks members for their password."],
            SERIOUS_LADDER,
        ),
        _clause(
            "IMP-2", c.IMPERSONATION, s.MEDIUM, "Other people's photos and content",
            """Your profile and posts may only use pictures and content you have the right to
            share. Photos lifted from another member's profile or posts, screenshots of other
            people's chats or profiles, and pictures of strangers are not allowed without the
            person's permission.""",
            ["A photo you took yourself of a city street.",
             "A picture of a friend posted with the friend's agreement."],
            ["A profile photo taken from another member's moments.",
             "Posting a screenshot of someone's private chat to laugh at it."],
            MILD_LADDER,
        ),
        _clause(
            "PRIV-1", c.PERSONAL_DATA, s.HIGH, "Other people's personal data",
            """Never publish or pass on another person's private details: phone numbers,
            home or school addresses, private email addresses, ID or card numbers, passwords,
            or anything that lets others find or impersonate them. This holds even if you
            think the person deserves it.""",
            ["Sharing your own public teacher email on your teacher profile.",
             "Naming the city you live in."],
            ["Posting a former partner's phone number in a group chat.",
             "A moment showing someone's ID card or home address."],
            SERIOUS_LADDER,
        ),
        _clause(
            "OFF-1", c.OFF_PLATFORM, s.MEDIUM, "Pulling members to other apps",
            """Moving a conversation elsewhere removes the protections of this platform, so
            members may not post QR codes or IDs of other messengers in public, or push
            partners to continue on another app. Scammers and abusers rely on this step.""",
            ["Agreeing with a long-time partner, both willing, to use a video app.",
             "Mentioning that you also use a dictionary app."],
            ["A moment showing a messenger QR code with 'add me'.",
             "Telling a new partner 'this app is boring, write to me on another app'."],
            MILD_LADDER,
        ),
        _clause(
            "OFF-2", c.OFF_PLATFORM, s.MEDIUM, "Pressing for contact details or photos",
            """Do not pressure members to hand over phone numbers, social media handles,
            email addresses or photos of themselves. Asking once and accepting a no is
            ordinary; asking again, bargaining or guilt-tripping is not.""",
            ["Asking whether a partner prefers text or voice messages.",
             "Accepting 'I'd rather not share my number' without argument."],
            ["'Give me your number or I won't help you with English any more.'",
             "Asking a partner for selfies every day."],
            MILD_LADDER,
        ),
        _clause(
            "THR-1", c.THREATS, s.CRITICAL, "Threats of violence",
            """Threatening to hurt, kill or attack anyone, or wishing violence on them in a
            way that could be taken seriously, has no place here. So does threatening to
            expose, track down or harm someone's family. Real danger is passed to the
            authorities.""",
            ["'This homework is killing me' as an obvious figure of speech.",
             "Discussing the plot of a crime novel."],
            ["'I know where you live and you will regret this.'",
             "'If you report me again I'll find your sister.'"],
            SEVERE_LADDER,
        ),
        _clause(
            "THR-2", c.THREATS, s.CRITICAL, "Terrorism and organised violence",
            """The platform must not be used to praise, support, recruit for or organise
            terrorism or other violent acts against people or property. Sharing a violent
            group's symbols, slogans or videos in approval counts as support. Such accounts
            are closed at once and the case goes to a senior moderator.""",
            ["Reading a news article about an attack to learn vocabulary.",
             "Discussing in a history lesson how a war began."],
            ["Sharing propaganda of a violent group.",
             "Calling on members to meet and attack a place of worship."],
            ZERO_TOLERANCE_LADDER,
        ),
        _clause(
            "HATE-1", c.HATE_SPEECH, s.HIGH, "Attacks on who people are",
            """Members come from everywhere. Attacking or demeaning people for where they or
            their families come from, the colour of their skin, their faith, their gender,
            whom they love, a disability or illness, their body or looks, or
            how well they speak a language, is hate speech. Discussing cultures respectfully
            is welcome.""",
            ["'In my country we eat dinner late; how about yours?'",
             "Correcting a learner's grammar kindly."],
            ["'People from your country are all thieves.'",
             "Mocking a learner's accent as proof their people are stupid.",
             "Calling a religion a disease."],
            SERIOUS_LADDER,
        ),
        _clause(
            "INS-1", c.INSULTS, s.LOW, "Insults and swearing",
            """Speak to others the way you would want your own partner to speak to you.
            Name-calling, cursing at members and contemptuous remarks are not allowed. A
            learner's clumsy word choice is a mistake, not an insult; slang between friends
            who both enjoy it is fine.""",
            ["'I think your sentence sounds a bit rude in English; try \"could you\".'",
             "Learning which swear words to avoid, in a lesson about register."],
            ["'You're an idiot, stop wasting my time.'",
             "Replying to a notebook correction with a string of curses."],
            MILD_LADDER,
        ),
        _clause(
            "PIR-1", c.PIRACY, s.LOW, "Pirated material",
            """Only share material you have the right to share. Scanned textbooks, cracked
            apps, copied paid courses, and links to pirated films or music are removed, and
            repeated sharing leads to sanctions.""",
            ["Linking to a publisher's free sample chapter.",
             "Recommending a film and where to watch it legally."],
            ["'Full PDF of the whole course book series, free download.'",
             "Streaming a paid film in a live room."],
            MILD_LADDER,
        ),
        _clause(
            "SH-1", c.SELF_HARM, s.HIGH, "Promoting self-harm, suicide or eating disorders",
            """Content that encourages, instructs or glorifies self-injury, suicide, eating
            disorders or drug abuse is removed. A member who says they are struggling is not
            breaking a rule: moderators escalate such cases so the member can be offered
            help.""",
            ["Telling a partner you have had a hard week and feel low.",
             "Sharing a helpline number with someone who is struggling."],
            ["Challenges that dare members to hurt themselves.",
             "Posts praising extreme fasting as the way to be loved."],
            SERIOUS_LADDER,
        ),
        _clause(
            "DRUG-1", c.DRUGS_ALCOHOL, s.MEDIUM, "Drugs and alcohol",
            """Public posts must not promote illegal drugs, show drug use, offer drugs for
            sale or celebrate heavy drinking. Mentioning a glass of wine at dinner is
            ordinary; advertising a party where 'everything is allowed' is not.""",
            ["Practising how to order a drink in a café.",
             "Talking about wine regions of a country."],
            ["A moment offering pills 'for studying all night', message for prices.",
             "A live stream showing drug use."],
            MILD_LADDER,
        ),
        _clause(
            "VIO-1", c.VIOLENT_IMAGERY, s.HIGH, "Violent or shocking images",
            """Do not post images or videos of people or animals being hurt, killed or
            mistreated, dead bodies, or other gory material, and do not link to them. News
            can be discussed in words without the pictures.""",
            ["Talking about a news report on an earthquake.",
             "A historical photo of a ruined city, with context."],
            ["A video of a traffic accident showing injured people.",
             "Photos of an animal being tortured, 'for a laugh'."],
            SERIOUS_LADDER,
        ),
        _clause(
            "SCAM-1", c.SCAM, s.CRITICAL, "Scams and phishing",
            """Tricking members out of money, accounts or data ends the account. This
            covers fake login pages, 'verify your account' links, fake prizes, investment
            schemes and any story told to get a payment, gift card or code.""",
            ["Warning others about a phishing message you received.",
             "Buying a lesson package through the booking page."],
            ["'Your account will be closed, log in here to keep it.'",
             "'I'm stuck at the airport, please send a gift card code, I'll pay you back.'"],
            SEVERE_LADDER,
        ),
        _clause(
            "SCAM-2", c.SCAM, s.HIGH, "Asking members for money",
            """Members never ask other members for money, loans, gifts or payment outside
            the lesson system, however sad the story or small the sum. Teachers are paid only
            through bookings; a request to pay them any other way is reported, not
            granted.""",
            ["A teacher reminding a student of a booked lesson's time.",
             "A teacher explaining their lesson prices on the booking page."],
            ["'My mother is ill, can you lend me 300 dollars?'",
             "A teacher asking for a 'tip' sent to a personal account."],
            SERIOUS_LADDER,
        ),
        _clause(
            "GROOM-1", c.GROOMING, s.CRITICAL, "Grooming",
            """Slowly winning someone's trust in order to exploit them (especially a young
            member) is one of the gravest offences: secret-keeping, gifts, isolating them
            from family, flattering them as 'mature', and asking for pictures, their school
            or when they are alone. Such accounts are closed and the case escalated.""",
            ["A teacher asking a young student's parent to join the first lesson.",
             "Encouraging a young learner to practise in public study groups."],
            ["'Don't tell your parents about our chats, they wouldn't understand.'",
             "'You're so mature for your age. Are you home alone now?'"],
            ZERO_TOLERANCE_LADDER,
        ),
        _clause(
            "CAMP-1", c.CAMPAIGNING, s.LOW, "Political and religious campaigning",
            """Culture, traditions and beliefs can be discussed with respect, but the
            community is not a platform for campaigning: no canvassing for parties or
            candidates, petitions for political causes, or efforts to convert members.""",
            ["Explaining how a holiday is celebrated in your country.",
             "Learning election vocabulary from a news article."],
            ["'Vote for our party, only we can save the country.'",
             "Messaging learners to invite them to join your faith."],
            MILD_LADDER,
        ),
        _clause(
            "MULTI-1", c.MULTI_ACCOUNT, s.MEDIUM, "Multiple accounts and automation",
            """One person, one account. Registering accounts in bulk, running accounts by
            script, or automating messages, likes and follows distorts the community and is
            how spam and harassment scale.""",
            ["A teacher who has one account and uses it for both learning and teaching.",
             "Opening a new account after support closed the old one at your request."],
            ["Twelve accounts created from one device within an hour.",
             "A script that sends friend requests to every new member."],
            _ladder(_WARN, (Outcome.SUSPEND, 30), _TERMINATE),
        ),
        _clause(
            "RPT-1", c.REPORT_ABUSE, s.LOW, "Abusing reports and blocks",
            """Reports protect members; filing reports you know to be false, reporting
            someone over and over to get them punished, or urging others to mass-report or
            mass-block a member is itself a violation.""",
            ["Reporting a message you honestly believe breaks the rules, even if it did not.",
             "Blocking a member whose messages you simply do not enjoy."],
            ["Reporting every person who corrected your notebook.",
             "Telling a group to report a member until the account is closed."],
            MILD_LADDER,
        ),
        _clause(
            "DEF-1", c.DEFAMATION, s.LOW, "Defaming the platform and its staff",
            """Criticism and feedback are welcome, in posts or through support. Spreading
            invented claims about the platform, its staff or its teachers in order to damage
            their reputation is not, and neither is urging members to leave on the strength
            of such claims.""",
            ["'I don't like the new design, I hope they change it.'",
             "A calm review saying a lesson was not worth its price."],
            ["'The staff sell your messages to criminals, delete your account now!'",
             "Posting invented stories that a named staff member steals money."],
            MILD_LADDER,
        ),
    ]  # fmt: skip


def build_catalogue() -> PolicyCatalogue:
    """The demo community's policy catalogue (the same at every call)."""
    return PolicyCatalogue(version=CATALOGUE_VERSION, clauses=_clauses())


def clauses_for(catalogue: PolicyCatalogue, category: Category) -> list[PolicyClause]:
    """The clauses of ``category``, in catalogue order."""
    return [clause for clause in catalogue.clauses if clause.category is category]
