/*
 * cohortplan serve: the planner API and the calendar feeds over HTTP
 * (api/server, docs/server.md). This file parses the options, reads the
 * token file, starts the server, logs, and waits for SIGTERM or SIGINT,
 * then shuts down gracefully (running solves stop at their best plan).
 */
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "pipeline/pipeline.h"
#include "server/server.h"

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan serve --db FILE --token-file FILE [OPTION...]\n"
	      "\n"
	      "Serve the planner API (JSON under /v1, bearer token) and the subscribable\n"
	      "calendar feeds (/feeds/TOKEN.ics) until SIGTERM or SIGINT. See docs/server.md.\n"
	      "\n"
	      "Options:\n"
	      "  --listen HOST:PORT       address to listen on (default 127.0.0.1:8080;\n"
	      "                           port 0 picks a free one, logged at start)\n"
	      "  --db FILE                the SQLite database (created if missing, mode 0600)\n"
	      "  --token-file FILE        file holding the planner token (>= 16 characters)\n"
	      "  --base-url URL           prefix of feed URLs (default http://HOST:PORT)\n"
	      "  --retention-days N       remove courses that ended N days ago (default: keep)\n"
	      "  --threads N              HTTP threads (default 4)\n"
	      "  --workers N              solves at a time (default 1)\n"
	      "  --queue N                solve jobs waiting at most (default 8)\n"
	      "  --max-body BYTES         request body limit (default 33554432)\n"
	      "  --timeout SECONDS        idle connection timeout (default 30)\n"
	      "  --max-solve-seconds S    cap on a job's time limit (default 600)\n"
	      "  --header-timeout S       request line and headers complete within S s\n"
	      "                           of connecting or of the previous answer (default 10)\n"
	      "  --body-timeout S         grace for a request body (default 20), after which\n"
	      "  --body-min-rate BYTES    it must average BYTES a second (default 1024)\n"
	      "  --access-log             log every request (feed tokens redacted)\n"
	      "  --hold-solves            tests only: a solve waits at its first progress\n"
	      "                           report until its job is stopped\n"
	      "  -h, --help               show this help\n", f);
}

struct serve_log {
	FILE *f;
	bool quiet;
};

static void
log_line(void *data, const char *line)
{
	struct serve_log *l = data;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (l->quiet)
		return;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(l->f, "%s cohortplan serve: %s\n", stamp, line);
	fflush(l->f);
}

/* The token file's first line, without surrounding blanks. */
static char *
read_token(struct cp_cli *cli, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	struct stat st;
	size_t n;
	char *start;

	if (!f) {
		fprintf(cli->err, "cohortplan serve: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 0077))
		fprintf(cli->err, "cohortplan serve: warning: %s is readable by others; "
			"chmod 600 it\n", path);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	n = strlen(buf);
	if (n == sizeof(buf) - 1 && buf[n - 1] != '\n') {
		/* refused, not cut: a cut token would silently differ */
		fprintf(cli->err, "cohortplan serve: the token in %s is longer than %zu "
			"characters\n", path, sizeof(buf) - 2);
		memset(buf, 0, sizeof(buf));
		return NULL;
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
		     buf[n - 1] == '\t'))
		buf[--n] = '\0';
	start = buf + strspn(buf, " \t");
	if (strlen(start) < 16) {
		fprintf(cli->err, "cohortplan serve: the token in %s is shorter than 16 characters\n",
			path);
		return NULL;
	}
	start = strdup(start);
	memset(buf, 0, sizeof(buf));
	return start;
}

static bool
parse_unsigned(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !s[0] || s[0] == '-')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* The options that take a whole number: its largest value, whether 0 is
 * allowed, and the configuration field it sets (of type type). */
struct number_option {
	const char *name;
	unsigned long max;
	bool zero_ok;
	enum { N_UNSIGNED, N_INT, N_SIZE, N_DOUBLE } type;
	size_t off;
};

#define NUMBER(n, m, z, t, field) { n, m, z, t, offsetof(struct cp_server_config, field) }
static const struct number_option number_options[] = {
	NUMBER("--retention-days", 36500, true, N_INT, retention_days),
	NUMBER("--threads", 256, false, N_UNSIGNED, http_threads),
	NUMBER("--workers", 64, false, N_UNSIGNED, workers),
	NUMBER("--queue", 10000, false, N_UNSIGNED, queue),
	NUMBER("--max-body", 1ul << 30, false, N_SIZE, max_body),
	NUMBER("--timeout", 3600, false, N_UNSIGNED, timeout),
	NUMBER("--max-solve-seconds", 86400, false, N_DOUBLE, max_solve_seconds),
	NUMBER("--header-timeout", 3600, false, N_UNSIGNED, header_timeout),
	NUMBER("--body-timeout", 3600, false, N_UNSIGNED, body_timeout),
	NUMBER("--body-min-rate", 1ul << 30, false, N_UNSIGNED, body_min_rate),
};

static const struct number_option *
number_option(const char *name)
{
	return cp_cli_option_find(number_options, sizeof(number_options) / sizeof(number_options[0]),
				  sizeof(number_options[0]), name);
}

static void
set_number(struct cp_server_config *cfg, const struct number_option *opt, unsigned long u)
{
	char *at = (char *)cfg + opt->off;
	switch (opt->type) {
	case N_UNSIGNED:
		*(unsigned *)(void *)at = (unsigned)u;
		break;
	case N_INT:
		*(int *)(void *)at = (int)u;
		break;
	case N_SIZE:
		*(size_t *)(void *)at = u;
		break;
	case N_DOUBLE:
		*(double *)(void *)at = (double)u;
		break;
	}
}

int
cp_cmd_serve(struct cp_cli *cli, int argc, char **argv)
{
	struct cp_server_config cfg = { .listen = "127.0.0.1:8080" };
	struct serve_log log = { .f = cli->err, .quiet = cli->quiet };
	struct cp_error err = { 0 };
	const char *token_file = NULL;
	struct cp_server *srv;
	sigset_t sigs;
	char *token;
	int sig = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const struct number_option *opt;
		unsigned long u;

		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		}
		if (strcmp(a, "--access-log") == 0) {
			cfg.access_log = true;
			continue;
		}
		if (strcmp(a, "--hold-solves") == 0) {
			cfg.hold_solves = true;
			continue;
		}
		if (a[0] != '-' || a[1] != '-')
			return cp_cli_usage(cli, "serve", "unexpected argument '%s'", a);
		if (!v)
			return cp_cli_usage(cli, "serve", "option '%s' needs a value", a);
		i++;
		if (strcmp(a, "--listen") == 0) {
			cfg.listen = v;
		} else if (strcmp(a, "--db") == 0) {
			cfg.db = v;
		} else if (strcmp(a, "--token-file") == 0) {
			token_file = v;
		} else if (strcmp(a, "--base-url") == 0) {
			cfg.base_url = v;
		} else if (!(opt = number_option(a))) {
			return cp_cli_usage(cli, "serve", "unknown option '%s'", a);
		} else if (!parse_unsigned(v, opt->max, &u) || (!u && !opt->zero_ok)) {
			return cp_cli_usage(cli, "serve", "bad value '%s' for %s", v, a);
		} else {
			set_number(&cfg, opt, u);
		}
	}
	if (!cfg.db)
		return cp_cli_usage(cli, "serve", "missing --db FILE");
	if (!token_file)
		return cp_cli_usage(cli, "serve", "missing --token-file FILE");

	cfg.tzdb = cp_cli_tzdb(cli);
	if (!cfg.tzdb)
		return CP_EXIT_FAILURE;
	token = read_token(cli, token_file);
	if (!token)
		return CP_EXIT_INPUT;
	cfg.token = token;
	cfg.solve = cp_pipeline_solve;
	cfg.log = log_line;
	cfg.log_data = &log;

	/* Block the stop signals in every thread the server starts; this
	 * thread takes them with sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	srv = cp_server_create(&cfg, &err);
	memset(token, 0, strlen(token));
	free(token);
	if (!srv) {
		fprintf(cli->err, "cohortplan serve: %s\n", err.message);
		return err.status == CP_ERR_INVALID ? CP_EXIT_USAGE : CP_EXIT_FAILURE;
	}
	/* The one line scripts wait for (always printed, even with -q). */
	fprintf(cli->err, "cohortplan serve: listening on port %u\n",
		(unsigned)cp_server_port(srv));
	fflush(cli->err);
	while (sigwait(&sigs, &sig) != 0)
		;
	log_line(&log, sig == SIGTERM ? "SIGTERM: stopping" : "SIGINT: stopping");
	cp_server_destroy(srv);
	log_line(&log, "stopped");
	return CP_EXIT_OK;
}
