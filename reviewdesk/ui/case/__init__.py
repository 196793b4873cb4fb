"""The case view widgets: evidence, transcript, reports, member history, policy clauses.

Display only: the shell hands these widgets validated wire models and decoded
images, and places them in the main window.
"""

from __future__ import annotations

from reviewdesk.ui.case.case_view import CaseView
from reviewdesk.ui.case.member_panel import MemberPanel
from reviewdesk.ui.case.policy_panel import PolicyPanel
from reviewdesk.ui.case.screenshot_viewer import ScreenshotViewer
from reviewdesk.ui.case.transcript_model import TranscriptModel
from reviewdesk.ui.case.transcript_view import TranscriptView

__all__ = [
    "CaseView",
    "MemberPanel",
    "PolicyPanel",
    "ScreenshotViewer",
    "TranscriptModel",
    "TranscriptView",
]
