/* winnow batch: what a user watches.  The progress line on stderr while
 * it is a terminal (redrawn by the writer thread, at most four times a
 * second; its total counted by batch_read.c before the run), and the
 * summary at the end of the run.
 *
 * Owns nothing; reads the run's counts.  Calls only the C library. */
#define _GNU_SOURCE
#include "batch_int.h"

/*** Progress line ***/

static void fmt_dur(char *out, size_t n, double s) {
  long t = (long)(s + 0.5);
  snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

/* The progress line, as pv and tqdm draw theirs but on one short line (a
 * bar would not fit 80 columns beside the rest): records written, MB read
 * and the rate; when the total is known, the MB it is out of, the share
 * done and the time left at the rate so far.  done counts the bytes read
 * and those of inputs passed over; elapsed is in seconds. */
void wn_report_format(char *out, size_t n, uint64_t records, uint64_t done, uint64_t total,
                      double elapsed) {
  double mb = (double)done / 1e6;
  double rate = elapsed > 0 ? mb / elapsed : 0;
  if (!total) {
    snprintf(out, n, "%llu records  %.1f MB  %.1f MB/s", (unsigned long long)records, mb, rate);
    return;
  }
  if (done > total) done = total; /* a file grew while it was read */
  char eta[32] = "--:--:--";
  if (rate > 0) fmt_dur(eta, sizeof eta, (double)(total - done) / 1e6 / rate);
  snprintf(out, n, "%llu records  %.1f of %.1f MB  %d%%  %.1f MB/s  ETA %s",
           (unsigned long long)records, (double)done / 1e6, (double)total / 1e6,
           (int)((double)done * 100 / (double)total), rate, eta);
}

void wn_report_progress(wn_batch *b, int final) {
  double t = wn_cli_now();
  if (!final && t - b->last_progress < 0.25) return;
  b->last_progress = t;
  if (final) {
    if (b->progress_shown) fputs("\r\033[K", stderr);
    return;
  }
  char line[160];
  wn_report_format(line, sizeof line, b->c.records,
                   atomic_load(&b->bytes_in) + atomic_load(&b->bytes_passed), b->total_bytes, t - b->t0);
  fprintf(stderr, "\r\033[K%s", line);
  b->progress_shown = 1;
}

/*** End-of-run summary ***/

void wn_report_summary(const wn_batch *b, double wall) {
  uint64_t sk = 0, fl = 0;
  for (int i = 0; i < SK_COUNT; i++) sk += b->c.skipped[i];
  for (int i = 0; i < FL_COUNT; i++) fl += b->c.failed[i];
  double mb = (double)atomic_load(&b->bytes_in) / 1e6;
  FILE *e = stderr;
  fprintf(e, "winnow batch: summary\n");
  fprintf(e, "  inputs          %llu", (unsigned long long)b->c.inputs);
  if (b->inputs_existing)
    fprintf(e, " (and %llu left as their output exists)", (unsigned long long)b->inputs_existing);
  fprintf(e, "\n  records         %llu\n", (unsigned long long)b->c.records);
  fprintf(e, "  html pages      %llu\n", (unsigned long long)b->c.html);
  fprintf(e, "  extracted       %llu\n", (unsigned long long)b->c.extracted);
  fprintf(e, "  empty           %llu\n", (unsigned long long)b->c.empty);
  fprintf(e, "  skipped         %llu", (unsigned long long)sk);
  const char *sep = " (";
  for (int i = 0; i < SK_COUNT; i++)
    if (b->c.skipped[i]) {
      fprintf(e, "%s%s %llu", sep, wn_skip_names[i], (unsigned long long)b->c.skipped[i]);
      sep = ", ";
    }
  fprintf(e, "%s\n  failed          %llu", sk ? ")" : "", (unsigned long long)fl);
  sep = " (";
  for (int i = 0; i < FL_COUNT; i++)
    if (b->c.failed[i]) {
      fprintf(e, "%s%s %llu", sep, wn_fail_names[i], (unsigned long long)b->c.failed[i]);
      sep = ", ";
    }
  fprintf(e, "%s\n", fl ? ")" : "");
  if (b->c.bad_length)
    fprintf(e, "  repaired        %llu (bad_length %llu)\n", (unsigned long long)b->c.bad_length,
            (unsigned long long)b->c.bad_length);
  double hmb = (double)b->c.html_bytes / 1e6;
  /* small runs (tests, a few pages) still show their bytes */
  fprintf(e, "  MB in           %.*f\n", mb < 100 ? 3 : 1, mb);
  fprintf(e, "  MB/s            %.1f\n", wall > 0 ? mb / wall : 0);
  fprintf(e, "  HTML MB         %.*f (%.1f MB/s)\n", hmb < 100 ? 3 : 1, hmb, wall > 0 ? hmb / wall : 0);
  fprintf(e, "  wall time       %.2f s\n", wall);
  if (b->c.slowest > 0)
    fprintf(e, "  slowest page    %.3f s (%s)\n", b->c.slowest, b->c.slowest_id ? b->c.slowest_id : "?");
}
