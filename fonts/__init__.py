"""Fonts bundled with cppcc_publish; each keeps its own licence."""
