#!/usr/bin/env python3
# Purpose: list C functions outside tests/ longer than N lines (default 120; issue 17).
# A function runs from its first declaration line to its closing brace at column 0.
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else '.'
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 120
found = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = sorted(d for d in dirnames
                         if d not in ('tests', '.git') and not d.startswith('build'))
    for name in sorted(filenames):
        if not name.endswith('.c'):
            continue
        path = os.path.join(dirpath, name)
        lines = open(path, errors='replace').read().split('\n')
        i = 0
        while i < len(lines):
            if lines[i] == '{':
                j = i - 1  # the line naming the function
                while j > 0 and '(' not in lines[j]:
                    j -= 1
                k = j  # back to the first line of the declaration
                while k > 0 and lines[k - 1].strip() and \
                        not lines[k - 1].rstrip().endswith((';', '}', '*/')) and \
                        not lines[k - 1].startswith('#'):
                    k -= 1
                m = re.search(r'(\w+)\s*\(', lines[j])
                e = i + 1
                while e < len(lines) and lines[e] != '}':
                    e += 1
                n = e - k + 1
                if n > limit:
                    found += 1
                    print(f'{n:5d} {os.path.relpath(path, root)}:{k + 1} '
                          f'{m.group(1) if m else "?"}')
                i = e
            i += 1
sys.exit(1 if found else 0)
