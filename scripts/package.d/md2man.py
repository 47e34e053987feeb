#!/usr/bin/env python3
"""md2man: turn a section of the project's Markdown docs into a roff man page (section 5).

    md2man.py --name NAME --summary TEXT --version TEXT [--heading HEADING] [--see-also PAGE]... FILE.md

Only what the docs use: headings, paragraphs, `-` lists, ``` fences, pipe tables, `code`, **bold**, *italic*
(each may hold `code`) and [links](...). HTML comments (the docs' `<!-- file: ... -->` markers) are left out and
a backquote that opens no code span is written `\(ga`, so no Markdown shows on the page. With --heading, only
that heading's section (up to the next heading of the same or a higher level) is converted; without it, the
whole file after its first `# ` title.
"""
import argparse
import re
import sys


def escape(text):
    """roff-safe running text: backslashes, minus signs, backquotes, and a leading '.' or '\''."""
    text = escape_inner(text)
    return "\\&" + text if text.startswith((".", "'")) else text


def inline(text):
    """Markdown inline markup to roff fonts, escaping everything else."""
    out = []
    pattern = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\([^)]*\)")
    pos = 0
    for m in pattern.finditer(text):
        out.append(escape_inner(text[pos:m.start()]))
        code, bold, italic, link = m.groups()
        if code is not None:
            out.append("\\fB" + escape_inner(code) + "\\fR")
        elif bold is not None:
            out.append("\\fB" + inline(bold).replace("\\fR", "\\fB") + "\\fR")
        elif italic is not None:
            out.append("\\fI" + inline(italic).replace("\\fR", "\\fI") + "\\fR")
        else:
            out.append(inline(link))
        pos = m.end()
    out.append(escape_inner(text[pos:]))
    return "".join(out)


def escape_inner(text):
    return text.replace("\\", "\\e").replace("-", "\\-").replace("`", "\\(ga")


def without_comments(lines):
    """`lines` without HTML comments outside code fences (a comment may span lines); a line left empty by a
    comment goes too, so it does not split a paragraph."""
    out = []
    in_fence = False
    in_comment = False
    for text in lines:
        if not in_comment and text.startswith("```"):
            in_fence = not in_fence
        if in_fence:
            out.append(text)
            continue
        kept = ""
        rest = text
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest = rest[end + 3:]
                    in_comment = False
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept += rest
                    rest = ""
                else:
                    kept += rest[:start]
                    rest = rest[start + 4:]
                    in_comment = True
        if kept.strip() or not text.strip():
            out.append(kept)
    return out


def line(text):
    return "\\&" + text if text.startswith((".", "'")) else text


def select(lines, heading):
    """The lines of the section titled `heading` (without its heading line)."""
    for i, text in enumerate(lines):
        m = re.match(r"(#+)\s+(.*)", text)
        if m and m.group(2).strip() == heading:
            level = len(m.group(1))
            body = []
            for rest in lines[i + 1:]:
                n = re.match(r"(#+)\s", rest)
                if n and len(n.group(1)) <= level:
                    break
                body.append(rest)
            return body
    sys.exit(f"md2man: no heading {heading!r}")


def convert(lines):
    out = []
    paragraph = []
    in_fence = False
    in_item = False
    table = []

    def emit_table():
        """A pipe table as one .TP entry per row: the first cell as the tag, the last as the text, the cells
        between as `Header: value` after it."""
        nonlocal table
        if not table:
            return
        header, rows = table[0], table[1:]
        for cells in rows:
            extra = "; ".join(f"{h}: {c}" for h, c in zip(header[1:-1], cells[1:-1]))
            out.extend([".TP", line(inline(cells[0])), line(inline(cells[-1] + (f" ({extra})" if extra else "")))])
        out.append(".PP")
        table = []

    def flush():
        nonlocal paragraph
        if paragraph:
            out.append(line(inline(" ".join(paragraph))))
            paragraph = []

    for raw in lines:
        text = raw.rstrip("\n")
        if in_fence:
            if text.startswith("```"):
                out += [".fi", ".RE", ".PP"]
                in_fence = False
            else:
                out.append(line(escape_inner(text)))
            continue
        if text.startswith("```"):
            flush()
            emit_table()
            out += [".PP", ".RS 4", ".nf"]
            in_fence = True
            continue
        heading = re.match(r"(#+)\s+(.*)", text)
        if heading:
            flush()
            in_item = False
            macro = ".SH" if len(heading.group(1)) <= 2 else ".SS"
            title = re.sub(r"`([^`]*)`", r"\1", heading.group(2)).strip()
            out.append(f'{macro} "{escape_inner(title.upper() if macro == ".SH" else title)}"')
            continue
        if text.startswith("|"):
            flush()
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                table.append(cells)
            continue
        emit_table()
        item = re.match(r"[-*]\s+(.*)", text)
        if item:
            flush()
            out += [".IP \\(bu 2"]
            paragraph = [item.group(1)]
            in_item = True
            continue
        if not text.strip():
            flush()
            in_item = False
            continue
        if not paragraph and not in_item:
            out.append(".PP")
        paragraph.append(text.strip())
    flush()
    emit_table()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--heading")
    parser.add_argument("--see-also", action="append", default=[])
    parser.add_argument("file")
    args = parser.parse_args()
    with open(args.file, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if args.heading:
        body = select(lines, args.heading)
    else:
        body = lines[1:] if lines and lines[0].startswith("# ") else lines
    page = [
        f'.\\" Generated from {args.file} by scripts/package.d/md2man.py; do not edit.',
        f'.TH "{args.name.upper()}" 5 "" "{args.version}" "ZooKeeper toolkit"',
        ".SH NAME",
        escape(f"{args.name} - {args.summary}"),
        ".SH DESCRIPTION",
    ]
    page += convert(without_comments(body))
    if args.see_also:
        page.append('.SH "SEE ALSO"')
        refs = []
        for ref in args.see_also:
            name, _, section = ref.partition("(")
            refs.append(f"\\fB{escape_inner(name)}\\fR({section}")
        page.append(",\n".join(refs))
    # No paragraph macro straight after a section heading or before another one.
    cleaned = []
    for text in page:
        if text == ".PP" and cleaned and cleaned[-1].startswith((".SH", ".SS", ".PP")):
            continue
        cleaned.append(text)
    sys.stdout.write("\n".join(cleaned) + "\n")


if __name__ == "__main__":
    main()
