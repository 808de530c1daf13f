/* winnow: the command-line tool, a thin client of winnow.h.
 *
 * Exit status: 0 every input gave an article; 1 some input could not be
 * read or decoded, or held no article; 2 usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "batch.h"
#include "winnow.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage: winnow [OPTIONS] [FILE...]\n"
    "Print the article of each HTML page (stdin when no FILE or FILE is -).\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT     text (default), markdown or json\n"
    "  -o, --output FILE    write to FILE instead of stdout\n"
    "  -u, --url URL        the page's address (for links and metadata)\n"
    "      --charset NAME   decode the page as NAME, whatever it declares\n"
    "      --title          print the title before the article\n"
    "      --links          Markdown: keep links as [text](url)\n"
    "      --images         Markdown: keep images as ![alt](src)\n"
    "      --markdown       JSON: the article as Markdown in \"markdown\", not \"text\"\n"
    "      --captions       keep figure captions and photo credits\n"
    "      --precision      leave out anything doubtful\n"
    "      --recall         keep anything plausible\n"
    "      --explain        print why each block was kept or dropped: an HTML\n"
    "                       report (with --format json: the same as JSON)\n"
    "      --max-bytes N    bytes of HTML read per page (default 64 MiB)\n"
    "      --max-depth N    open elements nested deeper are flattened (default 512)\n"
    "      --max-attrs N    attributes kept per tag (default 256)\n"
    "      --max-nodes N    elements and text runs kept per page (default 4000000)\n"
    "      --max-time S     give up on a page after S seconds of CPU time\n"
    "                       (decimals allowed; default 0: no limit)\n"
    "  -v, --verbose        say on stderr when a page was cut to fit limits\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Links and images resolve against the page's <base href>, else --url.\n"
    "Input may be in any charset and gzip-compressed.\n"
    "Many pages, folders, WARC and JSONL files at once: see 'winnow batch --help'.\n"
    "Exit status: 0 all pages gave an article; 1 a page could not be read, ran\n"
    "past --max-time or held no article (its text is empty; JSON says\n"
    "\"text\":\"\"); 2 usage error.\n";

typedef struct cli {
  winnow_options opt;
  winnow_format format;
  const char *output;
  int verbose;
  int explain; /* --explain: the report instead of the article */
  size_t max_read;
} cli;

static void die_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "winnow: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'winnow --help' for more information.\n");
  exit(EXIT_USAGE);
}

/* Reads all of f, at most limit bytes plus one (to tell "more"). */
static char *read_all(FILE *f, size_t limit, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap > limit) break;
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return NULL;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static int write_out(const char *data, size_t len, void *ud) {
  return fwrite(data, 1, len, (FILE *)ud) != len;
}

static int process(cli *c, const char *path, FILE *out) {
  const char *name = path && strcmp(path, "-") ? path : "(stdin)";
  FILE *in = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) {
    fprintf(stderr, "winnow: %s: %s\n", name, strerror(errno));
    return EXIT_INPUT;
  }
  size_t len = 0;
  char *html = read_all(in, c->max_read, &len);
  int err = errno;
  if (in != stdin) fclose(in);
  if (!html) {
    fprintf(stderr, "winnow: %s: %s\n", name, err ? strerror(err) : "read failed");
    return EXIT_INPUT;
  }
  winnow_doc *doc = NULL;
  winnow_status st = winnow_extract(html, len, &c->opt, &doc);
  free(html);
  if (st) {
    fprintf(stderr, "winnow: %s: %s\n", name, winnow_status_str(st));
    return EXIT_INPUT;
  }
  unsigned w = winnow_doc_warnings(doc);
  if (c->verbose && (w & ~(unsigned)WINNOW_WARN_CHARSET))
    fprintf(stderr, "winnow: %s: limits applied:%s%s%s%s\n", name,
            w & WINNOW_WARN_DEPTH ? " depth" : "", w & WINNOW_WARN_ATTRS ? " attributes" : "",
            w & WINNOW_WARN_TRUNCATED ? " size" : "", w & WINNOW_WARN_NODES ? " nodes" : "");
  if (c->verbose && (w & WINNOW_WARN_CHARSET))
    fprintf(stderr, "winnow: %s: invalid %s bytes replaced by U+FFFD\n", name,
            winnow_doc_charset(doc));
  int rc = EXIT_OK;
  st = winnow_render(doc, c->format, write_out, out);
  if (st) {
    fprintf(stderr, "winnow: %s: %s\n", name, winnow_status_str(st));
    rc = EXIT_INPUT;
  } else if (!winnow_doc_chars(doc)) {
    fprintf(stderr, "winnow: %s: no article found\n", name);
    rc = EXIT_INPUT;
  }
  winnow_doc_free(doc);
  return rc;
}

static const char *need_arg(int argc, char **argv, int *i, const char *opt) {
  /* --opt=value or --opt value */
  const char *eq = strchr(argv[*i], '=');
  if (argv[*i][1] == '-' && eq) return eq + 1;
  if (*i + 1 >= argc) die_usage("option '%s' needs an argument", opt);
  return argv[++*i];
}

/* An option without an argument: exact spelling only. */
static int is_flag(const char *arg, const char *s, const char *l) {
  return (s && !strcmp(arg, s)) || !strcmp(arg, l);
}

/* --help and --version succeed only if their text reached stdout. */
static int finish_stdout(void) {
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
    return EXIT_INPUT;
  }
  return EXIT_OK;
}

/* Whether path names the same file as the output (which opening the
 * output would empty before it is read). */
static int same_file(const char *path, const struct stat *out) {
  struct stat st;
  return path && strcmp(path, "-") && !stat(path, &st) && st.st_dev == out->st_dev &&
         st.st_ino == out->st_ino;
}

static int is_opt(const char *arg, const char *s, const char *l) {
  if (s && !strcmp(arg, s)) return 1;
  size_t n = strlen(l);
  return !strncmp(arg, l, n) && (arg[n] == '\0' || arg[n] == '=');
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "batch")) return winnow_batch_main(argc - 1, argv + 1);
  cli c;
  memset(&c, 0, sizeof c);
  winnow_options_init(&c.opt);
  c.format = WINNOW_FORMAT_TEXT;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0, only_files = 0;
  if (!files) return EXIT_INPUT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || !strcmp(a, "-")) {
      files[nfiles++] = a;
    } else if (!strcmp(a, "--")) {
      only_files = 1;
    } else if (is_flag(a, "-h", "--help")) {
      fputs(usage, stdout);
      free(files);
      return finish_stdout();
    } else if (is_flag(a, "-V", "--version")) {
      printf("winnow %s\n", winnow_version_string());
      free(files);
      return finish_stdout();
    } else if (is_opt(a, "-f", "--format")) {
      const char *v = need_arg(argc, argv, &i, "--format");
      if (!strcmp(v, "text")) c.format = WINNOW_FORMAT_TEXT;
      else if (!strcmp(v, "json")) c.format = WINNOW_FORMAT_JSON;
      else if (!strcmp(v, "markdown") || !strcmp(v, "md")) c.format = WINNOW_FORMAT_MARKDOWN;
      else die_usage("unknown format '%s' (text, markdown, json)", v);
    } else if (is_opt(a, "-o", "--output")) {
      c.output = need_arg(argc, argv, &i, "--output");
    } else if (is_opt(a, "-u", "--url")) {
      c.opt.url = need_arg(argc, argv, &i, "--url");
    } else if (is_opt(a, NULL, "--charset")) {
      c.opt.charset = need_arg(argc, argv, &i, "--charset");
      if (!winnow_charset_supported(c.opt.charset)) die_usage("unknown charset '%s'", c.opt.charset);
    } else if (is_opt(a, NULL, "--max-bytes")) {
      const char *v = need_arg(argc, argv, &i, "--max-bytes");
      char *end;
      errno = 0;
      unsigned long long n = strtoull(v, &end, 10);
      if (errno || *end || !n || v[0] == '-') die_usage("invalid --max-bytes '%s'", v);
      c.opt.max_bytes = (size_t)n;
    } else if (is_opt(a, NULL, "--max-depth")) {
      const char *v = need_arg(argc, argv, &i, "--max-depth");
      if (wn_parse_count(v, 65536, &c.opt.max_depth)) die_usage("invalid --max-depth '%s' (1 to 65536)", v);
    } else if (is_opt(a, NULL, "--max-attrs")) {
      const char *v = need_arg(argc, argv, &i, "--max-attrs");
      if (wn_parse_count(v, 65536, &c.opt.max_attrs)) die_usage("invalid --max-attrs '%s' (1 to 65536)", v);
    } else if (is_opt(a, NULL, "--max-nodes")) {
      const char *v = need_arg(argc, argv, &i, "--max-nodes");
      if (wn_parse_count(v, 100000000, &c.opt.max_nodes))
        die_usage("invalid --max-nodes '%s' (1 to 100000000)", v);
    } else if (is_opt(a, NULL, "--max-time")) {
      const char *v = need_arg(argc, argv, &i, "--max-time");
      if (wn_parse_seconds(v, &c.opt.max_ms)) die_usage("invalid --max-time '%s' (seconds, 0 to 86400)", v);
    } else if (!strcmp(a, "--title")) {
      c.opt.flags |= WINNOW_OPT_TITLE;
    } else if (!strcmp(a, "--links")) {
      c.opt.flags |= WINNOW_OPT_LINKS;
    } else if (!strcmp(a, "--images")) {
      c.opt.flags |= WINNOW_OPT_IMAGES;
    } else if (!strcmp(a, "--markdown")) {
      c.opt.flags |= WINNOW_OPT_MARKDOWN_IN_JSON;
    } else if (!strcmp(a, "--captions")) {
      c.opt.flags |= WINNOW_OPT_CAPTIONS;
    } else if (!strcmp(a, "--precision")) {
      c.opt.flags |= WINNOW_OPT_PRECISION;
    } else if (!strcmp(a, "--recall")) {
      c.opt.flags |= WINNOW_OPT_RECALL;
    } else if (!strcmp(a, "--explain")) {
      c.explain = 1;
    } else if (is_flag(a, "-v", "--verbose")) {
      c.verbose = 1;
    } else {
      free(files);
      die_usage("unknown option '%s'", a);
    }
  }
  if ((c.opt.flags & WINNOW_OPT_PRECISION) && (c.opt.flags & WINNOW_OPT_RECALL))
    die_usage("%s", "--precision and --recall exclude each other");
  if ((c.opt.flags & WINNOW_OPT_MARKDOWN_IN_JSON) && c.format != WINNOW_FORMAT_JSON)
    die_usage("%s", "--markdown goes with --format json (for Markdown alone: --format markdown)");
  if (c.explain) {
    if (c.format == WINNOW_FORMAT_MARKDOWN || (c.opt.flags & WINNOW_OPT_MARKDOWN_IN_JSON))
      die_usage("%s", "--explain prints HTML, or JSON with --format json");
    c.format = c.format == WINNOW_FORMAT_JSON ? WINNOW_FORMAT_EXPLAIN_JSON
                                              : WINNOW_FORMAT_EXPLAIN_HTML;
    c.opt.flags |= WINNOW_OPT_EXPLAIN;
  }
  /* gzip input can inflate: read up to the limit of decoded bytes */
  c.max_read = c.opt.max_bytes;

  struct stat ost;
  if (c.output && !stat(c.output, &ost))
    for (int i = 0; i < nfiles; i++)
      if (same_file(files[i], &ost)) die_usage("input '%s' is also the output", files[i]);
  FILE *out = stdout;
  if (c.output && !(out = fopen(c.output, "wb"))) {
    fprintf(stderr, "winnow: %s: %s\n", c.output, strerror(errno));
    free(files);
    return EXIT_INPUT;
  }
  int rc = EXIT_OK;
  if (!nfiles) files[nfiles++] = "-";
  for (int i = 0; i < nfiles; i++) {
    int r = process(&c, files[i], out);
    if (r > rc) rc = r;
  }
  if (fflush(out) || (out != stdout && fclose(out))) {
    fprintf(stderr, "winnow: %s: %s\n", c.output ? c.output : "(stdout)", strerror(errno));
    rc = EXIT_INPUT;
  }
  free(files);
  return rc;
}
