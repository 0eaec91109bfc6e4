/*
 * cohortplan generate: a deterministic synthetic problem for scale tests,
 * with realistic or (for older measurements) narrow availability (see
 * api/formats/problem_generate.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "formats/atomic_file.h"
#include "formats/problem_generate.h"

#include <cohortplan/problem.h>

static void usage(FILE *f)
{
	fputs("Usage: cohortplan generate --participants N [--seed S] [--zones LIST]\n"
	      "                           [--teachers office|varied]\n"
	      "                           [--availability realistic|narrow] [-o FILE]\n"
	      "\n"
	      "Write a synthetic planning problem: day workers, shift workers with\n"
	      "rotating rosters, stay-at-home partners and parents, weekend-only people and\n"
	      "people between jobs, taught by teachers in Europe/Brussels (or, with\n"
	      "--teachers varied, also in Bogota and Amman). The same options give the\n"
	      "same bytes.\n"
	      "\n"
	      "Options:\n"
	      "  --participants N  how many participants (1..200000)\n"
	      "  --seed S          random seed (default 1)\n"
	      "  --zones LIST      comma-separated IANA zones or regions: mena (the default:\n"
	      "                    Casablanca, Beirut, Amman), latam, asia, world (12 zones\n"
	      "                    from UTC-6 to UTC+8);\n"
	      "                    e.g. --zones mena,latam or --zones Asia/Beirut,Asia/Manila\n"
	      "  --teachers KIND   office (the default: all in Brussels, office hours) or\n"
	      "                    varied (day, evening, early and weekend teachers in\n"
	      "                    Brussels, and in Bogota and Amman)\n"
	      "  --availability A  realistic (the default): windows shaped like working\n"
	      "                    lives (evenings after the commute and weekend mornings,\n"
	      "                    school hours, every day outside a roster, weekends,\n"
	      "                    working days between jobs) on each country's working\n"
	      "                    week; about 60-85% of people can be placed.\n"
	      "                    narrow: the original generator's shorter windows, byte\n"
	      "                    for byte, to repeat older measurements\n"
	      "  -o FILE           write FILE atomically (temporary file, then rename)\n"
	      "                    instead of standard output\n"
	      "  -h, --help        show this help\n", f);
}

static bool parse_size(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* The zones of --zones (names or regions, each once) into zones[*nz];
 * they point into *listp, which the caller frees. -1 to go on, else the
 * exit code. */
static int
parse_zones(struct cp_cli *cli, const char *zones_arg, const char **zones, size_t *nz,
	    char **listp)
{
	char *list;
	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	list = *listp = strdup(zones_arg);
	if (!list)
		return CP_EXIT_FAILURE;
	char *save = NULL;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t rn = 0;
		const char *const *region = cp_generate_region(t, &rn);
		struct cp_tz_error err;
		if (!region) {
			if (!cp_tzdb_zone(db, t, &err))
				return cp_cli_usage(cli, "generate", "--zones: %s", err.message);
			region = (const char *const *)&t;
			rn = 1;
		}
		for (size_t k = 0; k < rn; k++) {
			bool dup = false;
			for (size_t j = 0; j < *nz; j++)
				dup = dup || strcmp(zones[j], region[k]) == 0;
			if (dup)
				continue;
			if (*nz == CP_GENERATE_MAX_ZONES)
				return cp_cli_usage(cli, "generate", "--zones: at most %d zones",
						    CP_GENERATE_MAX_ZONES);
			zones[(*nz)++] = region[k];
		}
	}
	if (*nz == 0)
		return cp_cli_usage(cli, "generate", "--zones: empty list");
	return -1;
}

/* Which of two words an option's value is: 0 or 1, -1 for neither or none. */
static int
one_of(const char *v, const char *first, const char *second)
{
	if (v && strcmp(v, first) == 0)
		return 0;
	if (v && strcmp(v, second) == 0)
		return 1;
	return -1;
}

int cp_cmd_generate(struct cp_cli *cli, int argc, char **argv)
{
	unsigned long long participants = 0, seed = 1;
	const char *zones_arg = NULL, *outfile = NULL;
	bool have_n = false;
	enum cp_generate_teachers teachers = CP_GENERATE_TEACHERS_OFFICE;
	enum cp_generate_availability availability = CP_GENERATE_AVAILABILITY_REALISTIC;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(a, "--participants") == 0) {
			if (!parse_size(v, CP_PROBLEM_MAX_PARTICIPANTS, &participants) || participants == 0)
				return cp_cli_usage(cli, "generate",
						    "--participants takes a number from 1 to %d",
						    CP_PROBLEM_MAX_PARTICIPANTS);
			have_n = true;
			i++;
		} else if (strcmp(a, "--seed") == 0) {
			if (!parse_size(v, UINT64_MAX, &seed))
				return cp_cli_usage(cli, "generate", "--seed takes a whole number");
			i++;
		} else if (strcmp(a, "--zones") == 0) {
			if (!v)
				return cp_cli_usage(cli, "generate", "--zones takes a list");
			zones_arg = v;
			i++;
		} else if (strcmp(a, "--teachers") == 0) {
			int k = one_of(v, "office", "varied");
			if (k < 0)
				return cp_cli_usage(cli, "generate", "--teachers takes office or varied");
			teachers = k == 0 ? CP_GENERATE_TEACHERS_OFFICE : CP_GENERATE_TEACHERS_VARIED;
			i++;
		} else if (strcmp(a, "--availability") == 0) {
			int k = one_of(v, "realistic", "narrow");
			if (k < 0)
				return cp_cli_usage(cli, "generate",
						    "--availability takes realistic or narrow");
			availability = k == 0 ? CP_GENERATE_AVAILABILITY_REALISTIC
					      : CP_GENERATE_AVAILABILITY_NARROW;
			i++;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (!v)
				return cp_cli_usage(cli, "generate", "-o takes a file name");
			outfile = v;
			i++;
		} else {
			return cp_cli_usage(cli, "generate", "unexpected argument '%s'", a);
		}
	}
	if (!have_n)
		return cp_cli_usage(cli, "generate", "missing --participants N");

	const char *zones[CP_GENERATE_MAX_ZONES];
	size_t nz = 0;
	char *list = NULL;
	if (zones_arg) {
		int zrc = parse_zones(cli, zones_arg, zones, &nz, &list);
		if (zrc >= 0) {
			free(list);
			return zrc;
		}
	}

	struct cp_generate_options opt = {
		.participants = (size_t)participants,
		.seed = (uint64_t)seed,
		.n_zones = nz,
		.zones = nz ? zones : NULL,
		.teachers = teachers,
		.availability = availability,
	};
	size_t len = 0;
	char *json = cp_problem_generate(&opt, &len);
	free(list);
	if (!json) {
		fprintf(cli->err, "cohortplan generate: out of memory\n");
		return CP_EXIT_FAILURE;
	}
	int rc = CP_EXIT_OK;
	if (outfile) {
		/* a reader never sees half a problem (atomic_file.h) */
		struct cp_error ferr;
		if (!cp_atomic_write(outfile, json, len, &ferr)) {
			fprintf(cli->err, "cohortplan generate: %s\n", ferr.message);
			rc = CP_EXIT_FAILURE;
		}
	} else if (fwrite(json, 1, len, cli->out) != len) {
		fprintf(cli->err, "cohortplan generate: cannot write standard output\n");
		rc = CP_EXIT_FAILURE;
	}
	free(json);
	return rc;
}
