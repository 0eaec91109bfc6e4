/*
 * Date-times between cohortplan and libical, for the files of api/ical only
 * (it includes libical, which no other module sees).
 */
#ifndef CP_ICAL_ICAL_TIME_H
#define CP_ICAL_ICAL_TIME_H

#include <libical/ical.h>

#include <cohortplan/tz.h>

/* The wall time c as a floating libical date-time (no zone; the caller
 * sets one or adds a TZID). Built field by field: going through time_t
 * and gmtime would limit the years. */
struct icaltimetype cp_ical_wall(const struct cp_civil *c);

#endif /* CP_ICAL_ICAL_TIME_H */
