/*
 * The cohortplan command line: one function per subcommand.
 *
 * main.c parses the global options, then hands the remaining arguments to a
 * command. A command owns its own option parsing, prints its own --help, and
 * returns one of the documented exit codes below; it never calls exit().
 */
#ifndef CP_CLI_COMMANDS_H
#define CP_CLI_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include <cohortplan/tz.h>

#include "common/error.h"

/* Exit codes, documented in the README; keep them stable. */
enum cp_exit {
	CP_EXIT_OK = 0,
	CP_EXIT_FAILURE = 1,  /* internal or I/O error (unreadable file, out of memory) */
	CP_EXIT_INPUT = 2,    /* bad input: malformed data, unknown zone, invalid value */
	CP_EXIT_DISAGREE = 3, /* tz doctor / tz diff: the compared data disagree */
	CP_EXIT_USAGE = 64,   /* bad command line (as sysexits.h EX_USAGE) */
};

/* Shared state of one cohortplan run. */
struct cp_cli {
	const char *tzdir;      /* --tzdata DIR, $COHORTPLAN_TZDIR or the build default */
	bool quiet;             /* --quiet: no progress on stderr */
	struct cp_tzdb *tzdb;   /* opened on first use by cp_cli_tzdb() */
	FILE *in;               /* stdin, replaceable for tests */
	FILE *out;              /* stdout, replaceable for tests */
	FILE *err;              /* stderr */
};

/* The pinned time zone database, opened on first use. Prints the reason to
 * cli->err and returns NULL when it cannot be opened. */
struct cp_tzdb *cp_cli_tzdb(struct cp_cli *cli);

/* True when arg asks for help ("--help" or "-h"). */
bool cp_cli_is_help(const char *arg);

/* Report a bad command line in the one documented form,
 *   cohortplan CMD: MESSAGE (try 'cohortplan CMD --help')
 * on cli->err, and return CP_EXIT_USAGE. cmd is the command path ("tz
 * to-utc"), or NULL for the global options. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int cp_cli_usage(struct cp_cli *cli, const char *cmd, const char *fmt, ...);

/* For commands of the form `cohortplan CMD [OPTION...] FILE -o OUTDIR`
 * (report, solve); what names the file in messages ("plan", "problem").
 *
 * cp_cli_file_operand: an argument no option claimed. It becomes *file,
 * unless it looks like an option or a file was given already; then it
 * reports the bad command line (cp_cli_usage) and returns false.
 * cp_cli_operands_given: after the options; reports a missing FILE or
 * OUTDIR the same way and returns false. */
bool cp_cli_file_operand(struct cp_cli *cli, const char *cmd, const char *what, const char *arg,
			 const char **file);
bool cp_cli_operands_given(struct cp_cli *cli, const char *cmd, const char *what,
			   const char *file, const char *outdir);

/* Print the errors (not the warnings) of a failed load from diag on
 * cli->err, one a line: "FILE: PATH: message", PATH "(document)" when the
 * error is about the file as a whole. */
struct cp_diag;
void cp_cli_print_errors(struct cp_cli *cli, const char *file, const struct cp_diag *diag);
/* A diagnostics list for command cmd (cp_diag_create(max)); NULL after
 * printing "cohortplan CMD: out of memory" on cli->err. */
struct cp_diag *cp_cli_diag(struct cp_cli *cli, const char *cmd, size_t max);

/* The exit code for an api error's status, the one mapping the commands
 * share: CP_EXIT_OK for CP_OK; CP_EXIT_INPUT when the input is at fault
 * (CP_ERR_INVALID, CP_ERR_NOT_FOUND, CP_ERR_UNSUPPORTED); CP_EXIT_FAILURE
 * for I/O, out of memory, library and internal errors. */
static inline int
cp_cli_exit_for(enum cp_status status)
{
	switch (status) {
	case CP_OK: return CP_EXIT_OK;
	case CP_ERR_INVALID:
	case CP_ERR_NOT_FOUND:
	case CP_ERR_UNSUPPORTED: return CP_EXIT_INPUT;
	case CP_ERR_IO:
	case CP_ERR_NOMEM:
	case CP_ERR_BUSY:
	case CP_ERR_LIBRARY:
	case CP_ERR_INTERNAL: break;
	}
	return CP_EXIT_FAILURE;
}

/* Subcommands. argv[0] is the subcommand's own name. */
int cp_cmd_tz(struct cp_cli *cli, int argc, char **argv);          /* cmd_tz.c */
int cp_cmd_tz_doctor(struct cp_cli *cli, int argc, char **argv);   /* cmd_tz_doctor.c */
int cp_cmd_tz_diff(struct cp_cli *cli, int argc, char **argv);     /* cmd_tz_doctor.c */
int cp_cmd_validate(struct cp_cli *cli, int argc, char **argv);    /* cmd_validate.c */
int cp_cmd_generate(struct cp_cli *cli, int argc, char **argv);    /* cmd_generate.c */
int cp_cmd_serve(struct cp_cli *cli, int argc, char **argv);       /* cmd_serve.c */
int cp_cmd_solve(struct cp_cli *cli, int argc, char **argv);       /* cmd_solve.c */
int cp_cmd_candidates(struct cp_cli *cli, int argc, char **argv);  /* cmd_candidates.c */
int cp_cmd_report(struct cp_cli *cli, int argc, char **argv);      /* cmd_report.c */
int cp_cmd_export(struct cp_cli *cli, int argc, char **argv);     /* cmd_export.c */
int cp_cmd_attendance(struct cp_cli *cli, int argc, char **argv); /* cmd_attendance.c */
int cp_cmd_appointments(struct cp_cli *cli, int argc, char **argv); /* cmd_appointments.c */

/* The entry named name in an option table of n entries of size bytes each,
 * every entry starting with its name (a const char *); NULL when none is. */
const void *cp_cli_option_find(const void *table, size_t n, size_t size, const char *name);

/* A command of the program or a subcommand of one: its name, what runs it
 * (argv[0] is the name) and its one-line summary for --help. */
struct cp_cli_command {
	const char *name;
	int (*run)(struct cp_cli *cli, int argc, char **argv);
	const char *summary;
};

/* The command named name among the n of cmds, or NULL. */
const struct cp_cli_command *cp_cli_command_find(const struct cp_cli_command *cmds, size_t n,
						 const char *name);
/* List the n commands of cmds on f, one "  NAME  SUMMARY" line each, as
 * --help shows them. */
void cp_cli_print_commands(FILE *f, const struct cp_cli_command *cmds, size_t n);

/* Print the errors (not the warnings) of a failed read of a CSV file (an
 * attendance register, accepted make-ups) from diag on cli->err, one a line:
 * "FILE:LINE:COLUMN: message", or "FILE: message" for an error about the
 * file as a whole. */
void cp_cli_print_line_errors(struct cp_cli *cli, const char *file, const struct cp_diag *diag);

#endif
