/* entry.c -- maillog.Message and maillog.Session: a correlated message or
 * SMTP session.  The correlator's JSON texts of one batch share one bytes
 * object; each entry decodes its own slice into a dict on first access, so
 * an entry nobody reads costs its text and a small object. */
#include "ext.h"

PyObject *ml_py_entry_new(PyTypeObject *type, PyObject *buf, Py_ssize_t off, Py_ssize_t len)
{
    ml_py_entry *e = PyObject_New(ml_py_entry, type);
    if (!e)
        return NULL;
    Py_INCREF(buf);
    e->buf = buf;
    e->dict = NULL;
    e->off = off;
    e->len = len;
    return (PyObject *)e;
}

static PyObject *text_of(ml_py_entry *e)
{
    return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(e->buf) + e->off, e->len, NULL);
}

static PyObject *dict_of(ml_py_entry *e)
{
    if (!e->dict) {
        PyObject *text = text_of(e);
        if (!text)
            return NULL;
        e->dict = PyObject_CallOneArg(ml_py_json_loads, text);
        Py_DECREF(text);
    }
    return e->dict;
}

static PyObject *ent_subscript(PyObject *self, PyObject *key)
{
    PyObject *d = dict_of((ml_py_entry *)self), *v;
    if (!d)
        return NULL;
    if ((v = PyDict_GetItemWithError(d, key))) {
        Py_INCREF(v);
        return v;
    }
    if (!PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

/* msg.queue_id, msg.recipients...: the dict's keys, None when absent
 * (msg.from_ for "from"). */
static PyObject *ent_getattro(PyObject *self, PyObject *name)
{
    PyObject *v = PyObject_GenericGetAttr(self, name), *d;
    const char *s;
    if (v || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return v;
    s = PyUnicode_AsUTF8(name);
    if (!s || s[0] == '_')
        return NULL; /* the AttributeError stands */
    PyErr_Clear();
    if (!(d = dict_of((ml_py_entry *)self)))
        return NULL;
    v = strcmp(s, "from_") ? PyDict_GetItemWithError(d, name) : PyDict_GetItemString(d, "from");
    if (!v && PyErr_Occurred())
        return NULL;
    v = v ? v : Py_None;
    Py_INCREF(v);
    return v;
}

static PyObject *ent_get(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *d = dict_of((ml_py_entry *)self), *v;
    if (!d)
        return NULL;
    if (nargs < 1 || nargs > 2)
        return PyErr_Format(PyExc_TypeError, "get expected 1 or 2 arguments");
    if (!(v = PyDict_GetItemWithError(d, args[0]))) {
        if (PyErr_Occurred())
            return NULL;
        v = nargs > 1 ? args[1] : Py_None;
    }
    Py_INCREF(v);
    return v;
}

PyObject *ml_py_entry_dict(PyObject *self)
{
    return dict_of((ml_py_entry *)self);
}

PyObject *ml_py_entry_json(PyObject *self)
{
    return text_of((ml_py_entry *)self);
}

static PyMethodDef ent_methods[] = {
    {"get", (PyCFunction)(void (*)(void))ent_get, METH_FASTCALL, "get(key, default=None)"},
    ML_PY_MAP_METHODS
    {NULL, NULL, 0, NULL}};

static void ent_dealloc(PyObject *self)
{
    ml_py_entry *e = (ml_py_entry *)self;
    Py_XDECREF(e->buf);
    Py_XDECREF(e->dict);
    Py_TYPE(self)->tp_free(self);
}

static PyMappingMethods ent_mapping = {ml_py_map_len, ent_subscript, NULL};

#define ENTRY_TYPE(var, name, doc)                                                           \
    PyTypeObject var = {                                                                     \
        PyVarObject_HEAD_INIT(NULL, 0)                                                       \
        .tp_name = name,                                                                     \
        .tp_basicsize = sizeof(ml_py_entry),                                                 \
        .tp_dealloc = ent_dealloc,                                                           \
        .tp_repr = ml_py_map_repr,                                                                 \
        .tp_as_mapping = &ent_mapping,                                                       \
        .tp_as_sequence = &ml_py_map_sequence,                                                     \
        .tp_hash = PyObject_HashNotImplemented,                                              \
        .tp_getattro = ent_getattro,                                                         \
        .tp_flags = Py_TPFLAGS_DEFAULT,                                                      \
        .tp_doc = doc,                                                                       \
        .tp_richcompare = ml_py_map_richcompare,                                                   \
        .tp_iter = ml_py_map_iter,                                                                 \
        .tp_methods = ent_methods,                                                           \
    };

ENTRY_TYPE(ml_py_message_type, "maillog.Message",
           "A correlated message: a read-only mapping in the JSON schema; keys also\n"
           "read as attributes (None when absent).")
ENTRY_TYPE(ml_py_session_type, "maillog.Session",
           "An SMTP session (its dict has \"session\": True): as Message.")

int ml_py_entry_setup(PyObject *module)
{
    if (PyType_Ready(&ml_py_message_type) < 0 || PyType_Ready(&ml_py_session_type) < 0)
        return -1;
    Py_INCREF(&ml_py_message_type);
    if (PyModule_AddObject(module, "Message", (PyObject *)&ml_py_message_type) < 0)
        return -1;
    Py_INCREF(&ml_py_session_type);
    return PyModule_AddObject(module, "Session", (PyObject *)&ml_py_session_type);
}
