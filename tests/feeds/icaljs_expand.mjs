// Read .ics files with Mozilla's ical.js (the parser Thunderbird uses) and
// print, per file, every occurrence ical.js expands for each VEVENT (UTC
// seconds) and every VTODO's DUE, as JSON on stdout. Time zones come only
// from the VTIMEZONEs inside each file: ical.js's TimezoneService is empty.
//
// Usage: node icaljs_expand.mjs NODE_MODULES_DIR FILE.ics...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [, , modules, ...files] = process.argv;
const require = createRequire(path.join(modules, 'x.js'));
const ICAL = require('ical.js');

const out = {};
for (const file of files) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  const events = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const ev = new ICAL.Event(vevent);
    const it = ev.iterator();
    let next;
    let n = 0;
    while ((next = it.next()) && n++ < 1000) {
      const d = ev.getOccurrenceDetails(next);
      events.push({
        uid: ev.uid,
        status: vevent.getFirstPropertyValue('status'),
        sequence: ev.sequence,
        summary: ev.summary,
        allday: d.startDate.isDate,
        start: d.startDate.toUnixTime(),
        end: d.endDate.toUnixTime(),
      });
    }
  }
  const todos = root.getAllSubcomponents('vtodo').map((t) => ({
    uid: t.getFirstPropertyValue('uid'),
    due: t.getFirstPropertyValue('due').toUnixTime(),
    start: t.getFirstPropertyValue('dtstart').toUnixTime(),
  }));
  out[file] = { events, todos };
}
process.stdout.write(JSON.stringify(out));
