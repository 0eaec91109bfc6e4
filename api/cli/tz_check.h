/*
 * Timelines (tz_compare.h) of a zone as ICU and as libical see it: the two
 * adapters behind `cohortplan tz doctor`, kept apart from the command so that
 * the interop tests build the very same timelines.
 */
#ifndef CP_CLI_TZ_CHECK_H
#define CP_CLI_TZ_CHECK_H

#include <stddef.h>

#include "ical/ical_tz.h"
#include "locale/icu_tz.h"
#include "tz_compare.h"

/*
 * Fill an empty timeline with ICU's (or libical's) offsets over its range,
 * exact at each of that library's own transitions. On CP_TZCMP_ERR_SOURCE
 * the library's reason is written to msg (msgsz bytes, may be 0).
 */
enum cp_tzcmp_status cp_tzcheck_icu_timeline(struct cp_tzcmp_timeline *tl,
					     struct cp_icu_zone *zone,
					     char *msg, size_t msgsz);
enum cp_tzcmp_status cp_tzcheck_ical_timeline(struct cp_tzcmp_timeline *tl,
					      struct cp_ical_zone *zone,
					      char *msg, size_t msgsz);

#endif /* CP_CLI_TZ_CHECK_H */
