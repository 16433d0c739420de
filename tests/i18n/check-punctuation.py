#!/usr/bin/env python3
"""check-punctuation.py — Chinese punctuation in every zh_CN message

The county's documents and the desk are read in Chinese, where a comma
next to a character is "，", not ",". Half-width punctuation beside CJK
text looks foreign in an official document, and once one slips in the
next translator copies it. This fails on any ASCII , : ; ( ) ? ! that
stands directly beside a CJK character in a translated message.

Usage: check-punctuation.py PO_FILE
"""

import re
import sys

# CJK ideographs, CJK punctuation and full-width forms.
CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
ASCII_PUNCT = r"[,:;()?!]"
BESIDE = re.compile(f"(?:{CJK}{ASCII_PUNCT}|{ASCII_PUNCT}{CJK})")

# Messages whose ASCII punctuation is syntax, not prose. Each says why.
SYNTAX = {
    # a desktop file's Keywords are separated by ';' (Desktop Entry spec)
    "ticket;supervision;deadline;overdue;督办;工单;",
}


def unquote(text):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def entries(path):
    """Yields (line, flags, msgid, [msgstr…]) for each live entry."""
    entry = None
    field = None
    flags = set()

    def done():
        nonlocal entry
        if entry is not None and entry["msgid"]:
            yield (entry["line"], entry["flags"], entry["msgid"], entry["msgstr"])
        entry = None

    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#~") or not line.strip():
                yield from done()
                field = None
                continue
            if line.startswith("#,"):
                yield from done()
                flags = {s.strip() for s in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if m:
                key, value = m.group(1), unquote(m.group(2))
                if key in ("msgctxt", "msgid") and (entry is None or field.startswith("msgstr")):
                    yield from done()
                    entry = {"line": number, "flags": flags, "msgid": "", "msgstr": []}
                    flags = set()
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                elif key == "msgid":
                    entry["msgid"] = value
                field = key
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and entry is not None:
                value = unquote(m.group(1))
                if field.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                elif field == "msgid":
                    entry["msgid"] += value
                continue
            raise SystemExit(f"{path}:{number}: cannot read this line: {line}")
    yield from done()


def main():
    path = sys.argv[1]
    bad = 0
    for line, flags, msgid, msgstrs in entries(path):
        if "fuzzy" in flags or msgid in SYNTAX:
            continue
        for msgstr in msgstrs:
            for m in BESIDE.finditer(msgstr):
                bad += 1
                print(f"{path}:{line}: half-width punctuation beside Chinese "
                      f"(“{m.group(0)}”) in: {msgstr!r}")
                break
    if bad:
        print(f"{bad} message(s) with half-width punctuation beside Chinese text; "
              "use ，。：；（）？！")
        return 1
    print("every zh_CN message uses Chinese punctuation beside Chinese text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
