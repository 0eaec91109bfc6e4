/*
 * The POSIX TZ string in a TZif v2+ footer (RFC 8536 section 3.3): it
 * governs every instant after the last transition stored in the file, which
 * with zic's default "slim" output is often as early as 2007. Getting 2030
 * right depends on this file.
 */
#include "tz-private.h"

#include <string.h>

static bool
parse_name(const char **p, char out[CP_TZ_ABBR_MAX])
{
	const char *s = *p;
	size_t n = 0;
	if (*s == '<') {
		/* Quoted form, e.g. <+01> or <-0330>. */
		s++;
		while (s[n] && s[n] != '>') {
			char ch = s[n];
			if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			      (ch >= '0' && ch <= '9') || ch == '+' || ch == '-'))
				return false;
			n++;
		}
		if (s[n] != '>' || n < 3 || n >= CP_TZ_ABBR_MAX)
			return false;
		memcpy(out, s, n);
		out[n] = '\0';
		*p = s + n + 1;
		return true;
	}
	while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))
		n++;
	if (n < 3 || n >= CP_TZ_ABBR_MAX)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + n;
	return true;
}

static bool
parse_num(const char **p, int max, int *out)
{
	const char *s = *p;
	int v = 0, nd = 0;
	while (*s >= '0' && *s <= '9' && nd < 3) {
		v = v * 10 + (*s - '0');
		s++;
		nd++;
	}
	if (nd == 0 || v > max)
		return false;
	*p = s;
	*out = v;
	return true;
}

/* [+-]hh[:mm[:ss]] as seconds; hours up to 167 (RFC 8536 extension). */
static bool
parse_hms(const char **p, int32_t *out)
{
	const char *s = *p;
	int sign = 1, h, m = 0, sec = 0;
	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
	}
	if (!parse_num(&s, 167, &h))
		return false;
	if (*s == ':') {
		s++;
		if (!parse_num(&s, 59, &m))
			return false;
		if (*s == ':') {
			s++;
			if (!parse_num(&s, 59, &sec))
				return false;
		}
	}
	*p = s;
	*out = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool
parse_rule(const char **p, struct tz_rule *r)
{
	const char *s = *p;
	if (*s == 'M') {
		s++;
		r->kind = TZ_RULE_MWD;
		if (!parse_num(&s, 12, &r->month) || r->month < 1 || *s++ != '.' ||
		    !parse_num(&s, 5, &r->week) || r->week < 1 || *s++ != '.' ||
		    !parse_num(&s, 6, &r->wday))
			return false;
	} else if (*s == 'J') {
		s++;
		r->kind = TZ_RULE_JULIAN1;
		if (!parse_num(&s, 365, &r->day) || r->day < 1)
			return false;
	} else {
		r->kind = TZ_RULE_JULIAN0;
		if (!parse_num(&s, 365, &r->day))
			return false;
	}
	r->secs = 2 * 3600; /* POSIX default: 02:00 */
	if (*s == '/') {
		s++;
		if (!parse_hms(&s, &r->secs))
			return false;
	}
	*p = s;
	return true;
}

bool
cp_tz_posix_parse(const char *s, struct tz_posix *out)
{
	struct tz_posix r;
	int32_t off;
	memset(&r, 0, sizeof r);
	if (!parse_name(&s, r.std.abbr) || !parse_hms(&s, &off))
		return false;
	r.std.utoff = -off; /* POSIX counts west of Greenwich as positive */
	if (*s == '\0') {
		*out = r;
		return true;
	}
	r.has_dst = true;
	r.dst.isdst = true;
	if (!parse_name(&s, r.dst.abbr))
		return false;
	r.dst.utoff = r.std.utoff + 3600;
	if (*s != ',' && *s != '\0') {
		if (!parse_hms(&s, &off))
			return false;
		r.dst.utoff = -off;
	}
	if (*s == '\0') {
		/* POSIX leaves the default rule to the implementation; zic
		 * never writes this form. Use the US rule, as glibc does. */
		r.start = (struct tz_rule){ TZ_RULE_MWD, 0, 3, 2, 0, 7200 };
		r.end = (struct tz_rule){ TZ_RULE_MWD, 0, 11, 1, 0, 7200 };
	} else {
		if (*s++ != ',' || !parse_rule(&s, &r.start) || *s++ != ',' ||
		    !parse_rule(&s, &r.end) || *s != '\0')
			return false;
	}
	*out = r;
	return true;
}

/* Days since the epoch of the day a rule names in a year. */
static int64_t
rule_day(const struct tz_rule *r, int32_t year)
{
	int64_t jan1 = cp_days_from_civil(year, 1, 1);
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	switch (r->kind) {
	case TZ_RULE_JULIAN1:
		return jan1 + r->day - 1 + (leap && r->day >= 60);
	case TZ_RULE_JULIAN0:
		return jan1 + r->day;
	case TZ_RULE_MWD:
	default: {
		int64_t first = cp_days_from_civil(year, r->month, 1);
		int64_t d = first + (r->wday - cp_weekday_from_days(first) + 7) % 7 +
			    7 * (r->week - 1);
		int next_m = r->month == 12 ? 1 : r->month + 1;
		int32_t next_y = r->month == 12 ? year + 1 : year;
		int64_t next_first = cp_days_from_civil(next_y, next_m, 1);
		while (d >= next_first) /* week 5 means "last" */
			d -= 7;
		return d;
	}
	}
}

bool
cp_tz_posix_year(const struct tz_posix *p, int32_t year, cp_instant *start,
		 cp_instant *end)
{
	/* Start is given in standard time, end in daylight time. */
	*start = rule_day(&p->start, year) * 86400 + p->start.secs - p->std.utoff;
	*end = rule_day(&p->end, year) * 86400 + p->end.secs - p->dst.utoff;

	/* RFC 8536 3.3.1: DST all year when it starts on January 1 at 00:00
	 * and ends on December 31 at 24:00 plus the DST/standard difference
	 * (e.g. "EST5EDT,0/0,J365/25"). */
	cp_instant year_start = cp_days_from_civil(year, 1, 1) * 86400 - p->std.utoff;
	cp_instant year_end = cp_days_from_civil(year + 1, 1, 1) * 86400 - p->std.utoff;
	return !(*start <= year_start && *end >= year_end);
}
