"""Readers: text -> Article.  Line classifiers live in :mod:`.patterns`."""

from .text import read_text

__all__ = ["read_text"]
