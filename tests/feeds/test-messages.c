/*
 * api/locale/messages: every language has every key of en.txt (bundles are
 * opened without fallback), formats substitute, dates come out in each
 * locale's words from a wall time we computed (ICU's zone never applies),
 * unsupported languages are refused.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locale/messages.h"
#include "test-config.h"

#define CHECK_PREFIX "FAIL "
#include "common/check.h"

/* Keys of the English bundle, read from its source. */
static size_t
read_keys(char keys[][64], size_t cap)
{
	char path[1024], line[1024];
	size_t n = 0;
	snprintf(path, sizeof(path), "%s/api/locale/messages/en.txt", CP_SOURCE_ROOT);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f) && n < cap) {
		char *p = line;
		while (*p == ' ')
			p++;
		if (p == line || !isalpha((unsigned char)*p))
			continue;
		size_t k = 0;
		while ((isalnum((unsigned char)p[k]) || p[k] == '_') && k < 63)
			k++;
		if (strncmp(p + k, " {", 2) != 0)
			continue;
		memcpy(keys[n], p, k);
		keys[n++][k] = '\0';
	}
	fclose(f);
	return n;
}

int
main(void)
{
	static char keys[1024][64];
	size_t nk = read_keys(keys, 1024), nl;
	const char *const *langs = cp_msg_languages(&nl);
	struct cp_civil w = { 2024, 3, 5, 19, 0, 0 };
	static const char *const month[] = { "maart", "March", "mars", "\xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3" };

	CHECK(nk > 40, "read only %zu keys from en.txt", nk);
	CHECK(nl == 4, "4 languages");
	for (size_t i = 0; i < nl; i++) {
		struct cp_error e;
		struct cp_msg *m = cp_msg_create(langs[i], &e);
		CHECK(m, "%s: %s", langs[i], e.message);
		if (!m)
			continue;
		/* Every pattern formats (a syntax error in a select or a stray
		 * brace gives NULL), with as many arguments as any key takes. */
		static const char *const eight[8] = { "a0", "a1", "one", "other", "a4", "a5",
						      "a6", "a7" };
		for (size_t k = 0; k < nk; k++) {
			CHECK(cp_msg_has(m, keys[k]), "%s lacks %s", langs[i], keys[k]);
			char *f = cp_msg_format(m, keys[k], 8, eight);
			CHECK(f && !strchr(f, '{'), "%s %s does not format: %s", langs[i], keys[k],
			      f ? f : "(null)");
			free(f);
		}
		char *dt = cp_msg_datetime(m, &w, CP_MSG_DATETIME);
		CHECK(dt && strstr(dt, month[i]), "%s date \"%s\" lacks %s", langs[i], dt ? dt : "",
		      month[i]);
		const char *args[2] = { "5", "X" };
		char *t = cp_msg_format(m, "title_lesson_theme", 2, args);
		CHECK(t && strstr(t, "5") && strstr(t, "X"), "%s: title \"%s\"", langs[i], t ? t : "");
		CHECK(cp_msg_rtl(m) == (strcmp(langs[i], "ar") == 0), "%s rtl", langs[i]);
		CHECK(!cp_msg_format(m, "no_such_key", 0, NULL), "unknown key gives NULL");
		free(dt);
		free(t);
		cp_msg_destroy(m);
	}
	/* Arabic: Arabic-Indic digits, the time is the wall time given (no
	 * zone shift by ICU), and the LTR argument is isolated. */
	struct cp_msg *ar = cp_msg_create("ar", NULL);
	char *tm = ar ? cp_msg_datetime(ar, &w, CP_MSG_TIME) : NULL;
	CHECK(tm && strcmp(tm, "\xd9\xa1\xd9\xa9:\xd9\xa0\xd9\xa0") == 0, "ar time \"%s\"",
	      tm ? tm : "");
	const char *a1[1] = { "mo-pilot2" };
	char *course = ar ? cp_msg_format(ar, "line_course", 1, a1) : NULL;
	CHECK(course && strstr(course, "\xe2\x81\xa8mo-pilot2\xe2\x81\xa9"), "isolate: %s",
	      course ? course : "");
	free(tm);
	free(course);
	cp_msg_destroy(ar);

	/* Plural categories for the messages' selects. */
	struct cp_msg *en = cp_msg_create("en", NULL);
	ar = cp_msg_create("ar", NULL);
	CHECK(en && strcmp(cp_msg_plural(en, 1), "one") == 0 &&
		      strcmp(cp_msg_plural(en, 0), "other") == 0 &&
		      strcmp(cp_msg_plural(en, 12), "other") == 0, "en plurals");
	CHECK(ar && strcmp(cp_msg_plural(ar, 2), "two") == 0 &&
		      strcmp(cp_msg_plural(ar, 3), "few") == 0, "ar plurals");
	cp_msg_destroy(en);
	cp_msg_destroy(ar);

	/* A regional locale: texts from its language, formats from the locale. */
	struct cp_msg *be = cp_msg_create("fr-BE", NULL);
	CHECK(be && strcmp(cp_msg_language(be), "fr") == 0, "fr-BE -> fr");
	cp_msg_destroy(be);
	struct cp_error e;
	CHECK(!cp_msg_create("de", &e) && e.status == CP_ERR_UNSUPPORTED, "de refused");
	CHECK(!cp_msg_create("", &e) && e.status == CP_ERR_UNSUPPORTED, "empty refused");
	CHECK(!cp_msg_create("english", &e), "not a code");
	return check_tally();
}
