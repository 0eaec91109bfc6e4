/*
 * ICU and libical as cp_tzcmp_source callbacks (see tz_check.h).
 */
#include "tz_check.h"

#include <stdio.h>

struct icu_ctx {
	struct cp_icu_zone *zone;
	struct cp_error err;
};

static bool
icu_offset_at(void *ctx, cp_instant t, int32_t *utoff)
{
	struct icu_ctx *c = ctx;

	return cp_icu_zone_offset_at(c->zone, t, utoff, NULL, &c->err);
}

static bool
icu_next(void *ctx, cp_instant t, cp_instant *next, bool *failed)
{
	struct icu_ctx *c = ctx;

	if (cp_icu_zone_next_transition(c->zone, t, next, &c->err))
		return true;
	if (c->err.status != CP_OK)
		*failed = true;
	return false;
}

enum cp_tzcmp_status
cp_tzcheck_icu_timeline(struct cp_tzcmp_timeline *tl, struct cp_icu_zone *zone,
			char *msg, size_t msgsz)
{
	struct icu_ctx c = { .zone = zone, .err = { .status = CP_OK } };
	struct cp_tzcmp_source src = { &c, icu_offset_at, icu_next };
	enum cp_tzcmp_status st = cp_tzcmp_timeline_build(tl, &src);

	if (st == CP_TZCMP_ERR_SOURCE && msgsz)
		snprintf(msg, msgsz, "%s", c.err.message[0] ? c.err.message
				: "ICU lists transitions out of order");
	return st;
}

struct ical_ctx {
	struct cp_ical_zone *zone;
	struct cp_error err;
};

static bool
ical_offset_at(void *ctx, cp_instant t, int32_t *utoff)
{
	struct ical_ctx *c = ctx;

	return cp_ical_zone_offset_at(c->zone, t, utoff, NULL, &c->err);
}

static bool
ical_next(void *ctx, cp_instant t, cp_instant *next, bool *failed)
{
	struct ical_ctx *c = ctx;

	if (cp_ical_zone_next_transition(c->zone, t, next, &c->err))
		return true;
	if (c->err.status != CP_OK)
		*failed = true;
	return false;
}

enum cp_tzcmp_status
cp_tzcheck_ical_timeline(struct cp_tzcmp_timeline *tl, struct cp_ical_zone *zone,
			 char *msg, size_t msgsz)
{
	struct ical_ctx c = { .zone = zone, .err = { .status = CP_OK } };
	struct cp_tzcmp_source src = { &c, ical_offset_at, ical_next };
	enum cp_tzcmp_status st = cp_tzcmp_timeline_build(tl, &src);

	if (st == CP_TZCMP_ERR_SOURCE && msgsz)
		snprintf(msg, msgsz, "%s", c.err.message[0] ? c.err.message
				: "libical lists transitions out of order");
	return st;
}
