"""A document as the printer's lines, for assertions on what a paper says."""

from pos.domain.receipt import text_lines


def doc_text(doc, cols: int = 32) -> str:
    return "\n".join(line for b in doc.blocks for line in text_lines(b, cols))
