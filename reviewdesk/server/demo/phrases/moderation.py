"""What demo moderators write: decision notes, messages to members, notes on files."""

from __future__ import annotations

from reviewdesk.domain.enums import Outcome

#: Internal notes on a decision, by outcome.
DECISION_NOTES: dict[Outcome, tuple[str, ...]] = {
    Outcome.NO_VIOLATION: (
        "Read the whole conversation; nothing here breaks a rule.",
        "A correction, not an insult. Reporter can block if they prefer.",
        "Opinion, stated politely. No action.",
    ),
    Outcome.REMOVE_CONTENT: (
        "Removed the post; first time, no strike.",
        "Content removed. The rest of the account looks fine.",
    ),
    Outcome.WARN: (
        "Clear breach, first offence on record: warning.",
        "Warned. Evidence in the conversation excerpt.",
    ),
    Outcome.RESTRICT: (
        "Repeat offence after a warning; messaging restricted.",
        "Restricted per the ladder; previous warning ignored.",
    ),
    Outcome.SUSPEND: (
        "Several strikes already; suspension per the ladder.",
        "Serious breach confirmed by screenshots; suspended.",
    ),
    Outcome.TERMINATE: (
        "End of the ladder; account closed.",
        "Severe offence, no second chance under the clause. Terminated.",
    ),
    Outcome.ESCALATE: (
        "Possible danger to a member; a senior should look at this.",
        "Involves a minor, escalating.",
        "Money may have changed hands; needs a senior.",
    ),
    Outcome.REQUEST_INFO: (
        "Screenshot is cut off; asked the reporter for the full conversation.",
        "Asked the reporter for the other account's name.",
    ),
}

#: Messages to the reported member; ``{clause}`` is the clause id and title.
MEMBER_MESSAGES: dict[Outcome, str] = {
    Outcome.REMOVE_CONTENT: "We removed your content because it goes against {clause}.",
    Outcome.WARN: "This is a warning: your recent activity goes against {clause}. "
    "Further breaches lead to restrictions.",
    Outcome.RESTRICT: "Because of repeated breaches of {clause}, you cannot send messages "
    "or post for {days} days.",
    Outcome.SUSPEND: "Your account is suspended for {days} days for breaching {clause}.",
    Outcome.TERMINATE: "Your account has been closed permanently for breaching {clause}.",
}

#: Messages to reporters: action taken, nothing found, more needed.
REPORTER_ACTION = "Thank you for your report. We reviewed it and took action."
REPORTER_NO_ACTION = (
    "Thank you for your report. We found no breach of our rules this time. "
    "If you don't want to hear from this member, you can block them from their profile."
)
REPORTER_MORE_INFO = (
    "Thank you for your report. Could you send us the full conversation or a screenshot "
    "that shows the messages you mean?"
)

#: Notes moderators leave on members' files, by the kind of member.
REPEAT_OFFENDER_NOTES: tuple[str, ...] = (
    "Pattern across several partners; always starts friendly, then pushes to another app.",
    "Apologised after the last warning but went straight back to it.",
    "Watch for a new account with the same photo if this one is closed.",
)
ABUSIVE_REPORTER_NOTES: tuple[str, ...] = (
    "Files reports against anyone who corrects their notebook. None upheld so far.",
    "Reporting in retaliation after being blocked; weigh their reports accordingly.",
)
GOOD_REPORTER_NOTES: tuple[str, ...] = (
    "Reliable reporter: careful evidence, full screenshots.",
    "Group moderator of a study group; reports are usually accurate.",
)
TEACHER_NOTES: tuple[str, ...] = (
    "Teacher with many good reviews; earlier complaints were about timing, not conduct.",
    "Spoke to the teacher about keeping payments inside the booking system.",
)
FIRST_OFFENCE_NOTES: tuple[str, ...] = (
    "First offence. Answered the warning politely and said they will read the rules.",
    "Says they did not know the rule covers private chats too; explained it to them.",
    "Blames a cousin who borrowed the phone. Unlikely, but noted in case it comes back.",
    "Took the strike badly and called the reporter a liar. Read the next report closely.",
)
SEVERE_OFFENCE_NOTES: tuple[str, ...] = (
    "Serious case. Any new report on this member goes to a senior straight away.",
    "The partner was frightened enough to leave the platform. Next step is the end of the ladder.",
    "Checked the other conversations: no one else targeted this time. Keep watching.",
)
