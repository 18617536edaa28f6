#!/usr/bin/env python3
"""Writes the SIP and SCCP (Skinny) reference tables the decoders are tested against.

tshark's dissection is the reference: each capture is dissected once by tshark (PDML output,
single pass, the preferences below pinned, the personal configuration left out) and every SIP or
Skinny message tshark shows becomes one TSV row, in capture order. Needs only Python 3 (stdlib)
and tshark; `make test` does not run it. See tests/reference/README.md.

    scripts/tshark-reference.py                 # corpus + fixtures -> tests/reference/
    scripts/tshark-reference.py --check         # regenerate in memory, compare, exit 1 on a diff
    scripts/tshark-reference.py FILE...         # only these captures (corpus or fixture paths)
"""

import argparse
import codecs
import csv
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))
FIXTURES = {
    "sip": os.path.join(REPO, "tests", "captures", "sip"),
    "sccp": os.path.join(REPO, "tests", "captures", "sccp"),
}
CAPTURE_EXTENSIONS = (".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz")

# Pinned so that a changed default or a personal preferences file cannot change the tables.
TSHARK_PREFS = [
    "tcp.desegment_tcp_streams:TRUE",
    "tcp.reassemble_out_of_order:FALSE",
    "tcp.analyze_sequence_numbers:TRUE",
    "ip.defragment:TRUE",
    "ipv6.defragment:TRUE",
    "sip.desegment_headers:TRUE",
    "sip.desegment_body:TRUE",
    "skinny.desegment:TRUE",
]

SIP_COLUMNS = ["frame", "kind", "call_id", "from", "to", "cseq"]
SCCP_COLUMNS = ["frame", "message_id", "name", "call_reference", "calling", "called",
                "device_name", "malformed"]

# header field -> TSV column (first occurrence in the message wins)
SIP_HEADER_FIELDS = {"sip.Call-ID": "call_id", "sip.From": "from", "sip.To": "to",
                     "sip.CSeq": "cseq"}
SKINNY_FIELDS = {
    "skinny.callReference": "call_reference",
    "skinny.callingParty": "calling",
    "skinny.callingPartyNumber": "calling",
    "skinny.calledParty": "called",
    "skinny.DeviceName": "device_name",
}
MESSAGE_ID_SHOWNAME = re.compile(r"^Message ID: (.*) \((\d+)\)$")


def tshark_command(tshark, path):
    cmd = [tshark, "-n", "-r", path, "-T", "pdml"]
    for pref in TSHARK_PREFS:
        cmd += ["-o", pref]
    return cmd


def tshark_version(tshark):
    out = subprocess.run([tshark, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[0].strip()


def cell(raw):
    """Bytes -> one TSV cell: UTF-8 text kept; backslash, tab, CR, LF escaped as \\\\ \\t \\r \\n;
    other control characters and bytes that are not UTF-8 as \\xNN."""
    out = []
    for ch in raw.decode("utf-8", "surrogateescape"):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append("\\x%02x" % (code - 0xDC00))
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif code < 0x20 or code == 0x7F:
            out.append("\\x%02x" % code)
        else:
            out.append(ch)
    return "".join(out)


def field_bytes(field):
    value = field.get("value")
    if value is None:
        return None
    return bytes.fromhex(value)


def header_value(raw):
    """A SIP header field's bytes as tshark delimits them ("Name: value\\r\\n", a folded header
    with its continuation lines) -> the value as sent: after the first colon, without the
    white space that follows it and without the final line break."""
    colon = raw.find(b":")
    if colon < 0:
        return raw
    value = raw[colon + 1:]
    value = value.lstrip(b" \t")
    if value.endswith(b"\r\n"):
        value = value[:-2]
    elif value.endswith(b"\n"):
        value = value[:-1]
    return value


def fields_outside_nested_protos(element):
    """The <field> elements of one <proto>, in document order, not descending into a nested
    <proto> (a message carried inside another protocol's field is not this message's)."""
    for child in element:
        if child.tag == "field":
            yield child
            yield from fields_outside_nested_protos(child)


def sip_row(frame, proto, notes):
    row = dict.fromkeys(SIP_COLUMNS, "")
    row["frame"] = str(frame)
    kind = None
    for field in fields_outside_nested_protos(proto):
        name = field.get("name")
        if name == "sip.Request-Line":
            for sub in field:
                if sub.get("name") == "sip.Method":
                    kind = cell(field_bytes(sub))
        elif name == "sip.Status-Line":
            for sub in field:
                if sub.get("name") == "sip.Status-Code":
                    kind = cell(field_bytes(sub))
        elif name in SIP_HEADER_FIELDS:
            column = SIP_HEADER_FIELDS[name]
            raw = field_bytes(field)
            if not row[column] and raw is not None:
                row[column] = cell(header_value(raw))
    if kind is None:
        notes.append("frame %d: tshark shows SIP without a request or status line (%s); "
                     "no row" % (frame, proto.get("showname")))
        return None
    row["kind"] = kind
    return row


def skinny_row(frame, proto):
    row = dict.fromkeys(SCCP_COLUMNS, "")
    row["frame"] = str(frame)
    row["malformed"] = "0"
    for field in fields_outside_nested_protos(proto):
        name = field.get("name")
        if name == "skinny.messageId" and not row["message_id"]:
            match = MESSAGE_ID_SHOWNAME.match(field.get("showname", ""))
            number = int(field.get("show"))
            row["message_id"] = "0x%04x" % number
            row["name"] = match.group(1) if match else ""
        elif name in SKINNY_FIELDS:
            column = SKINNY_FIELDS[name]
            if row[column]:
                continue
            if name == "skinny.callReference":
                row[column] = field.get("show")
            else:
                raw = field_bytes(field) or b""
                row[column] = cell(raw.split(b"\x00", 1)[0])
        elif name == "_ws.malformed":
            row["malformed"] = "1"
    if any(el.get("name") == "_ws.malformed" for el in proto.iter("proto")):
        row["malformed"] = "1"
    return row


def dissect(tshark, path, env):
    """Runs tshark on one capture; returns (sip rows, skinny rows, notes, stderr)."""
    sip_rows, skinny_rows, notes = [], [], []
    proc = subprocess.Popen(tshark_command(tshark, path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    parser = ET.XMLPullParser(events=("end",))
    decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def packets():
        for _event, element in parser.read_events():
            if element.tag == "packet":
                yield element

    def handle(packet):
        frame = None
        for proto in packet.findall("proto"):
            if proto.get("name") == "geninfo":
                for field in proto.findall("field"):
                    if field.get("name") == "num":
                        frame = int(field.get("show"))
        last_skinny = None
        for proto in packet.findall("proto"):
            name = proto.get("name")
            if name == "sip":
                row = sip_row(frame, proto, notes)
                if row:
                    sip_rows.append(row)
                last_skinny = None
            elif name == "skinny":
                last_skinny = skinny_row(frame, proto)
                skinny_rows.append(last_skinny)
            elif name == "_ws.malformed":
                # tcp_dissect_pdus() reports an exception of one PDU right after that PDU
                if last_skinny is not None:
                    last_skinny["malformed"] = "1"
                    notes.append("frame %d: tshark marks Skinny message %s (%s) malformed"
                                 % (frame, last_skinny["message_id"], last_skinny["name"]))
        packet.clear()

    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        parser.feed(decoder.decode(chunk))
        for packet in packets():
            handle(packet)
    parser.feed(decoder.decode(b"", final=True))
    parser.close()
    for packet in packets():
        handle(packet)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    if proc.wait() != 0:
        raise SystemExit("tshark failed on %s:\n%s" % (path, stderr))
    stderr = "\n".join(line for line in stderr.splitlines()
                       if "Running as user" not in line).strip()
    return sip_rows, skinny_rows, notes, stderr


def tsv_text(columns, rows):
    lines = ["\t".join(columns)]
    lines += ["\t".join(row[c] for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def corpus_inputs(corpus):
    """(path, id, wants) for every manifest row in a VoIP SIP/SCCP category or whose
    protocols_of_interest names SIP or SCCP."""
    manifest = os.path.join(corpus, "manifest.tsv")
    inputs = []
    with open(manifest, newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            category = rec["category"]
            protocols = re.findall(r"(?:^|,)([A-Za-z0-9:_-]+)\(", rec["protocols_of_interest"])
            wants = set()
            if category == "voip:sip" or "SIP" in protocols:
                wants.add("sip")
            if category == "voip:sccp" or "SCCP" in protocols:
                wants.add("sccp")
            if wants:
                inputs.append((os.path.join(corpus, rec["path"]),
                               rec["path"].replace("/", "__"), wants))
    return inputs


def fixture_inputs():
    inputs = []
    for kind, folder in FIXTURES.items():
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(CAPTURE_EXTENSIONS):
                inputs.append((os.path.join(folder, name), name, {kind}))
    return inputs


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder with manifest.tsv")
    ap.add_argument("--out", default=os.path.join(REPO, "tests", "reference"))
    ap.add_argument("--tshark", default="/usr/bin/tshark")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a table would change")
    ap.add_argument("files", nargs="*", help="only these captures")
    args = ap.parse_args()

    inputs = corpus_inputs(args.corpus) + fixture_inputs()
    if args.files:
        wanted = {os.path.realpath(p) for p in args.files}
        inputs = [i for i in inputs if os.path.realpath(i[0]) in wanted]
        if len(inputs) != len(wanted):
            raise SystemExit("not a selected corpus capture or fixture: %s" % ", ".join(
                sorted(wanted - {os.path.realpath(i[0]) for i in inputs})))

    print("# %s" % tshark_version(args.tshark))
    print("# " + " ".join(tshark_command(args.tshark, "FILE")))
    changed = 0
    written = set()
    with tempfile.TemporaryDirectory() as confdir:
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=confdir)  # no personal preferences
        for path, ident, wants in inputs:
            sip_rows, skinny_rows, notes, stderr = dissect(args.tshark, path, env)
            # a table for what the capture was chosen for, and for anything else tshark found
            if sip_rows:
                wants = wants | {"sip"}
            if skinny_rows:
                wants = wants | {"sccp"}
            summary = []
            for kind, columns, rows in (("sip", SIP_COLUMNS, sip_rows),
                                        ("sccp", SCCP_COLUMNS, skinny_rows)):
                if kind not in wants:
                    continue
                target = os.path.join(args.out, kind, ident + ".tsv")
                written.add(os.path.realpath(target))
                text = tsv_text(columns, rows)
                old = None
                if os.path.exists(target):
                    with open(target, encoding="utf-8", newline="") as f:
                        old = f.read()
                if old != text:
                    changed += 1
                    if args.check:
                        print("DIFFERS: %s" % os.path.relpath(target, REPO))
                    else:
                        os.makedirs(os.path.dirname(target), exist_ok=True)
                        with open(target, "w", encoding="utf-8", newline="") as f:
                            f.write(text)
                summary.append("%s %d" % (kind, len(rows)))
            print("%s\t%s" % (ident, ", ".join(summary)))
            for note in notes:
                print("    note: %s" % note)
            for line in stderr.splitlines():
                print("    tshark: %s" % line)
    if not args.files:
        for kind in ("sip", "sccp"):
            folder = os.path.join(args.out, kind)
            for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                path = os.path.join(folder, name)
                if name.endswith(".tsv") and os.path.realpath(path) not in written:
                    changed += 1
                    print("STALE (no input makes it): %s" % os.path.relpath(path, REPO))
    if args.check and changed:
        sys.exit(1)


if __name__ == "__main__":
    main()
