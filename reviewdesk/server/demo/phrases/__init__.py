"""Texts of the demo community: names, bios, chat lines, violations, reports, notes.

Every sentence here was written for this project; none is copied from a real
platform or policy. Member-facing texts come in several languages and scripts.
"""
