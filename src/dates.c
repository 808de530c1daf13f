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

static int month_of(const char *w, size_t n);

/* Month names, lower case: English, German, French, Spanish, Italian,
 * Portuguese, Dutch, Catalan, the Scandinavian languages, Polish and
 * Russian (genitive, as dates write them), Turkish, Indonesian, then
 * the languages named below. */
static const struct {
  const char *name;
  int month;
} month_names[] = {
    {"january", 1}, {"januar", 1}, {"janvier", 1}, {"enero", 1}, {"gennaio", 1},
    {"janeiro", 1}, {"januari", 1}, {"j\xC3\xA4nner", 1}, {"gener", 1}, {"stycznia", 1},
    {"ocak", 1}, {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8F", 1},
    {"february", 2}, {"februar", 2}, {"f\xC3\xA9vrier", 2}, {"febrero", 2}, {"febbraio", 2},
    {"fevereiro", 2}, {"februari", 2}, {"febrer", 2}, {"lutego", 2}, {"\xC5\x9F\x75\x62\x61\x74", 2},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F", 2},
    {"march", 3}, {"m\xC3\xA4rz", 3}, {"mars", 3}, {"marzo", 3}, {"mar\xC3\xA7o", 3},
    {"maart", 3}, {"maerz", 3}, {"mar\xC3\xA7", 3}, {"marca", 3}, {"mart", 3}, {"maret", 3},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0", 3},
    {"april", 4}, {"avril", 4}, {"abril", 4}, {"aprile", 4}, {"kwietnia", 4}, {"nisan", 4},
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8F", 4},
    {"may", 5}, {"mai", 5}, {"mayo", 5}, {"maggio", 5}, {"maio", 5}, {"mei", 5}, {"maig", 5},
    {"maj", 5}, {"maja", 5}, {"may\xC4\xB1s", 5}, {"\xD0\xBC\xD0\xB0\xD1\x8F", 5},
    {"june", 6}, {"juni", 6}, {"juin", 6}, {"junio", 6}, {"giugno", 6}, {"junho", 6},
    {"juny", 6}, {"czerwca", 6}, {"haziran", 6}, {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8F", 6},
    {"july", 7}, {"juli", 7}, {"juillet", 7}, {"julio", 7}, {"luglio", 7}, {"julho", 7},
    {"juliol", 7}, {"lipca", 7}, {"temmuz", 7}, {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F", 7},
    {"august", 8}, {"ao\xC3\xBBt", 8}, {"agosto", 8}, {"augustus", 8}, {"augusti", 8},
    {"agost", 8}, {"agustus", 8}, {"sierpnia", 8}, {"a\xC4\x9Fustos", 8},
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0", 8},
    {"september", 9}, {"septembre", 9}, {"septiembre", 9}, {"setiembre", 9}, {"settembre", 9},
    {"setembro", 9}, {"setembre", 9}, {"wrze\xC5\x9Bnia", 9}, {"eyl\xC3\xBCl", 9},
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 9},
    {"october", 10}, {"oktober", 10}, {"octobre", 10}, {"octubre", 10}, {"ottobre", 10},
    {"outubro", 10}, {"octubre", 10}, {"pa\xC5\xBA\x64ziernika", 10}, {"ekim", 10},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 10},
    {"november", 11}, {"novembre", 11}, {"noviembre", 11}, {"novembro", 11}, {"listopada", 11},
    {"kas\xC4\xB1m", 11}, {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 11},
    {"december", 12}, {"dezember", 12}, {"d\xC3\xA9\x63\x65mbre", 12}, {"diciembre", 12},
    {"dicembre", 12}, {"dezembro", 12}, {"desember", 12}, {"desembre", 12}, {"grudnia", 12},
    {"aral\xC4\xB1k", 12}, {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8F", 12},
    /* Czech and Slovak (genitive) */
    {"ledna", 1}, {"\xC3\xBAnora", 2}, {"b\xC5\x99" "ezna", 3}, {"dubna", 4},
    {"kv\xC4\x9Btna", 5}, {"\xC4\x8D" "ervna", 6}, {"\xC4\x8D" "ervence", 7}, {"srpna", 8},
    {"z\xC3\xA1\xC5\x99\xC3\xAD", 9}, {"\xC5\x99\xC3\xADjna", 10}, {"listopadu", 11},
    {"prosince", 12}, {"janu\xC3\xA1ra", 1}, {"febru\xC3\xA1ra", 2}, {"apr\xC3\xADla", 4},
    {"m\xC3\xA1ja", 5}, {"j\xC3\xBAna", 6}, {"j\xC3\xBAla", 7}, {"augusta", 8},
    {"septembra", 9}, {"okt\xC3\xB3" "bra", 10}, {"novembra", 11}, {"decembra", 12},
    /* Hungarian */
    {"janu\xC3\xA1r", 1}, {"febru\xC3\xA1r", 2}, {"m\xC3\xA1rcius", 3}, {"\xC3\xA1prilis", 4},
    {"m\xC3\xA1jus", 5}, {"j\xC3\xBAnius", 6}, {"j\xC3\xBAlius", 7}, {"augusztus", 8},
    {"szeptember", 9}, {"okt\xC3\xB3" "ber", 10},
    /* Romanian */
    {"ianuarie", 1}, {"februarie", 2}, {"martie", 3}, {"aprilie", 4}, {"iunie", 6},
    {"iulie", 7}, {"septembrie", 9}, {"octombrie", 10}, {"noiembrie", 11}, {"decembrie", 12},
    /* Finnish (partitive) */
    {"tammikuuta", 1}, {"helmikuuta", 2}, {"maaliskuuta", 3}, {"huhtikuuta", 4},
    {"toukokuuta", 5}, {"kes\xC3\xA4kuuta", 6}, {"hein\xC3\xA4kuuta", 7}, {"elokuuta", 8},
    {"syyskuuta", 9}, {"lokakuuta", 10}, {"marraskuuta", 11}, {"joulukuuta", 12},
    /* Croatian (genitive; "listopada" is Polish November) */
    {"sije\xC4\x8Dnja", 1}, {"velja\xC4\x8D" "e", 2}, {"o\xC5\xBEujka", 3}, {"travnja", 4},
    {"svibnja", 5}, {"lipnja", 6}, {"srpnja", 7}, {"kolovoza", 8}, {"rujna", 9},
    {"studenoga", 11}, {"prosinca", 12},
    /* Ukrainian (genitive) */
    {"\xD1\x81\xD1\x96\xD1\x87\xD0\xBD\xD1\x8F", 1},
    {"\xD0\xBB\xD1\x8E\xD1\x82\xD0\xBE\xD0\xB3\xD0\xBE", 2},
    {"\xD0\xB1\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB7\xD0\xBD\xD1\x8F", 3},
    {"\xD0\xBA\xD0\xB2\xD1\x96\xD1\x82\xD0\xBD\xD1\x8F", 4},
    {"\xD1\x82\xD1\x80\xD0\xB0\xD0\xB2\xD0\xBD\xD1\x8F", 5},
    {"\xD1\x87\xD0\xB5\xD1\x80\xD0\xB2\xD0\xBD\xD1\x8F", 6},
    {"\xD0\xBB\xD0\xB8\xD0\xBF\xD0\xBD\xD1\x8F", 7},
    {"\xD1\x81\xD0\xB5\xD1\x80\xD0\xBF\xD0\xBD\xD1\x8F", 8},
    {"\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB5\xD1\x81\xD0\xBD\xD1\x8F", 9},
    {"\xD0\xB6\xD0\xBE\xD0\xB2\xD1\x82\xD0\xBD\xD1\x8F", 10},
    {"\xD0\xBB\xD0\xB8\xD1\x81\xD1\x82\xD0\xBE\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xB0", 11},
    {"\xD0\xB3\xD1\x80\xD1\x83\xD0\xB4\xD0\xBD\xD1\x8F", 12},
    /* Bulgarian */
    {"\xD1\x8F\xD0\xBD\xD1\x83\xD0\xB0\xD1\x80\xD0\xB8", 1},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD1\x83\xD0\xB0\xD1\x80\xD0\xB8", 2},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82", 3}, {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBB", 4},
    {"\xD0\xBC\xD0\xB0\xD0\xB9", 5}, {"\xD1\x8E\xD0\xBD\xD0\xB8", 6},
    {"\xD1\x8E\xD0\xBB\xD0\xB8", 7},
    {"\xD1\x81\xD0\xB5\xD0\xBF\xD1\x82\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 9},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD0\xBE\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 10},
    {"\xD0\xBD\xD0\xBE\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 11},
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 12},
    /* Greek (genitive) */
    {"\xCE\xB9\xCE\xB1\xCE\xBD\xCE\xBF\xCF\x85\xCE\xB1\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 1},
    {"\xCF\x86\xCE\xB5\xCE\xB2\xCF\x81\xCE\xBF\xCF\x85\xCE\xB1\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 2},
    {"\xCE\xBC\xCE\xB1\xCF\x81\xCF\x84\xCE\xAF\xCE\xBF\xCF\x85", 3},
    {"\xCE\xB1\xCF\x80\xCF\x81\xCE\xB9\xCE\xBB\xCE\xAF\xCE\xBF\xCF\x85", 4},
    {"\xCE\xBC\xCE\xB1\xCE\x90\xCE\xBF\xCF\x85", 5},
    {"\xCE\xB9\xCE\xBF\xCF\x85\xCE\xBD\xCE\xAF\xCE\xBF\xCF\x85", 6},
    {"\xCE\xB9\xCE\xBF\xCF\x85\xCE\xBB\xCE\xAF\xCE\xBF\xCF\x85", 7},
    {"\xCE\xB1\xCF\x85\xCE\xB3\xCE\xBF\xCF\x8D\xCF\x83\xCF\x84\xCE\xBF\xCF\x85", 8},
    {"\xCF\x83\xCE\xB5\xCF\x80\xCF\x84\xCE\xB5\xCE\xBC\xCE\xB2\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 9},
    {"\xCE\xBF\xCE\xBA\xCF\x84\xCF\x89\xCE\xB2\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 10},
    {"\xCE\xBD\xCE\xBF\xCE\xB5\xCE\xBC\xCE\xB2\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 11},
    {"\xCE\xB4\xCE\xB5\xCE\xBA\xCE\xB5\xCE\xBC\xCE\xB2\xCF\x81\xCE\xAF\xCE\xBF\xCF\x85", 12},
    /* Arabic */
    {"\xD9\x8A\xD9\x86\xD8\xA7\xD9\x8A\xD8\xB1", 1},
    {"\xD9\x81\xD8\xA8\xD8\xB1\xD8\xA7\xD9\x8A\xD8\xB1", 2},
    {"\xD9\x85\xD8\xA7\xD8\xB1\xD8\xB3", 3}, {"\xD8\xA3\xD8\xA8\xD8\xB1\xD9\x8A\xD9\x84", 4},
    {"\xD9\x85\xD8\xA7\xD9\x8A\xD9\x88", 5}, {"\xD9\x8A\xD9\x88\xD9\x86\xD9\x8A\xD9\x88", 6},
    {"\xD9\x8A\xD9\x88\xD9\x84\xD9\x8A\xD9\x88", 7},
    {"\xD8\xA3\xD8\xBA\xD8\xB3\xD8\xB7\xD8\xB3", 8},
    {"\xD8\xB3\xD8\xA8\xD8\xAA\xD9\x85\xD8\xA8\xD8\xB1", 9},
    {"\xD8\xA3\xD9\x83\xD8\xAA\xD9\x88\xD8\xA8\xD8\xB1", 10},
    {"\xD9\x86\xD9\x88\xD9\x81\xD9\x85\xD8\xA8\xD8\xB1", 11},
    {"\xD8\xAF\xD9\x8A\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1", 12},
    /* abbreviations other than a name's start (those are read below) */
    {"mrz", 3}, {"sep", 9}, {NULL, 0}};

/* The month a word names: a name, an English abbreviation ("Mar",
 * "Sept"), or any name's first three letters or more followed by a dot
 * ("janv.", "Okt.", "févr.") when they start one month's names only. */
int wn_month_of(const char *w, size_t n) { return month_of(w, n); }

static int month_of(const char *w, size_t n) {
  char buf[24];
  if (n >= sizeof buf) return 0;
  for (size_t i = 0; i < n; i++) buf[i] = (char)lower((unsigned char)w[i]);
  buf[n] = '\0';
  /* Turkish capital S-cedilla: "Şubat" */
  if (n >= 2 && !memcmp(buf, "\xC5\x9E", 2)) buf[1] = '\x9F';
  /* a capital first letter in Cyrillic ("Марта") or Greek ("Μαρτίου") */
  unsigned char b0 = (unsigned char)buf[0], b1 = n >= 2 ? (unsigned char)buf[1] : 0;
  if (b0 == 0xD0 && b1 >= 0x90 && b1 <= 0x9F) buf[1] = (char)(b1 + 0x20);
  else if (b0 == 0xD0 && b1 >= 0xA0 && b1 <= 0xAF) buf[0] = '\xD1', buf[1] = (char)(b1 - 0x20);
  else if (b0 == 0xCE && b1 >= 0x91 && b1 <= 0x9F) buf[1] = (char)(b1 + 0x20);
  else if (b0 == 0xCE && b1 >= 0xA0 && b1 <= 0xA9) buf[0] = '\xCF', buf[1] = (char)(b1 - 0x20);
  int dot = n && buf[n - 1] == '.';
  if (dot) buf[--n] = '\0';
  if (!n) return 0;
  for (int k = 0; month_names[k].name; k++)
    if (!strcmp(buf, month_names[k].name)) return month_names[k].month;
  if (n < 3) return 0;
  static const char *const english[12] = {"january", "february", "march", "april", "may", "june",
                                         "july", "august", "september", "october", "november",
                                         "december"};
  for (int m = 0; m < 12; m++)
    if (!strncmp(buf, english[m], n)) return m + 1;
  if (!dot) return 0;
  int found = 0;
  for (int k = 0; month_names[k].name; k++) {
    if (strncmp(buf, month_names[k].name, n)) continue;
    if (found && found != month_names[k].month) return 0;
    found = month_names[k].month;
  }
  return found;
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

/*** Dates in running text ***/

/* Years a printed date may have: older ones are history the article
 * tells of, not its own date. */
#define TEXT_YEAR_MIN 1990
#define TEXT_YEAR_MAX 2099

static int word_byte(int c) { return is_alpha(c) || is_digit(c) || c >= 0x80; }

/* Digits at s[*i..n), at most max of them, none after; their count (0
 * when there are none or too many). */
static int digits_at(const char *s, size_t n, size_t *i, int max, int *v) {
  size_t k = *i;
  int d = 0, x = 0;
  while (k < n && is_digit((unsigned char)s[k])) {
    if (++d > max) return 0;
    x = x * 10 + (s[k++] - '0');
  }
  if (!d) return 0;
  *i = k;
  *v = x;
  return d;
}

static size_t skip_sp(const char *s, size_t n, size_t i) {
  while (i < n && (is_space((unsigned char)s[i]) || (unsigned char)s[i] == 0xC2))
    i += (unsigned char)s[i] == 0xC2 ? (i + 1 < n && (unsigned char)s[i + 1] == 0xA0 ? 2 : 1) : 1;
  return i;
}

/* Spaces, commas and the joining words of dates ("de", "of", "the"). */
static size_t skip_joiners(const char *s, size_t n, size_t i) {
  for (int round = 0; round < 4; round++) {
    i = skip_sp(s, n, i);
    if (i < n && s[i] == ',') {
      i++;
      continue;
    }
    static const char *const joiners[] = {"de ", "del ", "of ", "the ", NULL};
    int hit = 0;
    for (int k = 0; joiners[k]; k++) {
      size_t l = strlen(joiners[k]);
      if (i + l <= n && istarts(s + i, joiners[k])) {
        i += l;
        hit = 1;
        break;
      }
    }
    if (!hit) break;
  }
  return i;
}

/* A month word at s[*i..n): letters (any script) and a dot after. */
static int month_word(const char *s, size_t n, size_t *i) {
  size_t k = *i;
  while (k < n && (is_alpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) {
    /* stop at a no-break space */
    if ((unsigned char)s[k] == 0xC2 && k + 1 < n && (unsigned char)s[k + 1] == 0xA0) break;
    k++;
  }
  if (k < n && s[k] == '.') k++;
  int m = month_of(s + *i, k - *i);
  if (m) *i = k;
  return m;
}

static int cjk_mark(const char *s, size_t n, size_t *i, const char *a, const char *b) {
  if (*i + 3 <= n && (!memcmp(s + *i, a, 3) || !memcmp(s + *i, b, 3))) {
    *i += 3;
    return 1;
  }
  return 0;
}

/* "1st", "2nd", "3rd", "4th" and "3." after a day. */
static size_t day_suffix(const char *s, size_t n, size_t i) {
  if (i < n && s[i] == '.') return i + 1;
  if (i + 2 <= n && (istarts(s + i, "st") || istarts(s + i, "nd") || istarts(s + i, "rd") ||
                     istarts(s + i, "th")) &&
      (i + 2 == n || !is_alpha((unsigned char)s[i + 2])))
    return i + 2;
  return i;
}

/* A date starting at s[i]; its end in *end. */
static int date_at(const char *s, size_t n, size_t i, int month_first, wn_text_date *out,
                   size_t *end) {
  wn_dt t;
  memset(&t, 0, sizeof t);
  size_t k = i;
  int a, b, c;
  if (is_digit((unsigned char)s[i])) {
    int da = digits_at(s, n, &k, 4, &a);
    if (!da) return 0;
    if (da == 4) {
      size_t k2 = k;
      size_t k3 = k < n && s[k] == '.' ? skip_sp(s, n, k + 1) : n;
      int m3 = k3 < n && k3 > k + 1 && !is_digit((unsigned char)s[k3]) ? month_word(s, n, &k3) : 0;
      if (m3) {
        /* "2018. március 12.": year, month, day (Hungarian) */
        k3 = skip_sp(s, n, k3);
        if (!digits_at(s, n, &k3, 2, &c)) return 0;
        if (k3 < n && s[k3] == '.') k3++;
        t.y = a, t.mo = m3, t.d = c;
        k2 = k3;
      } else if (k < n && (s[k] == '-' || s[k] == '/' || s[k] == '.')) {
        /* 2023-03-05, 2023/3/5, 2023.03.05, "2023. 3. 5." */
        char sep = s[k2++];
        if (sep == '.') k2 = skip_sp(s, n, k2);
        if (!digits_at(s, n, &k2, 2, &b) || k2 >= n || s[k2] != sep) return 0;
        k2++;
        if (sep == '.') k2 = skip_sp(s, n, k2);
        if (!digits_at(s, n, &k2, 2, &c)) return 0;
        t.y = a, t.mo = b, t.d = c;
      } else {
        /* 2023年3月5日, 2023년 3월 5일 */
        if (!cjk_mark(s, n, &k2, "\xE5\xB9\xB4", "\xEB\x85\x84")) return 0;
        k2 = skip_sp(s, n, k2);
        if (!digits_at(s, n, &k2, 2, &b) || !cjk_mark(s, n, &k2, "\xE6\x9C\x88", "\xEC\x9B\x94"))
          return 0;
        k2 = skip_sp(s, n, k2);
        if (!digits_at(s, n, &k2, 2, &c) || !cjk_mark(s, n, &k2, "\xE6\x97\xA5", "\xEC\x9D\xBC"))
          return 0;
        t.y = a, t.mo = b, t.d = c;
      }
      k = k2;
    } else if (da <= 2) {
      /* "12. 3. 2018": dots with a space after each */
      int spaced = k + 2 < n && s[k] == '.' && s[k + 1] == ' ' && is_digit((unsigned char)s[k + 2]);
      if (k + 1 < n && (s[k] == '.' || s[k] == '/' || s[k] == '-') &&
          (is_digit((unsigned char)s[k + 1]) || spaced)) {
        /* 05.02.2020, 15/03/2019, 3/15/2019 */
        char sep = s[k++];
        if (spaced) k++;
        if (!digits_at(s, n, &k, 2, &b) || k >= n || s[k] != sep) return 0;
        k++;
        /* the year after "12. 3. " has four digits */
        if (spaced && (k >= n || s[k++] != ' ')) return 0;
        int dc = digits_at(s, n, &k, 4, &c);
        /* "30.10.23": two-digit years with dots only, this century */
        if (dc == 2 && sep == '.' && !spaced &&
            !(k < n && s[k] == '.' && k + 1 < n && is_digit((unsigned char)s[k + 1])))
          c += 2000;
        else if (dc != 4)
          return 0;
        t.y = c;
        if (sep == '.' || (a > 12 && b <= 12) || (a <= 12 && b <= 12 && !month_first)) t.d = a, t.mo = b;
        else t.mo = a, t.d = b;
      } else {
        /* 3 March 2023, 3. März 2023, 3 de marzo de 2023 */
        k = skip_joiners(s, n, day_suffix(s, n, k));
        int m = k < n ? month_word(s, n, &k) : 0;
        if (!m) return 0;
        k = skip_joiners(s, n, k);
        if (digits_at(s, n, &k, 4, &c) != 4) return 0;
        t.y = c, t.mo = m, t.d = a;
      }
    } else {
      return 0;
    }
  } else {
    /* March 3, 2023; Mar. 3rd 2023 */
    int m = month_word(s, n, &k);
    if (!m) return 0;
    k = skip_joiners(s, n, k);
    if (!digits_at(s, n, &k, 2, &a)) return 0;
    k = skip_joiners(s, n, day_suffix(s, n, k));
    if (digits_at(s, n, &k, 4, &c) != 4) return 0;
    t.y = c, t.mo = m, t.d = a;
  }
  /* "2023-03-05" in "2023-03-05-12" or "1.2.2023.4" is a number, not a date */
  if (k < n && (is_alpha((unsigned char)s[k]) || is_digit((unsigned char)s[k]))) return 0;
  if (k + 1 < n && (s[k] == '.' || s[k] == '-' || s[k] == '/') && is_digit((unsigned char)s[k + 1]))
    return 0;
  if (t.y < TEXT_YEAR_MIN || t.y > TEXT_YEAR_MAX || !valid_date(&t)) return 0;
  out->y = t.y, out->mo = t.mo, out->d = t.d;
  *end = k;
  return 1;
}

int wn_date_find(const char *s, size_t n, int month_first, wn_text_date *out) {
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!is_digit(ch) && !is_alpha(ch) && ch < 0x80) continue;
    if (i && is_digit(ch) ? is_digit((unsigned char)s[i - 1]) || is_alpha((unsigned char)s[i - 1])
                          : i && word_byte((unsigned char)s[i - 1]))
      continue;
    /* inside a dotted or dashed number: "1.2.2023" in "4.1.2.2023" */
    if (i >= 2 && (s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '/') &&
        is_digit((unsigned char)s[i - 2]))
      continue;
    size_t end;
    if (date_at(s, n, i, month_first, out, &end)) {
      out->start = i;
      out->end = end;
      return 1;
    }
  }
  return 0;
}

int wn_date_in_url(const char *url, wn_text_date *out) {
  if (!url) return 0;
  /* the path only: hosts and queries hold numbers that are not dates */
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  if (!p) return 0;
  size_t n = strcspn(p, "?#");
  for (size_t i = 0; i + 8 <= n; i++) {
    if (!(p[i] == '/' || p[i] == '-' || p[i] == '_') || !is_digit((unsigned char)p[i + 1])) continue;
    size_t k = i + 1;
    int y, m, d;
    wn_dt t;
    memset(&t, 0, sizeof t);
    if (digits_at(p, n, &k, 8, &y) == 8) {
      /* /20190816/ */
      t.y = y / 10000, t.mo = y / 100 % 100, t.d = y % 100;
    } else {
      k = i + 1;
      if (digits_at(p, n, &k, 4, &y) != 4 || k >= n) continue;
      char sep = p[k++];
      if (sep != '/' && sep != '-' && sep != '_') continue;
      if (!digits_at(p, n, &k, 2, &m) || k >= n || p[k++] != sep) continue;
      if (!digits_at(p, n, &k, 2, &d)) continue;
      t.y = y, t.mo = m, t.d = d;
    }
    if (k < n && is_alpha((unsigned char)p[k])) continue;
    if (t.y < TEXT_YEAR_MIN || t.y > TEXT_YEAR_MAX || !valid_date(&t)) continue;
    out->y = t.y, out->mo = t.mo, out->d = t.d;
    out->start = (size_t)(p - url) + i + 1;
    out->end = (size_t)(p - url) + k;
    return 1;
  }
  return 0;
}

long wn_date_days(int y, int m, int d) {
  /* days from civil (H. Hinnant), for comparing dates */
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
