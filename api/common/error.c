/* The api layers' one error object: see error.h. */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *
cp_status_name(enum cp_status status)
{
	switch (status) {
	case CP_OK: return "ok";
	case CP_ERR_INVALID: return "invalid input";
	case CP_ERR_NOT_FOUND: return "not found";
	case CP_ERR_IO: return "input/output error";
	case CP_ERR_NOMEM: return "out of memory";
	case CP_ERR_UNSUPPORTED: return "unsupported";
	case CP_ERR_BUSY: return "busy";
	case CP_ERR_LIBRARY: return "library failure";
	case CP_ERR_INTERNAL: return "internal error";
	}
	return "unknown error";
}

void
cp_error_clear(struct cp_error *err)
{
	if (!err)
		return;
	err->status = CP_OK;
	err->message[0] = '\0';
	err->pointer[0] = '\0';
	err->suggestion[0] = '\0';
	err->line = 0;
	err->errnum = 0;
	err->code = 0;
}

enum cp_status
cp_error_vset(struct cp_error *err, enum cp_status status, const char *fmt, va_list ap)
{
	if (!err)
		return status;
	cp_error_clear(err);
	err->status = status;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return status;
}

enum cp_status
cp_error_set(struct cp_error *err, enum cp_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_error_vset(err, status, fmt, ap);
	va_end(ap);
	return status;
}

enum cp_status
cp_error_errno(struct cp_error *err, int errnum, const char *fmt, ...)
{
	enum cp_status status = errnum == ENOMEM ? CP_ERR_NOMEM : CP_ERR_IO;
	va_list ap;

	va_start(ap, fmt);
	cp_error_vset(err, status, fmt, ap);
	va_end(ap);
	if (err)
		err->errnum = errnum;
	return status;
}

enum cp_status
cp_error_prefix(struct cp_error *err, const char *fmt, ...)
{
	char prefix[CP_ERROR_MESSAGE_SIZE], old[CP_ERROR_MESSAGE_SIZE];
	va_list ap;

	if (!err)
		return CP_OK;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof(old));
	/* Both halves may be long; cut the joined text at the buffer, as a
	 * message of that length always was. */
	size_t n = strlen(prefix);
	memcpy(err->message, prefix, n < sizeof(err->message) ? n + 1 : sizeof(err->message));
	err->message[sizeof(err->message) - 1] = '\0';
	n = strlen(err->message);
	if (n + 2 < sizeof(err->message)) {
		memcpy(err->message + n, ": ", 3);
		n += 2;
		size_t m = strnlen(old, sizeof(old) - 1);
		if (m > sizeof(err->message) - 1 - n)
			m = sizeof(err->message) - 1 - n;
		memcpy(err->message + n, old, m);
		err->message[n + m] = '\0';
	}
	return err->status;
}

static void
copy_field(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

void
cp_error_set_pointer(struct cp_error *err, const char *pointer)
{
	if (err)
		copy_field(err->pointer, sizeof(err->pointer), pointer);
}

void
cp_error_set_suggestion(struct cp_error *err, const char *suggestion)
{
	if (err)
		copy_field(err->suggestion, sizeof(err->suggestion), suggestion);
}
