#!/usr/bin/env python3
"""stack.py -- worst-case stack of every public librcvd function.

Reads the .ci files of `gcc -fcallgraph-info=su` (one per translation unit:
each function's own frame, return address included, and its calls), joins
them into one call graph and sums frames along every call path from each
public function (the RCVD_API declarations of include/rcvd.h). Calls into
libc are listed by name and counted as 0 bytes: their stack is libc's.
A cycle (recursion) or a dynamic frame (VLA/alloca) makes the result
unbounded, which is reported and fails the run.

usage: stack.py RCVD_H LIMIT FILE.ci...   (exit 1 when a function is over)
"""
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]*)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]*)" targetname: "([^"]*)"')
SIZE = re.compile(r'\\n(\d+) bytes \(([^)]*)\)')
API = re.compile(r'RCVD_API\b[^;{]*?\b(rcvd_\w+)\s*\(', re.S)


def load(files):
    frame, kind, calls = {}, {}, {}
    for path in files:
        with open(path) as f:
            text = f.read()
        for title, label in NODE.findall(text):
            m = SIZE.search(label)
            if m:
                frame[title] = int(m.group(1))
                kind[title] = m.group(2)
        for src, dst in EDGE.findall(text):
            calls.setdefault(src, []).append(dst)
    return frame, kind, calls


def worst(fn, frame, kind, calls, memo, onpath, ext):
    """(bytes, path) of the deepest path from fn; bytes None = unbounded."""
    if fn in memo:
        return memo[fn]
    if fn not in frame:
        ext.add(fn.split(':')[-1])
        return 0, []
    if fn in onpath:
        return None, [fn + ' (recursion)']
    onpath.add(fn)
    best, best_path = 0, []
    for callee in calls.get(fn, []):
        b, p = worst(callee, frame, kind, calls, memo, onpath, ext)
        if b is None:
            best, best_path = None, p
            break
        if b > best:
            best, best_path = b, p
    onpath.discard(fn)
    if best is not None and 'dynamic' in kind[fn] and 'bounded' not in kind[fn]:
        best, best_path = None, [fn + ' (dynamic frame)']
    res = (None if best is None else frame[fn] + best, [fn] + best_path)
    memo[fn] = res
    return res


def short(name):
    name = name.split(':')[-1]
    return re.sub(r'\.(constprop|isra|part|cold)(\.\d+)?', '', name)


def main():
    header, limit, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    with open(header) as f:
        public = sorted(set(API.findall(f.read())))
    frame, kind, calls = load(files)
    memo, bad = {}, 0
    print('%-24s %6s  %s' % ('public function', 'bytes', 'deepest path (libc calls not counted)'))
    for fn in public:
        ext = set()
        if fn not in frame:
            print('%-24s %6s  not found in the call graph' % (fn, '?'))
            bad = 1
            continue
        b, path = worst(fn, frame, kind, calls, memo, set(), ext)
        over = b is None or b > limit
        bad |= over
        print('%-24s %6s  %s%s' % (fn, 'UNBND' if b is None else b,
                                    ' > '.join(short(p) for p in path),
                                    '  OVER' if over else ''))
    print('limit %d bytes: %s' % (limit, 'exceeded' if bad else 'holds for every public function'))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
