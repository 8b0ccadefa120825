"""Templates shipped with cppcc_publish (reference DOCX, EPUB stylesheet)."""
