"""boilerstrip's cleaning library: clean article text and metadata out of messy pages and dumps.

>>> from cleaners import clean_text
>>> clean_text("Title of a short story\\n\\nAdvertising\\n\\nThe story itself is told here.").text
'The story itself is told here.'
"""

from __future__ import annotations

from cleaners.api import clean_file, clean_html, clean_task, clean_text, iter_clean, iter_tasks
from cleaners.config import CleanConfig
from cleaners.document import CleanResult, Removal
from cleaners.errors import CleanersError, DecodeError, EmptyDocument, InputError, UnknownLanguage

__all__ = [
    "CleanConfig", "CleanResult", "CleanersError", "DecodeError", "EmptyDocument", "InputError",
    "Removal", "UnknownLanguage", "clean_file", "clean_html", "clean_task", "clean_text",
    "iter_clean", "iter_tasks",
]
