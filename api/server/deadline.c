/*
 * Slow clients: a deadline for each phase of a request, whatever trickles
 * in. libmicrohttpd (0.9.75) has only an idle timeout, which every byte
 * restarts, so a client sending one header line every few seconds held
 * its connection for ever (slowloris). Here every connection is known from
 * its start (MHD_OPTION_NOTIFY_CONNECTION) to its end, with the phase of
 * its current request:
 *
 *   headers    from the connection's start, or from the end of the previous
 *              answer on a kept-alive connection, until the access handler
 *              is first called: at most cfg.header_timeout seconds;
 *   body       from then until the last byte of the body: the client must
 *              keep an average of cfg.body_min_rate bytes a second after a
 *              grace of cfg.body_timeout seconds;
 *   answering  our turn: no deadline here (the idle timeout still holds).
 *
 * A watchdog thread looks four times a second and shuts the socket down
 * (shutdown, never close: libmicrohttpd owns the descriptor, sees the end
 * of the stream and cleans up as if the client had gone). The descriptor
 * cannot be reused under us: libmicrohttpd tells us a connection is closed
 * before it closes the socket, and the list is changed and read under one
 * lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "server-private.h"

enum phase { PHASE_HEADERS, PHASE_BODY, PHASE_ANSWERING };

struct srv_conn {
	struct srv_conn *prev, *next;
	MHD_socket fd;
	enum phase phase;
	struct timespec since;  /* start of the phase (CLOCK_MONOTONIC) */
	uint64_t body_bytes;    /* of the current request's body so far */
	bool cut;               /* shut down already: not again, not counted again */
};

static double
seconds_since(const struct timespec *t, const struct timespec *now)
{
	return (double)(now->tv_sec - t->tv_sec) + (double)(now->tv_nsec - t->tv_nsec) / 1e9;
}

void
srv_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		    enum MHD_ConnectionNotificationCode code)
{
	struct cp_server *s = cls;
	struct srv_conn *c = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		/* Without memory the connection simply goes unwatched: the idle
		 * timeout and the connection limits still hold. */
		c = calloc(1, sizeof(*c));
		if (!c || !ci) {
			free(c);
			return;
		}
		c->fd = ci->connect_fd;
		c->phase = PHASE_HEADERS;
		clock_gettime(CLOCK_MONOTONIC, &c->since);
		pthread_mutex_lock(&s->conn_lock);
		c->next = s->conns;
		if (s->conns)
			s->conns->prev = c;
		s->conns = c;
		pthread_mutex_unlock(&s->conn_lock);
		*socket_context = c;
		return;
	}
	if (code != MHD_CONNECTION_NOTIFY_CLOSED || !c)
		return;
	pthread_mutex_lock(&s->conn_lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&s->conn_lock);
	free(c);
	*socket_context = NULL;
}

static struct srv_conn *
conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void
set_phase(struct cp_server *s, struct MHD_Connection *conn, enum phase p)
{
	struct srv_conn *c = conn_of(conn);

	if (!c)
		return;
	pthread_mutex_lock(&s->conn_lock);
	c->phase = p;
	c->body_bytes = 0;
	clock_gettime(CLOCK_MONOTONIC, &c->since);
	pthread_mutex_unlock(&s->conn_lock);
}

void
srv_deadline_headers_done(struct srv_request *r)
{
	set_phase(r->srv, r->conn, r->has_body ? PHASE_BODY : PHASE_ANSWERING);
}

void
srv_deadline_body(struct srv_request *r, size_t n)
{
	struct srv_conn *c = conn_of(r->conn);

	if (!c)
		return;
	pthread_mutex_lock(&r->srv->conn_lock);
	c->body_bytes += n;
	pthread_mutex_unlock(&r->srv->conn_lock);
}

void
srv_deadline_body_done(struct srv_request *r)
{
	set_phase(r->srv, r->conn, PHASE_ANSWERING);
}

void
srv_deadline_next_request(struct cp_server *s, struct MHD_Connection *conn)
{
	set_phase(s, conn, PHASE_HEADERS);
}

/* Shut down the connections past their deadline; counts in cut[phase]. */
static void
sweep(struct cp_server *s, size_t cut[2])
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&s->conn_lock);
	for (struct srv_conn *c = s->conns; c; c = c->next) {
		double t = seconds_since(&c->since, &now);
		bool late;

		if (c->cut || c->phase == PHASE_ANSWERING)
			continue;
		if (c->phase == PHASE_HEADERS)
			late = t > s->cfg.header_timeout;
		else
			late = t > s->cfg.body_timeout +
					   (double)c->body_bytes / (double)s->cfg.body_min_rate;
		if (!late)
			continue;
		/* An error (the client closed already) changes nothing: the
		 * connection is on its way out either way. */
		shutdown(c->fd, SHUT_RDWR);
		c->cut = true;
		cut[c->phase == PHASE_HEADERS ? 0 : 1]++;
	}
	pthread_mutex_unlock(&s->conn_lock);
}

static void *
watchdog(void *arg)
{
	struct cp_server *s = arg;
	size_t cut[2] = { 0, 0 };
	struct timespec logged = { 0, 0 }, now;

	pthread_mutex_lock(&s->conn_lock);
	while (!s->watchdog_stop) {
		struct timespec until;
		pthread_mutex_unlock(&s->conn_lock);
		sweep(s, cut);
		/* Under attack this would be a line per connection: one line
		 * a second at most, with the counts. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((cut[0] || cut[1]) && seconds_since(&logged, &now) >= 1.0) {
			srv_log(s, "slow clients: closed %zu connection(s) whose request headers "
				   "took over %u s, %zu whose body came slower than %u bytes/s "
				   "after %u s", cut[0], s->cfg.header_timeout, cut[1],
				s->cfg.body_min_rate, s->cfg.body_timeout);
			cut[0] = cut[1] = 0;
			logged = now;
		}
		pthread_mutex_lock(&s->conn_lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		while (!s->watchdog_stop &&
		       pthread_cond_timedwait(&s->watchdog_cond, &s->conn_lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->conn_lock);
	return NULL;
}

bool
srv_deadline_start(struct cp_server *s)
{
	s->watchdog_started = pthread_create(&s->watchdog, NULL, watchdog, s) == 0;
	return s->watchdog_started;
}

void
srv_deadline_stop(struct cp_server *s)
{
	if (!s->watchdog_started)
		return;
	pthread_mutex_lock(&s->conn_lock);
	s->watchdog_stop = true;
	pthread_cond_broadcast(&s->watchdog_cond);
	pthread_mutex_unlock(&s->conn_lock);
	pthread_join(s->watchdog, NULL);
	s->watchdog_started = false;
}
