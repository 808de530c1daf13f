/* A time budget for one page.  It counts the calling thread's CPU time,
 * not wall time: a page is bounded by the work it causes, whatever else
 * the machine is running (a batch run with more threads than cores would
 * otherwise time pages out for waiting their turn). */
#ifndef WINNOW_DEADLINE_H
#define WINNOW_DEADLINE_H

#include <stdint.h>

typedef struct wn_deadline {
  int64_t at; /* nanoseconds on the thread's CPU clock; 0: no bound */
} wn_deadline;

/* Starts a budget of ms milliseconds from now; 0 means none. */
void wn_deadline_start(wn_deadline *d, unsigned ms);
/* 1 once the budget is spent.  A system call: callers in hot loops ask
 * every so many iterations. */
int wn_deadline_passed(const wn_deadline *d);

#endif
