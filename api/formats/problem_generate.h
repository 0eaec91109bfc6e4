/*
 * Synthetic planning problems for scale tests: `cohortplan generate`.
 *
 * The same options always give the same bytes (a seeded splitmix64; no
 * clock, no host state), so a generated problem can be named in a bug
 * report by its command line. People are drawn from realistic kinds:
 * office workers (weekday evenings and Saturdays), shift workers (nurses
 * on a rotating early/late/night roster, as inline shifts), parents with
 * school hours (weekday mornings while the children are at school),
 * weekend-only people, and people between jobs; zones from Morocco, Lebanon
 * and Jordan unless others are asked for.
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

struct cp_generate_options {
	size_t participants;      /* 1 .. CP_PROBLEM_MAX_PARTICIPANTS */
	uint64_t seed;
	size_t n_zones;           /* 0: Africa/Casablanca, Asia/Beirut, Asia/Amman */
	const char *const *zones; /* IANA names, checked by the caller */
	enum cp_generate_teachers teachers; /* 0 (office) keeps older outputs */
};

/* Zone lists for --zones shorthands: "mena", "latam", "asia", and "world":
 * 12 zones from UTC-6 to UTC+8 (Mexico City, Bogota, Sao Paulo, Casablanca,
 * Lagos, Cairo, Nairobi, Beirut, Amman, Almaty, Kolkata, Manila). NULL for
 * an unknown name; *n receives the count. Static. */
const char *const *cp_generate_region(const char *name, size_t *n);

char *cp_problem_generate(const struct cp_generate_options *opt, size_t *len);

#endif
