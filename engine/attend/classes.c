/* Aggregation of participants into classes for the solver. See attend.h
 * ("classes") and docs/engine.md ("Classes"). */
#include "attend-private.h"

#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

/* Distinct eligible lists, stored once. */
struct pool {
	struct cp_attend_elig *items;
	size_t n, cap;
	size_t *start;   /* list i is items[start[i] .. start[i + 1]) */
	uint64_t *hash;
	size_t n_lists, cap_lists;
	uint32_t *table; /* open addressing: list index or UINT32_MAX */
	size_t table_cap;
};

static uint64_t hash_list(const struct cp_attend_elig *e, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint64_t)e[i].pattern << 24 | (uint64_t)e[i].below << 16 | e[i].count;
		h *= 1099511628211ull;
	}
	return h;
}

/* Field by field: the struct has padding that memcmp would read. */
static bool same_list(const struct cp_attend_elig *a, const struct cp_attend_elig *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].pattern != b[i].pattern || a[i].count != b[i].count ||
		    a[i].below != b[i].below)
			return false;
	return true;
}

static bool pool_grow_table(struct pool *p)
{
	size_t ncap = p->table_cap ? 2 * p->table_cap : 1024;
	uint32_t *nt = malloc(ncap * sizeof(*nt));
	if (!nt)
		return false;
	for (size_t i = 0; i < ncap; i++)
		nt[i] = UINT32_MAX;
	for (size_t i = 0; i < p->n_lists; i++) {
		size_t s = p->hash[i] & (ncap - 1);
		while (nt[s] != UINT32_MAX)
			s = (s + 1) & (ncap - 1);
		nt[s] = (uint32_t)i;
	}
	free(p->table);
	p->table = nt;
	p->table_cap = ncap;
	return true;
}

/* The index of list e[0..n) in the pool, added when new; SIZE_MAX when out
 * of memory. */
static size_t pool_intern(struct pool *p, const struct cp_attend_elig *e, size_t n)
{
	uint64_t h = hash_list(e, n);
	size_t s;

	if (2 * (p->n_lists + 1) > p->table_cap && !pool_grow_table(p))
		return SIZE_MAX;
	for (s = h & (p->table_cap - 1); p->table[s] != UINT32_MAX; s = (s + 1) & (p->table_cap - 1)) {
		size_t i = p->table[s];
		if (p->hash[i] == h && p->start[i + 1] - p->start[i] == n &&
		    same_list(p->items + p->start[i], e, n))
			return i;
	}
	if (!CP_GROW(p->items, p->cap, p->n + n, 1024))
		return SIZE_MAX;
	/* start and hash share cap_lists: grow both, then record it. */
	size_t cap_start = p->cap_lists, cap_hash = p->cap_lists;
	if (!CP_GROW(p->start, cap_start, p->n_lists + 2, 256) ||
	    !CP_GROW(p->hash, cap_hash, p->n_lists + 2, 256))
		return SIZE_MAX;
	p->cap_lists = cap_start;
	if (p->n_lists == 0)
		p->start[0] = 0;
	if (n)
		memcpy(p->items + p->n, e, n * sizeof(*e));
	p->n += n;
	p->hash[p->n_lists] = h;
	p->start[p->n_lists + 1] = p->n;
	p->table[s] = (uint32_t)p->n_lists;
	return p->n_lists++;
}

static void pool_finish(struct pool *p, bool keep_items)
{
	if (!keep_items)
		free(p->items);
	free(p->start);
	free(p->hash);
	free(p->table);
}

/* ---- keys ------------------------------------------------------------- */

struct key {
	int unit;
	bool lang;
	int profile;
	size_t elig;     /* pool list */
	size_t tag;      /* SIZE_MAX, or the participant for "different" pairs */
	size_t solo;     /* SIZE_MAX, or the participant of a pinned unit */
};

static uint64_t hash_key(const struct key *k)
{
	uint64_t h = (uint64_t)k->unit * 1000003u ^ (uint64_t)k->lang * 7919u;
	h = h * 31 + (uint64_t)(k->profile + 1);
	h = h * 0x9e3779b97f4a7c15ull + k->elig;
	h = h * 0x9e3779b97f4a7c15ull + k->tag;
	h = h * 0x9e3779b97f4a7c15ull + k->solo;
	return h ^ (h >> 29);
}

static bool key_eq(const struct key *a, const struct key *b)
{
	return a->unit == b->unit && a->lang == b->lang && a->profile == b->profile &&
	       a->elig == b->elig && a->tag == b->tag && a->solo == b->solo;
}

void cp_attend_drop_classes(struct cp_attend *a)
{
	free(a->classes);
	free(a->elig);
	free(a->members);
	free(a->class_of);
	a->classes = NULL;
	a->elig = NULL;
	a->members = NULL;
	a->class_of = NULL;
	a->n_classes = 0;
}

/* 1. Each situation's eligible list: at the target, or down to the floor
 * (marked below) when the policy admits that. False when out of memory. */
static bool intern_sit_lists(const struct cp_attend *a, struct pool *pool, const uint32_t *live,
			     size_t n_live, struct cp_attend_elig *tmp, size_t *sit_list)
{
	for (size_t s = 0; s < a->n_sit; s++) {
		size_t n = 0;
		for (size_t q = 0; q < n_live; q++) {
			uint16_t cnt = a->counts[(size_t)a->column[live[q]] * a->n_sit + s];
			if (cnt >= cp_attend_floor(a) && cnt > 0)
				tmp[n++] = (struct cp_attend_elig){
					live[q], cnt, cp_attend_reaches(a, cnt) ? 0 : 1 };
		}
		sit_list[s] = pool_intern(pool, tmp, n);
		if (sit_list[s] == SIZE_MAX)
			return false;
	}
	return true;
}

/* 2. Partners: the first link found pairs two people; a person is in at
 * most one pair. */
static void pair_partners(const struct cp_problem *p, size_t np, size_t *partner_of)
{
	for (size_t i = 0; i < np; i++)
		partner_of[i] = SIZE_MAX;
	for (size_t i = 0; i < np; i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		long j = x->partner ? cp_problem_find_participant(p, x->partner) : -1;
		if (j < 0 || (size_t)j == i || partner_of[i] != SIZE_MAX ||
		    partner_of[(size_t)j] != SIZE_MAX)
			continue;
		partner_of[i] = (size_t)j;
		partner_of[(size_t)j] = i;
	}
}

/* What the couple x, y asks: "different" from either wins over "same". */
static enum cp_partner_pref couple_pref(const struct cp_participant *x,
					const struct cp_participant *y)
{
	enum cp_partner_pref px = x->partner_pref;
	enum cp_partner_pref py = y->partner && strcmp(y->partner, x->id) == 0
				  ? y->partner_pref : CP_PARTNER_DONT_CARE;
	if (px == CP_PARTNER_DIFFERENT || py == CP_PARTNER_DIFFERENT)
		return CP_PARTNER_DIFFERENT;
	if (px == CP_PARTNER_SAME || py == CP_PARTNER_SAME)
		return CP_PARTNER_SAME;
	return CP_PARTNER_DONT_CARE;
}

/* Into tmp, the patterns of both pooled lists li and lj, each with the
 * smaller count; returns how many. */
static size_t intersect_elig(const struct pool *pool, size_t li, size_t lj,
			     struct cp_attend_elig *tmp)
{
	const struct cp_attend_elig *ei = pool->items + pool->start[li];
	const struct cp_attend_elig *ej = pool->items + pool->start[lj];
	size_t ni = pool->start[li + 1] - pool->start[li];
	size_t nj = pool->start[lj + 1] - pool->start[lj];
	size_t n = 0, u = 0, v = 0;
	while (u < ni && v < nj) {
		if (ei[u].pattern < ej[v].pattern)
			u++;
		else if (ei[u].pattern > ej[v].pattern)
			v++;
		else {
			tmp[n++] = (struct cp_attend_elig){
				ei[u].pattern, ei[u].count < ej[v].count ? ei[u].count : ej[v].count,
				(uint8_t)(ei[u].below + ej[v].below) };
			u++;
			v++;
		}
	}
	return n;
}

/* 4. Classes: units with equal keys, found through an open-addressing
 * table of table_cap (a power of two) slots; count[cl] becomes the number
 * of people in class cl. */
static void group_units(struct cp_attend *a, const struct cp_course *co, const struct key *keys,
			size_t n_units, uint32_t *table, size_t table_cap, struct key *class_key,
			uint32_t *unit_class, size_t *count)
{
	for (size_t q = 0; q < table_cap; q++)
		table[q] = UINT32_MAX;
	for (size_t u = 0; u < n_units; u++) {
		uint64_t h = hash_key(&keys[u]);
		size_t s;
		for (s = h & (table_cap - 1); table[s] != UINT32_MAX; s = (s + 1) & (table_cap - 1))
			if (key_eq(&class_key[table[s]], &keys[u]))
				break;
		if (table[s] == UINT32_MAX) {
			table[s] = (uint32_t)a->n_classes;
			class_key[a->n_classes] = keys[u];
			struct cp_attend_class *cl = &a->classes[a->n_classes++];
			cl->unit = keys[u].unit;
			cl->language = keys[u].lang ? co->language : NULL;
			cl->profile = (enum cp_profile)keys[u].profile;
			cl->avoid = SIZE_MAX;
		}
		unit_class[u] = table[s];
		a->classes[table[s]].multiplicity++;
		count[table[s]] += keys[u].unit;
	}
}

/* Members, grouped by class in participant order; count[] (people per
 * class on entry) is used as each class's fill cursor. */
static void place_members(struct cp_attend *a, size_t *count, const uint32_t *unit_first,
			  const uint32_t *unit_second, const uint32_t *unit_class, size_t n_units)
{
	size_t off = 0;
	for (size_t cl = 0; cl < a->n_classes; cl++) {
		size_t n = count[cl];
		count[cl] = off;
		a->classes[cl].members = a->members + off;
		off += n;
	}
	for (size_t u = 0; u < n_units; u++) {
		size_t cl = unit_class[u];
		a->members[count[cl]++] = unit_first[u];
		a->class_of[unit_first[u]] = cl;
		a->classes[cl].n_members++;
		if (unit_second[u] != UINT32_MAX) {
			a->members[count[cl]++] = unit_second[u];
			a->class_of[unit_second[u]] = cl;
			a->classes[cl].n_members++;
		}
	}
}

/* Into live, the live patterns that have a column; returns how many. */
static size_t live_patterns(const struct cp_attend *a, size_t np_pat, uint32_t *live)
{
	size_t n_live = 0;
	for (size_t j = 0; j < np_pat; j++)
		if (cp_cand_pattern(a->cand, j)->state == CP_CAND_LIVE && a->column[j] != CP_CAND_NONE)
			live[n_live++] = (uint32_t)j;
	return n_live;
}

/* Each class's eligible list (from the pool) and the class its
 * "different" partner is in. */
static void link_classes(struct cp_attend *a, const struct key *class_key, const struct pool *pool,
			 const size_t *partner_of)
{
	for (size_t cl = 0; cl < a->n_classes; cl++) {
		size_t l = class_key[cl].elig;
		a->classes[cl].n_eligible = pool->start[l + 1] - pool->start[l];
		a->classes[cl].eligible = pool->items + pool->start[l];
		if (class_key[cl].tag != SIZE_MAX) {
			size_t j = partner_of[class_key[cl].tag];
			a->classes[cl].avoid = a->class_of[j];
		}
	}
}

enum cp_engine_status cp_attend_classify(struct cp_attend *a, struct cp_engine_error *err)
{
	const struct cp_problem *p = a->problem;
	const struct cp_course *co = cp_problem_course(p);
	const struct cp_policy *pol = cp_problem_policy(p);
	size_t np_pat = cp_cand_pattern_count(a->cand), n_live = 0, n_units = 0;
	struct pool pool = { 0 };
	uint32_t *live = malloc((np_pat + 1) * sizeof(*live));
	size_t *sit_list = malloc((a->n_sit + 1) * sizeof(*sit_list));
	struct cp_attend_elig *tmp = malloc((np_pat + 1) * sizeof(*tmp));
	struct key *keys = NULL;
	uint32_t *unit_first = NULL, *unit_second = NULL, *unit_class = NULL;
	uint32_t *table = NULL;
	size_t table_cap = 16;
	size_t *partner_of = NULL;
	size_t *count = NULL;
	bool ok = false;

	cp_attend_drop_classes(a);
	a->class_of = malloc((a->np + 1) * sizeof(*a->class_of));
	keys = malloc((a->np + 1) * sizeof(*keys));
	unit_first = malloc((a->np + 1) * sizeof(*unit_first));
	unit_second = malloc((a->np + 1) * sizeof(*unit_second));
	unit_class = malloc((a->np + 1) * sizeof(*unit_class));
	partner_of = malloc((a->np + 1) * sizeof(*partner_of));
	while (table_cap < 2 * a->np + 2)
		table_cap *= 2;
	table = malloc(table_cap * sizeof(*table));
	if (!live || !sit_list || !tmp || !a->class_of || !keys || !unit_first || !unit_second ||
	    !unit_class || !partner_of || !table)
		goto out;
	n_live = live_patterns(a, np_pat, live);

	/* 1. */
	if (!intern_sit_lists(a, &pool, live, n_live, tmp, sit_list))
		goto out;

	/* 2. */
	pair_partners(p, a->np, partner_of);

	/* 3. Units and their keys. */
	for (size_t i = 0; i < a->np; i++)
		a->class_of[i] = SIZE_MAX;
	for (size_t i = 0; i < a->np; i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		size_t j = partner_of[i];
		enum cp_partner_pref pref = CP_PARTNER_DONT_CARE;
		struct key k = { 1, cp_speaks(x->languages, x->n_languages, co->language),
				 pol->group_by_profile ? (int)x->profile : (int)CP_PROFILE_UNSET,
				 sit_list[a->sit_of[i]], SIZE_MAX, SIZE_MAX };

		if (a->class_of[i] != SIZE_MAX)
			continue; /* second member of a couple already placed */
		if (j != SIZE_MAX)
			pref = couple_pref(x, cp_problem_participant(p, j));
		unit_first[n_units] = (uint32_t)i;
		unit_second[n_units] = UINT32_MAX;
		if (pref == CP_PARTNER_SAME && j > i) {
			/* Eligible where both are, with the smaller count. */
			const struct cp_participant *y = cp_problem_participant(p, j);
			size_t n = intersect_elig(&pool, sit_list[a->sit_of[i]],
						  sit_list[a->sit_of[j]], tmp);
			k.unit = 2;
			k.lang = k.lang && cp_speaks(y->languages, y->n_languages, co->language);
			k.elig = pool_intern(&pool, tmp, n);
			if (k.elig == SIZE_MAX)
				goto out;
			unit_second[n_units] = (uint32_t)j;
			a->class_of[j] = SIZE_MAX - 1; /* claimed */
		} else if (pref == CP_PARTNER_DIFFERENT) {
			k.tag = i;
		}
		/* A pinned person (or couple) is a class of their own: the
		 * planner restricts their candidates to the pinned cohort's.
		 * (Not tag: that names a "different" partner to keep apart.) */
		if (x->pin || (unit_second[n_units] != UINT32_MAX &&
			       cp_problem_participant(p, unit_second[n_units])->pin))
			k.solo = i;
		keys[n_units++] = k;
		a->class_of[i] = SIZE_MAX - 1;
	}

	/* 4. */
	a->classes = calloc(n_units + 1, sizeof(*a->classes));
	count = calloc(n_units + 1, sizeof(*count));
	struct key *class_key = malloc((n_units + 1) * sizeof(*class_key));
	if (!a->classes || !count || !class_key) {
		free(class_key);
		goto out;
	}
	group_units(a, co, keys, n_units, table, table_cap, class_key, unit_class, count);
	a->members = malloc((a->np + 1) * sizeof(*a->members));
	if (!a->members) {
		free(class_key);
		goto out;
	}
	place_members(a, count, unit_first, unit_second, unit_class, n_units);
	link_classes(a, class_key, &pool, partner_of);
	free(class_key);
	a->elig = pool.items;
	ok = true;
out:
	/* On success the pool's items stay, as a->elig. */
	pool_finish(&pool, ok);
	free(live);
	free(sit_list);
	free(tmp);
	free(keys);
	free(unit_first);
	free(unit_second);
	free(unit_class);
	free(table);
	free(partner_of);
	free(count);
	if (ok)
		return CP_ENGINE_OK;
	cp_attend_drop_classes(a);
	return cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
}

size_t cp_attend_class_count(const struct cp_attend *a)
{
	return a->n_classes;
}

const struct cp_attend_class *cp_attend_class(const struct cp_attend *a, size_t i)
{
	return i < a->n_classes ? &a->classes[i] : NULL;
}

size_t cp_attend_class_of(const struct cp_attend *a, size_t i)
{
	return a->class_of && i < a->np ? a->class_of[i] : SIZE_MAX;
}
