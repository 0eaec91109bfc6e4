/*
 * The exported model, solved by COIN-OR CBC, has our optimum: the MPS file
 * says what we think it says. Skips (exit 77) when cbc is not installed
 * (Debian: coinor-cbc). Usage: test_cbc [seed ...]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static bool have_cbc(void)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		snprintf(buf, sizeof buf, "%.*s/cbc", (int)n, path);
		if (n > 0 && access(buf, X_OK) == 0)
			return true;
		path = end ? end + 1 : NULL;
	}
	return false;
}

/* CBC's solution file starts "Optimal - objective value -123.45". */
static bool cbc_objective(const char *dir, double *obj)
{
	char cmd[1024], line[512], path[600];
	FILE *f;
	bool ok = false;

	snprintf(cmd, sizeof cmd,
			"cd '%s' && cbc model.mps solve solu solution.txt >cbc.log 2>&1",
			dir);
	if (system(cmd) != 0)
		return false;
	snprintf(path, sizeof path, "%s/solution.txt", dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fgets(line, sizeof line, f) && strncmp(line, "Optimal", 7) == 0) {
		const char *v = strstr(line, "objective value");
		ok = v && sscanf(v, "objective value %lf", obj) == 1;
	}
	fclose(f);
	return ok;
}

static int check(uint64_t seed, const char *dir)
{
	struct tl_gen g = { 80, 20, 2, 8, 6, 0.35, seed };
	struct cp_solver_problem *p = tl_generate(&g, NULL, NULL);
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;
	struct cp_solver_error err;
	char path[600];
	double ours, theirs;
	int failures = 0;

	if (!p) {
		printf("seed %llu: cannot generate\n", (unsigned long long)seed);
		return 1;
	}
	cp_solver_options_init(&o);
	o.gap = 0;
	o.time_limit = 60;
	/* every kind of row in the file */
	o.strong_links = true;
	o.weights.margin = 0.4;
	o.weights.preference = 0.1;
	o.weights.profile = 0.2;
	snprintf(path, sizeof path, "%s/model.mps", dir);
	if (cp_solver_write_mps(p, &o, path, &err) != CP_SOLVER_OK) {
		printf("seed %llu: %s\n", (unsigned long long)seed, err.message);
		failures++;
	} else if (cp_solver_solve(p, &o, &r, &err) != CP_SOLVER_OK) {
		printf("seed %llu: %s\n", (unsigned long long)seed, err.message);
		failures++;
	} else if (cp_solver_result_outcome(r) != CP_SOLVER_OPTIMAL) {
		printf("seed %llu: not solved to optimality (gap %g)\n",
				(unsigned long long)seed, cp_solver_result_gap(r));
		failures++;
	} else if (!cbc_objective(dir, &theirs)) {
		printf("seed %llu: cbc failed (see %s/cbc.log)\n",
				(unsigned long long)seed, dir);
		failures++;
	} else {
		/* the file minimises the negated objective */
		ours = cp_solver_result_objective(r);
		theirs = -theirs;
		printf("seed %llu: ours %.9f, cbc %.9f, placed %ld\n",
				(unsigned long long)seed, ours, theirs,
				cp_solver_result_placed(r));
		if (fabs(ours - theirs) > 1e-6 * (1 + fabs(ours)))
			failures++;
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
	return failures;
}

int main(int argc, char **argv)
{
	char dir[512];
	const char *tmp = getenv("TMPDIR");
	int failures = 0;

	if (!have_cbc()) {
		printf("cbc not found: skipped (install coinor-cbc)\n");
		return 77;
	}
	snprintf(dir, sizeof dir, "%s/cp-solver-cbc-XXXXXX",
			tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failures += check(strtoull(argv[i], NULL, 10), dir);
	} else {
		for (uint64_t s = 1; s <= 3; s++)
			failures += check(s, dir);
	}
	if (!failures) {
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("could not remove %s\n", dir);
	}
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
