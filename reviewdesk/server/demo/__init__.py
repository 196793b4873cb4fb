"""A deterministic, believable language-exchange community for demos and tests.

Call :func:`reviewdesk.server.demo.generator.generate_community` and seed the
service with the :class:`~reviewdesk.server.demo.model.DemoCommunity` it
returns. The pieces, each with one job:

- ``catalogue``: the policy catalogue (clauses, examples, sanction ladders);
- ``phrases/``: names, bios, chat lines, violations, report texts, notes;
- ``people`` and ``cast``: moderator accounts and community members;
- ``conversations``, ``evidence``, ``cases``: one case with its messages,
  screenshots and reports;
- ``decisions``, ``history``, ``open_cases``, ``spam_wave``: the past, the
  queue and a spam wave; ``timeline`` checks they replay as planned;
- ``fonts``, ``text_layout``, ``screenshots``: drawing phone screenshots in
  every script with Pillow;
- ``generator``: puts it all together in time order.
"""
