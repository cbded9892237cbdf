"""The base of every error meant for the user: its ``str()`` is one Chinese sentence naming what is wrong.

The CLI prints it and exits with code 2; the GUI shows it in a dialog. Anything else that
escapes is a bug: the CLI logs the traceback to a file and still prints one line.
"""

from __future__ import annotations


class GovDocsError(Exception):
    """A problem the user can act on (bad file, bad rule, missing model …)."""
