"""Rule administration, shared by the CLI and the rule editor (no Qt here).

- :mod:`gov_docs.admin.files`: validate any one file the app reads (check rule, word list, departments,
  retention, document-type templates) or an edited text of it, and run every self-test.
- :mod:`gov_docs.admin.access`: the administrator password (salted hash in the user settings) and
  whether a rule folder may be edited.
- :mod:`gov_docs.admin.packs`: zipped rule packs — inspect (what an import adds or replaces), install
  with a backup of the previous pack, undo, export.
"""

from __future__ import annotations
