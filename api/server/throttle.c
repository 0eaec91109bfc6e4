/*
 * Sign-in throttling: a client address that gave a wrong planner token too
 * often (the workspace's /login, or /v1 with a Bearer token) is refused for
 * a while, so that the token cannot be guessed at network speed however
 * weak a planner makes it. Addresses live in a small table (the oldest
 * window is reused when it is full); only failures are counted, and a good
 * token does not clear them (one success must not buy more guesses).
 * Availability links and feeds are not throttled: their tokens carry 192
 * and 128 random bits, and a 404 there is also what a withdrawn link gives.
 */
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "server-private.h"

/* Key of the connection's peer: the IPv4 or IPv6 address (no port). */
static bool
peer_key(struct srv_request *r, uint8_t key[17])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	memset(key, 0, 17);
	if (!ci || !ci->client_addr)
		return false;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		key[0] = 4;
		memcpy(key + 1, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		key[0] = 6;
		memcpy(key + 1, &in6->sin6_addr, 16);
		return true;
	}
	return false;
}

static struct srv_throttle_entry *
find(struct cp_server *s, const uint8_t key[17], int64_t now, bool make)
{
	struct srv_throttle_entry *oldest = &s->throttle[0];
	for (size_t i = 0; i < SRV_THROTTLE_SLOTS; i++) {
		struct srv_throttle_entry *e = &s->throttle[i];
		if (e->since && memcmp(e->key, key, 17) == 0)
			return e;
		if (e->since < oldest->since)
			oldest = e;
	}
	if (!make)
		return NULL;
	memcpy(oldest->key, key, 17);
	oldest->since = now;
	oldest->failures = 0;
	return oldest;
}

long
srv_throttle_wait(struct srv_request *r)
{
	struct cp_server *s = r->srv;
	uint8_t key[17];
	long wait = 0;
	if (!peer_key(r, key))
		return 0;
	int64_t now = srv_now(s);
	pthread_mutex_lock(&s->throttle_lock);
	struct srv_throttle_entry *e = find(s, key, now, false);
	if (e && now - e->since >= SRV_THROTTLE_WINDOW)
		e->since = 0; /* the window is over: forget it */
	else if (e && e->failures >= SRV_THROTTLE_FAILURES)
		wait = (long)(e->since + SRV_THROTTLE_WINDOW - now);
	pthread_mutex_unlock(&s->throttle_lock);
	return wait;
}

void
srv_throttle_failed(struct srv_request *r)
{
	struct cp_server *s = r->srv;
	uint8_t key[17];
	if (!peer_key(r, key))
		return;
	int64_t now = srv_now(s);
	pthread_mutex_lock(&s->throttle_lock);
	struct srv_throttle_entry *e = find(s, key, now, true);
	if (now - e->since >= SRV_THROTTLE_WINDOW) {
		e->since = now;
		e->failures = 0;
	}
	e->failures++;
	pthread_mutex_unlock(&s->throttle_lock);
}
