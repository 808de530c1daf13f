/* The batch progress line (src/cli/batch_report.c) as a user reads it on
 * a terminal: records, MB, MB/s; with a known total, MB of it, the share
 * done and the time left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/batch_int.h"

static void line_is(uint64_t records, uint64_t done, uint64_t total, double elapsed, const char *want) {
  char out[160];
  wn_report_format(out, sizeof out, records, done, total, elapsed);
  assert_string_equal(out, want);
}

/* stdin, or a list on stdin: no total, so no share and no ETA */
static void unknown_total(void **state) {
  (void)state;
  line_is(12, 5000000, 0, 2, "12 records  5.0 MB  2.5 MB/s");
  line_is(0, 0, 0, 0, "0 records  0.0 MB  0.0 MB/s");
}

static void known_total(void **state) {
  (void)state;
  /* a quarter of 100 MB in 10 s: 75 MB left at 2.5 MB/s */
  line_is(40, 25000000, 100000000, 10, "40 records  25.0 of 100.0 MB  25%  2.5 MB/s  ETA 0:00:30");
  /* hours: 9,999 MB left at 1 MB/s */
  line_is(3, 1000000, 10000000000ull, 1, "3 records  1.0 of 10000.0 MB  0%  1.0 MB/s  ETA 2:46:39");
  /* the share is rounded down: 100% only when all is read */
  line_is(999, 99990000, 100000000, 10, "999 records  100.0 of 100.0 MB  99%  10.0 MB/s  ETA 0:00:00");
  line_is(1000, 100000000, 100000000, 10, "1000 records  100.0 of 100.0 MB  100%  10.0 MB/s  ETA 0:00:00");
}

static void before_a_rate(void **state) {
  (void)state;
  /* nothing read yet: no rate to give a time from */
  line_is(0, 0, 50000000, 0, "0 records  0.0 of 50.0 MB  0%  0.0 MB/s  ETA --:--:--");
}

static void file_grew(void **state) {
  (void)state;
  /* a file that grew while it was read never shows over 100% */
  line_is(7, 60000000, 50000000, 6, "7 records  50.0 of 50.0 MB  100%  10.0 MB/s  ETA 0:00:00");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(unknown_total),
      cmocka_unit_test(known_total),
      cmocka_unit_test(before_a_rate),
      cmocka_unit_test(file_grew),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
