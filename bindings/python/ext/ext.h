/* ext.h -- the _maillog extension's shared declarations.
 *
 * The extension is compiled together with the library's own sources (the
 * build backend compiles src/ into it, or links the tree's PIC archive),
 * so it may read the record's layout from src/core/internal.h: a Record
 * keeps a compact copy of the parser's spans and numbers, and the
 * library's accessors and JSON writer run on a record rebuilt from it
 * when a field is asked for, long after the parser's callback. */
#ifndef ML_PY_EXT_H
#define ML_PY_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "core/internal.h"
#include "mta/dialect.h"
#include "maillog_correlate.h"

/* One parsed line.  The line's bytes are those of buf (the chunk it was
 * fed in, shared by every record of that chunk, or a copy of its own when
 * the line was not in the chunk: carried over a chunk boundary, joined
 * from fragments).  data holds a (off, len) pair per present field, in id
 * order, then the present numbers as (low, high) word pairs. */
typedef struct {
    PyObject_VAR_HEAD
    PyObject *buf;   /* bytes */
    PyObject *dict;  /* every field, decoded once asked for; or NULL */
    PyObject *json;  /* the JSON text, for records that cannot be rebuilt */
    const struct ml_dialect *dialect;
    uint64_t line_no, fmask;
    uint64_t wmask; /* fields that are words of ml_field_words, not spans */
    uint64_t xmask; /* fields whose decoded text is in xbuf, not spans */
    PyObject *xbuf; /* bytes: the record's decoded text (maillog_record.xbuf), or NULL */
    int64_t ts_sec;
    uint32_t off, len, flags, nmask;
    int32_t ts_usec, ts_off, event, status, severity, mta;
    uint32_t kv_off, kv_end, to_list_off, to_list_end, note[4], popts;
    uint32_t data[1];
} ml_py_record;

/* A correlated message or session: its JSON text in a batch's bytes,
 * decoded to a dict on the first access. */
typedef struct {
    PyObject_HEAD
    PyObject *buf;
    PyObject *dict;
    Py_ssize_t off, len;
} ml_py_entry;

extern PyTypeObject ml_py_record_type;
extern PyTypeObject ml_py_message_type;
extern PyTypeObject ml_py_session_type;
extern PyTypeObject ml_py_parser_type;
extern PyTypeObject ml_py_reader_type; /* reader.c */

/* module.c */
extern PyObject *ml_py_error;      /* maillog.MaillogError */
extern PyObject *ml_py_json_loads; /* json.loads */
PyObject *ml_py_raise(int code, const char *what);
/* A scratch buffer for JSON texts, grown as needed (the GIL guards it). */
char *ml_py_scratch(size_t need);

/* record.c */
int ml_py_record_setup(PyObject *module);
PyObject *ml_py_record_from(const maillog_record *r, PyObject *chunk, const char *base,
                            size_t base_len);
/* A JSON writer's text for an object, in the scratch buffer: returns its
 * length, or -1 with an exception set. */
typedef int (*ml_py_writer)(const void *obj, char *buf, size_t cap, size_t *written);
Py_ssize_t ml_py_write_json(ml_py_writer w, const void *obj, char **out);

/* Each type's dict (borrowed, decoded once) and JSON text (new). */
PyObject *ml_py_record_dict(PyObject *self);
PyObject *ml_py_record_json(PyObject *self);
PyObject *ml_py_entry_dict(PyObject *self);
PyObject *ml_py_entry_json(PyObject *self);

/* mapping.c: the read-only mapping behaviour the three types share */
PyObject *ml_py_dict_of(PyObject *self);
PyObject *ml_py_map_fields(PyObject *self, PyObject *unused);
PyObject *ml_py_map_json(PyObject *self, PyObject *unused);
PyObject *ml_py_map_keys(PyObject *self, PyObject *unused);
PyObject *ml_py_map_values(PyObject *self, PyObject *unused);
PyObject *ml_py_map_items(PyObject *self, PyObject *unused);
PyObject *ml_py_map_reduce(PyObject *self, PyObject *unused);
Py_ssize_t ml_py_map_len(PyObject *self);
PyObject *ml_py_map_iter(PyObject *self);
PyObject *ml_py_map_richcompare(PyObject *self, PyObject *other, int op);
PyObject *ml_py_map_repr(PyObject *self);
extern PySequenceMethods ml_py_map_sequence;
#define ML_PY_MAP_METHODS                                                                    \
    {"fields", ml_py_map_fields, METH_NOARGS, "Every key as a new dict, in the JSON schema."}, \
    {"json", ml_py_map_json, METH_NOARGS, "The library's JSON text (str)."},                   \
    {"keys", ml_py_map_keys, METH_NOARGS, NULL},                                             \
    {"values", ml_py_map_values, METH_NOARGS, NULL},                                         \
    {"items", ml_py_map_items, METH_NOARGS, NULL},                                           \
    {"__reduce__", ml_py_map_reduce, METH_NOARGS, NULL},

/* entry.c */
int ml_py_entry_setup(PyObject *module);
PyObject *ml_py_entry_new(PyTypeObject *type, PyObject *buf, Py_ssize_t off, Py_ssize_t len);

#endif
