/* Pruning dominated patterns. See cp_cand_prune() in candidates.h and
 * docs/engine.md ("Pruning"). */
#include "cand-private.h"

#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

struct item {
	uint32_t pattern;
	uint64_t sum;
};

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	/* largest sum first */
	return x->sum != y->sum ? CP_CMP(y->sum, x->sum) : CP_CMP(x->pattern, y->pattern);
}

/* -1: A has a row above B (not dominated); 0: equal everywhere; 1: A <= B
 * everywhere and below somewhere. */
static int compare(const uint16_t *a, const uint16_t *b, size_t rows)
{
	bool below = false;
	for (size_t r = 0; r < rows; r++) {
		if (a[r] > b[r])
			return -1;
		below |= a[r] < b[r];
	}
	return below ? 1 : 0;
}

size_t cp_cand_prune(struct cp_cand *c, const struct cp_cand_matrix *m)
{
	size_t np = c->n_patterns, nt = c->n_teachers, words = (nt + 63) / 64, marked = 0;
	uint64_t *teach = calloc(np * words + 1, sizeof(*teach));
	struct item *group = malloc((np + 1) * sizeof(*group));

	if (!teach || !group || !m || !m->column) {
		free(teach);
		free(group);
		return !teach || !group ? (size_t)-1 : 0;
	}
	for (size_t i = 0; i < np; i++)
		for (size_t t = 0; t < nt; t++)
			if (c->teach[t * np + i] == CP_TEACH_OK)
				teach[i * words + t / 64] |= 1ull << (t % 64);
	/* Only patterns on the same weekdays and start week are compared
	 * (rule 1); week-by-week patterns not at all. */
	for (unsigned days = 1; days < 128; days++) {
		size_t n = 0;
		for (size_t i = 0; i < np; i++) {
			const struct cp_cand_pattern *pt = &c->patterns[i];
			if (pt->state != CP_CAND_LIVE || pt->days != days || m->column[i] == CP_CAND_NONE)
				continue;
			/* Week-by-week patterns have no one weekly shape to
			 * compare on: never pruned, never dominators. */
			if (pt->by_week)
				continue;
			const uint16_t *col = m->counts + (size_t)m->column[i] * m->rows;
			uint64_t s = 0;
			for (size_t r = 0; r < m->rows; r++)
				s += col[r];
			group[n++] = (struct item){ (uint32_t)i, s };
		}
		/* Larger sums first: a dominator never has a smaller sum. */
		cp_sort(group, n, sizeof(*group), cmp_item);
		for (size_t x = 0; x < n; x++) {
			uint32_t a = group[x].pattern;
			const uint16_t *ca = m->counts + (size_t)m->column[a] * m->rows;
			const uint64_t *ta = teach + (size_t)a * words;
			for (size_t y = 0; y < n && group[y].sum >= group[x].sum; y++) {
				uint32_t b = group[y].pattern;
				const uint64_t *tb = teach + (size_t)b * words;
				bool subset = true, same_teach = true;
				/* Rule 1 also wants the same start week: a later start
				 * is exactly what a teacher needs for a second cohort. */
				if (b == a || c->patterns[b].week != c->patterns[a].week)
					continue;
				for (size_t w = 0; w < words && subset; w++) {
					subset = (ta[w] & ~tb[w]) == 0;
					same_teach &= ta[w] == tb[w];
				}
				if (!subset)
					continue;
				int cmp = compare(ca, m->counts + (size_t)m->column[b] * m->rows, m->rows);
				if (cmp < 0)
					continue;
				/* Equal in counts and teachers: the earlier one stays. */
				if (cmp == 0 && same_teach && b > a)
					continue;
				c->patterns[a].state = CP_CAND_DOMINATED;
				c->patterns[a].other = b;
				marked++;
				break;
			}
		}
	}
	free(teach);
	free(group);
	if (marked)
		cp_cand_drop_conflicts(c);
	return marked;
}
