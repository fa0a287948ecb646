#!/usr/bin/python3
"""A faulty network link in userspace, between two network namespaces (fault matrix, issue 13).

Usage: netns-link.py NETNS_A TUN_A NETNS_B TUN_B [--delay-ms N] [--loss-pct P] [--seed S]

Why a forwarder and not a veth pair: the kernel here has no netem qdisc ("Specified qdisc
kind is unknown"), so delay and loss cannot be set on a veth. Instead one TUN device is
made in each namespace (a TUN fd belongs to the namespace it was opened in, so this process
enters each with setns(2) in turn) and this loop copies every IP packet from one to the
other: held for the one-way delay, dropped at random with a seeded generator, or dropped
while the link is partitioned. TCP on both ends then sees what a real lossy, slow or cut
link does to it, and recovers (or not) by its own retransmissions.

Control: one command a line on stdin, each answered by one JSON line on stdout:
  partition on | partition off | delay MS | loss PCT | stats
The first stdout line is {"ready": true} once both devices exist. The process exits when
stdin closes, so the link (and both TUN devices with it) goes away with the test that
started it, however that test ends. Debian's python3 standard library only: no package.
"""
import ctypes
import fcntl
import heapq
import json
import os
import random
import select
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(netns, name):
    """Enters NETNS (by its /run/netns name) and makes the TUN device NAME there."""
    libc = ctypes.CDLL(None, use_errno=True)
    ns_fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        if libc.setns(ns_fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns({netns}): {os.strerror(err)}")
    finally:
        os.close(ns_fd)
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    args = sys.argv[1:]
    opts = {"--delay-ms": 0.0, "--loss-pct": 0.0, "--seed": 13.0}
    pos = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = float(args.pop(0))
        else:
            pos.append(a)
    if len(pos) != 4:
        sys.exit(__doc__)
    delay_s = opts["--delay-ms"] / 1000.0
    loss = opts["--loss-pct"] / 100.0
    rng = random.Random(int(opts["--seed"]))
    fd_a = open_tun(pos[0], pos[1])
    fd_b = open_tun(pos[2], pos[3])
    peer = {fd_a: fd_b, fd_b: fd_a}
    stats = {"forwarded": 0, "lost": 0, "partitioned": 0, "write_failed": 0}
    partitioned = False
    # (due time, sequence, out fd, packet): the sequence keeps equal due times in order.
    queue = []
    seq = 0

    def reply(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    reply({"ready": True})
    stdin = sys.stdin.fileno()
    pending_cmd = b""
    while True:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, pkt = heapq.heappop(queue)
            if partitioned:
                # A cut link loses what was on the wire too.
                stats["partitioned"] += 1
                continue
            try:
                os.write(out, pkt)
                stats["forwarded"] += 1
            except OSError:
                # The device is down (the test is tearing down): the packet is gone, as on a wire.
                stats["write_failed"] += 1
        timeout = max(0.0, queue[0][0] - now) if queue else None
        readable, _, _ = select.select([fd_a, fd_b, stdin], [], [], timeout)
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                pending_cmd += chunk
                while b"\n" in pending_cmd:
                    line, pending_cmd = pending_cmd.split(b"\n", 1)
                    words = line.decode().split()
                    if words == ["partition", "on"]:
                        partitioned = True
                    elif words == ["partition", "off"]:
                        partitioned = False
                    elif len(words) == 2 and words[0] == "delay":
                        delay_s = float(words[1]) / 1000.0
                    elif len(words) == 2 and words[0] == "loss":
                        loss = float(words[1]) / 100.0
                    elif words != ["stats"]:
                        reply({"error": f"unknown command {line.decode()!r}"})
                        continue
                    reply({**stats, "partitioned_now": partitioned, "delay_ms": delay_s * 1000, "loss_pct": loss * 100})
                continue
            # Drain what the device holds now: one packet per read(2) on a TUN fd.
            while True:
                try:
                    pkt = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if partitioned:
                    stats["partitioned"] += 1
                elif loss > 0 and rng.random() < loss:
                    stats["lost"] += 1
                else:
                    seq += 1
                    heapq.heappush(queue, (time.monotonic() + delay_s, seq, peer[fd], pkt))


if __name__ == "__main__":
    main()
