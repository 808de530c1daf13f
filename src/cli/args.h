/* Argument parsing shared by `winnow` and `winnow batch`. */
#ifndef WN_CLI_ARGS_H
#define WN_CLI_ARGS_H

#include <errno.h>
#include <stdlib.h>

/* Seconds as given to --max-time ("10", "0.5"; "0" for no bound) into
 * milliseconds, rounded up so a small bound never becomes none.  Returns
 * 0, or -1 for anything else (negative, not a number, over a day). */
static inline int wn_parse_seconds(const char *v, unsigned *ms) {
  if (!v || !*v || *v == '-' || *v == '+') return -1;
  char *end;
  errno = 0;
  double s = strtod(v, &end);
  if (errno || *end || !(s >= 0) || s > 86400) return -1;
  double x = s * 1000;
  unsigned m = (unsigned)x;
  *ms = m < x ? m + 1 : m;
  return 0;
}

/* A whole number from 1 to max (--max-depth and the like).  Returns 0,
 * or -1 for anything else. */
static inline int wn_parse_count(const char *v, unsigned long max, unsigned *out) {
  if (!v || *v < '0' || *v > '9') return -1;
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || *end || !n || n > max) return -1;
  *out = (unsigned)n;
  return 0;
}

#endif
