/*
 * The api layers' one error object (api/common/error.h): setting clears
 * every optional field, out of memory stays CP_ERR_NOMEM through the errno
 * helper and through a prefix, the suggestion and the JSON Pointer are
 * fields, NULL errors are accepted, and long texts are cut, terminated.
 */
#include <errno.h>
#include <string.h>

#include "cli/commands.h"
#include "common/error.h"

#include "common/check.h"

static void set_and_clear(void)
{
	struct cp_error e;

	memset(&e, 0x5a, sizeof e);
	CHECK(cp_error_set(&e, CP_ERR_NOT_FOUND, "no such %s \"%s\"", "feed", "x") ==
		      CP_ERR_NOT_FOUND, "set returns its status");
	CHECK(e.status == CP_ERR_NOT_FOUND, "status set");
	CHECK(strcmp(e.message, "no such feed \"x\"") == 0, "message: %s", e.message);
	CHECK(e.pointer[0] == '\0' && e.suggestion[0] == '\0' && e.line == 0 && e.errnum == 0 &&
		      e.code == 0, "set empties the optional fields");
	cp_error_set_pointer(&e, "/people/3/zone");
	cp_error_set_suggestion(&e, "Europe/Brussels");
	CHECK(strcmp(e.pointer, "/people/3/zone") == 0, "pointer: %s", e.pointer);
	CHECK(strcmp(e.suggestion, "Europe/Brussels") == 0, "suggestion: %s", e.suggestion);
	cp_error_set_suggestion(&e, NULL);
	CHECK(e.suggestion[0] == '\0', "NULL empties the suggestion");
	cp_error_clear(&e);
	CHECK(e.status == CP_OK && e.message[0] == '\0' && e.pointer[0] == '\0', "cleared");
}

static void nomem_stays(void)
{
	struct cp_error e;

	CHECK(cp_error_errno(&e, ENOMEM, "cannot write %s", "f") == CP_ERR_NOMEM,
	      "ENOMEM is out of memory");
	CHECK(e.errnum == ENOMEM, "errnum kept");
	CHECK(cp_error_prefix(&e, "feed of %s", "T1") == CP_ERR_NOMEM, "prefix keeps the status");
	CHECK(strcmp(e.message, "feed of T1: cannot write f") == 0, "prefixed: %s", e.message);
	CHECK(e.status == CP_ERR_NOMEM && e.errnum == ENOMEM, "prefix keeps the fields");
	CHECK(cp_error_errno(&e, EACCES, "x") == CP_ERR_IO, "another errno is I/O");
	CHECK(strcmp(cp_status_name(CP_ERR_NOMEM), "out of memory") == 0, "name of NOMEM");
	CHECK(strcmp(cp_status_name(CP_ERR_IO), cp_status_name(CP_ERR_NOMEM)) != 0,
	      "I/O and out of memory have different names");
}

static void null_and_long(void)
{
	char big[2 * CP_ERROR_MESSAGE_SIZE];
	struct cp_error e;

	CHECK(cp_error_set(NULL, CP_ERR_IO, "x") == CP_ERR_IO, "NULL error: status returned");
	cp_error_clear(NULL);
	cp_error_set_pointer(NULL, "/a");
	CHECK(cp_error_prefix(NULL, "p") == CP_OK, "NULL prefix");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cp_error_set(&e, CP_ERR_INVALID, "%s", big);
	CHECK(strlen(e.message) == sizeof e.message - 1, "message cut at the buffer");
	cp_error_prefix(&e, "%s", "pre");
	CHECK(strlen(e.message) == sizeof e.message - 1 && strncmp(e.message, "pre: a", 6) == 0,
	      "prefix of a full message: cut, terminated");
	cp_error_set_suggestion(&e, big);
	CHECK(strlen(e.suggestion) == sizeof e.suggestion - 1, "suggestion cut at the buffer");
}

/* The documented exit codes (docs/cli.md): 2 bad input, 1 internal or I/O
 * error (out of memory included). */
static void exit_codes(void)
{
	static const struct {
		enum cp_status status;
		int code;
	} t[] = {
		{ CP_OK, 0 },
		{ CP_ERR_INVALID, 2 },
		{ CP_ERR_NOT_FOUND, 2 },
		{ CP_ERR_UNSUPPORTED, 2 },
		{ CP_ERR_IO, 1 },
		{ CP_ERR_NOMEM, 1 },
		{ CP_ERR_BUSY, 1 },
		{ CP_ERR_LIBRARY, 1 },
		{ CP_ERR_INTERNAL, 1 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(cp_cli_exit_for(t[i].status) == t[i].code, "%s: exit %d, want %d",
		      cp_status_name(t[i].status), cp_cli_exit_for(t[i].status), t[i].code);
}

int main(void)
{
	set_and_clear();
	nomem_stays();
	null_and_long();
	exit_codes();
	printf("error: %ld checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
