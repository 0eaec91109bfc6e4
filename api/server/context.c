/*
 * What every part of the server shares about the running daemon: the log,
 * the clock and the pool of store connections for request threads. Kept
 * apart from server.c so that the handlers lean on this file and never
 * call back into the file that routes to them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "server-private.h"

void
srv_log(struct cp_server *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!s->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&s->log_lock);
	s->cfg.log(s->cfg.log_data, line);
	pthread_mutex_unlock(&s->log_lock);
}

bool
srv_parse_num_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	/* digits only, no leading zero, within int64 */
	if (!s[0] || s[0] == '0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

int64_t
srv_now(struct cp_server *s)
{
	return s->cfg.clock(s->cfg.clock_data);
}

struct cp_store *
srv_store_get(struct cp_server *s)
{
	struct cp_store *st;

	pthread_mutex_lock(&s->pool_lock);
	while (s->idle_n == 0)
		pthread_cond_wait(&s->pool_cond, &s->pool_lock);
	st = s->idle[--s->idle_n];
	pthread_mutex_unlock(&s->pool_lock);
	return st;
}

void
srv_store_put(struct cp_server *s, struct cp_store *st)
{
	pthread_mutex_lock(&s->pool_lock);
	s->idle[s->idle_n++] = st;
	pthread_cond_signal(&s->pool_cond);
	pthread_mutex_unlock(&s->pool_lock);
}
