/*
 * libical's view of the pinned zoneinfo (see ical_tz.h). Only api/ical/
 * includes libical.
 */
/* realpath() is XSI, beyond the project's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include "ical_tz.h"
#include "common/array.h"
#include "ical_time.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libical/ical.h>

#include "common/error.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* libical's change list covers this many years past what was asked, so that
 * walking forward does not re-expand for every year. */
#define EXPAND_AHEAD 10

/* The largest year libical 3.0 expands to (ICALTIMEZONE_MAX_YEAR on 64-bit
 * builds); asking for more is harmless, libical clamps. */
#define LIBICAL_MAX_YEAR 2582

struct cp_ical_zone {
	icaltimezone *zone;
	char *name;
	/* libical's change instants up to the end of changes_year, sorted. */
	cp_instant *changes;
	size_t nchanges;
	int32_t changes_year;  /* 0: not expanded yet */
};

static pthread_mutex_t ical_mutex = PTHREAD_MUTEX_INITIALIZER;

void
cp_ical_lock(void)
{
	pthread_mutex_lock(&ical_mutex);
}

void
cp_ical_unlock(void)
{
	pthread_mutex_unlock(&ical_mutex);
}

static pthread_once_t version_once = PTHREAD_ONCE_INIT;
static char version[32];

/* ICAL_VERSION says only "3.0"; the patch level matters for its bugs. */
static void
version_init(void)
{
	snprintf(version, sizeof(version), "%d.%d.%d", ICAL_MAJOR_VERSION, ICAL_MINOR_VERSION,
		 ICAL_PATCH_VERSION);
}

const char *
cp_ical_version(void)
{
	pthread_once(&version_once, version_init);
	return version;
}

/* IANA names: components of [A-Za-z0-9._+-], no "." or ".." component, no
 * leading or trailing slash. Anything else could walk out of the directory. */
static bool
valid_name(const char *name)
{
	const char *p = name;

	if (!name || !*name || strlen(name) > 255)
		return false;
	for (;;) {
		const char *seg = p;
		while (*p && *p != '/') {
			unsigned char c = (unsigned char)*p;
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			      c == '+' || c == '-'))
				return false;
			p++;
		}
		size_t len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.') ||
		    (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (!*p)
			return true;
		p++;
	}
}

static bool
append(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= cap)
		return false;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return true;
}

/*
 * The location to give icaltzutil_fetch_timezone() so that libical, which
 * opens "<its dir>/<location>", opens abs_file instead: climb from libical's
 * directory to "/" with one ".." per component of its real path (".." is
 * resolved physically, so symlinks in it do not matter), then descend.
 * Called with the lock held.
 */
static bool
libical_location(const char *abs_file, char *out, size_t cap, struct cp_error *err)
{
	const char *base = icaltzutil_get_zone_directory();
	char real[PATH_MAX];
	size_t len = 0;

	out[0] = '\0';
	if (!base) {
		cp_error_set(err, CP_ERR_IO, "libical has no zoneinfo directory");
		return false;
	}
	if (base[0]) {
		if (!realpath(base, real)) {
			cp_error_set(err, CP_ERR_IO, "libical's zoneinfo directory %s: %s",
				     base, strerror(errno));
			return false;
		}
		for (const char *p = real; *p; p++) {
			/* Each "/x" starts a component; "/" alone has none. */
			if (*p == '/' && p[1] && !append(out, cap, &len, "../"))
				goto too_long;
		}
	}
	/* An empty directory makes libical open "/<location>" itself. */
	if (!append(out, cap, &len, abs_file + 1))
		goto too_long;
	return true;
too_long:
	cp_error_set(err, CP_ERR_IO, "zoneinfo path too long for libical");
	return false;
}

/* Give the VTIMEZONE the zone's own name instead of libical's prefix plus
 * our detour path. */
static void
rename_vtimezone(icalcomponent *vtz, const char *name)
{
	icalproperty *p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);

	if (p)
		icalproperty_set_tzid(p, name);
	for (p = icalcomponent_get_first_property(vtz, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(vtz, ICAL_X_PROPERTY)) {
		const char *x = icalproperty_get_x_name(p);
		if (x && !strcmp(x, "X-LIC-LOCATION"))
			icalproperty_set_x(p, name);
	}
}

struct cp_ical_zone *
cp_ical_zone_create(const char *zoneinfo_dir, const char *name, struct cp_error *err)
{
	char dir[PATH_MAX], file[PATH_MAX], location[PATH_MAX], seen[PATH_MAX];
	struct stat want, got;
	struct cp_ical_zone *z = NULL;
	icalcomponent *vtz = NULL;
	size_t len;

	if (!valid_name(name)) {
		cp_error_set(err, CP_ERR_INVALID, "invalid time zone name \"%s\"",
			     name ? name : "(null)");
		return NULL;
	}
	if (!zoneinfo_dir || !realpath(zoneinfo_dir, dir)) {
		cp_error_set(err, CP_ERR_IO, "zoneinfo directory %s: %s",
			     zoneinfo_dir ? zoneinfo_dir : "(null)", strerror(errno));
		return NULL;
	}
	len = (size_t)snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (len >= sizeof(file)) {
		cp_error_set(err, CP_ERR_IO, "zoneinfo path too long");
		return NULL;
	}
	if (stat(file, &want) != 0 || !S_ISREG(want.st_mode)) {
		cp_error_set(err, CP_ERR_NOT_FOUND, "unknown time zone \"%s\" (no file in %s)",
			     name, dir);
		return NULL;
	}

	cp_ical_lock();
	/* Debian builds libical for system zoneinfo; a libical built with its
	 * own bundled VTIMEZONEs would refuse TZif files, so say we want the
	 * TZif reader. */
	if (icaltimezone_get_builtin_tzdata())
		icaltimezone_set_builtin_tzdata(0);
	if (!libical_location(file, location, sizeof(location), err))
		goto fail;
	/* Prove the detour lands on our file, not on a namesake elsewhere. */
	len = (size_t)snprintf(seen, sizeof(seen), "%s/%s", icaltzutil_get_zone_directory(),
			       location);
	if (len >= sizeof(seen) || stat(seen, &got) != 0 ||
	    got.st_dev != want.st_dev || got.st_ino != want.st_ino) {
		cp_error_set(err, CP_ERR_IO, "libical cannot reach %s from %s", file,
			     icaltzutil_get_zone_directory());
		goto fail;
	}
	vtz = icaltzutil_fetch_timezone(location);
	if (!vtz) {
		cp_error_set(err, CP_ERR_LIBRARY, "libical cannot read %s: %s", file,
			     icalerror_strerror(icalerrno));
		goto fail;
	}
	rename_vtimezone(vtz, name);

	z = calloc(1, sizeof(*z));
	if (!z || !(z->name = strdup(name)) || !(z->zone = icaltimezone_new())) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (!icaltimezone_set_component(z->zone, vtz)) {
		cp_error_set(err, CP_ERR_LIBRARY, "libical rejects the VTIMEZONE of %s", name);
		goto fail;
	}
	/* The zone owns the component now. */
	vtz = NULL;
	cp_ical_unlock();
	cp_error_clear(err);
	return z;

fail:
	if (vtz)
		icalcomponent_free(vtz);
	if (z && z->zone)
		icaltimezone_free(z->zone, 1);
	if (z) {
		free(z->name);
		free(z);
	}
	cp_ical_unlock();
	return NULL;
}

void
cp_ical_zone_destroy(struct cp_ical_zone *zone)
{
	if (!zone)
		return;
	cp_ical_lock();
	icaltimezone_free(zone->zone, 1);
	cp_ical_unlock();
	free(zone->changes);
	free(zone->name);
	free(zone);
}

const char *
cp_ical_zone_name(const struct cp_ical_zone *zone)
{
	return zone->name;
}

char *
cp_ical_zone_vtimezone(struct cp_ical_zone *zone)
{
	char *s;

	cp_ical_lock();
	s = icalcomponent_as_ical_string_r(icaltimezone_get_component(zone->zone));
	cp_ical_unlock();
	return s;
}

/* Years libical can hold in an icaltimetype and we in a cp_civil. */
static bool
instant_in_range(cp_instant t)
{
	return t >= cp_days_from_civil(1, 1, 1) * 86400 &&
	       t < cp_days_from_civil(10000, 1, 1) * 86400;
}

bool
cp_ical_zone_offset_at(struct cp_ical_zone *zone, cp_instant t, int32_t *utoff,
		       bool *is_dst, struct cp_error *err)
{
	struct icaltimetype tt;
	struct cp_civil c;
	int dst = 0;
	int off;

	if (!instant_in_range(t)) {
		cp_error_set(err, CP_ERR_LIBRARY, "instant %lld outside years 1..9999",
			     (long long)t);
		return false;
	}
	/* Not icaltime_from_timet_with_zone(): it would go through gmtime
	 * and time_t. */
	cp_instant_to_civil(t, &c);
	tt = cp_ical_wall(&c);

	cp_ical_lock();
	tt.zone = icaltimezone_get_utc_timezone();
	off = icaltimezone_get_utc_offset_of_utc_time(zone->zone, &tt, &dst);
	cp_ical_unlock();
	*utoff = off;
	if (is_dst)
		*is_dst = dst != 0;
	cp_error_clear(err);
	return true;
}

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/*
 * One line of icaltimezone_dump_changes(), documented as
 * "Zone-Name [tab] Date [tab] Time [tab] UTC-Offset" with date and time in
 * UTC, printed as "%2i %s %04i" and "%2i:%02i:%02i". It is the only public
 * way to see libical's expanded change list.
 */
static bool
parse_change(const char *line, cp_instant *at)
{
	const char *tab = strchr(line, '\t');
	char mon[4];
	int day, year, hh, mm, ss, m;

	if (!tab)
		return false;
	if (sscanf(tab + 1, "%d %3s %d\t%d:%d:%d", &day, mon, &year, &hh, &mm, &ss) != 6)
		return false;
	for (m = 0; m < 12; m++)
		if (!strcmp(mon, month_names[m]))
			break;
	if (m == 12 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
	    ss < 0 || ss > 60)
		return false;
	*at = cp_days_from_civil(year, m + 1, day) * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

/* Expand libical's change list through the end of year `year`. */
static bool
expand_changes(struct cp_ical_zone *z, int32_t year, struct cp_error *err)
{
	char *buf = NULL, *line, *save = NULL;
	size_t size = 0, n = 0, cap = 0;
	cp_instant *list = NULL;
	FILE *f;

	if (year > LIBICAL_MAX_YEAR)
		year = LIBICAL_MAX_YEAR;
	f = open_memstream(&buf, &size);
	if (!f) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return false;
	}
	cp_ical_lock();
	icaltimezone_dump_changes(z->zone, year, f);
	cp_ical_unlock();
	if (fclose(f) != 0 || !buf) {
		free(buf);
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return false;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cp_instant at;
		if (!parse_change(line, &at)) {
			cp_error_set(err, CP_ERR_LIBRARY,
				     "cannot read libical's change list for %s: \"%.60s\"",
				     z->name, line);
			goto fail;
		}
		/* libical lists changes in order; keep the list strictly
		 * increasing even if it repeats an instant. */
		if (n && at <= list[n - 1])
			continue;
		cp_instant *nl = cp_array_grow(list, n, &cap, sizeof(*nl), 64);
		if (!nl) {
			cp_error_set(err, CP_ERR_NOMEM, "out of memory");
			goto fail;
		}
		list = nl;
		list[n++] = at;
	}
	free(buf);
	free(z->changes);
	z->changes = list;
	z->nchanges = n;
	z->changes_year = year;
	return true;
fail:
	free(buf);
	free(list);
	return false;
}

bool
cp_ical_zone_next_transition(struct cp_ical_zone *zone, cp_instant t, cp_instant *next,
			     struct cp_error *err)
{
	struct cp_civil c;
	size_t lo, hi;

	if (!instant_in_range(t)) {
		cp_error_set(err, CP_ERR_LIBRARY, "instant %lld outside years 1..9999",
			     (long long)t);
		return false;
	}
	cp_instant_to_civil(t, &c);
	/* The change after t may be in the next year: cover that too. */
	if (zone->changes_year < LIBICAL_MAX_YEAR && zone->changes_year < c.year + 1 &&
	    !expand_changes(zone, c.year + EXPAND_AHEAD, err))
		return false;
	for (;;) {
		lo = 0;
		hi = zone->nchanges;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (zone->changes[mid] <= t)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < zone->nchanges)
			break;
		/* Nothing in the years expanded so far; the next change may
		 * still be decades away (or there is none): look once as far
		 * as libical goes. */
		if (zone->changes_year >= LIBICAL_MAX_YEAR) {
			cp_error_clear(err);
			return false;
		}
		if (!expand_changes(zone, LIBICAL_MAX_YEAR, err))
			return false;
	}
	cp_error_clear(err);
	*next = zone->changes[lo];
	return true;
}

struct icaltimetype
cp_ical_wall(const struct cp_civil *c)
{
	struct icaltimetype it = icaltime_null_time();

	it.year = c->year;
	it.month = c->month;
	it.day = c->day;
	it.hour = c->hour;
	it.minute = c->minute;
	it.second = c->second;
	it.is_date = 0;
	return it;
}
