/*
 * The server's small cryptographic needs, from nettle (the library Debian's
 * libmicrohttpd links already): SHA-256 for the planner token, feed token
 * lookups and ETags, a constant-time compare, base64url for tokens. The
 * random bytes come from the OS (getrandom), or from the configured source.
 * Also HTTP dates, via our own calendar arithmetic (no locale, no TZ).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/base64.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include <cohortplan/tz.h>

#include "server-private.h"

void
srv_sha256(const void *data, size_t len, uint8_t out[SRV_SHA256_LEN])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

bool
srv_hash_equal(const uint8_t a[SRV_SHA256_LEN], const uint8_t b[SRV_SHA256_LEN])
{
	return memeql_sec(a, b, SRV_SHA256_LEN) != 0;
}

bool
srv_os_random(void *data, void *buf, size_t n)
{
	uint8_t *p = buf;

	(void)data;
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += got;
		n -= (size_t)got;
	}
	return true;
}

bool
srv_feed_token_new(struct cp_server *s, char out[SRV_FEED_TOKEN_CHARS + 1], uint8_t hash[SRV_SHA256_LEN])
{
	uint8_t raw[SRV_FEED_TOKEN_BYTES];
	char enc[BASE64_ENCODE_LENGTH(SRV_FEED_TOKEN_BYTES) + BASE64_ENCODE_FINAL_LENGTH + 1];
	struct base64_encode_ctx ctx;
	size_t n;

	if (!s->cfg.random(s->cfg.random_data, raw, sizeof(raw)))
		return false;
	/* 24 bytes encode to exactly 32 characters: no padding. */
	base64url_encode_init(&ctx);
	n = base64_encode_update(&ctx, enc, sizeof(raw), raw);
	n += base64_encode_final(&ctx, enc + n);
	if (n != SRV_FEED_TOKEN_CHARS)
		return false;
	memcpy(out, enc, SRV_FEED_TOKEN_CHARS);
	out[SRV_FEED_TOKEN_CHARS] = '\0';
	srv_sha256(out, SRV_FEED_TOKEN_CHARS, hash);
	memset(raw, 0, sizeof(raw));
	return true;
}

void
srv_etag_of(const void *body, size_t len, char out[48])
{
	uint8_t h[SRV_SHA256_LEN];
	char *p = out;

	srv_sha256(body, len, h);
	*p++ = '"';
	/* 128 bits are plenty to tell versions apart. */
	for (int i = 0; i < 16; i++)
		p += sprintf(p, "%02x", h[i]);
	*p++ = '"';
	*p = '\0';
}

static const char wdays[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
srv_http_date(int64_t t, char *buf, size_t n)
{
	struct cp_civil c;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int wd = (int)(((days % 7) + 7) % 7); /* 1970-01-01 was a Thursday */

	cp_instant_to_civil(t, &c);
	snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[wd], c.day,
		 months[c.month - 1], (int)c.year, c.hour, c.minute, c.second);
}

bool
srv_http_date_parse(const char *s, int64_t *out)
{
	char wd[4], mon[4], gmt[4];
	int d, y, h, mi, se, used = 0;
	struct cp_civil c;

	/* Only IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), what every
	 * client sends back from our Last-Modified; anything else is ignored,
	 * as RFC 9110 allows. */
	if (sscanf(s, "%3[A-Za-z], %2d %3s %4d %2d:%2d:%2d %3s%n", wd, &d, mon, &y, &h, &mi,
		   &se, gmt, &used) != 8 || s[used] != '\0' || strcmp(gmt, "GMT") != 0)
		return false;
	c = (struct cp_civil){ .year = y, .day = d, .hour = h, .minute = mi, .second = se };
	for (int i = 0; i < 12; i++)
		if (strcmp(mon, months[i]) == 0)
			c.month = i + 1;
	if (!c.month || !cp_civil_valid(&c))
		return false;
	*out = cp_civil_to_instant(&c);
	return true;
}
