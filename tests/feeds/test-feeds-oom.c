/*
 * Out of memory in the feeds (issue 17 item 7), allocation by allocation
 * (tests/common/oom.h), on the pilot 2 plan of plans.c:
 *   - the writer and the cohort's, the teacher's and a participant's feed:
 *     every failed allocation gives CP_ERR_NOMEM and no text;
 *   - cp_export_all into a fresh folder: CP_ERR_NOMEM, and every file
 *     left in the folder is whole (byte for byte the file of the export
 *     without failures; atomic_file.h) with no temporary file beside it.
 * A run whose failure was absorbed may succeed only with exactly the
 * output of the run without failures. libical's and ICU's own allocations
 * are not counted (shared libraries).
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/check.h"
#include "common/open-db.h"
#include "common/oom.h"
#include "formats/export.h"
#include "ical/feeds.h"
#include "plans.h"
#include "test-config.h"

struct run {
	struct cp_plan *plan;
	struct cp_tzdb *db;
	char *ref[3];        /* the three feeds without failures */
	char ref_dir[256];   /* the export without failures */
	char dir[256];       /* this run's export */
};

static const struct {
	enum cp_feed_kind kind;
	const char *id;
} feeds[3] = {
	{ CP_FEED_COHORT, "C01" }, { CP_FEED_TEACHER, "T-BXL-03" }, { CP_FEED_PARTICIPANT, "P2-05" },
};

static enum oom_outcome
feeds_once(void *ctx)
{
	struct run *r = ctx;
	struct cp_error err = { 0 };
	struct cp_feed_writer *w = cp_feed_writer_create(r->plan, r->db, NULL, &err);
	if (!w)
		return err.status == CP_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
	enum oom_outcome out = OOM_DONE;
	for (size_t i = 0; i < 3 && out == OOM_DONE; i++) {
		char *text = cp_feed_write(w, feeds[i].kind, feeds[i].id, NULL, &err);
		if (!text)
			out = err.status == CP_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
		else if (oom_fired() && (!r->ref[i] || strcmp(text, r->ref[i]) != 0))
			out = OOM_OTHER; /* a failure absorbed into another feed */
		free(text);
	}
	cp_feed_writer_destroy(w);
	return out;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = calloc(1, 1 << 20);
	if (b && fread(b, 1, (1 << 20) - 1, f) == (1 << 20) - 1)
		b[0] = '\0'; /* longer than any file of the export: never whole */
	fclose(f);
	return b;
}

static const char *ref_root, *run_root;
static int mismatches, files_seen;

/* A file of the run's folder: whole (the reference's bytes) or a fault. */
static int
compare_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	char ref[512];
	snprintf(ref, sizeof ref, "%s%s", ref_root, path + strlen(run_root));
	char *a = slurp(path), *b = slurp(ref);
	if (!a || !b || strcmp(a, b) != 0) {
		fprintf(stderr, "  %s is not the whole file of the export\n", path);
		mismatches++;
	}
	files_seen++;
	free(a);
	free(b);
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static enum oom_outcome
export_once(void *ctx)
{
	struct run *r = ctx;
	struct cp_error err = { 0 };
	enum cp_status st = cp_export_all(r->plan, r->db, NULL, r->dir, NULL, &err);
	oom_disarm();
	if (st != CP_OK && st != CP_ERR_NOMEM)
		fprintf(stderr, "  %s\n", err.message);
	ref_root = r->ref_dir;
	run_root = r->dir;
	mismatches = files_seen = 0;
	nftw(r->dir, compare_file, 16, FTW_PHYS);
	nftw(r->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	if (mismatches)
		return OOM_OTHER;
	if (st == CP_OK)
		return OOM_DONE;
	return st == CP_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
}

int
main(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
	test_plans_init(db);
	struct run r = { .plan = test_plan_pilot2(), .db = db };
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(r.ref_dir, sizeof r.ref_dir, "%s/feeds-oom-ref-XXXXXX", tmp);
	snprintf(r.dir, sizeof r.dir, "%s/feeds-oom-run-XXXXXX", tmp);
	CHECK(mkdtemp(r.ref_dir) && mkdtemp(r.dir), "temporary folders");

	struct cp_error ferr = { 0 };
	struct cp_feed_writer *w = cp_feed_writer_create(r.plan, db, NULL, &ferr);
	for (size_t i = 0; w && i < 3; i++)
		r.ref[i] = cp_feed_write(w, feeds[i].kind, feeds[i].id, NULL, &ferr);
	cp_feed_writer_destroy(w);
	CHECK(r.ref[0] && r.ref[1] && r.ref[2], "the feeds without failures: %s", ferr.message);
	CHECK(oom_each("feeds", feeds_once, &r, 1000000) == 0, "feeds");

	struct cp_error eerr = { 0 };
	CHECK(cp_export_all(r.plan, db, NULL, r.ref_dir, NULL, &eerr) == CP_OK,
	      "the export without failures: %s", eerr.message);
	CHECK(oom_each("export", export_once, &r, 1000000) == 0, "export");
	CHECK(files_seen > 10, "the last export wrote %d files", files_seen);

	nftw(r.ref_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(r.dir);
	for (size_t i = 0; i < 3; i++)
		free(r.ref[i]);
	cp_plan_destroy(r.plan);
	cp_tzdb_destroy(db);
	return check_tally();
}
