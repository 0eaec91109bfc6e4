/*
 * Easter Sunday, Western and Orthodox.
 *
 * Both are the classic table-free computus algorithms as given by Jean
 * Meeus, "Astronomical Algorithms" (2nd ed., ch. 8): the anonymous Gregorian
 * algorithm (Meeus/Jones/Butcher) for the Western date, and Meeus' Julian
 * algorithm for the Orthodox one. The Orthodox result is a date in the
 * Julian calendar; it is converted through the Julian Day Number so the
 * 13-day (from 2100: 14-day) difference never has to be hard-coded.
 */
#include <cohortplan/holidays.h>
#include <cohortplan/tz.h>

int64_t
cp_easter_western(int32_t year)
{
	int32_t a = year % 19;
	int32_t b = year / 100, c = year % 100;
	int32_t d = b / 4, e = b % 4;
	int32_t f = (b + 8) / 25;
	int32_t g = (b - f + 1) / 3;
	int32_t h = (19 * a + b - d - g + 15) % 30;
	int32_t i = c / 4, k = c % 4;
	int32_t l = (32 + 2 * e + 2 * i - h - k) % 7;
	int32_t m = (a + 11 * h + 22 * l) / 451;
	int32_t n = h + l - 7 * m + 114;
	return cp_days_from_civil(year, (int)(n / 31), (int)(n % 31 + 1));
}

/* Day number of a date in the proleptic Julian calendar, via the Julian Day
 * Number (JDN 2440588 is 1970-01-01). */
static int64_t
days_from_julian(int32_t year, int month, int day)
{
	int64_t a = (14 - month) / 12;
	int64_t y = (int64_t)year + 4800 - a;
	int64_t m = month + 12 * a - 3;
	int64_t jdn = day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083;
	return jdn - 2440588;
}

int64_t
cp_easter_orthodox(int32_t year)
{
	int32_t a = year % 4, b = year % 7, c = year % 19;
	int32_t d = (19 * c + 15) % 30;
	int32_t e = (2 * a + 4 * b - d + 34) % 7;
	int32_t n = d + e + 114;
	return days_from_julian(year, (int)(n / 31), (int)(n % 31 + 1));
}
