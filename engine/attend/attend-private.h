/* Private layout of struct cp_attend, shared by engine/attend/. */
#ifndef CP_ATTEND_PRIVATE_H
#define CP_ATTEND_PRIVATE_H

#include <cohortplan/attend.h>

#include "../candidates/local.h"

struct cp_attend {
	const struct cp_problem *problem; /* borrowed */
	const struct cp_cand *cand;       /* borrowed */
	const struct cp_offdays *off;     /* borrowed */
	struct cp_attend_options opts;
	size_t np;
	int minutes;
	unsigned needed;                  /* live minutes to reach the target */

	/* Situations: sit_of[participant], sit_rep[situation] = first member. */
	uint32_t *sit_of;
	uint32_t *sit_rep;
	size_t n_sit;

	/* counts[column[j] * n_sit + s]: attendable live minutes of pattern j
	 * in situation s (each attendable lesson adds its own length). */
	uint32_t *column;
	size_t n_cols;
	uint16_t *counts;
	struct cp_cand_matrix matrix;

	/* Classes (classes.c). */
	struct cp_attend_class *classes;
	size_t n_classes;
	struct cp_attend_elig *elig;      /* all classes' eligible lists */
	uint32_t *members;                /* all classes' members */
	size_t *class_of;                 /* per participant */

	unsigned floor;                   /* cp_attend_floor() */
	unsigned total;                   /* the course's live minutes: what every
	                                   * pattern's N lessons add up to */
};

void cp_attend_drop_classes(struct cp_attend *a);

#endif
