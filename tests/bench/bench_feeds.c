/*
 * Export benchmark: calendar feeds of a 20,000-participant plan (default),
 * in memory, with the time per event of the whole feed writer (localised
 * texts, VTIMEZONEs from the pinned tzdata, building the libical
 * components) against the time libical's own icalcomponent_as_ical_string
 * takes to serialise the same components; then cp_export_all() to a folder
 * (all files, atomically) for the wall-clock total. A measurement, not a
 * test.
 *
 * Usage: bench_feeds TZDIR [--participants N] [--lang xx] [--outdir DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cohortplan/plan.h>

#include "bench-clock.h"
#include "feeds/plans.h"
#include "formats/export.h"
#include "ical/feeds.h"

int
main(int argc, char **argv)
{
	long n = 20000;
	const char *lang = "ar", *outdir = NULL;
	struct cp_tz_error te;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_feeds TZDIR [--participants N] [--lang xx] [--outdir DIR]\n");
		return 64;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--participants") == 0)
			n = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--lang") == 0)
			lang = argv[i + 1];
		else if (strcmp(argv[i], "--outdir") == 0)
			outdir = argv[i + 1];
	}
	struct cp_tzdb *db = cp_tzdb_create(argv[1], &te);
	if (!db) {
		fprintf(stderr, "bench_feeds: %s\n", te.message);
		return 1;
	}
	test_plans_init(db);
	double t0 = bench_now();
	struct cp_plan *p = test_plan_big(n);
	double t1 = bench_now();

	struct cp_feed_options o;
	cp_feed_options_init(&o);
	o.lang = o.teacher_lang = lang;
	o.version = "bench";
	struct cp_error fe;
	struct cp_feed_writer *w = cp_feed_writer_create(p, db, &o, &fe);
	if (!w) {
		fprintf(stderr, "bench_feeds: %s\n", fe.message);
		return 1;
	}
	double t2 = bench_now(), c2 = bench_cpu();
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &p->cohorts[i];
		free(cp_feed_write(w, CP_FEED_COHORT, c->id, NULL, &fe));
		for (size_t j = 0; j < c->n_members; j++)
			free(cp_feed_write(w, CP_FEED_PARTICIPANT, c->members[j].participant, NULL, &fe));
	}
	for (int t = 1; t <= 50; t++) {
		char id[16];
		snprintf(id, sizeof(id), "T-%03d", t);
		free(cp_feed_write(w, CP_FEED_TEACHER, id, NULL, &fe));
	}
	double t3 = bench_now(), c3 = bench_cpu();
	struct cp_feed_stats s;
	cp_feed_writer_stats(w, &s);
	cp_feed_writer_destroy(w);

	uint64_t comps = s.events + s.todos;
	printf("plan: %ld participants, %zu cohorts (built in %.2f s)\n", n, p->n_cohorts, t1 - t0);
	printf("feeds: %llu, components: %llu VEVENT + %llu VTODO, %.1f MB of iCalendar (%s)\n",
	       (unsigned long long)s.feeds, (unsigned long long)s.events,
	       (unsigned long long)s.todos, (double)s.bytes / 1e6, lang);
	printf("feed writer, wall clock:        %.2f s (%.2f s CPU of the process)\n", t3 - t2,
	       c3 - c2);
	printf("feed writer, CPU:               %.2f s = %.2f us per component\n",
	       (double)s.total_ns / 1e9, (double)s.total_ns / 1e3 / (double)comps);
	printf("  of which libical serialising: %.2f s = %.2f us per component\n",
	       (double)s.serialise_ns / 1e9, (double)s.serialise_ns / 1e3 / (double)comps);
	printf("  building + localising:        %.2f us per component\n",
	       (double)(s.total_ns - s.serialise_ns) / 1e3 / (double)comps);
	printf("  ratio whole writer / libical's serialisation alone: %.2f\n",
	       (double)s.total_ns / (double)s.serialise_ns);
	if (outdir) {
		struct cp_export_options eo;
		struct cp_error ee;
		size_t files = 0;
		cp_export_options_init(&eo);
		eo.feeds = o;
		double t4 = bench_now();
		if (cp_export_all(p, db, &eo, outdir, &files, &ee) != CP_OK) {
			fprintf(stderr, "bench_feeds: %s\n", ee.message);
			return 1;
		}
		printf("cp_export_all to %s: %zu files in %.2f s\n", outdir, files, bench_now() - t4);
	}
	cp_plan_destroy(p);
	cp_tzdb_destroy(db);
	return 0;
}
