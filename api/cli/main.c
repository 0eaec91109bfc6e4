/*
 * cohortplan: the command-line program.
 *
 * This file only parses the global options, finds the zoneinfo directory and
 * hands the remaining arguments to a subcommand from the table below. Every
 * subcommand parses its own options, prints its own --help and returns one of
 * the exit codes of enum cp_exit (commands.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cohortplan/diag.h>

#include "cp-config.h"
#include "commands.h"

/* Later issues add solve, export, serve and report here; the table lists only
 * what exists so that --help never advertises a command that fails. */
static const struct cp_cli_command commands[] = {
	{ "tz", cp_cmd_tz, "time zone conversions and checks against the pinned tzdata" },
	{ "validate", cp_cmd_validate, "check a planning problem file without solving it" },
	{ "generate", cp_cmd_generate, "write a synthetic planning problem for scale tests" },
	{ "candidates", cp_cmd_candidates, "candidate timetables and who can attend them, and why not" },
	{ "solve", cp_cmd_solve, "form cohorts and pick times and teachers; write the plan" },
	{ "report", cp_cmd_report, "draw a plan as report.html, the planner's visual report" },
	{ "export", cp_cmd_export, "write a plan's calendar feeds, timetable.json and OneRoster CSV" },
	{ "attendance", cp_cmd_attendance, "the attendance KPI so far from a plan and its register" },
	{ "appointments", cp_cmd_appointments, "book intake and follow-up calls with case managers" },
#if CP_HAVE_SERVER
	{ "serve", cp_cmd_serve, "serve the planner API and calendar feeds over HTTP" },
#endif
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
print_help(FILE *f)
{
	fputs("Usage: cohortplan [OPTION...] COMMAND [ARG...]\n"
	      "\n"
	      "Time-zone-aware class scheduling.\n"
	      "\n"
	      "Options:\n"
	      "  --tzdata DIR   compiled zoneinfo to use (default: $COHORTPLAN_TZDIR,\n"
	      "                 else the pinned tzdata this program was built with)\n"
	      "  -q, --quiet    no progress messages on stderr\n"
	      "  -h, --help     show this help and exit\n"
	      "  -V, --version  show the program and tzdata versions and exit\n"
	      "\n"
	      "Commands:\n", f);
	cp_cli_print_commands(f, commands, N_COMMANDS);
	fputs("\n"
	      "'cohortplan COMMAND --help' or 'cohortplan help COMMAND' describes a command.\n"
	      "Exit status: 0 ok, 1 internal or I/O error, 2 bad input, 64 bad usage.\n", f);
}

bool
cp_cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int
cp_cli_usage(struct cp_cli *cli, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(cli->err, "cohortplan%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(cli->err, fmt, ap);
	va_end(ap);
	fprintf(cli->err, " (try 'cohortplan%s%s --help')\n", cmd ? " " : "", cmd ? cmd : "");
	return CP_EXIT_USAGE;
}

bool
cp_cli_file_operand(struct cp_cli *cli, const char *cmd, const char *what, const char *arg,
		    const char **file)
{
	if (arg[0] == '-' && arg[1] != '\0') {
		cp_cli_usage(cli, cmd, "unknown option '%s'", arg);
		return false;
	}
	if (*file) {
		cp_cli_usage(cli, cmd, "more than one %s file ('%s')", what, arg);
		return false;
	}
	*file = arg;
	return true;
}

bool
cp_cli_operands_given(struct cp_cli *cli, const char *cmd, const char *what, const char *file,
		      const char *outdir)
{
	if (!file) {
		cp_cli_usage(cli, cmd, "no %s file given", what);
		return false;
	}
	if (!outdir) {
		cp_cli_usage(cli, cmd, "no output directory given (-o OUTDIR)");
		return false;
	}
	return true;
}

void
cp_cli_print_errors(struct cp_cli *cli, const char *file, const struct cp_diag *diag)
{
	for (size_t i = 0; i < cp_diag_count(diag); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(diag, i);
		if (e->severity == CP_DIAG_ERROR)
			fprintf(cli->err, "%s: %s: %s\n", file, e->path[0] ? e->path : "(document)",
				e->message);
	}
}

struct cp_diag *
cp_cli_diag(struct cp_cli *cli, const char *cmd, size_t max)
{
	struct cp_diag *d = cp_diag_create(max);

	if (!d)
		fprintf(cli->err, "cohortplan %s: out of memory\n", cmd);
	return d;
}

struct cp_tzdb *
cp_cli_tzdb(struct cp_cli *cli)
{
	struct cp_tz_error err;

	if (cli->tzdb)
		return cli->tzdb;
	memset(&err, 0, sizeof(err));
	cli->tzdb = cp_tzdb_create(cli->tzdir, &err);
	if (!cli->tzdb)
		fprintf(cli->err, "cohortplan: cannot open time zone data in %s: %s\n",
			cli->tzdir,
			err.message[0] ? err.message : cp_tz_strerror(err.status));
	return cli->tzdb;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The zoneinfo directory, most explicit choice first. The build tree's copy
 * wins over the installed one only while it exists, so an installed program
 * keeps working after its build tree is removed. */
static const char *
find_tzdir(const char *opt)
{
	const char *env;

	if (opt)
		return opt;
	env = getenv("COHORTPLAN_TZDIR");
	if (env && env[0])
		return env;
	if (is_dir(CP_TZDIR_BUILD))
		return CP_TZDIR_BUILD;
	return CP_TZDIR_INSTALL;
}

static const struct cp_cli_command *
find_command(const char *name)
{
	return cp_cli_command_find(commands, N_COMMANDS, name);
}

/* "cohortplan help [COMMAND]" is "cohortplan [COMMAND] --help". */
static int
run_help(struct cp_cli *cli, int argc, char **argv)
{
	const struct cp_cli_command *cmd;
	char help_arg[] = "--help";
	char *sub_argv[3];

	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		print_help(cli->out);
		return CP_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return cp_cli_usage(cli, NULL, "unknown command '%s'", argv[1]);
	sub_argv[0] = argv[1];
	sub_argv[1] = help_arg;
	sub_argv[2] = NULL;
	return cmd->run(cli, 2, sub_argv);
}

static int
finish(struct cp_cli *cli, int status)
{
	/* A full disk shows up only when stdout is flushed: a command that
	 * reported success or bad input must not hide it. A command that
	 * failed outright has said why already. */
	errno = 0;
	if (status != CP_EXIT_FAILURE && (fflush(cli->out) != 0 || ferror(cli->out))) {
		fprintf(cli->err, "cohortplan: error writing output%s%s\n",
			errno ? ": " : "", errno ? strerror(errno) : "");
		status = CP_EXIT_FAILURE;
	}
	cp_tzdb_destroy(cli->tzdb);
	cli->tzdb = NULL;
	return status;
}

int
main(int argc, char **argv)
{
	struct cp_cli cli = { .in = stdin, .out = stdout, .err = stderr };
	const char *tzdir_opt = NULL;
	const struct cp_cli_command *cmd;
	int i;

	/* The tz streams read millions of lines: read in large blocks. This
	 * must come before any other use of stdin. */
	setvbuf(stdin, NULL, _IOFBF, 1 << 16);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (cp_cli_is_help(a)) {
			print_help(cli.out);
			return finish(&cli, CP_EXIT_OK);
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			fprintf(cli.out, "cohortplan %s (tzdata %s)\n", CP_VERSION, CP_TZDATA_VERSION);
			return finish(&cli, CP_EXIT_OK);
		}
		if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			cli.quiet = true;
		} else if (strcmp(a, "--tzdata") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return cp_cli_usage(&cli, NULL, "option '--tzdata' needs a directory");
			tzdir_opt = argv[++i];
		} else if (strncmp(a, "--tzdata=", 9) == 0) {
			if (a[9] == '\0')
				return cp_cli_usage(&cli, NULL, "option '--tzdata' needs a directory");
			tzdir_opt = a + 9;
		} else {
			return cp_cli_usage(&cli, NULL, "unknown option '%s'", a);
		}
	}
	cli.tzdir = find_tzdir(tzdir_opt);

	if (i >= argc)
		return cp_cli_usage(&cli, NULL, "missing command");
	if (strcmp(argv[i], "help") == 0)
		return finish(&cli, run_help(&cli, argc - i, argv + i));
	cmd = find_command(argv[i]);
	if (!cmd)
		return cp_cli_usage(&cli, NULL, "unknown command '%s'", argv[i]);
	return finish(&cli, cmd->run(&cli, argc - i, argv + i));
}

const void *
cp_cli_option_find(const void *table, size_t n, size_t size, const char *name)
{
	for (size_t k = 0; k < n; k++) {
		const char *const *entry = (const void *)((const char *)table + k * size);
		if (strcmp(name, *entry) == 0)
			return entry;
	}
	return NULL;
}

const struct cp_cli_command *
cp_cli_command_find(const struct cp_cli_command *cmds, size_t n, const char *name)
{
	return cp_cli_option_find(cmds, n, sizeof(cmds[0]), name);
}

void
cp_cli_print_commands(FILE *f, const struct cp_cli_command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
}

void
cp_cli_print_line_errors(struct cp_cli *cli, const char *file, const struct cp_diag *diag)
{
	for (size_t i = 0; i < cp_diag_count(diag); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(diag, i);
		if (e->severity != CP_DIAG_ERROR)
			continue;
		if (e->line > 0)
			fprintf(cli->err, "%s:%ld:%ld: %s\n", file, e->line, e->column, e->message);
		else
			fprintf(cli->err, "%s: %s\n", file, e->message);
	}
}
