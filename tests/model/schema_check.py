#!/usr/bin/env python3
"""problem.schema.json is a valid JSON Schema 2020-12 and accepts the
examples, so the schema and the reader cannot drift apart silently.

  schema_check.py SCHEMA EXAMPLES_DIR

Skips (exit 77) when the jsonschema module is not installed.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print('1..0 # SKIP python3-jsonschema is not installed')
    sys.exit(0)


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    names = sorted(n for n in os.listdir(sys.argv[2]) if n.endswith('.json'))
    print('1..%d' % len(names))
    failed = 0
    for i, n in enumerate(names, 1):
        errs = list(v.iter_errors(json.load(open(os.path.join(sys.argv[2], n)))))
        print('%s %d - %s matches the schema' % ('not ok' if errs else 'ok', i, n))
        for e in errs[:10]:
            print('#   %s: %s' % ('/' + '/'.join(map(str, e.absolute_path)), e.message))
        failed += bool(errs)
    print('# %d passed, %d failed' % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
