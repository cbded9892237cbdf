"""The main window's controllers (file handling, checks and fixes, drafting, library): QObjects without
widgets.
"""

from __future__ import annotations

from gov_docs.gui.controllers.checks import ChecksController
from gov_docs.gui.controllers.drafting import DraftingController
from gov_docs.gui.controllers.files import FilesController
from gov_docs.gui.controllers.library import LibraryController

__all__ = ["ChecksController", "DraftingController", "FilesController", "LibraryController"]
