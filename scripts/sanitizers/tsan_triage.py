#!/usr/bin/env python3
"""Sorts ThreadSanitizer reports into the project's and cpprestsdk's (see docs/sanitizers.md).

Debian's libcpprest.so is not built with -fsanitize=thread, so TSan cannot see the atomic
reference counts and the asio queues with which cpprestsdk hands objects between its own threads.
Every object that crosses them (a pplx task, a response body, a request's headers) then shows as
a race between two of its accesses. A report is judged by who made each access: the first frame
that is neither an interceptor nor inlined standard library code. When both accesses are made by
project code (namespace p15), the race is the project's and fails the run; so does every report
that is not a data race (a crash, a lock-order inversion, a signal handler). The rest are counted
by the pair of places that made them and printed, never hidden.

Usage: tsan_triage.py <report files...>; exit status 1 when a report is the project's.
"""
import collections
import re
import sys

SKIPPED = re.compile(
    r"^(std::|void std::|bool std::|__gnu_cxx::|decltype\(|operator |memcpy|memmove|memset|"
    r"memcmp|strlen|free|malloc|realloc|pthread_|__interceptor|__tsan|\?$)")
FRAME = re.compile(r"^\s*#\d+ (.+?) (?:/\S+:\d+|<null>|\(\S+\+0x)")
ACCESS = re.compile(r"^\s*(Previous )?(atomic )?(read|write|Read|Write|Atomic read|Atomic write) "
                    r"of size", re.M)


def actor(block):
    """Who made an access: the first frame that is not an interceptor or inlined std code."""
    for line in block.splitlines():
        m = FRAME.match(line)
        if not m:
            continue
        name = m.group(1)
        if name == "<null>":
            module = re.search(r"\((\S+?)\+0x", line)
            return module.group(1) if module else "?"
        if not SKIPPED.match(name):
            return re.sub(r"\(.*", "", name)
    return "?"


def reports(text):
    for head in re.finditer(r"(WARNING|ERROR): ThreadSanitizer: ([^\n(]+)", text):
        end = text.find("SUMMARY:", head.end())
        yield head.group(2).strip(), text[head.end():end if end >= 0 else None]


def main(paths):
    text = "".join(open(p, errors="replace").read() for p in paths)
    ours, theirs = [], collections.Counter()
    for kind, body in reports(text):
        blocks = [b for b in body.split("\n\n") if ACCESS.search(b)]
        actors = [actor(b) for b in blocks[:2]]
        if kind != "data race" or (len(actors) == 2 and all(a.startswith("p15::") for a in actors)):
            ours.append((kind, actors, body))
        else:
            theirs[" <-> ".join(a[:70] for a in actors)] += 1
    total = len(ours) + sum(theirs.values())
    print(f"tsan triage: {total} report(s): {len(ours)} the project's, "
          f"{sum(theirs.values())} with an access made inside cpprestsdk/pplx/asio")
    for pair, n in theirs.most_common(12):
        print(f"  {n:5d}  {pair}")
    for kind, actors, body in ours:
        print(f"PROJECT {kind}: {' <-> '.join(actors)}\n{body[:3000]}", file=sys.stderr)
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
