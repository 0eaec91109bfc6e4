/*
 * Calendar arithmetic on the proleptic Gregorian calendar, and the strict
 * ISO 8601 parsers and formatters of tz.h. No zones here.
 *
 * Day counts use Howard Hinnant's era-based algorithms ("chrono-Compatible
 * Low-Level Date Algorithms"): exact for every year, branch-light, no tables.
 */
#include <cohortplan/tz.h>

#include <stdio.h>
#include <string.h>

int64_t
cp_days_from_civil(int32_t year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                   /* [0, 399] */
	int64_t mp = (month + 9) % 12;                                 /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + day - 1;                    /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void
cp_civil_from_days(int64_t days, int32_t *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int32_t)(yoe + era * 400 + (m <= 2));
	*month = m;
	*day = d;
}

int
cp_weekday_from_days(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static bool
is_leap(int32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
cp_month_days(int32_t y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool
cp_civil_valid(const struct cp_civil *c)
{
	return c->year >= 1 && c->year <= 9999 &&
	       c->month >= 1 && c->month <= 12 &&
	       c->day >= 1 && c->day <= cp_month_days(c->year, c->month) &&
	       c->hour >= 0 && c->hour <= 23 &&
	       c->minute >= 0 && c->minute <= 59 &&
	       c->second >= 0 && c->second <= 59;
}

cp_instant
cp_civil_to_instant(const struct cp_civil *c)
{
	return cp_days_from_civil(c->year, c->month, c->day) * 86400 +
	       c->hour * 3600 + c->minute * 60 + c->second;
}

void
cp_instant_to_civil(cp_instant t, struct cp_civil *out)
{
	int64_t days = t / 86400;
	int64_t secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days -= 1;
	}
	cp_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
}

/* Reads exactly n decimal digits at *p; advances *p. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool
expect(const char **p, char ch)
{
	if (**p != ch)
		return false;
	(*p)++;
	return true;
}

/* "YYYY-MM-DD" prefix; does not check what follows. */
static bool
parse_date_part(const char **p, struct cp_civil *c)
{
	int y, m, d;
	if (!digits(p, 4, &y) || !expect(p, '-') || !digits(p, 2, &m) ||
	    !expect(p, '-') || !digits(p, 2, &d))
		return false;
	c->year = y;
	c->month = m;
	c->day = d;
	return true;
}

/* "THH:MM" with optional ":SS"; does not check what follows. */
static bool
parse_time_part(const char **p, struct cp_civil *c)
{
	int h, mi, s = 0;
	if (!expect(p, 'T') || !digits(p, 2, &h) || !expect(p, ':') || !digits(p, 2, &mi))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!digits(p, 2, &s))
			return false;
	}
	c->hour = h;
	c->minute = mi;
	c->second = s;
	return true;
}

bool
cp_parse_date(const char *s, struct cp_civil *out)
{
	struct cp_civil c = { 0 };
	const char *p = s;
	if (!parse_date_part(&p, &c) || *p != '\0' || !cp_civil_valid(&c))
		return false;
	*out = c;
	return true;
}

bool
cp_parse_local(const char *s, struct cp_civil *out)
{
	struct cp_civil c = { 0 };
	const char *p = s;
	if (!parse_date_part(&p, &c) || !parse_time_part(&p, &c) || *p != '\0' ||
	    !cp_civil_valid(&c))
		return false;
	*out = c;
	return true;
}

bool
cp_parse_utc(const char *s, cp_instant *out)
{
	struct cp_civil c = { 0 };
	const char *p = s;
	if (!parse_date_part(&p, &c) || !parse_time_part(&p, &c) || !expect(&p, 'Z') ||
	    *p != '\0' || !cp_civil_valid(&c))
		return false;
	*out = cp_civil_to_instant(&c);
	return true;
}

char *
cp_format_local(const struct cp_civil *c, char buf[CP_TIME_BUFSZ])
{
	snprintf(buf, CP_TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02d", (int)c->year,
		 c->month, c->day, c->hour, c->minute, c->second);
	return buf;
}

char *
cp_format_utc(cp_instant t, char buf[CP_TIME_BUFSZ])
{
	struct cp_civil c;
	cp_instant_to_civil(t, &c);
	snprintf(buf, CP_TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)c.year,
		 c.month, c.day, c.hour, c.minute, c.second);
	return buf;
}
