/*
 * ICU and libical as cp_tzcmp_source callbacks (see tz_check.h): one
 * adapter for both, since the two libraries answer the same two questions
 * with the same contract (icu_tz.h, ical_tz.h).
 */
#include "tz_check.h"

#include <stdio.h>

/* Exactly one of the zones is set. */
struct lib_ctx {
	struct cp_icu_zone *icu;
	struct cp_ical_zone *ical;
	struct cp_error err;
};

static bool
lib_offset_at(void *ctx, cp_instant t, int32_t *utoff)
{
	struct lib_ctx *c = ctx;

	if (c->icu)
		return cp_icu_zone_offset_at(c->icu, t, utoff, NULL, &c->err);
	return cp_ical_zone_offset_at(c->ical, t, utoff, NULL, &c->err);
}

static bool
lib_next(void *ctx, cp_instant t, cp_instant *next, bool *failed)
{
	struct lib_ctx *c = ctx;
	bool found = c->icu ? cp_icu_zone_next_transition(c->icu, t, next, &c->err)
			    : cp_ical_zone_next_transition(c->ical, t, next, &c->err);

	if (!found && c->err.status != CP_OK)
		*failed = true;
	return found;
}

/* The timeline of c's zone; disorder is the message when the library
 * lists its transitions out of order. */
static enum cp_tzcmp_status
lib_timeline(struct cp_tzcmp_timeline *tl, struct lib_ctx *c, const char *disorder,
	     char *msg, size_t msgsz)
{
	struct cp_tzcmp_source src = { c, lib_offset_at, lib_next };
	enum cp_tzcmp_status st;

	c->err.status = CP_OK;
	st = cp_tzcmp_timeline_build(tl, &src);
	if (st == CP_TZCMP_ERR_SOURCE && msgsz)
		snprintf(msg, msgsz, "%s", c->err.message[0] ? c->err.message : disorder);
	return st;
}

enum cp_tzcmp_status
cp_tzcheck_icu_timeline(struct cp_tzcmp_timeline *tl, struct cp_icu_zone *zone,
			char *msg, size_t msgsz)
{
	struct lib_ctx c = { .icu = zone };

	return lib_timeline(tl, &c, "ICU lists transitions out of order", msg, msgsz);
}

enum cp_tzcmp_status
cp_tzcheck_ical_timeline(struct cp_tzcmp_timeline *tl, struct cp_ical_zone *zone,
			 char *msg, size_t msgsz)
{
	struct lib_ctx c = { .ical = zone };

	return lib_timeline(tl, &c, "libical lists transitions out of order", msg, msgsz);
}
