#!/usr/bin/env python3
"""Record the audit records a shell command causes, as the kernel multicasts them.

usage: record-netlink.py OUT 'shell command'

Writes one record per line, "TYPE PAYLOAD", in arrival order. Used to make the
netlink-*.txt fixtures; needs root and audit enabled. Payloads are ASCII: the
kernel hex-encodes untrusted strings.
"""
import os
import socket
import struct
import sys
import time

AUDIT_NLGRP_READLOG = 1
NETLINK_AUDIT = 9


def main():
    out, cmd = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
    s.bind((0, AUDIT_NLGRP_READLOG))
    s.settimeout(0.5)
    time.sleep(0.2)
    # drop the records of our own bind
    try:
        while True:
            s.recv(65536)
    except socket.timeout:
        pass
    os.system(cmd)
    lines = []
    end = time.time() + 1.5
    while time.time() < end:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        while len(d) >= 16:
            ln, typ = struct.unpack("=IH", d[:6])
            payload = d[16:ln].rstrip(b"\0").decode("ascii")
            lines.append("%d %s\n" % (typ, payload))
            d = d[(ln + 3) & ~3:]
    with open(out, "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
