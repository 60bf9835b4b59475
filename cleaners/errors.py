"""Exceptions raised by the cleaners library."""

from __future__ import annotations


class CleanersError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(CleanersError):
    """An input could not be read (missing, unreadable, truncated archive, ...)."""


class DecodeError(CleanersError):
    """Bytes could not be turned into text."""


class UnknownLanguage(CleanersError):
    """A vocabulary was asked for a language the library does not ship."""


class EmptyDocument(CleanersError):
    """Nothing of an article is left after cleaning."""
