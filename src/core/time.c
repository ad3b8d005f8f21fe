/* time.c -- civil dates to epoch days and back, and the year of year-less
 * stamps.  Pure arithmetic: libc's time zone functions take locks and read
 * files, which a per-line path must not do. */
#include "core/internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (era-based method,
 * exact for every int64 year this library accepts). */
int64_t ml_days_from_civil(int64_t y, int32_t m, int32_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ml_civil_from_days(int64_t z, int64_t *y, int32_t *m, int32_t *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    if (z >= 0 && z < 146097 * 29) { /* from 0000-03-01 to about 11600: unsigned 32-bit */
        uint32_t ue = (uint32_t)z / 146097, ud = (uint32_t)z - ue * 146097;
        uint32_t uy = (ud - ud / 1460 + ud / 36524 - ud / 146096) / 365;
        uint32_t dy = ud - (365 * uy + uy / 4 - uy / 100), um = (5 * dy + 2) / 153;
        *d = (int32_t)(dy - (153 * um + 2) / 5 + 1);
        *m = (int32_t)(um < 10 ? um + 3 : um - 9);
        *y = (int64_t)uy + (int64_t)ue * 400 + (*m <= 2);
        return;
    }
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int ml_valid_date(int64_t y, int32_t m, int32_t d)
{
    static const int8_t mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !is_leap(y));
}

/* The first stamp takes the reference's year, or the one before when the
 * stamp would lie more than a day after the reference (an old file read
 * today).  After that the year only moves with the stream: a jump back of
 * six months or more is Dec->Jan (never past the reference), a jump forward
 * of as much is a late line from the previous year and does not move the
 * state. */
static int64_t ref_days(const ml_year_state *ys)
{
    return ys->ref_time >= 0 ? ys->ref_time / 86400 : -((-ys->ref_time + 86399) / 86400);
}

int32_t ml_infer_year(ml_year_state *ys, int32_t month, int32_t day)
{
    int64_t rdays = ref_days(ys);
    int32_t dd = day > 28 ? 28 : day;
    if (ys->year == 0) {
        int64_t ry;
        int32_t rm, rd;
        ml_civil_from_days(rdays, &ry, &rm, &rd);
        if (ry < 1 || ry > 9999)
            ry = 1970;
        ys->year = (int32_t)ry;
        if (ml_days_from_civil(ry, month, dd) > rdays + 1)
            ys->year--;
        ys->last_month = month;
        return ys->year;
    }
    if (month < ys->last_month && ys->last_month - month >= 6) {
        /* Dec->Jan -- unless that would put the line in the future, which
         * means the stream is not in time order. */
        if (ml_days_from_civil(ys->year + 1, month, dd) > rdays + 1)
            return ys->year;
        ys->year++;
        ys->last_month = month;
    } else if (month > ys->last_month && month - ys->last_month >= 6) {
        return ys->year - 1;
    } else if (month > ys->last_month) {
        ys->last_month = month;
    }
    return ys->year;
}
