/*
 * The values of the store interface (see store_records.h): releasing
 * records. Shared by the front (store.c) and the backends, and calling
 * neither.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-backend.h"

void
cp_store_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
cp_store_problem_finish(struct cp_store_problem *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

void
cp_store_plan_finish(struct cp_store_plan *p)
{
	if (!p)
		return;
	free(p->problem_id);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

void
cp_store_feed_body_finish(struct cp_store_feed_body *b)
{
	if (!b)
		return;
	free(b->body);
	free(b->etag);
	memset(b, 0, sizeof(*b));
}

void
cp_store_feed_finish(struct cp_store_feed *f)
{
	if (!f)
		return;
	free(f->problem_id);
	free(f->kind);
	free(f->subject);
	free(f->token);
	memset(f, 0, sizeof(*f));
}

void
cp_store_feeds_free(struct cp_store_feed *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		cp_store_feed_finish(&v[i]);
	free(v);
}

void
cp_store_job_finish(struct cp_store_job *j)
{
	if (!j)
		return;
	free(j->problem_id);
	free(j->kind);
	free(j->state);
	free(j->error);
	memset(j, 0, sizeof(*j));
}

void
cp_store_link_finish(struct cp_store_link *l)
{
	if (!l)
		return;
	free(l->problem_id);
	free(l->kind);
	free(l->subject);
	free(l->token);
	free(l->lang);
	memset(l, 0, sizeof(*l));
}

void
cp_store_links_free(struct cp_store_link *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		cp_store_link_finish(&v[i]);
	free(v);
}

void
cp_store_appointments_finish(struct cp_store_appointments *a)
{
	if (!a)
		return;
	free(a->problem_id);
	free(a->body);
	memset(a, 0, sizeof(*a));
}
