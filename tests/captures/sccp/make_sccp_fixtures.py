#!/usr/bin/env python3
"""Builds the SCCP (Skinny) fixtures of this folder with scapy, independently of ctiscope.

    pip install scapy        # 2.8.0 was used
    python3 make_sccp_fixtures.py [OUTDIR]      # default: this script's folder

Writes (deterministic: fixed clock, fixed initial sequence numbers; the same bytes every run):

  sccp_register_call.pcap   phone 1001 (Cisco 7940, SEP001122334455, 10.10.20.31) registers with
                            CUCM 10.10.10.11:2000 and calls 1002; every message with the Basic
                            header (version 0); CallInfo 0x008F, DisplayPromptStatus 0x0112.
  sccp_v22_incoming_call.pcap
                            phone 1002 (Cisco 7965, SEP00AABB001002, 10.10.20.32) registers with
                            protocol version 22 and receives that call; after RegisterAck every
                            message carries header version 0x16 (V22): CallInfoV2 0x014A,
                            DisplayPromptStatusV2 0x0145, the V22 layouts of OpenReceiveChannel,
                            OpenReceiveChannelAck and StartMediaTransmission (ipv4or6 + 16-byte
                            address).

scapy's Skinny layer (scapy.layers.skinny.Skinny) only knows the 12-byte header (len, res, msg)
and the message-name table, so every message body below is packed by hand following the field
layouts of Wireshark's packet-skinny.c (the dissector tshark uses); the header is scapy's Skinny.
Each TCP conversation has a three-way handshake and consistent seq/ack numbers; CUCM's pure ACKs
are included. Several segments carry more than one Skinny message, and one message per file is
split across two segments.
"""

import os
import struct
import sys
from datetime import datetime, timezone

from scapy.layers.inet import IP, TCP
from scapy.layers.l2 import Ether
from scapy.layers.skinny import Skinny
from scapy.packet import Raw
from scapy.utils import wrpcap

BASIC = 0x00
V22 = 0x16

CUCM_IP = "10.10.10.11"
CUCM_MAC = "00:50:56:8a:10:11"
GW_MAC = "00:1e:bd:aa:00:01"

T0 = datetime(2026, 12, 1, 9, 15, 0, tzinfo=timezone.utc).timestamp()


# --- helpers -------------------------------------------------------------------------------

def u32(*values):
    return b"".join(struct.pack("<I", v) for v in values)


def fixed(text, size):
    """A fixed-size, NUL-padded ASCII field."""
    raw = text.encode("ascii")
    assert len(raw) < size, (text, size)
    return raw + b"\x00" * (size - len(raw))


def cstr(text):
    """A NUL-terminated string (the variable-length fields of the V2 messages)."""
    return text.encode("latin-1") + b"\x00"


def ipv4(addr):
    return bytes(int(x) for x in addr.split("."))


def pad4(body):
    return body + b"\x00" * (-len(body) % 4)


def msg(mid, body=b"", hdr=BASIC):
    """One Skinny message: scapy's Skinny header (len = 4 + body, res = header version, msg)."""
    return bytes(Skinny(len=4 + len(body), res=hdr, msg=mid) / Raw(body)) if body else bytes(
        Skinny(len=4, res=hdr, msg=mid))


def ip_or_v6(addr, hdr):
    """Wireshark's dissect_skinny_ipv4or6: from V17 on, a 4-byte ipv4or6 selector (0 = IPv4)
    and a 16-byte address union; before, just the 4 IPv4 bytes."""
    if hdr >= 0x11:
        return u32(0) + ipv4(addr) + b"\x00" * 12
    return ipv4(addr)


# --- message bodies (packet-skinny.c layouts) ---------------------------------------------------

def register_req(device, user_id, instance, ip, device_type, proto_ver, firmware, mac):
    body = fixed(device, 16) + u32(user_id, instance)  # sid
    body += ipv4(ip) + u32(device_type, 5)  # stationIpAddr, deviceType, maxStreams
    body += u32(0) + bytes([proto_ver, 0]) + struct.pack("<H", 0x0000) + u32(0)
    # activeStreams, protocolVer, unknown, phoneFeatures, maxConferences
    body += u32(0) + bytes.fromhex(mac.replace(":", "")) + b"\x00" * 6  # activeConferences, mac
    body += u32(0, 2)  # ipV4AddressScope, maxNumberOfLines
    body += b"\x00" * 16 + u32(0)  # stationIpV6Addr, ipV6AddressScope
    body += fixed(firmware, 32)  # firmwareLoadName
    assert len(body) == 124
    return msg(0x0001, body)


def register_ack(max_proto):
    body = u32(30) + fixed("M/D/Y", 6) + struct.pack("<H", 0) + u32(60)
    body += bytes([max_proto, 0]) + struct.pack("<H", 0)
    return msg(0x0081, body)


def capabilities_res(hdr):
    caps = [(4, 40), (2, 40), (12, 60)]  # G.711 u-law, G.711 A-law, G.729 Annex A
    body = u32(len(caps))
    for i in range(18):
        body += u32(*caps[i], 0, 0) if i < len(caps) else b"\x00" * 16
    return msg(0x0010, body, hdr)


def button_template(buttons):
    body = u32(0, len(buttons), len(buttons))
    for i in range(42):
        body += bytes(buttons[i]) if i < len(buttons) else b"\x00\x00"
    return msg(0x0097, body)


def time_date_res(when):
    dt = datetime.fromtimestamp(when, timezone.utc)
    body = u32(dt.year, dt.month, (dt.isoweekday() % 7), dt.day, dt.hour, dt.minute, dt.second,
               dt.microsecond // 1000, int(when))
    return msg(0x0094, body)


def display_text(text):
    return msg(0x0099, fixed(text, 32))


def off_hook(line, ref, hdr=BASIC):
    return msg(0x0006, u32(line, ref), hdr)


def on_hook(line, ref, hdr=BASIC):
    return msg(0x0007, u32(line, ref), hdr)


def keypad(digit, line, ref, hdr=BASIC):
    return msg(0x0003, u32(digit, line, ref), hdr)


def set_lamp(stimulus, instance, mode, hdr=BASIC):
    return msg(0x0086, u32(stimulus, instance, mode), hdr)


def set_ringer(mode, duration, line, ref, hdr=BASIC):
    return msg(0x0085, u32(mode, duration, line, ref), hdr)


def call_state(state, line, ref, hdr=BASIC):
    return msg(0x0111, u32(state, line, ref, 0, 4, 0), hdr)  # privacy, precedence level/domain


def start_tone(tone, line, ref, hdr=BASIC):
    return msg(0x0082, u32(tone, 0, line, ref), hdr)


def stop_tone(line, ref, hdr=BASIC):
    return msg(0x0083, u32(line, ref) + (u32(0) if hdr >= 0x0B else b""), hdr)


def activate_call_plane(line, hdr=BASIC):
    return msg(0x0116, u32(line), hdr)


def select_soft_keys(line, ref, set_index, mask, hdr=BASIC):
    return msg(0x0110, u32(line, ref, set_index, mask), hdr)


def display_prompt_status(text, line, ref):
    return msg(0x0112, u32(0) + text.ljust(32, b"\x00") + u32(line, ref))


def display_prompt_status_v2(text, line, ref, hdr=V22):
    return msg(0x0145, pad4(u32(0, line, ref) + text + b"\x00"), hdr)


def dialed_number(number, line, ref, hdr=BASIC):
    return msg(0x011D, fixed(number, 25 if hdr >= 0x12 else 24) + u32(line, ref), hdr)


def call_info(calling_name, calling, called_name, called, line, ref, call_type):
    body = fixed(calling_name, 40) + fixed(calling, 24) + fixed(called_name, 40) + fixed(called, 24)
    body += u32(line, ref, call_type)
    body += fixed(called_name, 40) + fixed(called, 24)  # originalCalledPartyName / Party
    body += b"\x00" * 40 + b"\x00" * 24  # lastRedirectingPartyName / Party
    body += u32(0, 0)  # originalCdpnRedirectReason, lastRedirectingReason
    body += b"\x00" * 24 * 4  # the four voice mailboxes
    body += u32(1, 1, 0)  # callInstance, callSecurityStatus (NotAuthenticated), PI bits
    assert len(body) == 384
    return msg(0x008F, body)


def call_info_v2(line, ref, call_type, calling, called, calling_name, called_name, hdr=V22):
    body = u32(line, ref, call_type, 0, 0, 1, 1, 0)
    # callingParty, AlternateCallingParty, calledParty, originalCalledParty, lastRedirectingParty,
    # cgpnVoiceMailbox, cdpnVoiceMailbox, originalCdpnVoiceMailbox, lastRedirectingVoiceMailbox,
    # callingPartyName, calledPartyName, originalCalledPartyName, lastRedirectingPartyName,
    # and from V17: HuntPilotNumber, HuntPilotName
    strings = [calling, "", called, called, "", "", "", "", "", calling_name, called_name,
               called_name, ""]
    if hdr >= 0x11:
        strings += ["", ""]
    body += b"".join(cstr(s) for s in strings)
    return msg(0x014A, pad4(body), hdr)


KEY_INFO_NONE = u32(0) + struct.pack("<HH", 0, 0) + b"\x00" * 32 + u32(0, 0)  # 48 bytes


def open_receive_channel(conf, party, ref, hdr=BASIC, source_ip="0.0.0.0"):
    body = u32(conf, party, 20, 4)  # conferenceID, passThruPartyID, ms packet size, G.711 u-law
    body += u32(0, 0)  # qualifierIn: ecValue, then g723BitRate (<= V10) or codecParams (>= V11)
    body += u32(ref) + KEY_INFO_NONE
    body += u32(0, 0, 101, 1)  # streamPassThroughID, associatedStreamID, RFC2833 PT, dtmfType
    if hdr >= 0x0B:
        body += u32(0, 0) + ip_or_v6(source_ip, hdr) + u32(0)  # mixingMode, partyDirection, src
    if hdr >= 0x10:
        body += u32(0)  # requestedIpAddrType
    if hdr >= 0x11:
        body += u32(0)  # audioLevelAdjustment
    if hdr >= 0x14:
        body += b"\x00" * 36  # latentCapsInfo
    return msg(0x0105, body, hdr)


def open_receive_channel_ack(ip, port, party, ref, hdr=BASIC):
    return msg(0x0022, u32(0) + ip_or_v6(ip, hdr) + u32(port, party, ref), hdr)


def start_media_transmission(conf, party, remote_ip, remote_port, ref, hdr=BASIC):
    body = u32(conf, party) + ip_or_v6(remote_ip, hdr) + u32(remote_port, 20, 4)
    body += u32(184, 0) + struct.pack("<HH", 0, 0)  # qualifierOut: precedence, ss, frames, pad
    body += u32(0)  # g723BitRate (<= V10) or codecParams (>= V11)
    body += u32(ref) + KEY_INFO_NONE
    body += u32(0, 0, 101, 1, 0)  # streamPassThroughID, associatedStreamID, RFC2833, dtmf, mixing
    if hdr >= 0x0F:
        body += u32(0)  # partyDirection
    if hdr >= 0x14:
        body += b"\x00" * 36  # latentCapsInfo
    return msg(0x008A, body, hdr)


def stop_media_transmission(conf, party, ref, hdr=BASIC):
    return msg(0x008B, u32(conf, party, ref, 0), hdr)


def close_receive_channel(conf, party, ref, hdr=BASIC):
    return msg(0x0106, u32(conf, party, ref, 0), hdr)


def keep_alive(hdr=BASIC):
    return msg(0x0000, hdr=hdr)


def keep_alive_ack(hdr=BASIC):
    return msg(0x0100, hdr=hdr)


# --- one TCP conversation ----------------------------------------------------------------------

class Conversation:
    def __init__(self, phone_ip, phone_mac, phone_port, phone_isn, cucm_isn):
        self.ends = {
            "phone": dict(ip=phone_ip, port=phone_port, seq=phone_isn, ipid=0x2a10),
            "cucm": dict(ip=CUCM_IP, port=2000, seq=cucm_isn, ipid=0x6b00),
        }
        self.phone_mac = phone_mac
        self.packets = []
        self.t = T0

    def _packet(self, side, flags, payload=b"", options=()):
        src = self.ends[side]
        dst = self.ends["cucm" if side == "phone" else "phone"]
        if side == "phone":
            ether = Ether(src=self.phone_mac, dst=GW_MAC)
        else:
            ether = Ether(src=GW_MAC, dst=self.phone_mac)
        tcp = TCP(sport=src["port"], dport=dst["port"], seq=src["seq"],
                  ack=dst["seq"] if "A" in flags else 0, flags=flags,
                  window=self._window(side, flags), options=list(options))
        pkt = ether / IP(src=src["ip"], dst=dst["ip"], id=src["ipid"], flags="DF",
                         ttl=64 if side == "phone" else 63) / tcp
        if payload:
            pkt = pkt / Raw(payload)
        pkt.time = round(self.t, 6)
        src["ipid"] = (src["ipid"] + 1) & 0xFFFF
        src["seq"] = (src["seq"] + len(payload) + (1 if ("S" in flags or "F" in flags) else 0)) \
            & 0xFFFFFFFF
        self.packets.append(pkt)

    @staticmethod
    def _window(side, flags):
        if side == "phone":
            return 32768  # window scale 0
        return 65160 if "S" in flags else 502  # window scale 7 once established

    def at(self, seconds):
        self.t = T0 + seconds
        return self

    def after(self, seconds):
        self.t += seconds
        return self

    def handshake(self):
        self._packet("phone", "S", options=[("MSS", 1460), ("SAckOK", b""), ("WScale", 0)])
        self.after(0.000412)._packet("cucm", "SA", options=[("MSS", 1460), ("SAckOK", b""),
                                                           ("WScale", 7)])
        self.after(0.000180)._packet("phone", "A")

    def send(self, side, *messages):
        """One TCP segment carrying the concatenated messages (bytes or slices of them)."""
        self._packet(side, "PA", b"".join(messages))

    def ack(self, side):
        self._packet(side, "A")


def register_call_basic():
    """Phone 1001 (Basic header): registration, an outgoing call to 1002, a PIN during the call."""
    line, ref = 1, 25560001
    conf, party = 25560001, 16777281
    c = Conversation("10.10.20.31", "00:11:22:33:44:55", 51234, 0x1A2B3C4D, 0x5E6F7081)
    c.at(0.0).handshake()
    c.after(0.0021).send("phone", register_req("SEP001122334455", 0, 1, "10.10.20.31", 8, 8,
                                               "P0030801SR02", "00:11:22:33:44:55"))
    # two messages in one segment
    c.after(0.0018).send("cucm", register_ack(8), msg(0x009B))
    c.after(0.0240).send("phone", capabilities_res(BASIC))
    c.after(0.0009).ack("cucm")
    c.after(0.0120).send("phone", msg(0x000E))  # ButtonTemplateReq
    c.after(0.0011).send("cucm", button_template([(1, 9), (2, 9), (1, 2)]),
                         time_date_res(c.t), display_text("1001 Alice Smith"))
    c.after(0.1500).ack("phone")
    c.after(29.8).send("phone", keep_alive())
    c.after(0.0007).send("cucm", keep_alive_ack())
    c.after(0.2000).ack("phone")

    # the user lifts the handset and dials 1002
    c.after(4.1).send("phone", off_hook(line, 0))
    c.after(0.0031).send("cucm", set_ringer(1, 1, line, ref), set_lamp(9, line, 2),
                         call_state(1, line, ref), activate_call_plane(line),
                         start_tone(33, line, ref), select_soft_keys(line, ref, 4, 0xFFFF),
                         display_prompt_status(b"\x80\x20", line, ref))  # label "Enter Number"
    for i, digit in enumerate([1, 0, 0, 2]):
        c.after(0.85 if i else 1.3).send("phone", keypad(digit, line, ref))
        if i == 0:
            c.after(0.0012).send("cucm", stop_tone(line, ref))
        else:
            c.after(0.1900).ack("cucm")
    # CallInfo split across two segments: the first also carries CallState(Proceed)
    info = call_info("Alice Smith", "1001", "Bob Jones", "1002", line, ref, 2)
    c.after(0.0640).send("cucm", call_state(12, line, ref), info[:200])
    c.after(0.0002).send("cucm", info[200:], dialed_number("1002", line, ref))
    c.after(0.0004).ack("phone")
    c.after(0.0410).send("cucm", call_state(3, line, ref), start_tone(36, line, ref),
                         display_prompt_status(b"Ring Out", line, ref))
    c.after(0.2000).ack("phone")

    # 1002 answers
    c.after(3.92).send("cucm", stop_tone(line, ref), call_state(5, line, ref),
                       select_soft_keys(line, ref, 1, 0xFFFF),
                       open_receive_channel(conf, party, ref))
    c.after(0.0150).send("phone", open_receive_channel_ack("10.10.20.31", 24580, party, ref))
    c.after(0.0021).send("cucm", start_media_transmission(conf, party, "10.10.20.32", 28446, ref),
                         display_prompt_status(b"Connected", line, ref))
    c.after(0.2000).ack("phone")

    # an IVR asks for a PIN: 4321 on the keypad during the call
    for digit in [4, 3, 2, 1]:
        c.after(0.62).send("phone", keypad(digit, line, ref))
        c.after(0.1800).ack("cucm")
    c.after(5.4).send("phone", keep_alive())
    c.after(0.0006).send("cucm", keep_alive_ack())

    # hang up
    c.after(2.7).send("phone", on_hook(line, ref))
    c.after(0.0027).send("cucm", close_receive_channel(conf, party, ref),
                         stop_media_transmission(conf, party, ref), set_lamp(9, line, 1),
                         call_state(2, line, ref), set_ringer(1, 1, line, ref),
                         display_prompt_status(b"\x80\x13", line, 0),  # "Your Current Options"
                         select_soft_keys(line, 0, 0, 0xFFFF))
    c.after(0.2000).ack("phone")
    c.after(18.0).send("phone", keep_alive())
    c.after(0.0008).send("cucm", keep_alive_ack())
    c.after(0.2000).ack("phone")
    return c.packets


def incoming_call_v22():
    """Phone 1002 (protocol 22, header 0x16 after RegisterAck): registration and the call from
    1001, answered, then hung up by the far end."""
    line, ref = 1, 25560002
    conf, party = 25560002, 16777282
    c = Conversation("10.10.20.32", "00:aa:bb:00:10:02", 49811, 0x0BADCAFE, 0x7EA1F00D)
    c.at(0.0).handshake()
    c.after(0.0019).send("phone", register_req("SEP00AABB001002", 0, 1, "10.10.20.32", 436, 22,
                                               "SCCP45.9-4-2SR3-1S", "00:aa:bb:00:10:02"))
    c.after(0.0016).send("cucm", register_ack(22), msg(0x009B))
    c.after(0.0210).send("phone", capabilities_res(V22))
    c.after(0.0008).ack("cucm")
    c.after(29.9).send("phone", keep_alive(V22))
    c.after(0.0007).send("cucm", keep_alive_ack(V22))
    c.after(0.2000).ack("phone")

    # the call from 1001 arrives: CallInfoV2 split across two segments
    info = call_info_v2(line, ref, 1, "1001", "1002", "Alice Smith", "Bob Jones")
    c.after(9.6).send("cucm", set_ringer(2, 1, line, ref, V22), set_lamp(9, line, 5, V22),
                      call_state(4, line, ref, V22), info[:40])
    c.after(0.0002).send("cucm", info[40:], select_soft_keys(line, ref, 3, 0xFFFF, V22),
                         display_prompt_status_v2(b"\x80\x17 1001", line, ref))  # "From 1001"
    c.after(0.0004).ack("phone")

    # answered with the handset
    c.after(3.91).send("phone", off_hook(line, ref, V22))
    c.after(0.0030).send("cucm", set_ringer(1, 1, line, ref, V22), set_lamp(9, line, 2, V22),
                         call_state(5, line, ref, V22),
                         open_receive_channel(conf, party, ref, V22))
    c.after(0.0140).send("phone", open_receive_channel_ack("10.10.20.32", 28446, party, ref, V22))
    c.after(0.0022).send("cucm",
                         start_media_transmission(conf, party, "10.10.20.31", 24580, ref, V22),
                         display_prompt_status_v2(b"\x80\x18", line, ref))  # "Connected"
    c.after(0.2000).ack("phone")

    # 1001 hangs up
    c.after(8.9).send("cucm", close_receive_channel(conf, party, ref, V22),
                      stop_media_transmission(conf, party, ref, V22),
                      call_state(2, line, ref, V22), set_lamp(9, line, 1, V22),
                      start_tone(35, line, ref, V22))  # busy tone until the handset goes down
    c.after(0.2000).ack("phone")
    c.after(1.4).send("phone", on_hook(line, ref, V22))
    c.after(0.0025).send("cucm", stop_tone(line, ref, V22),
                         display_prompt_status_v2(b"\x80\x13", line, 0))
    c.after(0.2000).ack("phone")
    return c.packets


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, build in [("sccp_register_call.pcap", register_call_basic),
                        ("sccp_v22_incoming_call.pcap", incoming_call_v22)]:
        path = os.path.join(outdir, name)
        wrpcap(path, build())
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
