/* winnow batch: folders, WARC and JSONL in, one JSON object per page out,
 * in input order whatever the thread count.
 *
 * Threads: the main thread reads the inputs in order (batch_read.c) and
 * puts each record into a ring of slots; N workers take the slots,
 * extract and render each; one writer thread writes the slots in order
 * (batch_ring.c).  The ring and a byte budget bound what is in flight,
 * so memory does not grow with the archive.  No globals: all state
 * lives in one wn_batch.
 *
 * This file owns the options, the usage text and main: it checks the
 * options, opens the outputs, starts and joins the threads, and prints
 * the summary.  Calls every other batch file; none calls it. */
#define _GNU_SOURCE /* sched_getaffinity */
#include "args.h"
#include "batch.h"
#include "batch_int.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "winnow_version.h"

static const char usage[] =
    "Usage: winnow batch [OPTIONS] INPUT...\n"
    "Extract the article of every page in folders, WARC files and JSONL files,\n"
    "on all cores; one JSON object per page, in input order.\n"
    "\n"
    "Inputs:\n"
    "  INPUT                  a folder (searched recursively for .html .htm .xhtml\n"
    "                         pages, plain or .gz, and for WARC and JSONL files), a\n"
    "                         .warc or .warc.gz file, a .jsonl or .jsonl.gz file, one\n"
    "                         page, or - for standard input (its kind is sniffed)\n"
    "      --files-from FILE  read more INPUTs from FILE, one a line (- for stdin)\n"
    "      --html-field NAME  JSONL: the field holding the HTML (default html)\n"
    "      --url-field NAME   JSONL: the field holding the address (default url)\n"
    "      --id-field NAME    JSONL: the field holding an id (default id; else\n"
    "                         FILE:LINE)\n"
    "      --date-field NAME  JSONL: the field kept as crawl_date (default date)\n"
    "\n"
    "Output (JSON lines: id, crawl_date, then the fields of --format json):\n"
    "  -o, --output FILE      write to FILE instead of stdout\n"
    "      --output-dir DIR   one FILE.jsonl per input in DIR (a folder's pages go\n"
    "                         to DIR/FOLDER.jsonl); each is written under a\n"
    "                         temporary name and renamed when complete\n"
    "                         with NAME.errors.jsonl (its --errors lines) and, once\n"
    "                         both are complete, NAME.summary.json (its counts)\n"
    "      --skip-existing    with --output-dir: leave inputs that are done (a\n"
    "                         summary vouching for their output and log)\n"
    "      --check-done       with --output-dir: read and write nothing, print the\n"
    "                         inputs that are not done, one a line; exit status 1\n"
    "                         when there are any\n"
    "      --compress         gzip the JSONL (NAME.jsonl.gz with --output-dir)\n"
    "      --task ID          recorded as \"task\" in each summary (a job's name)\n"
    "      --errors FILE      one JSON line per skipped or failed record\n"
    "  -f, --format FMT       text (default) or json: the article in \"text\";\n"
    "                         markdown: in \"markdown\"\n"
    "      --markdown         the same as --format markdown\n"
    "      --title, --captions, --precision, --recall, --links, --images: as for\n"
    "                         one page\n"
    "\n"
    "Run:\n"
    "  -j, --jobs N           threads extracting (default: all cores)\n"
    "      --max-page-bytes N HTML bytes per page after decompression (default\n"
    "                         8 MiB); a larger page is skipped and reported\n"
    "      --max-depth N, --max-attrs N, --max-nodes N: as for one page\n"
    "      --max-time S       seconds of CPU time per page (default 10; 0: no\n"
    "                         limit); a page that needs more is skipped and\n"
    "                         reported as too_slow\n"
    "      --all-status       also extract HTTP responses whose status is not 2xx\n"
    "  -q, --quiet            no progress bar and no summary\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Adding up a run (winnow batch --summarize [OPTIONS] DIR...):\n"
    "      --summarize        read the NAME.summary.json files under each DIR and\n"
    "                         print one table: inputs done, pages, failures by\n"
    "                         reason, MB/s per task\n"
    "      --manifest FILE    the inputs the run was given, one a line: also say\n"
    "                         which have no complete output yet\n"
    "      --missing          print only those inputs, one a line (a manifest for\n"
    "                         a rerun); exit status 1 when there are any\n"
    "      --by-task          one line per task even when there are many\n"
    "\n"
    "A summary goes to stderr at the end; a progress bar too while stderr is a\n"
    "terminal.  Exit status: 0 every record was extracted, empty or skipped as\n"
    "above; 1 some record or input failed (see --errors), or the output could\n"
    "not be written; 2 usage error.\n";

/*** Options ***/

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "winnow batch: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'winnow batch --help' for more information.\n");
  return EXIT_USAGE;
}

static int is_opt(const char *arg, const char *s, const char *l) {
  if (s && !strcmp(arg, s)) return 1;
  size_t n = strlen(l);
  return !strncmp(arg, l, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* --opt=value or --opt value; NULL when missing. */
static const char *opt_arg(int argc, char **argv, int *i) {
  const char *eq = strchr(argv[*i], '=');
  if (argv[*i][1] == '-' && eq) return eq + 1;
  if (*i + 1 >= argc) return NULL;
  return argv[++*i];
}

static int parse_size(const char *v, size_t *out) {
  char *end;
  errno = 0;
  if (!v || !*v || *v == '-') return -1;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno || !n) return -1;
  unsigned long long mul = 1;
  if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
  else if (*end == 'M' || *end == 'm') mul = 1ull << 20, end++;
  else if (*end == 'G' || *end == 'g') mul = 1ull << 30, end++;
  if (*end || n > SIZE_MAX / mul) return -1;
  *out = (size_t)(n * mul);
  return 0;
}

int winnow_batch_main(int argc, char **argv) {
  wn_batch *b = calloc(1, sizeof *b);
  char **ops = calloc((size_t)argc + 1, sizeof *ops);
  if (!b || !ops) {
    free(b);
    free(ops);
    fprintf(stderr, "winnow batch: out of memory\n");
    return EXIT_FAIL;
  }
  winnow_options_init(&b->wopt);
  b->format = WINNOW_FORMAT_TEXT;
  b->max_page = 8u << 20;
  /* The slowest hostile 8 MiB page takes under 2 s (README, "Limits"). */
  b->wopt.max_ms = 10000;
  /* all cores this process may run on (a cluster job's cpuset, taskset) */
  cpu_set_t cpus;
  long nproc = sched_getaffinity(0, sizeof cpus, &cpus) ? sysconf(_SC_NPROCESSORS_ONLN) : CPU_COUNT(&cpus);
  b->threads = nproc > 0 ? (int)nproc : 1;
  int nops = 0, only = 0, rc = EXIT_OK;
  int summarize = 0, missing_only = 0, by_task = 0;
  const char *manifest = NULL;
  const char *bad = NULL, *badarg = NULL;
  /* the options that take a string as it is */
  const struct {
    const char *s, *l, **to;
  } strs[] = {{"-o", "--output", &b->output},         {NULL, "--output-dir", &b->outdir},
              {NULL, "--errors", &b->errors_path},    {NULL, "--files-from", &b->files_from},
              {NULL, "--html-field", &b->fields.html}, {NULL, "--url-field", &b->fields.url},
              {NULL, "--date-field", &b->fields.date}, {NULL, "--id-field", &b->fields.id},
              {NULL, "--task", &b->task},              {NULL, "--manifest", &manifest}};
  for (int i = 1; i < argc && !bad; i++) {
    const char *a = argv[i];
    const char *v;
    size_t k = 0;
    while (k < sizeof strs / sizeof *strs && !is_opt(a, strs[k].s, strs[k].l)) k++;
    if (only || a[0] != '-' || !strcmp(a, "-")) {
      ops[nops++] = argv[i];
    } else if (!strcmp(a, "--")) {
      only = 1;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage, stdout);
      free(b);
      free(ops);
      return fflush(stdout) || ferror(stdout) ? EXIT_FAIL : EXIT_OK;
    } else if (k < sizeof strs / sizeof *strs) {
      if (!(*strs[k].to = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, "-f", "--format")) {
      v = opt_arg(argc, argv, &i);
      if (!v) bad = "option '%s' needs an argument", badarg = a;
      else if (!strcmp(v, "text") || !strcmp(v, "json")) b->format = WINNOW_FORMAT_TEXT;
      else if (!strcmp(v, "markdown") || !strcmp(v, "md")) b->format = WINNOW_FORMAT_MARKDOWN;
      else bad = "unknown format '%s' (text, markdown, json)", badarg = v;
    } else if (is_opt(a, "-j", "--jobs")) {
      v = opt_arg(argc, argv, &i);
      size_t n;
      if (parse_size(v, &n) || n > 1024) bad = "invalid --jobs '%s' (1 to 1024)", badarg = v ? v : "";
      else b->threads = (int)n;
    } else if (!strncmp(a, "-j", 2) && a[2]) {
      size_t n;
      if (parse_size(a + 2, &n) || n > 1024) bad = "invalid --jobs '%s' (1 to 1024)", badarg = a + 2;
      else b->threads = (int)n;
    } else if (is_opt(a, NULL, "--max-depth")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 65536, &b->wopt.max_depth)) bad = "invalid --max-depth '%s' (1 to 65536)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-attrs")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 65536, &b->wopt.max_attrs)) bad = "invalid --max-attrs '%s' (1 to 65536)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-nodes")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 100000000, &b->wopt.max_nodes))
        bad = "invalid --max-nodes '%s' (1 to 100000000)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-time")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_seconds(v, &b->wopt.max_ms)) bad = "invalid --max-time '%s' (seconds, 0 to 86400)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-page-bytes")) {
      v = opt_arg(argc, argv, &i);
      if (parse_size(v, &b->max_page)) bad = "invalid --max-page-bytes '%s'", badarg = v ? v : "";
    } else if (!strcmp(a, "--skip-existing")) {
      b->skip_existing = 1;
    } else if (!strcmp(a, "--check-done")) {
      b->check_done = 1;
    } else if (!strcmp(a, "--compress")) {
      b->compress = 1;
    } else if (!strcmp(a, "--summarize")) {
      summarize = 1;
    } else if (!strcmp(a, "--missing")) {
      missing_only = 1;
    } else if (!strcmp(a, "--by-task")) {
      by_task = 1;
    } else if (!strcmp(a, "--all-status")) {
      b->all_status = 1;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      b->quiet = 1;
    } else if (!strcmp(a, "--captions")) {
      b->wopt.flags |= WINNOW_OPT_CAPTIONS;
    } else if (!strcmp(a, "--precision")) {
      b->wopt.flags |= WINNOW_OPT_PRECISION;
    } else if (!strcmp(a, "--recall")) {
      b->wopt.flags |= WINNOW_OPT_RECALL;
    } else if (!strcmp(a, "--markdown")) {
      b->format = WINNOW_FORMAT_MARKDOWN; /* as "--format json --markdown" for one page */
    } else if (!strcmp(a, "--title")) {
      b->wopt.flags |= WINNOW_OPT_TITLE;
#ifdef WINNOW_OPT_LINKS
    } else if (!strcmp(a, "--links")) {
      b->wopt.flags |= WINNOW_OPT_LINKS;
    } else if (!strcmp(a, "--images")) {
      b->wopt.flags |= WINNOW_OPT_IMAGES;
#endif
    } else {
      bad = "unknown option '%s'", badarg = a;
    }
  }
  if (!bad && !summarize && (manifest || missing_only || by_task))
    bad = "%s", badarg = "--manifest, --missing and --by-task go with --summarize";
  if (!bad && summarize && !nops) bad = "%s", badarg = "--summarize needs a folder (an --output-dir)";
  if (!bad && summarize && missing_only && !manifest) bad = "%s", badarg = "--missing needs --manifest";
  if (!bad && summarize) {
    free(b);
    rc = wn_summarize_main((const char *const *)ops, nops, manifest, missing_only, by_task);
    free(ops);
    return rc;
  }
  if (!bad && (b->wopt.flags & WINNOW_OPT_PRECISION) && (b->wopt.flags & WINNOW_OPT_RECALL))
    bad = "%s", badarg = "--precision and --recall exclude each other";
  if (!bad && !nops && !b->files_from) bad = "%s", badarg = "no input (a folder, WARC, JSONL or page)";
  if (!bad && b->output && b->outdir) bad = "%s", badarg = "--output and --output-dir exclude each other";
  if (!bad && b->skip_existing && !b->outdir) bad = "%s", badarg = "--skip-existing needs --output-dir";
  if (!bad && b->check_done && !b->outdir) bad = "%s", badarg = "--check-done needs --output-dir";
  /* opening an output would empty an input before it is read */
  const char *outs[2] = {b->output, b->errors_path};
  for (int k = 0; k < 2 && !bad; k++) {
    struct stat os, is;
    if (!outs[k] || stat(outs[k], &os)) continue;
    for (int i = 0; i < nops && !bad; i++)
      if (strcmp(ops[i], "-") && !stat(ops[i], &is) && is.st_dev == os.st_dev && is.st_ino == os.st_ino)
        bad = "input '%s' is also an output", badarg = ops[i];
  }
  if (bad) {
    free(b);
    free(ops);
    return usage_error(bad, badarg);
  }
#ifdef WINNOW_OPT_MARKDOWN_IN_JSON
  if (b->format == WINNOW_FORMAT_MARKDOWN) b->wopt.flags |= WINNOW_OPT_MARKDOWN_IN_JSON;
#endif
  /* the budget is checked on raw HTML; charset conversion may grow it */
  if (b->wopt.max_bytes < b->max_page * 4) b->wopt.max_bytes = b->max_page * 4;

  if (b->check_done) {
    b->quiet = 1; /* the inputs not done are the whole answer */
    b->errors_path = NULL; /* nothing is written */
    b->have_outdir_st = !stat(b->outdir, &b->outdir_st);
  } else if (b->outdir) {
    char *d = wn_cli_join(b->outdir, "x");
    if (!d || wn_cli_mkdirs(d) || stat(b->outdir, &b->outdir_st) || !S_ISDIR(b->outdir_st.st_mode)) {
      fprintf(stderr, "winnow batch: %s: %s\n", b->outdir, errno ? strerror(errno) : "not a folder");
      free(d);
      free(b);
      free(ops);
      return EXIT_FAIL;
    }
    free(d);
    b->have_outdir_st = 1;
  }
  b->out = stdout;
  if (b->output && !(b->out = fopen(b->output, "wb"))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->output, strerror(errno));
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  setvbuf(b->out, NULL, _IOFBF, 1 << 20);
  if (b->compress && !b->outdir && !(b->outz = wn_gz_new())) {
    fprintf(stderr, "winnow batch: out of memory\n");
    if (b->out != stdout) fclose(b->out);
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  if (gethostname(b->host, sizeof b->host - 1)) b->host[0] = 0;
  if (b->errors_path && !(b->errs = fopen(b->errors_path, "wb"))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->errors_path, strerror(errno));
    if (b->out != stdout) fclose(b->out);
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  b->progress = !b->quiet && isatty(2);
  /* the share done and an ETA: folders are walked once more for their
   * size, only when someone watches */
  if (b->progress) b->total_bytes = wn_read_total(b, ops, nops, b->files_from);

  b->cap = (size_t)b->threads * 4 + 4;
  b->budget = (size_t)b->threads * 2 * (b->max_page + (64u << 10));
  if (b->budget < (64u << 20)) b->budget = 64u << 20;
  b->slots = calloc(b->cap, sizeof *b->slots);
  pthread_t *tids = calloc((size_t)b->threads, sizeof *tids);
  pthread_t wt;
  if (!b->slots || !tids) {
    fprintf(stderr, "winnow batch: out of memory\n");
    return EXIT_FAIL;
  }
  pthread_mutex_init(&b->mu, NULL);
  pthread_cond_init(&b->can_put, NULL);
  pthread_cond_init(&b->can_work, NULL);
  pthread_cond_init(&b->can_write, NULL);
  b->t0 = wn_cli_now();
  int started = 0;
  for (; started < b->threads; started++)
    if (pthread_create(&tids[started], NULL, wn_ring_worker, b)) break;
  if (!started || pthread_create(&wt, NULL, wn_ring_writer, b)) {
    fprintf(stderr, "winnow batch: cannot start threads\n");
    return EXIT_FAIL;
  }

  for (int i = 0; i < nops; i++) wn_read_operand(b, ops[i]);
  if (b->files_from && wn_read_list(b, b->files_from, NULL)) rc = EXIT_FAIL;

  pthread_mutex_lock(&b->mu);
  b->closed = 1;
  pthread_cond_broadcast(&b->can_work);
  pthread_cond_broadcast(&b->can_write);
  pthread_mutex_unlock(&b->mu);
  for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
  pthread_join(wt, NULL);
  double wall = wn_cli_now() - b->t0;
  if (b->progress) wn_report_progress(b, 1);

  if (b->outz && !b->out_failed && wn_out_write(b->out, b->outz, "", 0, 1)) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    b->out_failed = 1;
  }
  wn_gz_free(b->outz);
  if (fflush(b->out) || ferror(b->out) || (b->out != stdout && fclose(b->out))) {
    if (!b->out_failed)
      fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    b->out_failed = 1;
  }
  if (b->errs && (fflush(b->errs) || ferror(b->errs) || fclose(b->errs))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->errors_path, strerror(errno));
    b->out_failed = 1;
  }
  if (!b->quiet) wn_report_summary(b, wall);
  uint64_t fl = 0;
  for (int i = 0; i < FL_COUNT; i++) fl += b->c.failed[i];
  if (fl || b->out_failed || b->undone) rc = EXIT_FAIL;
  if (b->check_done && (fflush(stdout) || ferror(stdout))) rc = EXIT_FAIL;

  pthread_mutex_destroy(&b->mu);
  pthread_cond_destroy(&b->can_put);
  pthread_cond_destroy(&b->can_work);
  pthread_cond_destroy(&b->can_write);
  for (size_t i = 0; i < b->names_cap; i++) free(b->names[i]);
  free(b->names);
  free(b->c.slowest_id);
  free(b->slots);
  free(tids);
  free(b);
  free(ops);
  return rc;
}
