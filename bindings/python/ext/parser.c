/* parser.c -- maillog.Parser: the streaming parser, and with
 * correlate=True the correlator behind it.  feed() and finish() return
 * the records (or messages and sessions) one call completed, as a list: a
 * batch per chunk, so Python pays one call per chunk, not per line. */
#include "ext.h"

typedef struct {
    size_t off, len;
    int session;
} entry_at;

typedef struct {
    PyObject_HEAD
    maillog_parser *p;
    maillog_record *rec; /* parse_line's */
#ifndef MAILLOG_NO_CORRELATE
    maillog_corr *corr;
#endif
    PyObject *out;       /* this call's results */
    PyObject *chunk;     /* the bytes being fed (borrowed), or NULL */
    const char *base;
    size_t base_len;
    int failed;          /* an exception was set inside a callback */
    /* correlation: this call's JSON texts, cut into entries at its end */
    char *jbuf;
    size_t jlen, jcap;
    entry_at *at;
    size_t nat, cat;
} ml_py_parser;

static int on_record(void *user, const maillog_record *r)
{
    ml_py_parser *s = (ml_py_parser *)user;
    PyObject *o = ml_py_record_from(r, s->chunk, s->base, s->base_len);
    if (!o || PyList_Append(s->out, o) < 0) {
        Py_XDECREF(o);
        s->failed = 1;
        return 1;
    }
    Py_DECREF(o);
    return 0;
}

#ifndef MAILLOG_NO_CORRELATE
static int on_record_corr(void *user, const maillog_record *r)
{
    ml_py_parser *s = (ml_py_parser *)user;
    int rc = maillog_corr_add(s->corr, r);
    if (rc < 0 && rc != MAILLOG_STOPPED) {
        ml_py_raise(rc, "corr_add");
        s->failed = 1;
        return 1;
    }
    return s->failed;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *q;
    while (c < need)
        c *= 2;
    if (c == *cap)
        return 0;
    if (!(q = PyMem_Realloc(*p, c * size))) {
        PyErr_NoMemory();
        return -1;
    }
    *p = q;
    *cap = c;
    return 0;
}

/* Append an entry's JSON text to this call's buffer. */
static int keep(ml_py_parser *s, ml_py_writer w, const void *obj, int session)
{
    size_t need = 0;
    int rc;
    if (s->failed)
        return 1;
    if (grow((void **)&s->at, &s->cat, s->nat + 1, sizeof *s->at) < 0 ||
        grow((void **)&s->jbuf, &s->jcap, s->jlen + 4096, 1) < 0)
        goto fail;
    rc = w(obj, s->jbuf + s->jlen, s->jcap - s->jlen, &need);
    if (rc == MAILLOG_E_NOSPC) {
        if (grow((void **)&s->jbuf, &s->jcap, s->jlen + need + 1, 1) < 0)
            goto fail;
        rc = w(obj, s->jbuf + s->jlen, s->jcap - s->jlen, &need);
    }
    if (rc < 0) {
        ml_py_raise(rc, "to_json");
        goto fail;
    }
    s->at[s->nat].off = s->jlen;
    s->at[s->nat].len = need;
    s->at[s->nat].session = session;
    s->nat++;
    s->jlen += need;
    return 0;
fail:
    s->failed = 1;
    return 1;
}

static int on_message(void *user, const maillog_message *m)
{
    return keep((ml_py_parser *)user, (ml_py_writer)maillog_message_to_json, m, 0);
}

static int on_session(void *user, const maillog_session *ss)
{
    return keep((ml_py_parser *)user, (ml_py_writer)maillog_session_to_json, ss, 1);
}
#endif

/* The call's entries, from its JSON buffer: one bytes object for all. */
static int cut_entries(ml_py_parser *s)
{
    PyObject *buf;
    size_t i;
    if (!s->nat)
        return 0;
    if (!(buf = PyBytes_FromStringAndSize(s->jbuf, (Py_ssize_t)s->jlen)))
        return -1;
    for (i = 0; i < s->nat; i++) {
        const entry_at *a = &s->at[i];
        PyObject *e = ml_py_entry_new(a->session ? &ml_py_session_type : &ml_py_message_type, buf,
                                      (Py_ssize_t)a->off, (Py_ssize_t)a->len);
        if (!e || PyList_Append(s->out, e) < 0) {
            Py_XDECREF(e);
            Py_DECREF(buf);
            return -1;
        }
        Py_DECREF(e);
    }
    Py_DECREF(buf);
    s->nat = s->jlen = 0;
    return 0;
}

static int live(ml_py_parser *s)
{
    if (!s->p) {
        PyErr_SetString(PyExc_ValueError, "parser is closed");
        return 0;
    }
    if (s->out) {
        PyErr_SetString(PyExc_RuntimeError, "parser is busy");
        return 0;
    }
    return 1;
}

/* Start a call that collects results; end it, returning them or NULL. */
static int begin(ml_py_parser *s)
{
    s->failed = 0;
    s->nat = s->jlen = 0;
    return (s->out = PyList_New(0)) ? 0 : -1;
}

static PyObject *end(ml_py_parser *s, int rc, const char *what)
{
    PyObject *out = s->out;
    int bad = s->failed || (rc < 0 && (ml_py_raise(rc, what), 1)) || cut_entries(s) < 0;
    s->out = NULL;
    s->chunk = NULL;
    s->nat = s->jlen = 0;
    if (bad) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *py_feed(PyObject *self, PyObject *data)
{
    ml_py_parser *s = (ml_py_parser *)self;
    PyObject *bytes, *out;
    int rc;
    if (!live(s))
        return NULL;
    if (PyBytes_CheckExact(data)) {
        Py_INCREF(data);
        bytes = data;
    } else if (!(bytes = PyBytes_FromObject(data))) { /* a copy: records keep it */
        return NULL;
    }
    if (begin(s) < 0) {
        Py_DECREF(bytes);
        return NULL;
    }
    s->chunk = bytes;
    s->base = PyBytes_AS_STRING(bytes);
    s->base_len = (size_t)PyBytes_GET_SIZE(bytes);
    rc = maillog_parser_feed(s->p, s->base, s->base_len, NULL);
    out = end(s, rc, "feed");
    Py_DECREF(bytes);
    return out;
}

static PyObject *py_finish(PyObject *self, PyObject *unused)
{
    ml_py_parser *s = (ml_py_parser *)self;
    int rc;
    (void)unused;
    if (!live(s) || begin(s) < 0)
        return NULL;
    rc = maillog_parser_finish(s->p);
#ifndef MAILLOG_NO_CORRELATE
    if (rc >= 0 && !s->failed && s->corr)
        rc = maillog_corr_finish(s->corr);
#endif
    return end(s, rc, "finish");
}

static PyObject *py_parse_line(PyObject *self, PyObject *line)
{
    ml_py_parser *s = (ml_py_parser *)self;
    PyObject *bytes, *rec = NULL;
    int rc;
    if (!live(s))
        return NULL;
    if (PyUnicode_Check(line))
        bytes = PyUnicode_AsEncodedString(line, "utf-8", "surrogateescape");
    else if (PyBytes_CheckExact(line))
        Py_INCREF(line), bytes = line;
    else
        bytes = PyBytes_FromObject(line);
    if (!bytes)
        return NULL;
    rc = maillog_parser_parse_line(s->p, PyBytes_AS_STRING(bytes),
                                   (size_t)PyBytes_GET_SIZE(bytes), s->rec);
    if (rc < 0)
        ml_py_raise(rc, "parse_line");
    else
        rec = ml_py_record_from(s->rec, bytes, PyBytes_AS_STRING(bytes),
                                (size_t)PyBytes_GET_SIZE(bytes));
    Py_DECREF(bytes);
    return rec;
}

static void release(ml_py_parser *s)
{
#ifndef MAILLOG_NO_CORRELATE
    maillog_corr_free(s->corr);
    s->corr = NULL;
#endif
    maillog_record_free(s->rec, NULL);
    s->rec = NULL;
    maillog_parser_free(s->p);
    s->p = NULL;
}

static PyObject *py_close(PyObject *self, PyObject *unused)
{
    ml_py_parser *s = (ml_py_parser *)self;
    (void)unused;
    if (s->out)
        return PyErr_Format(PyExc_RuntimeError, "parser is busy");
    release(s);
    Py_RETURN_NONE;
}

static PyObject *py_enter(PyObject *self, PyObject *unused)
{
    (void)unused;
    Py_INCREF(self);
    return self;
}

static PyObject *py_exit(PyObject *self, PyObject *args)
{
    (void)args;
    return py_close(self, NULL);
}

static PyObject *counters(const void *h, int (*get)(const void *, int32_t, uint64_t *),
                          const char *const *names, int n)
{
    PyObject *d = PyDict_New();
    int i;
    for (i = 0; d && i < n; i++) {
        uint64_t v = 0;
        PyObject *o;
        int rc = get(h, i, &v);
        if (rc < 0) {
            Py_DECREF(d);
            return ml_py_raise(rc, "counter");
        }
        o = PyLong_FromUnsignedLongLong(v);
        if (!o || PyDict_SetItemString(d, names[i], o) < 0) {
            Py_XDECREF(o);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(o);
    }
    return d;
}

static PyObject *get_counters(PyObject *self, void *closure)
{
    static const char *const names[] = {"lines", "parsed", "unparsed", "truncated", "bytes"};
    ml_py_parser *s = (ml_py_parser *)self;
    (void)closure;
    if (!s->p)
        return PyErr_Format(PyExc_ValueError, "parser is closed");
    return counters(s->p, (int (*)(const void *, int32_t, uint64_t *))maillog_parser_counter,
                    names, MAILLOG_CTR_COUNT);
}

static PyObject *get_corr_counters(PyObject *self, void *closure)
{
#ifndef MAILLOG_NO_CORRELATE
    static const char *const names[] = {"records", "ignored", "messages", "sessions",
                                        "evicted", "open", "memory", "peak_memory"};
    ml_py_parser *s = (ml_py_parser *)self;
    (void)closure;
    if (s->corr)
        return counters(s->corr, (int (*)(const void *, int32_t, uint64_t *))maillog_corr_counter,
                        names, MAILLOG_CORR_CTR_COUNT);
#else
    (void)self, (void)closure;
#endif
    Py_RETURN_NONE;
}

static int dialect_id(PyObject *name, int64_t *id)
{
    int32_t i;
    const char *s;
    *id = 0;
    if (name == Py_None)
        return 0;
    if (!(s = PyUnicode_AsUTF8(name)))
        return -1;
    for (i = 1; i < MAILLOG_MTA_COUNT; i++)
        if (!strcmp(s, maillog_mta_name(i))) {
            *id = i;
            return 0;
        }
    PyErr_Format(PyExc_ValueError, "unknown dialect %R", name);
    return -1;
}

/* An option given (not None): set it, or raise. */
static int option(ml_py_parser *s, PyObject *v, int corr, int32_t which, const char *what)
{
    long long x;
    int rc;
    if (!v || v == Py_None)
        return 0;
    x = PyLong_AsLongLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
#ifndef MAILLOG_NO_CORRELATE
    rc = corr ? maillog_corr_set_limit(s->corr, which, x)
              : maillog_parser_set_option(s->p, which, x);
#else
    (void)corr;
    rc = maillog_parser_set_option(s->p, which, x);
#endif
    if (rc < 0) {
        ml_py_raise(rc, what);
        return -1;
    }
    return 0;
}

static int py_init(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"max_line", "reference_time", "default_offset", "dialect",
                             "correlate", "subject", "stream_dialect", "max_messages",
                             "max_sessions", "max_memory", "max_idle", "grace", "keep_lines",
                             NULL};
    ml_py_parser *s = (ml_py_parser *)self;
    unsigned int max_line = 0;
    PyObject *ref = NULL, *off = NULL, *dialect = Py_None, *stream = Py_None;
    PyObject *lim[5] = {NULL, NULL, NULL, NULL, NULL};
    int correlate = 0, subject = 0, keep_lines = 0, rc = 0;
    int64_t d_id, s_id;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|IOOOppOOOOOOp", kwlist, &max_line, &ref, &off,
                                     &dialect, &correlate, &subject, &stream, &lim[0], &lim[1],
                                     &lim[2], &lim[3], &lim[4], &keep_lines))
        return -1;
    if (s->out)
        return PyErr_SetString(PyExc_RuntimeError, "parser is busy"), -1;
    release(s);
    if (dialect_id(dialect, &d_id) < 0 || dialect_id(stream, &s_id) < 0)
        return -1;
    if ((rc = maillog_parser_new(NULL, max_line, &s->p)) < 0)
        return ml_py_raise(rc, "parser_new"), -1;
    if ((rc = maillog_record_new(NULL, &s->rec)) < 0)
        return ml_py_raise(rc, "record_new"), -1;
    if (option(s, ref, 0, MAILLOG_OPT_REFERENCE_TIME, "reference_time") < 0 ||
        option(s, off, 0, MAILLOG_OPT_DEFAULT_OFFSET, "default_offset") < 0)
        return -1;
    if ((d_id && (rc = maillog_parser_set_option(s->p, MAILLOG_OPT_DIALECT, d_id)) < 0) ||
        (s_id && (rc = maillog_parser_set_option(s->p, MAILLOG_OPT_STREAM_DIALECT, s_id)) < 0) ||
        (subject && (rc = maillog_parser_set_option(s->p, MAILLOG_OPT_SUBJECT, 1)) < 0))
        return ml_py_raise(rc, "dialect"), -1;
    maillog_parser_set_callback(s->p, on_record, s);
    if (!correlate) {
        int i;
        for (i = 0; i < 5; i++)
            if (lim[i] && lim[i] != Py_None)
                return PyErr_SetString(PyExc_ValueError, "limits need correlate=True"), -1;
        return 0;
    }
#ifdef MAILLOG_NO_CORRELATE
    return ml_py_raise(MAILLOG_E_INVAL, "this libmaillog was built without correlation"), -1;
#else
    if ((rc = maillog_corr_new(NULL, &s->corr)) < 0)
        return ml_py_raise(rc, "corr_new"), -1;
    maillog_corr_set_callbacks(s->corr, on_message, on_session, s);
    maillog_parser_set_callback(s->p, on_record_corr, s);
    if (option(s, lim[0], 1, MAILLOG_CORR_MAX_MESSAGES, "max_messages") < 0 ||
        option(s, lim[1], 1, MAILLOG_CORR_MAX_SESSIONS, "max_sessions") < 0 ||
        option(s, lim[2], 1, MAILLOG_CORR_MAX_MEMORY, "max_memory") < 0 ||
        option(s, lim[3], 1, MAILLOG_CORR_MAX_IDLE, "max_idle") < 0 ||
        option(s, lim[4], 1, MAILLOG_CORR_GRACE, "grace") < 0)
        return -1;
    if (keep_lines && (rc = maillog_corr_set_limit(s->corr, MAILLOG_CORR_KEEP_LINES, 1)) < 0)
        return ml_py_raise(rc, "keep_lines"), -1;
    return 0;
#endif
}

static void py_dealloc(PyObject *self)
{
    ml_py_parser *s = (ml_py_parser *)self;
    release(s);
    PyMem_Free(s->jbuf);
    PyMem_Free(s->at);
    Py_TYPE(self)->tp_free(self);
}

static PyMethodDef parser_methods[] = {
    {"feed", py_feed, METH_O,
     "feed(data) -> list: a chunk of any size; the records (or, with correlate=True,\n"
     "the messages and sessions) it completed."},
    {"finish", py_finish, METH_NOARGS,
     "finish() -> list: end of input (the last line without newline, and every\n"
     "message still open, flagged incomplete)."},
    {"parse_line", py_parse_line, METH_O, "parse_line(line) -> Record: one line, alone."},
    {"close", py_close, METH_NOARGS, "Free the parser now (it is freed when collected too)."},
    {"__enter__", py_enter, METH_NOARGS, NULL},
    {"__exit__", py_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef parser_getset[] = {
    {"counters", get_counters, NULL, "lines, parsed, unparsed, truncated, bytes", NULL},
    {"corr_counters", get_corr_counters, NULL,
     "the correlator's counters (records, ignored, messages, sessions, evicted, open,\n"
     "memory, peak_memory), or None without correlate=True", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject ml_py_parser_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "maillog.Parser",
    .tp_basicsize = sizeof(ml_py_parser),
    .tp_dealloc = py_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Parser(max_line=0, reference_time=None, default_offset=0, dialect=None,\n"
              "       correlate=False, subject=False, stream_dialect=None, max_messages=None,\n"
              "       max_sessions=None, max_memory=None, max_idle=None, grace=None,\n"
              "       keep_lines=False)\n\n"
              "A streaming parser; with correlate=True, a correlator behind it (the max_*,\n"
              "grace and keep_lines limits are maillog_corr_set_limit's).  One per thread.",
    .tp_methods = parser_methods,
    .tp_getset = parser_getset,
    .tp_init = py_init,
    .tp_new = PyType_GenericNew,
};
