#!/usr/bin/env python3
"""Generates crate/src/proto/ged188/tables.rs from the decoder specification
(../shared/protocol/ged188.md): the message-type table (section 6), the fixed parts
(section 7), the floating-field tags (section 8) and the enumerations (section 9).

Nothing is invented here: every name and number comes from the specification's tables; the
only rewriting is the enum value names, whose shared (and in the spec truncated) Haskell
constructor prefix is dropped (`pheralTypeEnterpriseAgent` -> `EnterpriseAgent`).

    python3 scripts/ged188-tables.py [path/to/ged188.md] > crate/src/proto/ged188/tables.rs
    python3 scripts/ged188-tables.py --check   # fails when the committed file differs
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "..", "shared", "protocol", "ged188.md")
OUT = os.path.join(HERE, "..", "crate", "src", "proto", "ged188", "tables.rs")


def rows(lines, start):
    """Markdown table rows (lists of cells) from the table starting at or after `start`."""
    i = start
    while i < len(lines) and not lines[i].startswith("|"):
        i += 1
    out = []
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        if not set("".join(cells)) <= set("-: "):
            out.append(cells)
        i += 1
    return out[1:]  # without the header row


def section(lines, title):
    for i, l in enumerate(lines):
        if l.startswith("## ") and title in l:
            return i
    raise SystemExit(f"no section {title!r}")


def message_types(lines):
    out = []
    for c in rows(lines, section(lines, "6. Message types")):
        num = int(c[0])
        name = c[1].split()[0]
        out.append((num, name, c[2], c[4]))
    return out


WIRE = {"UINT": ("U32", 4), "INT": ("I32", 4), "USHORT": ("U16", 2), "SHORT": ("I16", 2),
        "TIME": ("Time", 4), "UCHAR": ("U8", 1), "USHORT/BOOL": ("U16", 2)}


def fixed_field(name, size, wire):
    w = wire.split()[0]
    kind, width = WIRE[w]
    if width != size:
        raise SystemExit(f"{name}: size {size} but {wire}")
    enum = None
    m = re.match(r"\S+ (enum|bitmask) (\w+)", wire)
    if m:
        enum = ("Enum" if m.group(1) == "enum" else "Mask", m.group(2))
    none = None
    m = re.search(r"\((0x[0-9A-F]+|0) = none\)", wire)
    if m:
        none = int(m.group(1), 16) if m.group(1).startswith("0x") else 0
    return (name, kind, enum, none)


def fixed_parts(lines):
    out = {}
    for i, l in enumerate(lines):
        m = re.match(r"#### (\d+) (\w+) — fixed part (\d+) bytes", l)
        if not m:
            continue
        num, total = int(m.group(1)), int(m.group(3))
        fields = []
        if num == 117:
            # Given as prose in the spec: "MonitorID UINT, PeripheralID UINT, ClientPort UINT,
            # Direction USHORT, ConnectionDeviceIDType USHORT, ConnectionCallID UINT."
            text = lines[i + 2]
            for part in text.rstrip(".").split(", "):
                n, w = part.split()
                fields.append(fixed_field(n, WIRE[w][1], w))
        else:
            for c in rows(lines, i + 1):
                fields.append(fixed_field(c[1], int(c[2]), c[3]))
        size = sum(width_of(f[1]) for f in fields)
        if size != total:
            raise SystemExit(f"{num}: fields add up to {size}, heading says {total}")
        out[num] = fields
    return out


def width_of(kind):
    return {"U32": 4, "I32": 4, "U16": 2, "I16": 2, "Time": 4, "U8": 1}[kind]


FLOAT_KIND = {"STRING": "Str", "UNSPEC": "Bytes", "UINT": "U32", "USHORT": "U16", "TIME": "Time",
              "NAMEDVAR": "NamedVar", "NAMEDARRAY": "NamedArray", "Word8": "U8"}


def tags(lines):
    out = []
    for c in rows(lines, section(lines, "8. Floating-field tags")):
        if c[1] == "—":
            continue  # tags > 260 without a name in the spec: shown as generic fields
        num, name, wire = int(c[0]), c[1], c[2]
        maxlen = int(c[3]) if c[3].isdigit() else 0
        enum = None
        if wire.startswith("enum "):
            kind, enum = "Enum", wire.split()[1]
        elif wire.startswith("UNSPEC("):
            kind = "Bytes"
        elif wire in FLOAT_KIND:
            kind = FLOAT_KIND[wire]
        else:
            kind = "Bytes"
        out.append((num, name, kind, maxlen, enum, c[-1]))
    return out


def strip_prefix(names):
    if len(names) < 2:
        return names
    p = os.path.commonprefix(names)
    # back to a camel-case boundary so that no name loses its own first word
    while p and not (p[-1].islower() or p[-1].isdigit()):
        p = p[:-1]
    cut = len(p)
    while cut > 0 and any(not n[cut:cut + 1].isupper() and not n[cut:cut + 1].isdigit() for n in names):
        cut -= 1
    return [n[cut:] or n for n in names]


def enums(lines):
    out = {}
    for l in lines:
        m = re.match(r"\*\*(\w+)\*\* \(ucce-ctidriver Enum.hs\): (.*)$", l)
        if not m:
            continue
        vals = []
        for part in m.group(2).split(", "):
            mm = re.match(r"(\d+)=(\w+)$", part.strip())
            if mm:
                vals.append((int(mm.group(1)), mm.group(2)))
        names = strip_prefix([v[1] for v in vals])
        out[m.group(1)] = [(v[0], n) for v, n in zip(vals, names)]
    return out


def rust_enum_ref(e):
    if e is None:
        return "None"
    kind, name = e
    return f"Some(Named::{kind}(\"{name}\"))"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    spec = args[0] if args else SPEC
    lines = open(spec, encoding="utf-8").read().split("\n")
    mt, fp, tg, en = message_types(lines), fixed_parts(lines), tags(lines), enums(lines)
    o = []
    w = o.append
    w("//! Generated by `scripts/ged188-tables.py` from the decoder specification")
    w("//! (`../shared/protocol/ged188.md`, sections 6 to 9); do not edit by hand.")
    w("//! Each row keeps the specification's status mark (CONFIRMED / SINGLE-SOURCE / VERSION).")
    w("")
    w("use super::schema::{FixedField, FloatKind, Named, TagDef, Wire};")
    w("")
    w("/// (MessageType, Cisco name, direction, status), by number.")
    w("pub static MESSAGE_TYPES: &[(u32, &str, &str, &str)] = &[")
    for num, name, d, st in mt:
        w(f"    ({num}, \"{name}\", \"{d}\", \"{st}\"),")
    w("];")
    w("")
    w("/// Fixed parts in their newest layout (the spec's section 7), by MessageType; older versions")
    w("/// end earlier ([`super::schema::fixed_len`]).")
    w("pub static FIXED_PARTS: &[(u32, &[FixedField])] = &[")
    for num in sorted(fp):
        w(f"    ({num}, &[")
        for name, kind, enum, none in fp[num]:
            nn = "None" if none is None else f"Some(0x{none:X})"
            w(f"        FixedField {{ name: \"{name}\", wire: Wire::{kind}, named: {rust_enum_ref(enum)}, none: {nn} }},")
        w("    ]),")
    w("];")
    w("")
    w("/// Floating-field tags (the spec's section 8), by tag.")
    w("pub static TAGS: &[TagDef] = &[")
    for num, name, kind, maxlen, enum, st in tg:
        e = "None" if enum is None else f"Some(\"{enum}\")"
        w(f"    TagDef {{ tag: {num}, name: \"{name}\", kind: FloatKind::{kind}, max_len: {maxlen}, named: {e} }},")
    w("];")
    w("")
    w("/// Enumerations (the spec's section 9), by name: (value, name) by value.")
    w("pub static ENUMS: &[(&str, &[(u32, &str)])] = &[")
    for ename in sorted(en):
        w(f"    (\"{ename}\", &[")
        for v, n in en[ename]:
            w(f"        ({v}, \"{n}\"),")
        w("    ]),")
    w("];")
    text = "\n".join(o) + "\n"
    if "--check" in sys.argv:
        if open(OUT, encoding="utf-8").read() != text:
            raise SystemExit(f"{OUT} differs from what the spec generates")
        return
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
