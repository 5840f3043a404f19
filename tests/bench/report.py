#!/usr/bin/env python3
"""report.py -- the one table of tests/bench/run.sh.

usage: report.py OUTDIR   (reads timing.json, counts.txt, callgrind.*.stdout,
stack.txt and size.txt written there by run.sh)
"""
import json
import os
import re
import subprocess
import sys

ORDER = ['keyword', 'decode', 'session', 'date', 'local_offset', 'compose_typical',
         'compose_hostile', 'baseline_typical', 'memcpy_floor',
         'parse_typical', 'parse_corpus', 'iterate_block']


def jsonl(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith('{'):
                    rows.append(json.loads(line))
    return rows


def self_costs(path):
    """function -> self Ir, from callgrind_annotate (function names only)."""
    try:
        text = subprocess.run(['callgrind_annotate', '--inclusive=no', '--threshold=100', path],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    costs = {}
    for line in text.splitlines():
        m = re.match(r'\s*([\d,]+) \([^)]*\)\s+(\S+)', line)
        if m and ':' in m.group(2):
            name = re.sub(r'\.(constprop|isra|part|cold)\.\d+', '', m.group(2).split(':')[-1])
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(',', ''))
    return costs


def breakdown(out, op, a, b, top=10):
    """Self instructions per operation of the costliest functions."""
    ca = self_costs(os.path.join(out, 'callgrind.%s.%s' % (op, a)))
    cb = self_costs(os.path.join(out, 'callgrind.%s.%s' % (op, b)))
    per = {f: (cb.get(f, 0) - ca.get(f, 0)) / (b - a) for f in cb}
    rows = sorted(((v, f) for f, v in per.items() if v >= 1), reverse=True)[:top]
    return ', '.join('%s %.0f' % (f, v) for v, f in rows)


def main():
    out = sys.argv[1]
    timing = {r['name']: r for r in jsonl(os.path.join(out, 'timing.json')) if 'name' in r}
    ir, meta = {}, {}
    with open(os.path.join(out, 'counts.txt')) as f:
        for line in f:
            op, a, b, ia, ib = line.split()
            ir[op] = (int(ib) - int(ia)) / (int(b) - int(a))
            rows = [r for r in jsonl(os.path.join(out, 'callgrind.%s.%s.stdout' % (op, b)))
                    if r.get('name') == op]
            meta[op] = rows[0] if rows else {}
    harness = ir.get('empty', 0.0)
    net = {op: ir[op] - harness for op in ir if op != 'empty'}

    print('%-17s %10s %12s %9s %10s %8s %9s' % (
        'operation', 'ns/op', 'ops/s', 'MB/s', 'instr/op', 'instr/B', 'allocs/op'))
    for op in ORDER:
        t, m = timing.get(op, {}), meta.get(op, {})
        nbytes = m.get('bytes_per_op', 0)
        allocs = max(t.get('allocs_per_op', 0), m.get('allocs_per_op', 0))
        print('%-17s %10s %12s %9s %10s %8s %9g' % (
            op,
            '%.1f' % t['ns_per_op'] if t else '-',
            '%.0f' % t['ops_per_s'] if t else '-',
            '%.1f' % (t['bytes_per_s'] / 1e6) if t and 'bytes_per_s' in t else '-',
            '%.0f' % net[op] if op in net else '-',
            '%.2f' % (net[op] / nbytes) if op in net and nbytes else '-',
            allocs))
    print('(instr/op: callgrind Ir per operation minus the harness\'s %.0f; '
          'instr/B: per input byte)' % harness)

    def wall(a, b):
        if a in timing and b in timing:
            return timing[a]['ns_per_op'] / timing[b]['ns_per_op']
        return None

    stack_lines = open(os.path.join(out, 'stack.txt')).read().splitlines()
    worst = 0
    for line in stack_lines[1:-1]:
        parts = line.split()
        if len(parts) > 1:
            worst = max(worst, int(parts[1]) if parts[1].isdigit() else 1 << 30)
    sizes = dict(l.split() for l in open(os.path.join(out, 'size.txt')))
    allocs_lib = [op for op in ORDER if op not in ('baseline_typical', 'memcpy_floor')
                  and max(timing.get(op, {}).get('allocs_per_op', 0),
                          meta.get(op, {}).get('allocs_per_op', 0)) > 0]
    corpus = timing.get('parse_corpus', {}).get('bytes_per_s')
    pt_bytes = meta.get('parse_typical', {}).get('bytes_per_op', 0)
    targets = [
        ('compose_typical instructions', '<= 1000', net.get('compose_typical'), lambda v: v <= 1000, '%.0f'),
        ('baseline/compose instructions', '>= 7x', net['baseline_typical'] / net['compose_typical'], lambda v: v >= 7, '%.2fx'),
        ('baseline/compose wall time', '>= 6x', wall('baseline_typical', 'compose_typical'), lambda v: v >= 6, '%.2fx'),
        ('compose/memcpy_floor wall time', '<= 15x', wall('compose_typical', 'memcpy_floor'), lambda v: v <= 15, '%.2fx'),
        ('date instructions', '<= 90', net.get('date'), lambda v: v <= 90, '%.0f'),
        ('parse_typical instructions/byte', '<= 8', net['parse_typical'] / pt_bytes if pt_bytes else None, lambda v: v <= 8, '%.2f'),
        ('parse_corpus throughput', '>= 500 MB/s', corpus / 1e6 if corpus else None, lambda v: v >= 500, '%.0f MB/s'),
        ('heap allocations (librcvd ops)', '0', len(allocs_lib), lambda v: v == 0, '%d ops allocate'),
        ('worst stack, public functions', '<= 512 B', worst, lambda v: v <= 512, '%d B'),
    ]
    print()
    print('%-33s %-12s %-14s %s' % ('target (issue 7)', 'wanted', 'measured', 'holds'))
    for name, want, val, ok, fmt in targets:
        if val is None:
            print('%-33s %-12s %-14s %s' % (name, want, 'not measured', '-'))
        else:
            print('%-33s %-12s %-14s %s' % (name, want, fmt % val, 'yes' if ok(val) else 'NO'))
    print('%-33s %-12s %-14s' % ('.text of librcvd.a at -O2', 'reported', sizes.get('text_O2', '?') + ' B'))
    print('%-33s %-12s %-14s' % ('.text of librcvd.a at -Os', 'reported', sizes.get('text_Os', '?') + ' B'))
    print()
    print('where the instructions go (self instructions per operation, callgrind):')
    with open(os.path.join(out, 'counts.txt')) as f:
        iters = {l.split()[0]: (int(l.split()[1]), int(l.split()[2])) for l in f}
    for op in ('date', 'compose_typical', 'parse_typical'):
        if op in iters:
            print('  %s: %s' % (op, breakdown(out, op, *iters[op])))
    print()
    print('\n'.join(stack_lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
