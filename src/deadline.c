/* The time budget of deadline.h. */
#include "deadline.h"

#include <time.h>

static int64_t cpu_ns(void) {
  struct timespec ts;
#ifdef CLOCK_THREAD_CPUTIME_ID
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
#endif
  /* no per-thread clock: wall time is the nearest honest measure */
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void wn_deadline_start(wn_deadline *d, unsigned ms) {
  d->at = ms ? cpu_ns() + (int64_t)ms * 1000000 : 0;
}

int wn_deadline_passed(const wn_deadline *d) { return d->at && cpu_ns() >= d->at; }
