/*
 * Everything a plan exports, in one call: what `cohortplan export` and
 * `cohortplan solve -o OUTDIR` write.
 *
 *   OUTDIR/feeds/cohort-ID.ics       one per cohort (dissolved ones too)
 *   OUTDIR/feeds/teacher-ID.ics      one per teacher (all their cohorts)
 *   OUTDIR/feeds/participant-ID.ics  one per placed participant, and one per
 *                                    participant with cancelled lessons of
 *                                    cohorts they left (plan former[])
 *   OUTDIR/timetable.json            timetable.h, timetable.schema.json
 *   OUTDIR/oneroster/NAME.csv           oneroster.h
 *
 * Every file is written atomically (atomic_file.h); folders are created as
 * needed. Feed files of an earlier export that this plan no longer produces
 * (a participant who left, a cohort long dissolved) are rewritten as empty
 * calendars (cp_feed_write_empty), so subscribed clients drop the lessons;
 * whoever serves the folder decides when such a URL stops answering.
 * Other files are left alone.
 *
 * Ownership: nothing is allocated for the caller. The plan, tzdb and the
 * options' strings are borrowed for the call. Nothing is printed.
 */
#ifndef CP_FORMATS_EXPORT_H
#define CP_FORMATS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/plan.h>
#include <cohortplan/progress.h>
#include <cohortplan/tz.h>

#include "ical/feeds.h"
#include "oneroster.h"

struct cp_export_options {
	struct cp_feed_options feeds;       /* cp_feed_options_init() defaults */
	struct cp_oneroster_options oneroster;
	bool write_feeds;                   /* default true */
	bool write_timetable;               /* default true */
	bool write_oneroster;               /* default true */
	bool empty_stale_feeds;             /* default true: see above */
};

/* Set the defaults (everything written, feed defaults). */
void cp_export_options_init(struct cp_export_options *o);

/*
 * Write all exports of plan into outdir. opts may be NULL for the
 * defaults. Returns CP_OK, or an error (common/error.h) with err->message
 * naming the file or value at fault (err may be NULL): CP_ERR_INVALID,
 * CP_ERR_NOT_FOUND or CP_ERR_UNSUPPORTED when the plan names an unknown
 * zone, an unsupported language, ...; CP_ERR_IO when a folder or file could
 * not be written; CP_ERR_LIBRARY when ICU or libical failed; CP_ERR_NOMEM.
 * *files (files may be NULL) receives the number of files written before
 * success or failure.
 */
enum cp_status cp_export_all(const struct cp_plan *plan, struct cp_tzdb *tzdb,
			     const struct cp_export_options *opts, const char *outdir,
			     size_t *files, struct cp_error *err);

/*
 * The accepted make-ups acc[0..n) (register_csv.h, cp_makeups_csv_load) as
 * feed extras for the options' feeds.extras: one tentative event each in
 * the participant's feed. The strings point into plan, which must outlive
 * the array. The caller frees the array (free()); NULL when out of memory.
 */
struct cp_feed_extra *cp_export_makeup_extras(const struct cp_plan *plan,
					      const struct cp_progress_accepted *acc, size_t n);

#endif /* CP_FORMATS_EXPORT_H */
