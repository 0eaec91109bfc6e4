/*
 * Localised calendar texts through ICU (see messages.h). Only api/locale/
 * includes ICU.
 */
#include "messages.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udata.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/umsg.h>
#include <unicode/upluralrules.h>
#include <unicode/unum.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "common/error.h"

/* The package genccode made of messages/LANG.res (see meson.build). Its real
 * type is an anonymous struct of a double and the bytes; ICU only needs the
 * address. */
extern const char cpmsg_dat[];

#define PACKAGE "cpmsg"
#define MAX_ARGS 8

static const char *const languages[] = { "nl", "en", "fr", "ar" };
#define N_LANGUAGES (sizeof(languages) / sizeof(languages[0]))

struct cp_msg {
	UResourceBundle *bundle;
	UDateFormat *df[3];      /* by enum cp_msg_style, opened on first use */
	UNumberFormat *nf;
	UPluralRules *pr;        /* opened on first use */
	char lang[8];
	char locale[ULOC_FULLNAME_CAPACITY];
};

static pthread_once_t data_once = PTHREAD_ONCE_INIT;
static UErrorCode data_status = U_ZERO_ERROR;

static void
data_init(void)
{
	udata_setAppData(PACKAGE, cpmsg_dat, &data_status);
}

const char *const *
cp_msg_languages(size_t *n)
{
	if (n)
		*n = N_LANGUAGES;
	return languages;
}

/* The language subtag of locale, lower-cased, into out[8]; false when it is
 * not 2 or 3 ASCII letters. */
static bool
language_of(const char *locale, char out[8])
{
	size_t i = 0;
	if (!locale)
		return false;
	for (; locale[i] && locale[i] != '_' && locale[i] != '-' && locale[i] != '.' &&
	       locale[i] != '@'; i++) {
		if (i >= 3 || !isalpha((unsigned char)locale[i]))
			return false;
		out[i] = (char)tolower((unsigned char)locale[i]);
	}
	out[i] = '\0';
	return i >= 2;
}

bool
cp_msg_supported(const char *locale)
{
	char lang[8];
	if (!language_of(locale, lang))
		return false;
	for (size_t i = 0; i < N_LANGUAGES; i++)
		if (strcmp(lang, languages[i]) == 0)
			return true;
	return false;
}

struct cp_msg *
cp_msg_create(const char *locale, struct cp_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	struct cp_msg *m;

	if (!cp_msg_supported(locale)) {
		cp_error_set(err, CP_ERR_UNSUPPORTED,
			     "unsupported language \"%.32s\"; expected one of nl, en, fr, ar",
			     locale ? locale : "");
		return NULL;
	}
	pthread_once(&data_once, data_init);
	if (U_FAILURE(data_status)) {
		cp_error_set(err, CP_ERR_LIBRARY,
			     "cannot register the message bundles with ICU: %s",
			     u_errorName(data_status));
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	language_of(locale, m->lang);
	/* "ar-MA" and "ar_MA" alike; ICU keeps the region for its formats. */
	uloc_canonicalize(locale, m->locale, sizeof(m->locale), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
		st = U_ZERO_ERROR;
		snprintf(m->locale, sizeof(m->locale), "%s", m->lang);
	}
	/* Direct: no fallback to the process's default locale (which depends
	 * on LANG) nor to root; every bundle is complete. */
	m->bundle = ures_openDirect(PACKAGE, m->lang, &st);
	if (U_FAILURE(st)) {
		cp_error_set(err, CP_ERR_LIBRARY, "cannot open the \"%s\" messages: %s", m->lang,
			     u_errorName(st));
		cp_msg_destroy(m);
		return NULL;
	}
	return m;
}

void
cp_msg_destroy(struct cp_msg *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < 3; i++)
		if (m->df[i])
			udat_close(m->df[i]);
	if (m->nf)
		unum_close(m->nf);
	if (m->pr)
		uplrules_close(m->pr);
	if (m->bundle)
		ures_close(m->bundle);
	free(m);
}

const char *
cp_msg_language(const struct cp_msg *m)
{
	return m->lang;
}

const char *
cp_msg_locale(const struct cp_msg *m)
{
	return m->locale;
}

bool
cp_msg_rtl(const struct cp_msg *m)
{
	return uloc_isRightToLeft(m->locale);
}

bool
cp_msg_has(struct cp_msg *m, const char *key)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len;
	ures_getStringByKey(m->bundle, key, &len, &st);
	return U_SUCCESS(st);
}

/* UTF-8 -> UTF-16, malloc'd. */
static UChar *
to_u16(const char *s, int32_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, s, -1, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	UChar *u = malloc(((size_t)n + 1) * sizeof(UChar));
	if (!u)
		return NULL;
	st = U_ZERO_ERROR;
	u_strFromUTF8(u, n + 1, NULL, s, -1, &st);
	if (U_FAILURE(st)) {
		free(u);
		return NULL;
	}
	if (out_len)
		*out_len = n;
	return u;
}

/* UTF-16 -> UTF-8, malloc'd. */
static char *
to_u8(const UChar *u, int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strToUTF8(NULL, 0, &n, u, len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	st = U_ZERO_ERROR;
	u_strToUTF8(s, n + 1, NULL, u, len, &st);
	if (U_FAILURE(st)) {
		free(s);
		return NULL;
	}
	return s;
}

char *
cp_msg_format(struct cp_msg *m, const char *key, size_t n, const char *const *args)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u[MAX_ARGS] = { NULL };
	static const UChar empty[1] = { 0 };
	const UChar *a[MAX_ARGS];
	char *result = NULL;
	int32_t plen, len;
	UChar buf[512], *out = buf;

	if (n > MAX_ARGS)
		return NULL;
	const UChar *pat = ures_getStringByKey(m->bundle, key, &plen, &st);
	if (U_FAILURE(st))
		return NULL;
	for (size_t i = 0; i < MAX_ARGS; i++) {
		a[i] = empty;
		if (i < n && args[i]) {
			if (!(u[i] = to_u16(args[i], NULL)))
				goto out;
			a[i] = u[i];
		}
	}
	/* Every argument is text ({0} is a string argument), so all of them
	 * are passed as UChar pointers whatever the pattern uses. */
	len = u_formatMessage(m->locale, pat, plen, out, (int32_t)(sizeof(buf) / sizeof(buf[0])),
			      &st, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		out = malloc(((size_t)len + 1) * sizeof(UChar));
		if (!out)
			goto out;
		st = U_ZERO_ERROR;
		len = u_formatMessage(m->locale, pat, plen, out, len + 1, &st, a[0], a[1], a[2],
				      a[3], a[4], a[5], a[6], a[7]);
	}
	if (U_SUCCESS(st))
		result = to_u8(out, len);
	if (out != buf)
		free(out);
out:
	for (size_t i = 0; i < MAX_ARGS; i++)
		free(u[i]);
	return result;
}

const char *
cp_msg_plural(struct cp_msg *m, long n)
{
	static const char *const cats[] = { "zero", "one", "two", "few", "many" };
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[16];
	char cat[16];

	if (!m->pr) {
		m->pr = uplrules_open(m->locale, &st);
		if (U_FAILURE(st)) {
			m->pr = NULL;
			return "other";
		}
	}
	int32_t len = uplrules_select(m->pr, (double)n, buf, 16, &st);
	if (U_FAILURE(st) || len >= 16)
		return "other";
	u_UCharsToChars(buf, cat, len);
	cat[len] = '\0';
	/* A static name, so callers need not free it. */
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
		if (strcmp(cat, cats[i]) == 0)
			return cats[i];
	return "other";
}

char *
cp_msg_number(struct cp_msg *m, long n)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[64];

	if (!m->nf) {
		m->nf = unum_open(UNUM_DECIMAL, NULL, 0, m->locale, NULL, &st);
		if (U_FAILURE(st)) {
			m->nf = NULL;
			return NULL;
		}
		/* Lesson numbers and minutes: "1200", not "1,200". */
		unum_setAttribute(m->nf, UNUM_GROUPING_USED, 0);
	}
	int32_t len = unum_formatInt64(m->nf, (int64_t)n, buf, 64, NULL, &st);
	if (U_FAILURE(st))
		return NULL;
	return to_u8(buf, len);
}

static UDateFormat *
date_format(struct cp_msg *m, enum cp_msg_style style)
{
	static const char *const skeletons[3] = { "EEEEdMMMMyHHmm", "EEEEdMMMMy", "HHmm" };
	UErrorCode st = U_ZERO_ERROR;
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	UChar skel[32], pat[128];

	if (m->df[style])
		return m->df[style];
	/* Gregorian whatever the locale's default (ar_SA would be Hijri):
	 * lesson dates must match the calendar apps' own. */
	char loc[ULOC_FULLNAME_CAPACITY + 32];
	snprintf(loc, sizeof(loc), "%s", m->locale);
	uloc_setKeywordValue("calendar", "gregorian", loc, (int32_t)sizeof(loc), &st);
	if (U_FAILURE(st))
		return NULL;
	UDateTimePatternGenerator *g = udatpg_open(loc, &st);
	if (U_FAILURE(st))
		return NULL;
	u_uastrcpy(skel, skeletons[style]);
	int32_t plen = udatpg_getBestPattern(g, skel, -1, pat, 128, &st);
	udatpg_close(g);
	if (U_FAILURE(st))
		return NULL;
	/* UTC: the wall time is already right; ICU must not shift it. */
	m->df[style] = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, utc, -1, pat, plen, &st);
	if (U_FAILURE(st)) {
		m->df[style] = NULL;
		return NULL;
	}
	return m->df[style];
}

char *
cp_msg_datetime(struct cp_msg *m, const struct cp_civil *w, enum cp_msg_style style)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[128];

	if ((unsigned)style > CP_MSG_TIME)
		return NULL;
	UDateFormat *df = date_format(m, style);
	if (!df)
		return NULL;
	/* The wall time read as if it were UTC, on a UTC calendar. */
	UDate d = (UDate)cp_civil_to_instant(w) * 1000.0;
	int32_t len = udat_format(df, d, buf, 128, NULL, &st);
	if (U_FAILURE(st))
		return NULL;
	return to_u8(buf, len);
}
