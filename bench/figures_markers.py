"""Rewriting the generated parts of a Markdown file: the text between
`<!-- figures:begin NAME -->` and `<!-- figures:end NAME -->` is replaced, everything else is kept
byte for byte."""
import re

BEGIN = "<!-- figures:begin %s -->"
END = "<!-- figures:end %s -->"


class MarkerError(Exception):
    """A block's markers are missing, repeated or out of order."""


def blocks(text):
    """The names of the generated blocks in `text`, in order."""
    return re.findall(r"<!-- figures:begin (\S+) -->", text)


def replace_block(text, name, body):
    """`text` with block `name`'s content replaced by `body` (markers kept on their own lines)."""
    begin, end = BEGIN % name, END % name
    if text.count(begin) != 1 or text.count(end) != 1:
        raise MarkerError("block %r: expected one %r and one %r, found %d and %d"
                          % (name, begin, end, text.count(begin), text.count(end)))
    start, stop = text.index(begin), text.index(end)
    if stop < start:
        raise MarkerError("block %r: its end marker comes before its begin marker" % name)
    return text[:start + len(begin)] + "\n" + body.rstrip("\n") + "\n" + text[stop:]


def markdown_table(headers, rows):
    """A Markdown table; `|` inside a cell is escaped so it cannot split the cell."""
    cell = lambda c: str(c).replace("|", "\\|")
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def rewrite(path, bodies):
    """Replace every block named in `bodies` in the file at `path`; returns whether it changed.
    Every block is checked before anything is written, so a bad marker leaves the file as it was."""
    with open(path, encoding="utf-8") as f:
        old = f.read()
    new = old
    for name, body in bodies.items():
        new = replace_block(new, name, body)
    if new != old:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    return new != old
