/*
 * Lookups on a loaded zone: UTC -> local, local -> UTC with gaps and
 * overlaps made explicit, and transitions in a range.
 *
 * Every lookup runs on a "view": a sorted list of transitions with the type
 * in force before the first one. Instants before the zone's table_end use the
 * zone's own table (stored TZif transitions plus the footer rule expanded to
 * 2101); later ones use a three-year view computed from the footer rule on
 * the stack, so the answer is right for any year without growing the table.
 */
#include "tz-private.h"

#include <string.h>

struct view {
	const cp_instant *at;
	const uint8_t *idx;
	size_t n;
	uint8_t initial;            /* type before at[0] */
	const struct tz_type *types;
};

/* A view built from the footer rule for the years around `year`. */
struct rule_view {
	cp_instant at[6];
	uint8_t idx[6];
};

static void
make_rule_view(const struct cp_tz *tz, int32_t year, struct rule_view *rv, struct view *v)
{
	size_t n = 0;
	for (int32_t y = year - 1; y <= year + 1; y++) {
		cp_instant a, b;
		if (!cp_tz_posix_year(&tz->rule, y, &a, &b))
			continue;
		/* Insert in order: a (to DST) and b (to standard). */
		cp_instant first = a < b ? a : b, second = a < b ? b : a;
		rv->at[n] = first;
		rv->idx[n++] = a < b ? tz->rule_dst_idx : tz->rule_std_idx;
		rv->at[n] = second;
		rv->idx[n++] = a < b ? tz->rule_std_idx : tz->rule_dst_idx;
	}
	v->at = rv->at;
	v->idx = rv->idx;
	v->n = n;
	v->types = tz->types;
	if (n == 0) {
		/* DST all year in all three years. */
		v->initial = tz->rule_dst_idx;
	} else {
		/* Transitions alternate, so before the first one the other
		 * type was in force. */
		v->initial = rv->idx[0] == tz->rule_dst_idx ? tz->rule_std_idx
							     : tz->rule_dst_idx;
	}
}

static int32_t
year_of(cp_instant t)
{
	struct cp_civil c;
	cp_instant_to_civil(t, &c);
	return c.year;
}

static void
zone_view(const struct cp_tz *tz, struct view *v)
{
	v->at = tz->at;
	v->idx = tz->idx;
	v->n = tz->n;
	v->initial = 0; /* RFC 8536: type 0 before the first transition */
	v->types = tz->types;
}

/* The view to use for instant (or local-time key) t. */
static void
view_for(const struct cp_tz *tz, cp_instant t, struct rule_view *rv, struct view *v)
{
	if (tz->has_rule && t >= tz->table_end)
		make_rule_view(tz, year_of(t), rv, v);
	else
		zone_view(tz, v);
}

/* Number of transitions at or before t: the index of the period holding t. */
static size_t
period_of(const struct view *v, cp_instant t)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct tz_type *
period_type(const struct view *v, size_t p)
{
	return &v->types[p == 0 ? v->initial : v->idx[p - 1]];
}

int32_t
cp_tz_offset_at(const struct cp_tz *tz, cp_instant t)
{
	struct rule_view rv;
	struct view v;
	view_for(tz, t, &rv, &v);
	return period_type(&v, period_of(&v, t))->utoff;
}

void
cp_tz_to_local(const struct cp_tz *tz, cp_instant t, struct cp_tz_local *out)
{
	struct rule_view rv;
	struct view v;
	view_for(tz, t, &rv, &v);
	const struct tz_type *ty = period_type(&v, period_of(&v, t));
	cp_instant_to_civil(t + ty->utoff, &out->wall);
	out->utoff = ty->utoff;
	out->is_dst = ty->isdst;
	memcpy(out->abbr, ty->abbr, sizeof out->abbr);
}

const char *
cp_tz_kind_name(enum cp_tz_kind kind)
{
	switch (kind) {
	case CP_TZ_NORMAL: return "normal";
	case CP_TZ_GAP: return "gap";
	case CP_TZ_OVERLAP: return "overlap";
	}
	return "?";
}

/*
 * Local -> UTC. Period p covers the wall times [start_p + off_p, end_p +
 * off_p). Both ends grow with p (periods last far longer than any offset
 * jump), so the periods whose wall span holds the wall time L are found
 * around the last period whose UTC start is at or before L - off. We look at
 * a small window of periods around that point and keep those that really
 * contain L: none is a gap, one is normal, two an overlap.
 */
enum cp_tz_kind
cp_tz_to_utc(const struct cp_tz *tz, const struct cp_civil *wall, struct cp_tz_resolution *out)
{
	cp_instant L = cp_civil_to_instant(wall);
	struct rule_view rv;
	struct view v;
	view_for(tz, L, &rv, &v);

	/* Offsets are within +-26 h, so the candidate periods are those that
	 * overlap [L - 26h, L + 26h] in UTC. */
	size_t lo = period_of(&v, L - 26 * 3600);
	size_t hi = period_of(&v, L + 26 * 3600);
	size_t found[2];
	size_t nfound = 0;
	for (size_t p = lo; p <= hi; p++) {
		int32_t off = period_type(&v, p)->utoff;
		cp_instant t = L - off;
		bool after_start = p == 0 || t >= v.at[p - 1];
		bool before_end = p == v.n || t < v.at[p];
		if (after_start && before_end) {
			if (nfound < 2)
				found[nfound] = p;
			else
				found[1] = p; /* keep the earliest and latest */
			nfound++;
		}
	}

	if (nfound == 1) {
		int32_t off = period_type(&v, found[0])->utoff;
		out->kind = CP_TZ_NORMAL;
		out->earliest = out->latest = L - off;
		out->offset_before = out->offset_after = off;
		out->transition = 0;
	} else if (nfound >= 2) {
		int32_t before = period_type(&v, found[0])->utoff;
		int32_t after = period_type(&v, found[1])->utoff;
		out->kind = CP_TZ_OVERLAP;
		out->earliest = L - before;
		out->latest = L - after;
		out->offset_before = before;
		out->offset_after = after;
		out->transition = v.at[found[1] - 1];
	} else {
		/* A gap: find the forward jump that skipped L. It is the first
		 * transition whose new wall span starts after L. */
		size_t p = lo;
		while (p < hi && v.at[p] + period_type(&v, p + 1)->utoff <= L)
			p++;
		int32_t before = period_type(&v, p)->utoff;
		int32_t after = period_type(&v, p + 1)->utoff;
		out->kind = CP_TZ_GAP;
		out->earliest = out->latest = L - before;
		out->offset_before = before;
		out->offset_after = after;
		out->transition = v.at[p];
	}
	return out->kind;
}

static bool
same_type(const struct tz_type *a, const struct tz_type *b)
{
	return a->utoff == b->utoff && a->isdst == b->isdst && strcmp(a->abbr, b->abbr) == 0;
}

/* Calls emit() for each real change in [from, to) of one view, restricted to
 * [lo, hi); returns the count. */
static size_t
scan_view(const struct view *v, cp_instant from, cp_instant to,
	  struct cp_tz_transition *out, size_t cap, size_t count)
{
	for (size_t p = period_of(v, from - 1); p < v->n && v->at[p] < to; p++) {
		if (v->at[p] < from)
			continue;
		const struct tz_type *before = period_type(v, p);
		const struct tz_type *after = period_type(v, p + 1);
		if (same_type(before, after))
			continue;
		if (count < cap) {
			struct cp_tz_transition *tr = &out[count];
			tr->at = v->at[p];
			tr->offset_before = before->utoff;
			tr->offset_after = after->utoff;
			tr->dst_after = after->isdst;
			memcpy(tr->abbr_after, after->abbr, sizeof tr->abbr_after);
		}
		count++;
	}
	return count;
}

size_t
cp_tz_transitions(const struct cp_tz *tz, cp_instant from, cp_instant to,
		  struct cp_tz_transition *out, size_t cap)
{
	size_t count = 0;
	if (from >= to)
		return 0;
	if (!tz->has_rule || from < tz->table_end) {
		struct view v;
		zone_view(tz, &v);
		cp_instant end = tz->has_rule && to > tz->table_end ? tz->table_end : to;
		count = scan_view(&v, from, end, out, cap, count);
	}
	if (tz->has_rule && to > tz->table_end) {
		/* Year by year from the rule; each view spans three years but
		 * only its middle year is scanned. */
		cp_instant start = from > tz->table_end ? from : tz->table_end;
		for (int32_t y = year_of(start); ; y++) {
			cp_instant ys = cp_days_from_civil(y, 1, 1) * 86400;
			cp_instant ye = cp_days_from_civil(y + 1, 1, 1) * 86400;
			if (ys >= to)
				break;
			struct rule_view rv;
			struct view v;
			make_rule_view(tz, y, &rv, &v);
			count = scan_view(&v, ys > start ? ys : start, ye < to ? ye : to,
					  out, cap, count);
		}
	}
	return count;
}

const char *
cp_tz_name(const struct cp_tz *tz)
{
	return tz->name;
}
