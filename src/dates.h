/* Dates as pages write them: the normalizer for the dates of the
 * metadata. */
#ifndef WINNOW_DATES_H
#define WINNOW_DATES_H

#include <stddef.h>

/* Bytes an ISO 8601 date written by wn_date_normalize() takes at most,
 * NUL included ("-12345-12-31T23:59:59.123456789+14:00" does not occur:
 * years have four digits, fractions at most nine). */
#define WN_DATE_MAX 40

/* Writes the ISO 8601 form of a date as pages write it into out and
 * returns 1, or returns 0 when s is not a date that can be read without
 * guessing (03/04/2023: March or April?).  Read: RFC 3339 and ISO 8601
 * ("2023-03-03T10:20:30+01:00", zone "+0100", no seconds), "2023/03/03",
 * "03.03.2023" (day first), "3/25/2023" and "25/3/2023" when only one
 * reading is a date, month names in English, German, French, Spanish,
 * Italian, Portuguese and Dutch ("March 3, 2023", "3. März 2023",
 * "Fri, 03 Mar 2023 10:20:30 +0000"), "2023年3月3日", and Unix times in
 * seconds or milliseconds (as UTC).  The time and zone are kept when
 * given: "2023-03-03", "2023-03-03T10:20:30", "2023-03-03T10:20:30Z",
 * "2023-03-03T10:20:30+01:00". */
int wn_date_normalize(const char *s, char out[WN_DATE_MAX]);

/* A date printed in a page's text: its calendar day and where it is. */
typedef struct wn_text_date {
  int y, mo, d;
  size_t start, end; /* bytes of the text it was read from */
} wn_text_date;

/* Finds the first date written in the text s[0..n) ("Posted on March 3,
 * 2023", "Veröffentlicht am 05.02.2020", "3. März 2023", "15/03/2019 -
 * 10:21", "2023年3月3日", "3 de marzo de 2023", "5 марта 2020") and
 * returns 1, else 0.  A day and a month both up to 12 with slashes or
 * hyphens ("03/04/2023") are read month first when month_first (the
 * page's language writes them so), else day first; dots are always day
 * first.  Years outside 1990..2099 are not read.  Linear in n. */
int wn_date_find(const char *s, size_t n, int month_first, wn_text_date *out);

/* The date an address's path gives ("/2019/08/16/", "/2019-08-16-",
 * "/20190816/"); 1 when there is one. */
int wn_date_in_url(const char *url, wn_text_date *out);

/* The month (1..12) a word w[0..n) names, in any of the languages above,
 * written out or abbreviated ("Sept", "janv."); 0 when none. */
int wn_month_of(const char *w, size_t n);

/* Days since 1970-01-01 of a calendar day, for comparing dates. */
long wn_date_days(int y, int m, int d);

#endif
