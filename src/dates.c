/* Dates: the normalizer for dates as pages write them into their
 * metadata (moved out of metadata.c, which reads the page). */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int istarts(const char *s, const char *prefix) {
  while (*prefix && lower((unsigned char)*s) == lower((unsigned char)*prefix)) s++, prefix++;
  return !*prefix;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }


typedef struct wn_dt {
  int y, mo, d;
  int has_time, h, mi, s;
  char frac[10]; /* digits after the decimal point, as given */
  int zone;      /* 0 none, 1 UTC ("Z"), 2 offset */
  int off;       /* minutes east of UTC */
} wn_dt;

static int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return 28 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
  return dm[m - 1];
}

static int valid_date(const wn_dt *t) {
  return t->y >= 1000 && t->y <= 9999 && t->mo >= 1 && t->mo <= 12 && t->d >= 1 &&
         t->d <= days_in_month(t->y, t->mo);
}

/* Reads 1..max digits at *p (at least min); -1 when there are none. */
static long num(const char **p, int min, int max) {
  long v = 0;
  int n = 0;
  while (n < max && is_digit((unsigned char)**p)) v = v * 10 + (*(*p)++ - '0'), n++;
  if (n < min || is_digit((unsigned char)**p)) return -1;
  return v;
}

static const char *skip_spaces(const char *p) {
  while (is_space((unsigned char)*p)) p++;
  return p;
}

/* Exactly two digits at *p ("+0100" has no separator to stop at). */
static long two_digits(const char **p) {
  const char *q = *p;
  if (!is_digit((unsigned char)q[0]) || !is_digit((unsigned char)q[1])) return -1;
  *p = q + 2;
  return (q[0] - '0') * 10 + (q[1] - '0');
}

/* A zone after a time: Z, UTC, GMT, +hh:mm, +hhmm, +hh. */
static int parse_zone(const char **pp, wn_dt *t) {
  const char *p = *pp;
  if (*p == 'Z' || *p == 'z') {
    t->zone = 1;
    *pp = p + 1;
    return 1;
  }
  const char *q = skip_spaces(p);
  if (istarts(q, "utc") || istarts(q, "gmt")) {
    q += 3;
    if (*q != '+' && *q != '-') {
      t->zone = 1;
      *pp = q;
      return 1;
    }
    p = q; /* "GMT+01:00" */
  } else if (*q == '+' || *q == '-') {
    p = q;
  }
  if (*p != '+' && *p != '-') return 0;
  int sign = *p == '-' ? -1 : 1;
  q = p + 1;
  long h = two_digits(&q), m = 0;
  if (h < 0 || h > 14) return 0;
  if (*q == ':') q++;
  if (is_digit((unsigned char)*q) && ((m = two_digits(&q)) < 0 || m > 59)) return 0;
  if (is_digit((unsigned char)*q)) return 0;
  t->zone = h || m ? 2 : 1;
  t->off = sign * (int)(h * 60 + m);
  *pp = q;
  return 1;
}

/* hh:mm[:ss[.frac]] [am|pm] [zone]; 0 when there is no time at *pp. */
static int parse_time(const char **pp, wn_dt *t) {
  const char *p = *pp;
  long h = num(&p, 1, 2);
  if (h < 0 || *p != ':') return 0;
  p++;
  long mi = num(&p, 2, 2), s = 0;
  if (mi < 0 || mi > 59) return 0;
  if (*p == ':') {
    p++;
    if ((s = num(&p, 2, 2)) < 0 || s > 60) return 0;
    if (*p == '.' || *p == ',') {
      size_t n = 0;
      p++;
      while (is_digit((unsigned char)*p)) {
        if (n < sizeof t->frac - 1) t->frac[n++] = *p;
        p++;
      }
      t->frac[n] = '\0';
    }
  }
  const char *q = skip_spaces(p);
  int pm = -1;
  if ((lower((unsigned char)q[0]) == 'a' || lower((unsigned char)q[0]) == 'p')) {
    const char *r = q + 1;
    if (*r == '.') r++;
    if (lower((unsigned char)*r) == 'm') {
      r++;
      if (*r == '.') r++;
      if (!is_alpha((unsigned char)*r)) {
        pm = lower((unsigned char)q[0]) == 'p';
        p = r;
      }
    }
  }
  if (pm >= 0) {
    if (h < 1 || h > 12) return 0;
    h = h % 12 + (pm ? 12 : 0);
  }
  if (h > 23) return 0;
  t->has_time = 1;
  t->h = (int)h;
  t->mi = (int)mi;
  t->s = (int)s;
  parse_zone(&p, t);
  *pp = p;
  return 1;
}

/* An optional time after a date; the rest must be spaces. */
static int finish(const char *p, wn_dt *t) {
  const char *q = p;
  if (*q == 'T' || *q == 't' || *q == ' ' || *q == ',') {
    q++;
    q = skip_spaces(q);
    if (istarts(q, "at ")) q = skip_spaces(q + 3);
    if (parse_time(&q, t)) p = q;
  }
  p = skip_spaces(p);
  return !*p && valid_date(t);
}

/* Unix time (seconds, UTC) to a civil date (H. Hinnant's days_from_civil
 * inverse): no gmtime(), whose zone and range are the C library's. */
static void from_unix(long long secs, wn_dt *t) {
  long long days = secs / 86400, rem = secs % 86400;
  if (rem < 0) rem += 86400, days--;
  long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  t->d = (int)(doy - (153 * mp + 2) / 5 + 1);
  t->mo = (int)(mp < 10 ? mp + 3 : mp - 9);
  t->y = (int)(yoe + era * 400 + (t->mo <= 2));
  t->has_time = 1;
  t->h = (int)(rem / 3600);
  t->mi = (int)(rem / 60 % 60);
  t->s = (int)(rem % 60);
  t->zone = 1;
}

/* Month names: English (and its abbreviations), German, French,
 * Spanish, Italian, Portuguese, Dutch; lower case as pages write them
 * inside a word. */
static int month_of(const char *w, size_t n) {
  static const char *const names[12][8] = {
      {"january", "januar", "janvier", "enero", "gennaio", "janeiro", "januari", "j\xC3\xA4nner"},
      {"february", "februar", "f\xC3\xA9vrier", "febrero", "febbraio", "fevereiro", "februari", NULL},
      {"march", "m\xC3\xA4rz", "mars", "marzo", "mar\xC3\xA7o", "maart", "maerz", NULL},
      {"april", "avril", "abril", "aprile", NULL},
      {"may", "mai", "mayo", "maggio", "maio", "mei", NULL},
      {"june", "juni", "juin", "junio", "giugno", "junho", NULL},
      {"july", "juli", "juillet", "julio", "luglio", "julho", NULL},
      {"august", "ao\xC3\xBBt", "agosto", "augustus", NULL},
      {"september", "septembre", "septiembre", "setiembre", "settembre", "setembro", NULL},
      {"october", "oktober", "octobre", "octubre", "ottobre", "outubro", NULL},
      {"november", "novembre", "noviembre", "novembro", NULL},
      {"december", "dezember", "d\xC3\xA9\x63\x65mbre", "diciembre", "dicembre", "dezembro", NULL}};
  char buf[16];
  if (n >= sizeof buf) return 0;
  for (size_t i = 0; i < n; i++) buf[i] = (char)lower((unsigned char)w[i]);
  buf[n] = '\0';
  if (n && buf[n - 1] == '.') buf[--n] = '\0';
  for (int m = 0; m < 12; m++) {
    for (int k = 0; k < 8 && names[m][k]; k++)
      if (!strcmp(buf, names[m][k])) return m + 1;
    /* English abbreviations: "Mar", "Sept" */
    if (n >= 3 && !strncmp(buf, names[m][0], n)) return m + 1;
  }
  return 0;
}

static int filler_word(const char *w, size_t n) {
  static const char *const words[] = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
      "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
      "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
      "lunes", "martes", "mi\xC3\xA9rcoles", "jueves", "viernes", "s\xC3\xA1\x62\x61\x64o", "domingo",
      "of", "de", "del", "den", "der", "le", "the", "on", "at", "um", "à", "a", "el", NULL};
  char buf[16];
  if (n >= sizeof buf) return 0;
  for (size_t i = 0; i < n; i++) buf[i] = (char)lower((unsigned char)w[i]);
  buf[n] = '\0';
  if (n && buf[n - 1] == '.') buf[--n] = '\0';
  for (int i = 0; words[i]; i++)
    if (!strcmp(buf, words[i])) return 1;
  return 0;
}

/* Dates with a month name or CJK markers, read as tokens: the month
 * word, a four-digit year, a day of one or two digits (with "rd", "th",
 * "." after it), optional weekday and filler words, and a time. */
static int parse_words(const char *p, wn_dt *t) {
  int year = -1, day = -1, month = 0, nums = 0;
  while (*p) {
    unsigned char c = (unsigned char)*p;
    if (is_space(c) || c == ',' || c == '/' || c == '-') {
      p++;
      continue;
    }
    if (is_digit(c)) {
      const char *q = p;
      if (year >= 0 && (month || day >= 0)) {
        /* a time after the date */
        if (parse_time(&q, t)) {
          p = q;
          continue;
        }
      }
      q = p;
      long v = num(&q, 1, 4);
      if (v < 0) return 0;
      int digits = (int)(q - p);
      /* CJK: 2023年3月3日, 2023년 3월 3일 */
      if (!strncmp(q, "\xE5\xB9\xB4", 3) || !strncmp(q, "\xEB\x85\x84", 3)) {
        year = (int)v;
        p = q + 3;
        continue;
      }
      if (!strncmp(q, "\xE6\x9C\x88", 3) || !strncmp(q, "\xEC\x9B\x94", 3)) {
        month = (int)v;
        p = q + 3;
        continue;
      }
      if (!strncmp(q, "\xE6\x97\xA5", 3) || !strncmp(q, "\xEC\x9D\xBC", 3)) {
        day = (int)v;
        p = q + 3;
        continue;
      }
      if (digits == 4) {
        if (year >= 0) return 0;
        year = (int)v;
      } else if (digits <= 2) {
        if (day >= 0) return 0;
        day = (int)v;
        if (*q == '.') q++;
        else if (istarts(q, "st") || istarts(q, "nd") || istarts(q, "rd") || istarts(q, "th")) q += 2;
      } else {
        return 0;
      }
      if (++nums > 2) return 0;
      p = q;
      continue;
    }
    /* a word: letters (any script), up to a space, digit or comma */
    const char *q = p;
    while (*q && !is_space((unsigned char)*q) && !is_digit((unsigned char)*q) && *q != ',') q++;
    size_t n = (size_t)(q - p);
    /* "(Fri)", "（金）" after a date */
    if (*p == '(' || !strncmp(p, "\xEF\xBC\x88", 3)) {
      p = q;
      continue;
    }
    int m = month_of(p, n);
    if (m) {
      if (month) return 0;
      month = m;
    } else if (!filler_word(p, n)) {
      /* a zone we cannot place ("EST"): keep the date, drop the time */
      if (t->has_time && year >= 0 && day >= 0 && month) {
        t->has_time = 0;
        t->zone = 0;
        break;
      }
      return 0;
    }
    p = q;
  }
  t->y = year;
  t->mo = month;
  t->d = day;
  return year >= 0 && month && day >= 0 && valid_date(t);
}

static void format_dt(const wn_dt *t, char out[WN_DATE_MAX]) {
  int n = snprintf(out, WN_DATE_MAX, "%04d-%02d-%02d", t->y, t->mo, t->d);
  if (!t->has_time) return;
  n += snprintf(out + n, (size_t)(WN_DATE_MAX - n), "T%02d:%02d:%02d", t->h, t->mi, t->s);
  if (t->frac[0]) n += snprintf(out + n, (size_t)(WN_DATE_MAX - n), ".%s", t->frac);
  if (t->zone == 1) snprintf(out + n, (size_t)(WN_DATE_MAX - n), "Z");
  else if (t->zone == 2)
    snprintf(out + n, (size_t)(WN_DATE_MAX - n), "%c%02d:%02d", t->off < 0 ? '-' : '+',
             abs(t->off) / 60, abs(t->off) % 60);
}

int wn_date_normalize(const char *s, char out[WN_DATE_MAX]) {
  if (!s) return 0;
  wn_dt t;
  memset(&t, 0, sizeof t);
  const char *p = skip_spaces(s), *q;
  size_t digits = strspn(p, "0123456789");
  if (digits && !*skip_spaces(p + digits)) {
    long long v = 0;
    for (size_t i = 0; i < digits && i < 14; i++) v = v * 10 + (p[i] - '0');
    if (digits == 8) { /* 20230303 */
      t.y = (int)(v / 10000);
      t.mo = (int)(v / 100 % 100);
      t.d = (int)(v % 100);
      if (!valid_date(&t)) return 0;
    } else if (digits == 9 || digits == 10 || digits == 13) { /* Unix time; ms */
      from_unix(digits == 13 ? v / 1000 : v, &t);
    } else {
      return 0;
    }
    format_dt(&t, out);
    return 1;
  }
  q = p;
  long a = num(&q, 1, 4);
  if (a >= 0 && q - p == 4 && (*q == '-' || *q == '/' || *q == '.')) {
    /* year first: 2023-03-03, 2023/03/03, 2023.03.03 */
    char sep = *q++;
    long mo = num(&q, 1, 2);
    if (mo < 0 || *q++ != sep) return 0;
    long d = num(&q, 1, 2);
    if (d < 0) return 0;
    t.y = (int)a, t.mo = (int)mo, t.d = (int)d;
    if (!finish(q, &t)) return 0;
    format_dt(&t, out);
    return 1;
  }
  if (a >= 0 && q - p <= 2 && (*q == '.' || *q == '/' || *q == '-') && is_digit((unsigned char)q[1])) {
    char sep = *q++;
    const char *q2 = q;
    long b = num(&q2, 1, 2);
    if (b >= 0 && *q2 == sep) {
      q2++;
      long y = num(&q2, 4, 4);
      if (y < 0) return 0;
      t.y = (int)y;
      if (sep == '.') { /* 03.03.2023: day first, as everywhere dots are used */
        t.d = (int)a, t.mo = (int)b;
      } else if (a > 12 && b <= 12) {
        t.d = (int)a, t.mo = (int)b;
      } else if (b > 12 && a <= 12) {
        t.mo = (int)a, t.d = (int)b;
      } else if (a == b) {
        t.d = t.mo = (int)a;
      } else {
        return 0; /* 03/04/2023: March or April */
      }
      if (!finish(q2, &t)) return 0;
      format_dt(&t, out);
      return 1;
    }
  }
  memset(&t, 0, sizeof t);
  if (!parse_words(p, &t)) return 0;
  format_dt(&t, out);
  return 1;
}
