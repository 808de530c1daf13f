/* Dates as pages write them: the normalizer for the dates of the
 * metadata. */
#ifndef WINNOW_DATES_H
#define WINNOW_DATES_H

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

#endif
