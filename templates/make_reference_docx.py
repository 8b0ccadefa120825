"""Regenerate ``templates/reference.docx``, the shipped DOCX style sheet.

    python3 templates/make_reference_docx.py

The style sheet is python-docx's default template with the ``book`` preset of
:mod:`cppcc_publish.writers.docx` applied (named styles with East Asian fonts, zh-CN,
16开 page) and an empty body.  The output is byte-identical on every run, so a change
shows up in ``git diff --stat`` only when the styles really changed.  Editors may copy
it, restyle it in Word or WPS (keeping the style names) and pass it with
``--option reference=my.docx``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cppcc_publish.writers.docx import build_reference


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("reference.docx")
    out.write_bytes(build_reference())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
