"""Fonts and Chinese line breaking."""
