/* Conflicts between live patterns: absolute-time overlaps, clique rows for
 * the solver, and teachers' rest between working days. See candidates.h. */
#include "cand-private.h"

#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

struct ref {
	cp_instant start, end;
	uint32_t pattern;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	return x->start != y->start ? CP_CMP(x->start, y->start) : CP_CMP(x->pattern, y->pattern);
}

struct seen {
	uint64_t h; /* 0: empty */
	size_t idx;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return CP_CMP(x, y);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return CP_CMP(x, y);
}

/* Lessons of the live patterns accepted by keep (NULL: all), sorted by
 * start. */
static struct ref *live_lessons(const struct cp_cand *c, const bool *keep, size_t *n)
{
	size_t cnt = 0, k = 0;
	for (size_t i = 0; i < c->n_patterns; i++)
		if (c->patterns[i].state == CP_CAND_LIVE && (!keep || keep[i]))
			cnt += c->patterns[i].n_lessons;
	struct ref *r = malloc((cnt + 1) * sizeof(*r));
	if (!r)
		return NULL;
	for (size_t i = 0; i < c->n_patterns; i++) {
		const struct cp_cand_pattern *pt = &c->patterns[i];
		if (pt->state != CP_CAND_LIVE || (keep && !keep[i]))
			continue;
		for (size_t j = 0; j < pt->n_lessons; j++)
			r[k++] = (struct ref){ pt->lessons[j].start, pt->lessons[j].end, (uint32_t)i };
	}
	cp_sort(r, cnt, sizeof(*r), cmp_ref);
	*n = cnt;
	return r;
}

/* A set of pair keys (open addressing; 0 marks an empty slot, and no key
 * is 0 since a pair has two different patterns). Patterns that share an
 * instant every week meet once per lesson; deduplicating as they are found
 * keeps memory and the final sort proportional to the distinct pairs. */
struct u64vec {
	uint64_t *v;
	size_t n, cap;
};

static bool u64_push(struct u64vec *x, uint64_t val)
{
	if (2 * (x->n + 1) > x->cap) {
		size_t ncap = x->cap ? 2 * x->cap : 1024;
		uint64_t *nv = calloc(ncap, sizeof(*nv));
		if (!nv)
			return false;
		for (size_t i = 0; i < x->cap; i++)
			if (x->v[i]) {
				size_t s = (size_t)((x->v[i] * 0x9e3779b97f4a7c15ull) >> 20) & (ncap - 1);
				while (nv[s])
					s = (s + 1) & (ncap - 1);
				nv[s] = x->v[i];
			}
		free(x->v);
		x->v = nv;
		x->cap = ncap;
	}
	size_t s = (size_t)((val * 0x9e3779b97f4a7c15ull) >> 20) & (x->cap - 1);
	while (x->v[s] && x->v[s] != val)
		s = (s + 1) & (x->cap - 1);
	if (!x->v[s]) {
		x->v[s] = val;
		x->n++;
	}
	return true;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return a < b ? ((uint64_t)a << 32 | b) : ((uint64_t)b << 32 | a);
}

/* Sort and convert to pairs; frees v. NULL when empty or no memory (then
 * *ok is false). */
static struct cp_cand_pair *to_pairs(struct u64vec *v, size_t *n, bool *ok)
{
	size_t m = 0;
	struct cp_cand_pair *out;

	*ok = true;
	for (size_t i = 0; i < v->cap; i++)
		if (v->v[i])
			v->v[m++] = v->v[i];
	cp_sort(v->v, m, sizeof(uint64_t), cmp_u64);
	*n = m;
	if (m == 0) {
		free(v->v);
		return NULL;
	}
	out = malloc(m * sizeof(*out));
	if (!out) {
		*ok = false;
		*n = 0;
	} else {
		for (size_t i = 0; i < m; i++)
			out[i] = (struct cp_cand_pair){ (uint32_t)(v->v[i] >> 32),
							(uint32_t)v->v[i] };
	}
	free(v->v);
	return out;
}

void cp_cand_drop_conflicts(struct cp_cand *c)
{
	free(c->overlaps);
	c->overlaps = NULL;
	c->n_overlaps = 0;
	c->have_overlaps = false;
	free(c->clique_items);
	free(c->clique_start);
	c->clique_items = NULL;
	c->clique_start = NULL;
	c->n_cliques = 0;
	c->have_cliques = false;
}

size_t cp_cand_overlaps(struct cp_cand *c, const struct cp_cand_pair **out)
{
	struct u64vec v = { 0 };
	size_t n, lo = 0;
	cp_instant len = (cp_instant)c->minutes * 60;
	bool ok;

	if (!c->have_overlaps) {
		struct ref *r = live_lessons(c, NULL, &n);
		if (!r)
			return (size_t)-1;
		/* No lesson is longer than len (only a last lesson is shorter):
		 * lesson j (earlier start) overlaps lesson i iff end_j > start_i,
		 * and none before start_i - len can. */
		for (size_t i = 0; i < n; i++) {
			while (r[lo].start + len <= r[i].start)
				lo++;
			for (size_t j = lo; j < i; j++)
				if (r[j].pattern != r[i].pattern && r[j].end > r[i].start &&
				    !u64_push(&v, pair_key(r[j].pattern, r[i].pattern))) {
					free(v.v);
					free(r);
					return (size_t)-1;
				}
		}
		free(r);
		c->overlaps = to_pairs(&v, &c->n_overlaps, &ok);
		if (!ok)
			return (size_t)-1;
		c->have_overlaps = true;
	}
	*out = c->overlaps;
	return c->n_overlaps;
}

/* FNV-1a of a sorted pattern set; never 0 (an empty slot). */
static uint64_t
set_hash(const uint32_t *set, size_t m)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t j = 0; j < m; j++) {
		h ^= set[j];
		h *= 1099511628211ull;
	}
	return h | 1; /* 0 marks an empty hash slot */
}

/* Double the open-addressing set of cliques; false when out of memory
 * (*seen unchanged). */
static bool
seen_grow(struct seen **seen, size_t *seen_cap)
{
	size_t ncap = *seen_cap * 2;
	struct seen *ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return false;
	for (size_t q = 0; q < *seen_cap; q++)
		if ((*seen)[q].h) {
			size_t s2 = (*seen)[q].h & (ncap - 1);
			while (ns[s2].h)
				s2 = (s2 + 1) & (ncap - 1);
			ns[s2] = (*seen)[q];
		}
	free(*seen);
	*seen = ns;
	*seen_cap = ncap;
	return true;
}

size_t cp_cand_cliques(struct cp_cand *c)
{
	size_t n, lo = 0, cap_items = 0, cap_cl = 0;
	cp_instant len = (cp_instant)c->minutes * 60;
	struct ref *r;
	uint32_t *set = NULL;
	struct seen *seen = NULL; /* open-addressing set of cliques by hash */
	size_t seen_cap = 1024, n_seen = 0;

	if (c->have_cliques)
		return c->n_cliques;
	r = live_lessons(c, NULL, &n);
	set = malloc((c->n_patterns + 1) * sizeof(*set));
	seen = calloc(seen_cap, sizeof(*seen));
	c->clique_start = malloc(sizeof(size_t));
	if (!r || !set || !seen || !c->clique_start)
		goto nomem;
	c->clique_start[0] = 0;
	cap_cl = 1;
	for (size_t i = 0; i < n;) {
		cp_instant t = r[i].start;
		size_t hi = i;
		while (hi < n && r[hi].start == t)
			hi++;
		while (r[lo].start + len <= t)
			lo++;
		/* A clique at t is maximal unless every lesson in progress at t
		 * is still in progress at the next start. Lessons in [lo, hi)
		 * that ended by t (short last lessons) are not in progress. */
		size_t m = 0;
		bool maximal = hi == n;
		for (size_t j = lo; j < hi; j++)
			if (r[j].end > t) {
				set[m++] = r[j].pattern;
				maximal = maximal || r[j].end <= r[hi].start;
			}
		if (maximal && m >= 2) {
			cp_sort(set, m, sizeof(*set), cmp_u32);
			uint64_t h = set_hash(set, m);
			/* The same set recurs every week: keep it once. Slots hold
			 * the hash and the clique's index, so equal hashes are
			 * confirmed by comparing the sets. */
			bool dup = false;
			size_t slot;
			for (slot = h & (seen_cap - 1); seen[slot].h; slot = (slot + 1) & (seen_cap - 1)) {
				if (seen[slot].h != h)
					continue;
				size_t q = seen[slot].idx;
				size_t a = c->clique_start[q], b = c->clique_start[q + 1];
				if (b - a == m && memcmp(c->clique_items + a, set, m * sizeof(*set)) == 0) {
					dup = true;
					break;
				}
			}
			if (!dup) {
				if (2 * (n_seen + 1) > seen_cap && !seen_grow(&seen, &seen_cap))
					goto nomem;
				for (slot = h & (seen_cap - 1); seen[slot].h; slot = (slot + 1) & (seen_cap - 1))
					;
				seen[slot].h = h;
				seen[slot].idx = c->n_cliques;
				n_seen++;
				size_t base = c->clique_start[c->n_cliques];
				if (!CP_GROW(c->clique_items, cap_items, base + m, 1024) ||
				    !CP_GROW(c->clique_start, cap_cl, c->n_cliques + 2, 2))
					goto nomem;
				memcpy(c->clique_items + base, set, m * sizeof(*set));
				c->clique_start[++c->n_cliques] = base + m;
			}
		}
		i = hi;
	}
	free(r);
	free(set);
	free(seen);
	c->have_cliques = true;
	return c->n_cliques;
nomem:
	free(r);
	free(set);
	free(seen);
	free(c->clique_items);
	free(c->clique_start);
	c->clique_items = NULL;
	c->clique_start = NULL;
	c->n_cliques = 0;
	return (size_t)-1;
}

const uint32_t *cp_cand_clique(const struct cp_cand *c, size_t i, size_t *n)
{
	if (!c->have_cliques || i >= c->n_cliques) {
		*n = 0;
		return NULL;
	}
	*n = c->clique_start[i + 1] - c->clique_start[i];
	return c->clique_items + c->clique_start[i];
}

/* Rest conflicts in teacher t's zone and rest among the live patterns in
 * keep; with_overlaps: also pairs of lessons that overlap. */
static struct cp_cand_pair *rest_pairs(const struct cp_cand *c, size_t t, const bool *keep,
				       bool with_overlaps, size_t *n)
{
	const struct cp_teacher *te;
	struct u64vec v = { 0 };
	cp_instant rest;
	struct ref *r;
	size_t nr;
	bool ok;

	te = cp_problem_teacher(c->problem, t);
	rest = te->min_rest > 0 ? (cp_instant)te->min_rest * 60 : 0;
	r = live_lessons(c, keep, &nr);
	if (!r) {
		*n = (size_t)-1;
		return NULL;
	}
	for (size_t i = 0; i < nr; i++) {
		cp_instant end = r[i].end;
		int64_t day_i = cp_floor_div(r[i].start + cp_tz_offset_at(te->tz, r[i].start), 86400);
		for (size_t j = i + 1; j < nr && r[j].start < end + rest; j++) {
			if (r[j].pattern == r[i].pattern)
				continue;
			bool clash = r[j].start < end;
			if (clash && !with_overlaps)
				continue;
			if (!clash) {
				int64_t day_j = cp_floor_div(r[j].start +
							     cp_tz_offset_at(te->tz, r[j].start), 86400);
				clash = day_j != day_i;
			}
			if (clash && !u64_push(&v, pair_key(r[i].pattern, r[j].pattern))) {
				free(v.v);
				free(r);
				*n = (size_t)-1;
				return NULL;
			}
		}
	}
	free(r);
	struct cp_cand_pair *out = to_pairs(&v, n, &ok);
	if (!ok)
		*n = (size_t)-1;
	return out;
}

/* Lessons x of p and y of q with x.start <= y.start: does some pair
 * clash by rest_pairs' rule (y starts before x ends, or before x's end
 * plus rest on another local day of zone tz)? Both lesson lists are in
 * date order, so the first y worth looking at only moves forward. */
static bool
rest_clash_after(const struct cp_cand_pattern *p, const struct cp_cand_pattern *q,
		 const struct cp_tz *tz, cp_instant rest)
{
	size_t lo = 0;
	for (size_t i = 0; i < p->n_lessons; i++) {
		const struct cp_cand_lesson *x = &p->lessons[i];
		while (lo < q->n_lessons && q->lessons[lo].start < x->start)
			lo++;
		for (size_t j = lo; j < q->n_lessons && q->lessons[j].start < x->end + rest; j++) {
			const struct cp_cand_lesson *y = &q->lessons[j];
			if (y->start < x->end)
				return true;
			if (cp_floor_div(x->start + cp_tz_offset_at(tz, x->start), 86400) !=
			    cp_floor_div(y->start + cp_tz_offset_at(tz, y->start), 86400))
				return true;
		}
	}
	return false;
}

bool cp_cand_rest_clash(const struct cp_cand *c, size_t t, uint32_t a, uint32_t b)
{
	if (a == b || t >= c->n_teachers)
		return false;
	const struct cp_teacher *te = cp_problem_teacher(c->problem, t);
	cp_instant rest = te->min_rest > 0 ? (cp_instant)te->min_rest * 60 : 0;
	const struct cp_cand_pattern *pa = &c->patterns[a], *pb = &c->patterns[b];
	return rest_clash_after(pa, pb, te->tz, rest) || rest_clash_after(pb, pa, te->tz, rest);
}

struct cp_cand_pair *cp_cand_rest_conflicts(const struct cp_cand *c, size_t t, size_t *n)
{
	*n = 0;
	if (t >= c->n_teachers)
		return NULL;
	bool *keep = malloc(c->n_patterns + 1);
	if (!keep) {
		*n = (size_t)-1;
		return NULL;
	}
	for (size_t i = 0; i < c->n_patterns; i++)
		keep[i] = c->teach[t * c->n_patterns + i] == CP_TEACH_OK;
	struct cp_cand_pair *out = rest_pairs(c, t, keep, true, n);
	free(keep);
	return out;
}

struct cp_cand_pair *cp_cand_rest_gaps(const struct cp_cand *c, size_t t, const bool *keep,
				       size_t *n)
{
	*n = 0;
	if (t >= c->n_teachers)
		return NULL;
	return rest_pairs(c, t, keep, false, n);
}
