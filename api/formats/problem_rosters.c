/* Loading .ics rosters named in a problem: see problem_rosters.h. */
#include "problem_rosters.h"
#include "holidays_json.h"
#include "ical/roster.h"

#include <dirent.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cp_problem_status cp_problem_json_load_rosters(struct cp_problem *p, const char *base_dir,
						    bool no_files, struct cp_diag *diag)
{
	const struct cp_course *co = cp_problem_course(p);
	if (no_files)
		return CP_PROBLEM_OK;
	/* The horizon: the course window in every zone on Earth (a day's
	 * margin either side), as UTC instants. */
	cp_instant from = 0, to = 0;
	if (co->start != CP_DAY_UNSET && co->end != CP_DAY_UNSET && co->end >= co->start) {
		from = (cp_instant)(co->start - 1) * 86400;
		to = (cp_instant)(co->end + 2) * 86400;
	}
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		if (x->roster.kind != CP_ROSTER_ICS || !x->roster.ics || !x->tz || from >= to)
			continue; /* unknown zone or dates: already reported */
		char path[64];
		snprintf(path, sizeof(path), "/participants/%zu/roster/ics", i);
		char value[300];
		snprintf(value, sizeof(value), "\"%.250s\"", x->roster.ics);
		const char *dir = base_dir ? base_dir : ".";
		size_t n = strlen(dir) + strlen(x->roster.ics) + 2;
		char *file = malloc(n);
		if (!file)
			return CP_PROBLEM_ERR_NOMEM;
		snprintf(file, n, "%s/%s", dir, x->roster.ics);

		struct cp_roster_options ro = {
			.source = x->roster.ics, /* as written: messages stay portable */
			.tzdb = cp_problem_tzdb(p),
			.floating_zone = x->tz,
			.from = from,
			.to = to,
			.max_intervals = CP_PROBLEM_MAX_BUSY,
		};
		struct cp_interval_set busy;
		struct cp_error err = { 0 };
		cp_interval_set_init(&busy);
		/* With kinds of shift: the events of no kind here, each kind's
		 * below, with its margins. */
		const char *kinds[16];
		size_t nk = x->roster.n_kinds < 16 ? x->roster.n_kinds : 16;
		for (size_t k = 0; k < nk; k++)
			kinds[k] = x->roster.kinds[k].summary;
		ro.kinds = kinds;
		ro.n_kinds = nk;
		ro.kind = -1;
		bool ok = cp_roster_load(file, &ro, &busy, &err);
		for (size_t k = 0; ok && k < nk; k++) {
			struct cp_interval_set kb;
			cp_interval_set_init(&kb);
			ro.kind = (int)k;
			ok = cp_roster_load(file, &ro, &kb, &err) &&
			     (cp_problem_add_margin_busy(p, i, x->roster.kinds[k].margin_before,
							 x->roster.kinds[k].margin_after, &kb) ||
			      (err.status = CP_ERR_NOMEM, false));
			cp_interval_set_finish(&kb);
		}
		free(file);
		if (!ok) {
			cp_interval_set_finish(&busy);
			if (err.status == CP_ERR_NOMEM)
				return CP_PROBLEM_ERR_NOMEM;
			cp_diag_add(diag, CP_DIAG_ERROR, path, value, "%s roster: %s",
				    err.status == CP_ERR_IO ? "unreadable" : "invalid",
				    err.message);
			continue;
		}
		bool stored = cp_problem_set_busy(p, i, &busy);
		cp_interval_set_finish(&busy);
		if (!stored)
			return CP_PROBLEM_ERR_NOMEM;
	}
	return CP_PROBLEM_OK;
}

/* "BE, JO, LB, MA": the calendars shipped in dir, for the message. */
static void list_calendars(const char *dir, char *buf, size_t n)
{
	buf[0] = '\0';
	DIR *d = opendir(dir);
	if (!d)
		return;
	char names[64][20];
	size_t k = 0;
	struct dirent *e;
	while ((e = readdir(d)) && k < 64) {
		size_t l = strlen(e->d_name);
		if (l > 5 && l < 20 && strcmp(e->d_name + l - 5, ".json") == 0) {
			memcpy(names[k], e->d_name, l - 5);
			names[k++][l - 5] = '\0';
		}
	}
	closedir(d);
	qsort(names, k, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	size_t w = 0;
	for (size_t i = 0; i < k && w + 24 < n; i++)
		w += (size_t)snprintf(buf + w, n - w, "%s%s", i ? ", " : "", names[i]);
}

enum cp_problem_status cp_problem_json_check_calendars(const struct cp_problem *p,
						       const char *dir, struct cp_diag *diag)
{
	const char *ids[CP_PROBLEM_MAX_CALENDARS];
	char where[CP_PROBLEM_MAX_CALENDARS][CP_PROBLEM_PATH_LEN];
	if (!dir)
		return CP_PROBLEM_OK;
	/* Each id once, at its first use: 20,000 participants naming "MA"
	 * load one file, and a wrong id is one error. */
	size_t n = cp_problem_shipped_calendars(p, ids, where, CP_PROBLEM_MAX_CALENDARS);
	if (n > CP_PROBLEM_MAX_CALENDARS) {
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL,
			    "more than %d different shipped holiday calendars are named; at most "
			    "%d are supported", CP_PROBLEM_MAX_CALENDARS, CP_PROBLEM_MAX_CALENDARS);
		n = CP_PROBLEM_MAX_CALENDARS;
	}
	for (size_t i = 0; i < n; i++) {
		const char *id = ids[i];
		struct cp_error err = { 0 };
		struct cp_holiday_calendar *cal = cp_holidays_json_load_id(dir, id, &err);
		if (cal) {
			cp_holidays_destroy(cal);
			continue;
		}
		if (err.status == CP_ERR_NOMEM)
			return CP_PROBLEM_ERR_NOMEM;
		char value[40], known[512];
		snprintf(value, sizeof(value), "\"%.30s\"", id);
		list_calendars(dir, known, sizeof(known));
		if (err.status == CP_ERR_IO)
			cp_diag_add(diag, CP_DIAG_ERROR, where[i], value,
				    "no holiday calendar %s; expected one of %s, or one defined in "
				    "/calendars, or add dates of your own in /policy/extra_holidays",
				    value, known);
		else
			cp_diag_add(diag, CP_DIAG_ERROR, where[i], value,
				    "holiday calendar %s cannot be used: %s", value, err.message);
	}
	return CP_PROBLEM_OK;
}
