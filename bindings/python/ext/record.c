/* record.c -- maillog.Record: one parsed line, light.  A record keeps the
 * parser's spans and numbers (a few words per present field) and a
 * reference to the bytes of its chunk; a field becomes a Python string
 * only when it is read (rec.queue_id, rec["from"]), and the whole dict in
 * the JSON schema only when asked for (rec.fields(), keys(), ==). */
#include "ext.h"

#include <stddef.h>

/* Bit counts without a libgcc call: -mpopcnt is not assumed. */
static inline int POP64(uint64_t x)
{
#if defined(__POPCNT__)
    return __builtin_popcountll(x);
#else
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (int)((x * UINT64_C(0x0101010101010101)) >> 56);
#endif
}
#if defined(__GNUC__) || defined(__clang__)
#define CTZ64(x) __builtin_ctzll(x)
#else
static int CTZ64(uint64_t x)
{
    int n = 0;
    while (!(x & 1u))
        x >>= 1, n++;
    return n;
}
#endif

/* What a key or an attribute reads: kind << 8 | id. */
enum {
    K_DICT = 0,   /* from the decoded dict (ts, delays, reason, attrs...) */
    K_TEXT,       /* a text field, a string in the JSON */
    K_RAWTEXT,    /* a text field the JSON leaves out (ts_raw, body): attribute only */
    K_NUM,        /* a field the JSON gives as its number */
    K_EVENT, K_STATUS, K_SEVERITY, K_MTA, K_LINE, K_TEXTLINE, K_TIME, K_FLAGS, K_UNPARSED
};
#define CODE(kind, id) ((kind) << 8 | (id))

static PyObject *keymap;   /* JSON key -> code, for rec[key] */
static PyObject *events[MAILLOG_EV_COUNT], *statuses[MAILLOG_STATUS_COUNT], *severities[8],
    *mtas[MAILLOG_MTA_COUNT];

static uint32_t nwords_fields(const ml_py_record *s)
{
    return 2u * (uint32_t)POP64(s->fmask);
}

PyObject *ml_py_record_from(const maillog_record *r, PyObject *chunk, const char *base,
                            size_t base_len)
{
    uint32_t nf = (uint32_t)POP64(r->fmask), nn = (uint32_t)POP64(r->nmask), *d;
    uint64_t fm = r->fmask;
    uint32_t nm = r->nmask;
    uintptr_t at = (uintptr_t)r->line, lo = (uintptr_t)base;
    ml_py_record *s = PyObject_NewVar(ml_py_record, &ml_py_record_type, 2 * (nf + nn));
    if (!s)
        return NULL;
    s->dict = s->json = s->xbuf = NULL;
    if (chunk && at >= lo && at + r->len <= lo + base_len) { /* the usual case: no copy */
        Py_INCREF(chunk);
        s->buf = chunk;
        s->off = (uint32_t)(at - lo);
    } else { /* carried over a chunk boundary, joined, or a parse_line */
        s->buf = PyBytes_FromStringAndSize(r->line, (Py_ssize_t)r->len);
        s->off = 0;
        if (!s->buf) {
            Py_DECREF(s);
            return NULL;
        }
    }
    s->len = r->len;
    s->dialect = r->dialect;
    s->line_no = r->line_no;
    s->fmask = fm;
    s->wmask = r->wmask;
    s->xmask = r->xmask;
    if (r->xmask && !(s->xbuf = PyBytes_FromStringAndSize(r->xbuf, (Py_ssize_t)r->xlen))) {
        Py_DECREF(s);
        return NULL;
    }
    s->nmask = nm;
    s->flags = r->flags;
    s->ts_sec = r->ts_sec;
    s->ts_usec = r->ts_usec;
    s->ts_off = r->ts_off;
    s->event = r->event;
    s->status = r->status;
    s->severity = r->severity;
    s->mta = r->mta;
    s->kv_off = r->kv_off;
    s->kv_end = r->kv_end;
    s->to_list_off = r->to_list_off;
    s->to_list_end = r->to_list_end;
    memcpy(s->note, r->note, sizeof s->note);
    s->popts = r->popts;
    d = s->data;
    for (; fm; fm &= fm - 1) {
        const ml_span *sp = &r->f[CTZ64(fm)];
        *d++ = sp->off;
        *d++ = sp->len;
    }
    for (; nm; nm &= nm - 1) {
        uint64_t v = (uint64_t)r->n[CTZ64(nm)];
        *d++ = (uint32_t)v;
        *d++ = (uint32_t)(v >> 32);
    }
    /* A dialect that names attributes from its stream state (a header's
     * columns) cannot be rebuilt later: its JSON is written now. */
    if (r->dialect && r->dialect->attr_next) {
        char *text;
        Py_ssize_t n = ml_py_write_json((ml_py_writer)maillog_record_to_json, r, &text);
        if (n < 0 || !(s->json = PyUnicode_DecodeUTF8(text, n, NULL))) {
            Py_DECREF(s);
            return NULL;
        }
    }
    return (PyObject *)s;
}

/* The library's record again, from the compact copy, for its accessors. */
static void rebuild(const ml_py_record *s, maillog_record *m)
{
    const uint32_t *d = s->data;
    uint64_t fm = s->fmask;
    uint32_t nm = s->nmask;
    memset(m, 0, offsetof(maillog_record, f));
    m->line = PyBytes_AS_STRING(s->buf) + s->off;
    m->len = s->len;
    m->flags = s->flags;
    m->line_no = s->line_no;
    m->fmask = s->fmask;
    m->wmask = s->wmask;
    /* the decoded text, which the struct keeps after the fields */
    m->xmask = s->xbuf ? s->xmask : 0;
    m->xlen = s->xbuf ? (uint32_t)PyBytes_GET_SIZE(s->xbuf) : 0;
    if (m->xlen)
        memcpy(m->xbuf, PyBytes_AS_STRING(s->xbuf), m->xlen);
    m->nmask = s->nmask;
    m->event = s->event;
    m->status = s->status;
    m->severity = s->severity;
    m->mta = s->mta;
    m->ts_usec = s->ts_usec;
    m->ts_off = s->ts_off;
    m->ts_sec = s->ts_sec;
    m->kv_off = s->kv_off;
    m->kv_end = s->kv_end;
    m->to_list_off = s->to_list_off;
    m->to_list_end = s->to_list_end;
    memcpy(m->note, s->note, sizeof m->note);
    m->popts = s->popts;
    m->dialect = s->dialect;
    for (; fm; fm &= fm - 1) {
        ml_span *sp = &m->f[CTZ64(fm)];
        sp->off = *d++;
        sp->len = *d++;
    }
    for (; nm; nm &= nm - 1) {
        m->n[CTZ64(nm)] = (int64_t)((uint64_t)d[0] | (uint64_t)d[1] << 32);
        d += 2;
    }
}

/* The record's JSON text, as maillog_record_to_json writes it. */
static PyObject *json_text(ml_py_record *s)
{
    maillog_record m;
    char *text;
    Py_ssize_t n;
    if (s->json) {
        Py_INCREF(s->json);
        return s->json;
    }
    rebuild(s, &m);
    n = ml_py_write_json((ml_py_writer)maillog_record_to_json, &m, &text);
    return n < 0 ? NULL : PyUnicode_DecodeUTF8(text, n, NULL);
}

/* Every field as a dict (borrowed, cached). */
static PyObject *dict_of(ml_py_record *s)
{
    if (!s->dict) {
        PyObject *text = json_text(s);
        if (!text)
            return NULL;
        s->dict = PyObject_CallOneArg(ml_py_json_loads, text);
        Py_DECREF(text);
    }
    return s->dict;
}

static PyObject *text_at(const ml_py_record *s, uint32_t off, uint32_t len)
{
    return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(s->buf) + s->off + off, (Py_ssize_t)len,
                                "replace");
}

/* The value of code without the dict, or NULL with no exception when the
 * record has none; *slow set when only the dict can tell. */
static PyObject *fast(ml_py_record *s, int code, int *slow)
{
    int id = code & 0xFF;
    *slow = 0;
    switch (code >> 8) {
    case K_TEXT:
        if (s->flags & ML_REC_CSV) /* "" inside quoted values: the writer's job */
            break;
        /* fall through */
    case K_RAWTEXT:
        if (!((s->fmask >> id) & 1u))
            return NULL;
        {
            uint32_t i = 2u * (uint32_t)POP64(s->fmask & (((uint64_t)1 << id) - 1));
            if ((s->wmask >> id) & 1u) /* a word of the vocabulary, not the line's */
                return PyUnicode_DecodeUTF8(ml_field_words + s->data[i],
                                            (Py_ssize_t)s->data[i + 1], "replace");
            if (((s->xmask >> id) & 1u) && s->xbuf) /* decoded text (a user name) */
                return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(s->xbuf) + s->data[i],
                                            (Py_ssize_t)s->data[i + 1], "replace");
            return text_at(s, s->data[i], s->data[i + 1]);
        }
    case K_NUM:
        if (!((s->nmask >> id) & 1u))
            return NULL;
        {
            uint32_t i = nwords_fields(s) + 2u * (uint32_t)POP64(s->nmask & ((1u << id) - 1));
            return PyLong_FromLongLong(
                (long long)((uint64_t)s->data[i] | (uint64_t)s->data[i + 1] << 32));
        }
    case K_EVENT:
        if ((s->flags & MAILLOG_REC_UNPARSED) || s->event < 0 || s->event >= MAILLOG_EV_COUNT)
            return NULL;
        Py_INCREF(events[s->event]);
        return events[s->event];
    case K_STATUS:
        if (s->status <= MAILLOG_STATUS_NONE || s->status >= MAILLOG_STATUS_COUNT)
            return NULL;
        Py_INCREF(statuses[s->status]);
        return statuses[s->status];
    case K_SEVERITY:
        if (s->severity < 0 || s->severity >= 8)
            return NULL;
        Py_INCREF(severities[s->severity]);
        return severities[s->severity];
    case K_MTA:
        if (!s->dialect || !s->dialect->name_len)
            return NULL;
        if (s->dialect->mta > 0 && s->dialect->mta < MAILLOG_MTA_COUNT && mtas[s->dialect->mta]) {
            Py_INCREF(mtas[s->dialect->mta]);
            return mtas[s->dialect->mta];
        }
        return PyUnicode_FromStringAndSize(s->dialect->name, (Py_ssize_t)s->dialect->name_len);
    case K_LINE:
        return PyLong_FromUnsignedLongLong(s->line_no);
    case K_TEXTLINE:
        return text_at(s, 0, s->len);
    case K_TIME:
        if (!(s->flags & MAILLOG_REC_HAS_TIME))
            return NULL;
        return PyFloat_FromDouble((double)s->ts_sec + s->ts_usec / 1e6);
    case K_FLAGS:
        return PyLong_FromUnsignedLong(s->flags & 0xFFFFu);
    case K_UNPARSED:
        return PyBool_FromLong((s->flags & MAILLOG_REC_UNPARSED) != 0);
    default:
        break;
    }
    *slow = 1;
    return NULL;
}

/* rec[key]: KeyError when the record has no such key, as a dict. */
static PyObject *rec_subscript(PyObject *self, PyObject *key)
{
    ml_py_record *s = (ml_py_record *)self;
    PyObject *code = PyDict_GetItemWithError(keymap, key), *v, *d;
    int slow = 1;
    if (code) {
        v = fast(s, (int)PyLong_AsLong(code), &slow);
        if (v || PyErr_Occurred())
            return v;
    } else if (PyErr_Occurred()) {
        return NULL;
    }
    if (slow) {
        if (!(d = dict_of(s)))
            return NULL;
        if ((v = PyDict_GetItemWithError(d, key))) {
            Py_INCREF(v);
            return v;
        }
        if (PyErr_Occurred())
            return NULL;
    }
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

static PyObject *rec_get(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *v;
    if (nargs < 1 || nargs > 2)
        return PyErr_Format(PyExc_TypeError, "get expected 1 or 2 arguments");
    if ((v = rec_subscript(self, args[0])) || !PyErr_ExceptionMatches(PyExc_KeyError))
        return v;
    PyErr_Clear();
    v = nargs > 1 ? args[1] : Py_None;
    Py_INCREF(v);
    return v;
}

/* Attributes: every field by name, None when absent.  The closure is
 * the attribute's row below. */
typedef struct {
    const char *name;
    int code;
    PyObject *key; /* the JSON key, for the dict */
} attr_def;

static PyObject *rec_attr(PyObject *self, void *closure)
{
    ml_py_record *s = (ml_py_record *)self;
    attr_def *a = (attr_def *)closure;
    int slow;
    PyObject *v = fast(s, a->code, &slow), *d;
    if (v || PyErr_Occurred())
        return v;
    if (slow) {
        if (!(d = dict_of(s)))
            return NULL;
        if ((v = PyDict_GetItemWithError(d, a->key))) {
            Py_INCREF(v);
            return v;
        }
        if (PyErr_Occurred())
            return NULL;
    }
    Py_RETURN_NONE;
}

static const char *const field_names[MAILLOG_F_COUNT] = {
#define X(s) s,
    ML_FIELD_NAMES(X)
#undef X
};

/* How each field reads: the JSON gives most as text, some as their
 * number, a few not at all (ts_raw, body, status_raw: attributes only). */
static int field_code(int f)
{
    switch (f) {
    case MAILLOG_F_TIMESTAMP: case MAILLOG_F_BODY: case MAILLOG_F_STATUS:
        return CODE(K_RAWTEXT, f);
    case MAILLOG_F_PID: return CODE(K_NUM, MAILLOG_N_PID);
    case MAILLOG_F_CLIENT_PORT: return CODE(K_NUM, MAILLOG_N_CLIENT_PORT);
    case MAILLOG_F_RELAY_PORT: return CODE(K_NUM, MAILLOG_N_RELAY_PORT);
    case MAILLOG_F_CONN_USE: return CODE(K_NUM, MAILLOG_N_CONN_USE);
    case MAILLOG_F_REPLY_CODE: return CODE(K_NUM, MAILLOG_N_REPLY_CODE);
    case MAILLOG_F_SIZE: return CODE(K_NUM, MAILLOG_N_SIZE);
    case MAILLOG_F_NRCPT: return CODE(K_NUM, MAILLOG_N_NRCPT);
    case MAILLOG_F_DELAY: case MAILLOG_F_DELAYS: return CODE(K_DICT, 0);
    default: return CODE(K_TEXT, f);
    }
}

static const struct { const char *name; int code; int in_map; } extras[] = {
    {"event", CODE(K_EVENT, 0), 1}, {"status", CODE(K_STATUS, 0), 1},
    {"severity", CODE(K_SEVERITY, 0), 1}, {"mta", CODE(K_MTA, 0), 1},
    {"line", CODE(K_LINE, 0), 1}, {"text", CODE(K_TEXTLINE, 0), 0},
    {"time", CODE(K_TIME, 0), 0}, {"flags", CODE(K_FLAGS, 0), 0},
    {"unparsed", CODE(K_UNPARSED, 0), 0}, {"from_", CODE(K_TEXT, MAILLOG_F_FROM), 0},
    {"ts", CODE(K_DICT, 0), 0}, {"reason", CODE(K_DICT, 0), 0},
    {"recipients", CODE(K_DICT, 0), 0}, {"attrs", CODE(K_DICT, 0), 0},
    {"truncated", CODE(K_DICT, 0), 0}, {"joined", CODE(K_DICT, 0), 0},
    {"partial", CODE(K_DICT, 0), 0}, {"raw", CODE(K_DICT, 0), 0},
};
#define N_EXTRAS (sizeof extras / sizeof extras[0])
#define N_ATTRS (MAILLOG_F_COUNT + N_EXTRAS)

static attr_def attrs[N_ATTRS];
static PyGetSetDef getset[N_ATTRS + 1];

PyObject *ml_py_record_dict(PyObject *self)
{
    return dict_of((ml_py_record *)self);
}

PyObject *ml_py_record_json(PyObject *self)
{
    return json_text((ml_py_record *)self);
}

static PyMethodDef rec_methods[] = {
    {"get", (PyCFunction)(void (*)(void))rec_get, METH_FASTCALL, "rec.get(key, default=None)"},
    ML_PY_MAP_METHODS
    {NULL, NULL, 0, NULL}};

static void rec_dealloc(PyObject *self)
{
    ml_py_record *s = (ml_py_record *)self;
    Py_XDECREF(s->buf);
    Py_XDECREF(s->dict);
    Py_XDECREF(s->json);
    Py_XDECREF(s->xbuf);
    Py_TYPE(self)->tp_free(self);
}

static PyMappingMethods rec_mapping = {ml_py_map_len, rec_subscript, NULL};

PyTypeObject ml_py_record_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "maillog.Record",
    .tp_basicsize = offsetof(ml_py_record, data),
    .tp_itemsize = sizeof(uint32_t),
    .tp_dealloc = rec_dealloc,
    .tp_repr = ml_py_map_repr,
    .tp_as_mapping = &rec_mapping,
    .tp_as_sequence = &ml_py_map_sequence,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One parsed line.  Fields by attribute (None when absent) or by JSON key\n"
              "(KeyError when absent); fields() gives them all as a dict.",
    .tp_richcompare = ml_py_map_richcompare,
    .tp_iter = ml_py_map_iter,
    .tp_methods = rec_methods,
    .tp_getset = getset,
};

static PyObject *name_obj(const char *s)
{
    return PyUnicode_InternFromString(s);
}

static int put_key(const char *name, int code)
{
    PyObject *v = PyLong_FromLong(code);
    int rc = v ? PyDict_SetItemString(keymap, name, v) : -1;
    Py_XDECREF(v);
    return rc;
}

int ml_py_record_setup(PyObject *module)
{
    int i, n = 0;
    if (!(keymap = PyDict_New()))
        return -1;
    for (i = 0; i < MAILLOG_EV_COUNT; i++)
        if (!(events[i] = name_obj(maillog_event_name(i))))
            return -1;
    for (i = 0; i < MAILLOG_STATUS_COUNT; i++)
        if (!(statuses[i] = name_obj(maillog_status_name(i))))
            return -1;
    for (i = 0; i < 8; i++)
        if (!(severities[i] = name_obj(maillog_severity_name(i))))
            return -1;
    for (i = 1; i < MAILLOG_MTA_COUNT; i++)
        if (!(mtas[i] = name_obj(maillog_mta_name(i))))
            return -1;
    for (i = 0; i < MAILLOG_F_COUNT; i++, n++) {
        int code = field_code(i);
        attrs[n].name = field_names[i];
        attrs[n].code = code;
        if ((code >> 8) == K_TEXT || (code >> 8) == K_NUM)
            if (put_key(field_names[i], code) < 0)
                return -1;
    }
    for (i = 0; i < (int)N_EXTRAS; i++, n++) {
        attrs[n].name = extras[i].name;
        attrs[n].code = extras[i].code;
        if (extras[i].in_map && put_key(extras[i].name, extras[i].code) < 0)
            return -1;
    }
    for (i = 0; i < n; i++) {
        /* from_ reads the key "from" (a keyword in Python) */
        if (!(attrs[i].key = name_obj(strcmp(attrs[i].name, "from_") ? attrs[i].name : "from")))
            return -1;
        getset[i].name = attrs[i].name;
        getset[i].get = rec_attr;
        getset[i].closure = &attrs[i];
    }
    if (PyType_Ready(&ml_py_record_type) < 0)
        return -1;
    Py_INCREF(&ml_py_record_type);
    return PyModule_AddObject(module, "Record", (PyObject *)&ml_py_record_type);
}
