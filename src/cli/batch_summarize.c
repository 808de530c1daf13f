/* winnow batch --summarize: one table for the NAME.summary.json files of
 * a whole run (many tasks, many hosts), and, against a manifest, which
 * inputs have no complete output yet.  Trusts a summary only when the
 * files it names are there with the sizes it gives.
 *
 * Owns nothing beyond one call.  Calls json-c, and batch_output.c for the
 * size a summary gives. */
#define _GNU_SOURCE /* realpath, strverscmp */
#include "batch_int.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

/*** --summarize: one table for the summaries of a whole run ***/

typedef struct named_count {
  char *name;
  uint64_t n;
} named_count;

typedef struct reason_list {
  named_count *v;
  size_t n, cap;
} reason_list;

static void reasons_add(reason_list *l, const char *name, uint64_t n) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i].name, name)) {
      l->v[i].n += n;
      return;
    }
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 16;
    named_count *nv = realloc(l->v, nc * sizeof *nv);
    if (!nv) return;
    l->v = nv;
    l->cap = nc;
  }
  if ((l->v[l->n].name = wn_cli_strdup(name))) l->v[l->n++].n = n;
}

static void reasons_print(const char *label, const reason_list *l, uint64_t total) {
  printf("  %-16s%llu", label, (unsigned long long)total);
  const char *sep = " (";
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].n) {
      printf("%s%s %llu", sep, l->v[i].name, (unsigned long long)l->v[i].n);
      sep = ", ";
    }
  printf("%s\n", *sep == ',' ? ")" : "");
}

static void reasons_free(reason_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i].name);
  free(l->v);
}

typedef struct srec {
  char *task, *host;
  uint64_t inputs, records, extracted, failed, bytes_in;
  double wall;
} srec;

typedef struct sumrun {
  srec *recs;
  size_t nrecs, recs_cap;
  char **done; /* inputs with a complete output, and their real paths: sorted */
  size_t ndone, done_cap;
  uint64_t summaries, incomplete, partial, unreadable;
  uint64_t records, html, extracted, empty, skipped, failed, repaired;
  uint64_t bytes_in, html_bytes, out_bytes;
  double wall;
  reason_list sk, fl, rp;
} sumrun;

static uint64_t js_u64(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  int64_t n = json_object_get_int64(v);
  return n > 0 ? (uint64_t)n : 0;
}

static const char *js_str(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) return NULL;
  return json_object_get_string(v);
}

static void js_reasons(json_object *o, const char *key, reason_list *l) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_object)) return;
  json_object_object_foreach(v, k, n) reasons_add(l, k, (uint64_t)json_object_get_int64(n));
}

static void done_add(sumrun *r, const char *s) {
  if (!s) return;
  if (r->ndone == r->done_cap) {
    size_t nc = r->done_cap ? r->done_cap * 2 : 256;
    char **nd = realloc(r->done, nc * sizeof *nd);
    if (!nd) return;
    r->done = nd;
    r->done_cap = nc;
  }
  if ((r->done[r->ndone] = wn_cli_strdup(s))) r->ndone++;
}

/* The file at a summary's "key", in the summary's folder, has the size
 * the summary gives. */
static int sum_file_ok(json_object *o, const char *dir, const char *key, const char *size_key) {
  const char *name = js_str(o, key);
  if (!name || !*name || strchr(name, '/')) return 0;
  char *p = wn_cli_join(dir, name);
  struct stat st;
  int ok = p && !stat(p, &st) && S_ISREG(st.st_mode) && wn_summary_size(o, size_key) == (int64_t)st.st_size;
  free(p);
  return ok;
}

static void sum_one(sumrun *r, const char *dir, const char *path) {
  r->summaries++;
  json_object *o = json_object_from_file(path);
  if (!o || !json_object_is_type(o, json_type_object)) {
    json_object_put(o);
    r->unreadable++;
    fprintf(stderr, "winnow batch: %s: not a summary\n", path);
    return;
  }
  if (!sum_file_ok(o, dir, "output", "output_bytes") || !sum_file_ok(o, dir, "errors", "errors_bytes")) {
    r->incomplete++;
    json_object_put(o);
    return;
  }
  const char *input = js_str(o, "input");
  done_add(r, input);
  char *real = input ? realpath(input, NULL) : NULL;
  if (real && strcmp(real, input)) done_add(r, real);
  free(real);
  uint64_t rec = js_u64(o, "records"), ex = js_u64(o, "extracted"), fl = js_u64(o, "failed");
  uint64_t in = js_u64(o, "bytes_in");
  json_object *w;
  double wall = json_object_object_get_ex(o, "wall_s", &w) ? json_object_get_double(w) : 0;
  r->records += rec;
  r->html += js_u64(o, "html_pages");
  r->extracted += ex;
  r->empty += js_u64(o, "empty");
  r->skipped += js_u64(o, "skipped");
  r->failed += fl;
  r->repaired += js_u64(o, "repaired");
  r->bytes_in += in;
  r->html_bytes += js_u64(o, "html_bytes");
  r->out_bytes += js_u64(o, "output_bytes");
  r->wall += wall;
  js_reasons(o, "skipped_by", &r->sk);
  js_reasons(o, "failed_by", &r->fl);
  js_reasons(o, "repaired_by", &r->rp);
  if (r->nrecs == r->recs_cap) {
    size_t nc = r->recs_cap ? r->recs_cap * 2 : 256;
    srec *nr = realloc(r->recs, nc * sizeof *nr);
    if (!nr) {
      json_object_put(o);
      return;
    }
    r->recs = nr;
    r->recs_cap = nc;
  }
  srec *s = &r->recs[r->nrecs++];
  memset(s, 0, sizeof *s);
  s->task = wn_cli_strdup(js_str(o, "task") ? js_str(o, "task") : "-");
  s->host = wn_cli_strdup(js_str(o, "host") ? js_str(o, "host") : "-");
  s->inputs = 1;
  s->records = rec;
  s->extracted = ex;
  s->failed = fl;
  s->bytes_in = in;
  s->wall = wall;
  json_object_put(o);
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), n = strlen(suf);
  return a >= n && !strcmp(s + a - n, suf);
}

/* Every NAME.summary.json under root; hidden .part files are counted as
 * outputs in progress (or left by a killed run). */
static void sum_walk(sumrun *r, const char *root) {
  char **stack = malloc(sizeof *stack);
  size_t n = 0, cap = 1;
  if (stack) stack[n++] = wn_cli_strdup(root);
  while (n) {
    char *dir = stack[--n];
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) {
      if (dir) fprintf(stderr, "winnow batch: %s: %s\n", dir, strerror(errno));
      r->unreadable++;
      free(dir);
      continue;
    }
    char **names = NULL;
    size_t nn = 0, ncap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      if (e->d_name[0] == '.') {
        /* one a unit: its JSONL's (the log's and summary's go with it) */
        if (ends_with(e->d_name, ".part") && !ends_with(e->d_name, ".errors.jsonl.part") &&
            !ends_with(e->d_name, ".summary.json.part"))
          r->partial++;
        continue;
      }
      if (nn == ncap) {
        ncap = ncap ? ncap * 2 : 64;
        char **nv = realloc(names, ncap * sizeof *nv);
        if (!nv) break;
        names = nv;
      }
      if ((names[nn] = wn_cli_strdup(e->d_name))) nn++;
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, wn_cli_cmp_names);
    for (size_t i = 0; i < nn; i++) {
      char *full = wn_cli_join(dir, names[i]);
      struct stat st;
      if (full && !lstat(full, &st)) {
        if (S_ISDIR(st.st_mode)) {
          if (n == cap) {
            char **ns = realloc(stack, cap * 2 * sizeof *ns);
            if (ns) stack = ns, cap *= 2;
          }
          if (n < cap) {
            stack[n++] = full;
            full = NULL;
          }
        } else if (S_ISREG(st.st_mode) && ends_with(names[i], ".summary.json")) {
          sum_one(r, dir, full);
        }
      }
      free(full);
      free(names[i]);
    }
    free(names);
    free(dir);
  }
  free(stack);
}

static int cmp_task(const void *a, const void *b) {
  const srec *x = a, *y = b;
  return strverscmp(x->task, y->task);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_str_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int wn_summarize_main(const char *const *dirs, int ndirs, const char *manifest, int missing_only,
                          int by_task) {
  sumrun r;
  memset(&r, 0, sizeof r);
  for (int i = 0; i < ndirs; i++) sum_walk(&r, dirs[i]);
  if (r.ndone) qsort(r.done, r.ndone, sizeof *r.done, cmp_str_ptr);

  /* the manifest: which of its inputs have no complete output */
  uint64_t listed = 0, missing = 0;
  char **miss = NULL;
  size_t miss_cap = 0;
  if (manifest) {
    FILE *f = strcmp(manifest, "-") ? fopen(manifest, "r") : stdin;
    if (!f) {
      fprintf(stderr, "winnow batch: %s: %s\n", manifest, strerror(errno));
      return EXIT_USAGE;
    }
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
      while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
      size_t k = 0;
      while (line[k] == ' ' || line[k] == '\t') k++;
      if (!line[k] || line[k] == '#') continue; /* as the job script reads it */
      listed++;
      const char *key = line;
      int found = r.ndone && bsearch(&key, r.done, r.ndone, sizeof *r.done, cmp_str_ptr);
      if (!found) {
        char *real = realpath(line, NULL);
        const char *rk = real;
        found = real && r.ndone && bsearch(&rk, r.done, r.ndone, sizeof *r.done, cmp_str_ptr);
        free(real);
      }
      if (found) continue;
      missing++;
      if (missing_only) {
        printf("%s\n", line);
      } else if (missing <= 20) {
        if (missing > miss_cap) {
          miss_cap = 20;
          miss = calloc(miss_cap, sizeof *miss);
        }
        if (miss) miss[missing - 1] = wn_cli_strdup(line);
      }
    }
    free(line);
    if (f != stdin) fclose(f);
  }

  if (!missing_only) {
    printf("winnow batch: run summary\n");
    if (manifest)
      printf("  inputs done     %llu of %llu in %s\n  missing         %llu\n",
             (unsigned long long)(listed - missing), (unsigned long long)listed, manifest,
             (unsigned long long)missing);
    else
      printf("  inputs done     %llu\n", (unsigned long long)r.nrecs);
    for (uint64_t i = 0; i < missing && i < 20 && miss; i++)
      if (miss[i]) printf("    %s\n", miss[i]);
    if (missing > 20) printf("    ... (--missing lists them all)\n");
    if (r.incomplete)
      printf("  incomplete      %llu (a summary whose output is gone or changed)\n",
             (unsigned long long)r.incomplete);
    if (r.partial)
      printf("  partial         %llu (.part files: being written, or left by a killed task)\n",
             (unsigned long long)r.partial);
    if (r.unreadable) printf("  unreadable      %llu\n", (unsigned long long)r.unreadable);
    printf("  records         %llu\n", (unsigned long long)r.records);
    printf("  html pages      %llu\n", (unsigned long long)r.html);
    printf("  extracted       %llu\n", (unsigned long long)r.extracted);
    printf("  empty           %llu\n", (unsigned long long)r.empty);
    reasons_print("skipped", &r.sk, r.skipped);
    reasons_print("failed", &r.fl, r.failed);
    if (r.repaired) reasons_print("repaired", &r.rp, r.repaired);
    double mb = (double)r.bytes_in / 1e6, hmb = (double)r.html_bytes / 1e6, omb = (double)r.out_bytes / 1e6;
    printf("  MB in           %.*f\n", mb < 100 ? 3 : 1, mb);
    printf("  HTML MB         %.*f\n", hmb < 100 ? 3 : 1, hmb);
    printf("  MB out          %.*f\n", omb < 100 ? 3 : 1, omb);
    printf("  task time       %.2f s (summed over inputs)\n", r.wall);

    /* per task: the inputs it completed */
    size_t ntasks = 0;
    srec *tasks = r.nrecs ? calloc(r.nrecs, sizeof *tasks) : NULL;
    if (tasks) {
      qsort(r.recs, r.nrecs, sizeof *r.recs, cmp_task);
      for (size_t i = 0; i < r.nrecs; i++) {
        srec *s = &r.recs[i];
        if (ntasks && !strcmp(tasks[ntasks - 1].task, s->task)) {
          srec *t = &tasks[ntasks - 1];
          t->inputs += s->inputs, t->records += s->records, t->extracted += s->extracted;
          t->failed += s->failed, t->bytes_in += s->bytes_in, t->wall += s->wall;
        } else {
          tasks[ntasks++] = *s;
        }
      }
      double *rate = calloc(ntasks, sizeof *rate);
      if (rate) {
        for (size_t i = 0; i < ntasks; i++)
          rate[i] = tasks[i].wall > 0 ? (double)tasks[i].bytes_in / 1e6 / tasks[i].wall : 0;
        qsort(rate, ntasks, sizeof *rate, cmp_double);
        printf("  MB/s per task   min %.1f, median %.1f, max %.1f over %zu task%s\n", rate[0],
               ntasks % 2 ? rate[ntasks / 2] : (rate[ntasks / 2 - 1] + rate[ntasks / 2]) / 2,
               rate[ntasks - 1], ntasks, ntasks == 1 ? "" : "s");
        free(rate);
      }
      if (by_task || ntasks <= 64) {
        printf("\n  %-20s %7s %9s %9s %7s %10s %9s %7s  %s\n", "task", "inputs", "records", "extracted",
               "failed", "MB in", "wall s", "MB/s", "host");
        for (size_t i = 0; i < ntasks; i++) {
          const srec *t = &tasks[i];
          printf("  %-20s %7llu %9llu %9llu %7llu %10.3f %9.2f %7.1f  %s\n", t->task,
                 (unsigned long long)t->inputs, (unsigned long long)t->records,
                 (unsigned long long)t->extracted, (unsigned long long)t->failed,
                 (double)t->bytes_in / 1e6, t->wall, t->wall > 0 ? (double)t->bytes_in / 1e6 / t->wall : 0,
                 t->host);
        }
      } else {
        printf("  (%zu tasks: --by-task lists them)\n", ntasks);
      }
      free(tasks);
    }
  }
  int rc = missing || r.incomplete || r.unreadable ? EXIT_FAIL : EXIT_OK;
  if (fflush(stdout) || ferror(stdout)) rc = EXIT_FAIL;
  for (size_t i = 0; i < r.nrecs; i++) free(r.recs[i].task), free(r.recs[i].host);
  free(r.recs);
  for (size_t i = 0; i < r.ndone; i++) free(r.done[i]);
  free(r.done);
  for (size_t i = 0; miss && i < miss_cap; i++) free(miss[i]);
  free(miss);
  reasons_free(&r.sk);
  reasons_free(&r.fl);
  reasons_free(&r.rp);
  return rc;
}
