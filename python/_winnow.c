/* winnow._winnow: the C half of `import winnow`, a client of winnow.h as
 * the command-line tool is.
 *
 * Arguments arrive checked by winnow/__init__.py, which turns keywords into
 * a mode, WINNOW_OPT_* bits and limits; this file runs the library with the
 * GIL released and turns statuses into exceptions.  extract_many's pages go
 * to a pool of OS threads that never touch a Python object: the consumer
 * (holding the GIL) pulls pages from the iterable into a ring of `window`
 * slots and hands results back in input order, so memory is bounded by the
 * window whatever the iterable's length. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winnow.h"

#ifndef WNPY_VERSION
#define WNPY_VERSION WINNOW_VERSION_STRING
#endif

/* What a call returns: a str (or None when no article) in the three
 * formats, or for extract_page the JSON and the warning bits, always. */
enum { MODE_TEXT, MODE_MARKDOWN, MODE_JSON, MODE_PAGE };

static PyObject *Error, *LimitError, *DecodeError, *ParseError, *TimeoutErr;

/* Options shared by every page of a call.  The strings point into the
 * Python objects held here, which stay alive (and immutable) until the
 * call or iterator is done, so worker threads may read them. */
typedef struct config {
  int mode;
  unsigned flags, max_ms;
  unsigned long long max_bytes; /* 0: the library's default */
  PyObject *url_obj, *charset_obj;
  const char *url, *charset;
} config;

/* One page: its input (kept alive by src) and, once run, its result. */
typedef struct job {
  PyObject *src, *url_obj;
  const char *data, *url;
  size_t len;
  int is_str;
  PyObject *error; /* set when the item was refused before running */
  winnow_status st;
  size_t chars;
  unsigned warnings;
  char *out;
  size_t out_len, out_cap;
  int done;
} job;

/* ---- strings in, without the GIL's help later ---- */

/* UTF-8 of a str with no NUL inside (a C string); NULL with ValueError. */
static const char *c_string(PyObject *s, const char *what) {
  Py_ssize_t n;
  const char *p = PyUnicode_AsUTF8AndSize(s, &n);
  if (!p) return NULL;
  if ((size_t)n != strlen(p)) {
    PyErr_Format(PyExc_ValueError, "%s must not contain NUL characters", what);
    return NULL;
  }
  return p;
}

static int config_init(config *c, int mode, unsigned flags, PyObject *url, PyObject *charset,
                       unsigned long long max_bytes, unsigned max_ms) {
  memset(c, 0, sizeof *c);
  c->mode = mode;
  c->flags = flags;
  c->max_bytes = max_bytes;
  c->max_ms = max_ms;
  if (url != Py_None) {
    if (!(c->url = c_string(url, "url"))) return -1;
    Py_INCREF(url);
    c->url_obj = url;
  }
  if (charset != Py_None) {
    if (!(c->charset = c_string(charset, "charset"))) return -1;
    if (!winnow_charset_supported(c->charset)) {
      PyErr_Format(PyExc_ValueError, "unknown charset %R (winnow knows the WHATWG labels: "
                   "'utf-8', 'windows-1252', 'shift_jis', 'gbk', ...)", charset);
      return -1;
    }
    Py_INCREF(charset);
    c->charset_obj = charset;
  }
  return 0;
}

static void config_clear(config *c) {
  Py_CLEAR(c->url_obj);
  Py_CLEAR(c->charset_obj);
}

/* The page's bytes: a bytes object as it is, a str as UTF-8 (lone
 * surrogates pass through as bytes the decoder then replaces), anything
 * else with the buffer protocol copied first (a bytearray could change
 * under a worker).  Takes html and url as given (borrowed). */
static int job_set_input(job *j, PyObject *html, PyObject *url, const char *where) {
  if (PyUnicode_Check(html)) {
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(html, &n);
    if (p) {
      Py_INCREF(html);
      j->src = html;
    } else {
      PyErr_Clear();
      if (!(j->src = PyUnicode_AsEncodedString(html, "utf-8", "surrogatepass"))) return -1;
      p = PyBytes_AS_STRING(j->src);
      n = PyBytes_GET_SIZE(j->src);
    }
    j->data = p;
    j->len = (size_t)n;
    j->is_str = 1;
  } else if (PyBytes_Check(html)) {
    Py_INCREF(html);
    j->src = html;
    j->data = PyBytes_AS_STRING(html);
    j->len = (size_t)PyBytes_GET_SIZE(html);
  } else if (PyObject_CheckBuffer(html)) {
    if (!(j->src = PyBytes_FromObject(html))) return -1;
    j->data = PyBytes_AS_STRING(j->src);
    j->len = (size_t)PyBytes_GET_SIZE(j->src);
  } else {
    PyErr_Format(PyExc_TypeError, "%shtml must be str or bytes, not %.100s", where,
                 Py_TYPE(html)->tp_name);
    return -1;
  }
  if (url && url != Py_None) {
    if (!PyUnicode_Check(url)) {
      PyErr_Format(PyExc_TypeError, "%surl must be str or None, not %.100s", where,
                   Py_TYPE(url)->tp_name);
      return -1;
    }
    if (!(j->url = c_string(url, "url"))) return -1;
    Py_INCREF(url);
    j->url_obj = url;
  }
  return 0;
}

static void job_clear(job *j) {
  Py_CLEAR(j->src);
  Py_CLEAR(j->url_obj);
  Py_CLEAR(j->error);
  free(j->out);
  memset(j, 0, sizeof *j);
}

/* ---- the work, without the GIL ---- */

static int collect(const char *data, size_t len, void *userdata) {
  job *j = userdata;
  if (len > j->out_cap - j->out_len) {
    size_t cap = j->out_cap ? j->out_cap : 4096;
    while (cap - j->out_len < len) {
      if (cap > SIZE_MAX / 2) return 1;
      cap *= 2;
    }
    char *p = realloc(j->out, cap);
    if (!p) return 1;
    j->out = p;
    j->out_cap = cap;
  }
  memcpy(j->out + j->out_len, data, len);
  j->out_len += len;
  return 0;
}

static void job_run(const config *c, job *j) {
  winnow_options o;
  winnow_options_init(&o);
  o.flags = c->flags;
  o.url = j->url ? j->url : c->url;
  /* a str is already decoded: its UTF-8 is the page, whatever it declares */
  o.charset = j->is_str ? "utf-8" : c->charset;
  if (c->max_bytes) o.max_bytes = c->max_bytes > SIZE_MAX ? SIZE_MAX : (size_t)c->max_bytes;
  o.max_ms = c->max_ms;
  winnow_doc *doc = NULL;
  j->st = winnow_extract(j->data, j->len, &o, &doc);
  if (j->st) return;
  j->chars = winnow_doc_chars(doc);
  j->warnings = winnow_doc_warnings(doc);
  if (j->chars || c->mode == MODE_PAGE) {
    winnow_format f = c->mode == MODE_TEXT       ? WINNOW_FORMAT_TEXT
                      : c->mode == MODE_MARKDOWN ? WINNOW_FORMAT_MARKDOWN
                                                 : WINNOW_FORMAT_JSON;
    j->st = winnow_render(doc, f, collect, j);
    /* collect() fails only when it cannot grow its buffer */
    if (j->st == WINNOW_E_WRITE) j->st = WINNOW_E_NOMEM;
  }
  winnow_doc_free(doc);
}

/* ---- results, with the GIL ---- */

static PyObject *status_error(const config *c, winnow_status st) {
  PyObject *type = Error, *exc;
  switch (st) {
  case WINNOW_E_NOMEM: return PyObject_CallFunction(PyExc_MemoryError, "s", "winnow: out of memory");
  case WINNOW_E_LIMIT:
    exc = PyObject_CallFunction(LimitError, "s", "the page exceeds a limit (max_bytes)");
    break;
  case WINNOW_E_DECODE:
    exc = PyObject_CallFunction(DecodeError, "s", "the page's bytes could not be decoded (a corrupt gzip stream?)");
    break;
  case WINNOW_E_PARSE: exc = PyObject_CallFunction(ParseError, "s", "the HTML parser gave up on the page"); break;
  case WINNOW_E_TIME:
    exc = PyUnicode_FromFormat("the page took more than max_time (%u ms of CPU time)", c->max_ms);
    if (exc) {
      PyObject *msg = exc;
      exc = PyObject_CallOneArg(TimeoutErr, msg);
      Py_DECREF(msg);
    }
    break;
  default: exc = PyObject_CallFunction(type, "s", winnow_status_str(st)); break;
  }
  if (exc) {
    PyObject *name = PyUnicode_FromString(winnow_status_str(st));
    if (!name || PyObject_SetAttrString(exc, "status", name) < 0) Py_CLEAR(exc);
    Py_XDECREF(name);
  }
  return exc;
}

/* The value of a run job, a new reference: the result, or (with *failed
 * set) the exception instance that stands for it.  NULL when Python
 * itself failed (no memory for the string). */
static PyObject *job_value(const config *c, job *j, int *failed) {
  *failed = 0;
  if (j->error) {
    *failed = 1;
    Py_INCREF(j->error);
    return j->error;
  }
  if (j->st) {
    *failed = 1;
    return status_error(c, j->st);
  }
  if (c->mode == MODE_PAGE) {
    PyObject *json = PyUnicode_DecodeUTF8(j->out ? j->out : "", (Py_ssize_t)j->out_len, "replace");
    if (!json) return NULL;
    return Py_BuildValue("(NI)", json, j->warnings);
  }
  if (!j->chars) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(j->out ? j->out : "", (Py_ssize_t)j->out_len, "replace");
}

/* ---- extract: one page on the calling thread, the GIL released ---- */

static PyObject *py_extract(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *html, *url, *charset;
  int mode;
  unsigned flags, max_ms;
  unsigned long long max_bytes;
  if (!PyArg_ParseTuple(args, "OiIOOKI:_extract", &html, &mode, &flags, &url, &charset, &max_bytes,
                        &max_ms))
    return NULL;
  config c;
  job j;
  memset(&j, 0, sizeof j);
  PyObject *value = NULL;
  int failed;
  if (config_init(&c, mode, flags, url, charset, max_bytes, max_ms) < 0 ||
      job_set_input(&j, html, NULL, "") < 0)
    goto done;
  Py_BEGIN_ALLOW_THREADS
  job_run(&c, &j);
  Py_END_ALLOW_THREADS
  value = job_value(&c, &j, &failed);
  if (value && failed) {
    PyErr_SetObject((PyObject *)Py_TYPE(value), value);
    Py_CLEAR(value);
  }
done:
  job_clear(&j);
  config_clear(&c);
  return value;
}

/* ---- extract_many: the thread pool behind an iterator ---- */

typedef struct Many {
  PyObject_HEAD
  PyObject *it; /* the pages; NULL once exhausted */
  config cfg;
  int raise_errors, nthreads, running;
  int busy; /* in many_next(), which lets go of the GIL while it waits */
  size_t window;
  job *ring;
  pthread_t *threads;
  /* jobs [head, tail) are in the ring; workers have taken [head, claim) */
  unsigned long long head, claim, tail, index;
  int stop, lock_ready;
  pthread_mutex_t mu;
  pthread_cond_t work, done;
} Many;

static void *worker(void *arg) {
  Many *m = arg;
  pthread_mutex_lock(&m->mu);
  for (;;) {
    while (!m->stop && m->claim == m->tail) pthread_cond_wait(&m->work, &m->mu);
    if (m->stop) break;
    job *j = &m->ring[m->claim++ % m->window];
    pthread_mutex_unlock(&m->mu);
    if (!j->error) job_run(&m->cfg, j);
    pthread_mutex_lock(&m->mu);
    j->done = 1;
    pthread_cond_broadcast(&m->done);
  }
  pthread_mutex_unlock(&m->mu);
  return NULL;
}

static int many_start(Many *m) {
  for (m->running = 0; m->running < m->nthreads; m->running++)
    if (pthread_create(&m->threads[m->running], NULL, worker, m)) break;
  if (m->running) return 0;
  PyErr_SetString(PyExc_RuntimeError, "winnow: could not start a thread");
  return -1;
}

/* Stops the workers (each finishes the page in its hands) and waits for
 * them, the GIL released: none of them needs it. */
static void many_stop(Many *m) {
  if (!m->running) return;
  pthread_mutex_lock(&m->mu);
  m->stop = 1;
  pthread_cond_broadcast(&m->work);
  pthread_mutex_unlock(&m->mu);
  Py_BEGIN_ALLOW_THREADS
  for (int i = 0; i < m->running; i++) pthread_join(m->threads[i], NULL);
  Py_END_ALLOW_THREADS
  m->running = 0;
}

static PyObject *py_many(PyTypeObject *type, PyObject *args, PyObject *kw) {
  PyObject *pages, *url, *charset;
  int mode, threads, raise_errors;
  unsigned flags, max_ms;
  unsigned long long max_bytes;
  Py_ssize_t window;
  static char *kwlist[] = {"pages", "mode", "flags", "url", "charset", "max_bytes", "max_ms",
                           "threads", "window", "raise_errors", NULL};
  if (!PyArg_ParseTupleAndKeywords(args, kw, "OiIOOKIinp:_Many", kwlist, &pages, &mode, &flags,
                                   &url, &charset, &max_bytes, &max_ms, &threads, &window,
                                   &raise_errors))
    return NULL;
  if (threads < 1 || window < threads) {
    PyErr_SetString(PyExc_ValueError, "threads must be at least 1 and window at least threads");
    return NULL;
  }
  PyObject *it = PyObject_GetIter(pages);
  if (!it) return NULL;
  Many *m = (Many *)type->tp_alloc(type, 0);
  if (!m) {
    Py_DECREF(it);
    return NULL;
  }
  m->it = it;
  m->raise_errors = raise_errors;
  m->nthreads = threads;
  m->window = (size_t)window;
  if (config_init(&m->cfg, mode, flags, url, charset, max_bytes, max_ms) < 0) goto fail;
  m->ring = PyMem_Calloc(m->window, sizeof *m->ring);
  m->threads = PyMem_Calloc((size_t)threads, sizeof *m->threads);
  if (!m->ring || !m->threads) {
    PyErr_NoMemory();
    goto fail;
  }
  if (pthread_mutex_init(&m->mu, NULL)) goto fail_lock;
  if (pthread_cond_init(&m->work, NULL)) {
    pthread_mutex_destroy(&m->mu);
    goto fail_lock;
  }
  if (pthread_cond_init(&m->done, NULL)) {
    pthread_cond_destroy(&m->work);
    pthread_mutex_destroy(&m->mu);
    goto fail_lock;
  }
  m->lock_ready = 1;
  return (PyObject *)m;
fail_lock:
  PyErr_SetString(PyExc_RuntimeError, "winnow: could not create a lock");
fail:
  Py_DECREF(m);
  return NULL;
}

/* Refills the ring from the iterable: a page that cannot be taken (wrong
 * type) gets its exception now, in its place.  -1 when the iterable
 * itself raised. */
static int many_fill(Many *m) {
  while (m->it && m->tail - m->head < m->window) {
    PyObject *item = PyIter_Next(m->it);
    if (!item) {
      if (PyErr_Occurred()) return -1;
      Py_CLEAR(m->it);
      break;
    }
    /* slot tail is free: workers only look at [claim, tail) */
    job *j = &m->ring[m->tail % m->window];
    char where[48];
    snprintf(where, sizeof where, "page %llu: ", m->index);
    int rc;
    if (PyTuple_Check(item) && PyTuple_GET_SIZE(item) == 2)
      rc = job_set_input(j, PyTuple_GET_ITEM(item, 0), PyTuple_GET_ITEM(item, 1), where);
    else if (PyTuple_Check(item)) {
      PyErr_Format(PyExc_TypeError, "%sa tuple must be (html, url), not of %zd items", where,
                   PyTuple_GET_SIZE(item));
      rc = -1;
    } else
      rc = job_set_input(j, item, NULL, where);
    Py_DECREF(item);
    if (rc < 0) {
      PyObject *t, *v, *tb;
      PyErr_Fetch(&t, &v, &tb);
      PyErr_NormalizeException(&t, &v, &tb);
      if (tb && v) PyException_SetTraceback(v, tb);
      Py_XDECREF(t);
      Py_XDECREF(tb);
      Py_CLEAR(j->src);
      Py_CLEAR(j->url_obj);
      if (!v) return -1;
      j->error = v;
    }
    m->index++;
    if (!m->running && many_start(m) < 0) {
      job_clear(j);
      return -1;
    }
    pthread_mutex_lock(&m->mu);
    m->tail++;
    pthread_cond_signal(&m->work);
    pthread_mutex_unlock(&m->mu);
  }
  return 0;
}

static PyObject *many_next_locked(Many *m);

/* Another Python thread (or the pages' own iterator) calling next() while
 * a call waits would race for the ring: refused, as a generator does. */
static PyObject *many_next(Many *m) {
  if (m->busy) {
    PyErr_SetString(PyExc_ValueError, "extract_many iterator already executing");
    return NULL;
  }
  m->busy = 1;
  PyObject *r = many_next_locked(m);
  m->busy = 0;
  return r;
}

static PyObject *many_next_locked(Many *m) {
  for (;;) {
    if (many_fill(m) < 0) return NULL;
    if (m->head == m->tail) {
      many_stop(m); /* done: no threads left behind an exhausted iterator */
      return NULL;
    }
    job *j = &m->ring[m->head % m->window];
    int done;
    /* wait with the GIL released, waking now and then for Ctrl-C */
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&m->mu);
    if (!j->done) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 100 * 1000 * 1000;
      if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
      }
      while (!j->done && pthread_cond_timedwait(&m->done, &m->mu, &ts) != ETIMEDOUT) {
      }
    }
    done = j->done;
    pthread_mutex_unlock(&m->mu);
    Py_END_ALLOW_THREADS
    if (!done) {
      if (PyErr_CheckSignals() < 0) return NULL;
      continue;
    }
    int failed;
    PyObject *value = job_value(&m->cfg, j, &failed);
    job_clear(j);
    m->head++;
    if (value && failed && m->raise_errors) {
      PyErr_SetObject((PyObject *)Py_TYPE(value), value);
      Py_CLEAR(value);
    }
    return value;
  }
}

static int many_traverse(Many *m, visitproc visit, void *arg) {
  Py_VISIT(m->it);
  if (m->ring)
    for (unsigned long long i = m->head; i < m->tail; i++) Py_VISIT(m->ring[i % m->window].error);
  return 0;
}

static int many_clear(Many *m) {
  many_stop(m);
  if (m->ring) {
    for (unsigned long long i = m->head; i < m->tail; i++) job_clear(&m->ring[i % m->window]);
    m->head = m->claim = m->tail;
  }
  Py_CLEAR(m->it);
  return 0;
}

static void many_dealloc(Many *m) {
  PyObject_GC_UnTrack(m);
  many_clear(m);
  config_clear(&m->cfg);
  PyMem_Free(m->ring);
  PyMem_Free(m->threads);
  if (m->lock_ready) {
    pthread_cond_destroy(&m->done);
    pthread_cond_destroy(&m->work);
    pthread_mutex_destroy(&m->mu);
  }
  Py_TYPE(m)->tp_free((PyObject *)m);
}

static PyTypeObject ManyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.Many",
    .tp_doc = "Iterator behind winnow.extract_many(): results in input order from a pool of threads.",
    .tp_basicsize = sizeof(Many),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = py_many,
    .tp_dealloc = (destructor)many_dealloc,
    .tp_traverse = (traverseproc)many_traverse,
    .tp_clear = (inquiry)many_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)many_next,
};

/* ---- the module ---- */

static PyObject *py_library_version(PyObject *self, PyObject *unused) {
  (void)self, (void)unused;
  return PyUnicode_FromString(winnow_version_string());
}

static PyObject *py_charset_supported(PyObject *self, PyObject *arg) {
  (void)self;
  const char *s = PyUnicode_Check(arg) ? PyUnicode_AsUTF8(arg) : NULL;
  if (!s) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "charset must be str");
    return NULL;
  }
  return PyBool_FromLong(winnow_charset_supported(s));
}

static PyMethodDef methods[] = {
    {"_extract", py_extract, METH_VARARGS, "_extract(html, mode, flags, url, charset, max_bytes, max_ms)"},
    {"library_version", py_library_version, METH_NOARGS,
     "library_version() -> str\n\nThe version of libwinnow compiled into this module."},
    {"charset_supported", py_charset_supported, METH_O,
     "charset_supported(label: str) -> bool\n\nWhether winnow can decode the charset named label."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "winnow._winnow", "libwinnow, compiled in (use the winnow package).", -1,
    methods, NULL, NULL, NULL, NULL,
};

/* PyModule_AddObjectRef() is 3.10's; this is the same for 3.9. */
static int add_ref(PyObject *mod, const char *name, PyObject *o) {
  Py_INCREF(o);
  if (PyModule_AddObject(mod, name, o) < 0) {
    Py_DECREF(o);
    return -1;
  }
  return 0;
}

static PyObject *new_error(PyObject *mod, const char *name, PyObject *bases, const char *doc) {
  char full[64];
  snprintf(full, sizeof full, "winnow.%s", name);
  PyObject *e = PyErr_NewExceptionWithDoc(full, doc, bases, NULL);
  if (!e || add_ref(mod, name, e) < 0) {
    Py_XDECREF(e);
    return NULL;
  }
  return e;
}

PyMODINIT_FUNC PyInit__winnow(void) {
  PyObject *m = PyModule_Create(&module);
  if (!m) return NULL;
  if (PyType_Ready(&ManyType) < 0 || add_ref(m, "Many", (PyObject *)&ManyType) < 0)
    goto fail;
  if (!(Error = new_error(m, "Error", NULL, "A page winnow could not process (base of winnow's errors).")))
    goto fail;
  if (!(LimitError = new_error(m, "LimitError", Error, "The page exceeds a limit (max_bytes).")) ||
      !(DecodeError = new_error(m, "DecodeError", Error,
                                "The page's bytes could not be decoded (a corrupt gzip stream).")) ||
      !(ParseError = new_error(m, "ParseError", Error, "The HTML parser gave up on the page.")))
    goto fail;
  PyObject *bases = PyTuple_Pack(2, Error, PyExc_TimeoutError);
  if (!bases) goto fail;
  TimeoutErr = new_error(m, "TimeoutError", bases,
                         "The page took more than max_time seconds of CPU time "
                         "(also a builtin TimeoutError).");
  Py_DECREF(bases);
  if (!TimeoutErr) goto fail;
  if (PyModule_AddStringConstant(m, "__version__", WNPY_VERSION) < 0 ||
      PyModule_AddIntConstant(m, "MODE_TEXT", MODE_TEXT) < 0 ||
      PyModule_AddIntConstant(m, "MODE_MARKDOWN", MODE_MARKDOWN) < 0 ||
      PyModule_AddIntConstant(m, "MODE_JSON", MODE_JSON) < 0 ||
      PyModule_AddIntConstant(m, "MODE_PAGE", MODE_PAGE) < 0)
    goto fail;
  static const struct { const char *name; long v; } bits[] = {
      {"OPT_TITLE", WINNOW_OPT_TITLE},          {"OPT_CAPTIONS", WINNOW_OPT_CAPTIONS},
      {"OPT_PRECISION", WINNOW_OPT_PRECISION},  {"OPT_RECALL", WINNOW_OPT_RECALL},
      {"OPT_LINKS", WINNOW_OPT_LINKS},          {"OPT_IMAGES", WINNOW_OPT_IMAGES},
      {"OPT_MARKDOWN_IN_JSON", WINNOW_OPT_MARKDOWN_IN_JSON},
      {"WARN_DEPTH", WINNOW_WARN_DEPTH},        {"WARN_ATTRS", WINNOW_WARN_ATTRS},
      {"WARN_TRUNCATED", WINNOW_WARN_TRUNCATED}, {"WARN_CHARSET", WINNOW_WARN_CHARSET},
      {"WARN_NODES", WINNOW_WARN_NODES},
  };
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if (PyModule_AddIntConstant(m, bits[i].name, bits[i].v) < 0) goto fail;
  return m;
fail:
  Py_DECREF(m);
  return NULL;
}
