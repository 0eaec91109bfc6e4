/*
 * Synthetic planning problems for scale tests: `cohortplan generate`.
 *
 * The same options always give the same bytes (a seeded splitmix64; no
 * clock, no host state), so a generated problem can be named in a bug
 * report by its command line. Zones are Morocco, Lebanon and Jordan unless
 * others are asked for. Two availability models (enum
 * cp_generate_availability): the realistic one, shaped like working lives
 * so that most but not all people can be placed, and the narrow one, the
 * original generator's short windows, kept byte for byte so that older
 * measurements can be repeated.
 *
 * Ownership: cp_problem_generate() returns a malloc'd NUL-terminated JSON
 * text the caller frees, or NULL when out of memory.
 */
#ifndef CP_FORMATS_PROBLEM_GENERATE_H
#define CP_FORMATS_PROBLEM_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#define CP_GENERATE_MAX_ZONES 64

/* Teachers: all in Brussels on office hours (the original generator), or
 * varied: day, evening, early and weekend teachers in Brussels plus teachers
 * in Bogota (for Latin American evenings) and Amman (Sunday-Thursday week),
 * three contract sizes and a week of leave each. */
enum cp_generate_teachers {
	CP_GENERATE_TEACHERS_OFFICE = 0,
	CP_GENERATE_TEACHERS_VARIED,
};

/* Participants' availability, in their own zone.
 *
 * Realistic (the default): by profile, day workers (evenings after the
 * commute on their country's working days, mostly with a weekend morning),
 * shift workers (every day outside a rotating early/late/night roster),
 * stay-at-home partners and parents (school hours, some evenings when the
 * partner is home, some weekend afternoons), weekend-only people and people
 * between jobs (wide weekday windows). Working days and weekends follow the
 * country (Friday-Saturday weekends in Jordan and Egypt, for example).
 * About 60-85% of participants are placeable; the rest have no cohort
 * that could take them (docs/solver.md, "Realistic availability").
 *
 * Narrow: the original generator, unchanged (same options, same bytes as
 * before the realistic model existed): office workers with weekday evenings
 * and Saturday mornings, the same shift workers, parents with weekday
 * mornings, weekend-only people and people between jobs, with shorter
 * windows and the Monday-Friday week everywhere. */
enum cp_generate_availability {
	CP_GENERATE_AVAILABILITY_REALISTIC = 0,
	CP_GENERATE_AVAILABILITY_NARROW,
};

struct cp_generate_options {
	size_t participants;      /* 1 .. CP_PROBLEM_MAX_PARTICIPANTS */
	uint64_t seed;
	size_t n_zones;           /* 0: Africa/Casablanca, Asia/Beirut, Asia/Amman */
	const char *const *zones; /* IANA names, checked by the caller */
	enum cp_generate_teachers teachers; /* 0 (office) keeps older outputs */
	enum cp_generate_availability availability; /* 0: realistic; narrow
	                                             * keeps older outputs */
};

/* Zone lists for --zones shorthands: "mena", "latam", "asia", and "world":
 * 12 zones from UTC-6 to UTC+8 (Mexico City, Bogota, Sao Paulo, Casablanca,
 * Lagos, Cairo, Nairobi, Beirut, Amman, Almaty, Kolkata, Manila). NULL for
 * an unknown name; *n receives the count. Static. */
const char *const *cp_generate_region(const char *name, size_t *n);

char *cp_problem_generate(const struct cp_generate_options *opt, size_t *len);

#endif
