/* module.c -- the _maillog module: its error type, the JSON scratch
 * buffer and the library's names; the types live in record.c, entry.c and
 * parser.c. */
#include "ext.h"

PyObject *ml_py_error;
PyObject *ml_py_json_loads;

static char *scratch;
static size_t scratch_cap;

char *ml_py_scratch(size_t need)
{
    if (need > scratch_cap) {
        size_t cap = scratch_cap ? scratch_cap : 4096;
        char *p;
        while (cap < need)
            cap *= 2;
        p = (char *)PyMem_Realloc(scratch, cap);
        if (!p) {
            PyErr_NoMemory();
            return NULL;
        }
        scratch = p;
        scratch_cap = cap;
    }
    return scratch;
}

Py_ssize_t ml_py_write_json(ml_py_writer w, const void *obj, char **out)
{
    size_t need = 0;
    char *buf = ml_py_scratch(4096);
    int rc;
    if (!buf)
        return -1;
    rc = w(obj, buf, scratch_cap, &need);
    if (rc == MAILLOG_E_NOSPC) { /* grow once to the size it reports */
        if (!(buf = ml_py_scratch(need + 1)))
            return -1;
        rc = w(obj, buf, scratch_cap, &need);
    }
    if (rc < 0) {
        ml_py_raise(rc, "to_json");
        return -1;
    }
    *out = buf;
    return (Py_ssize_t)need;
}

PyObject *ml_py_raise(int code, const char *what)
{
    PyObject *args = Py_BuildValue("(is)", code, what);
    if (args) {
        PyErr_SetObject(ml_py_error, args);
        Py_DECREF(args);
    }
    return NULL;
}

static PyObject *py_version(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyUnicode_FromString(maillog_version_string());
}

static PyObject *py_strerror(PyObject *self, PyObject *arg)
{
    long code = PyLong_AsLong(arg);
    (void)self;
    if (code == -1 && PyErr_Occurred())
        return NULL;
    return PyUnicode_FromString(maillog_strerror((int)code));
}

/* The dialects this library knows, by name: asked, not listed, so that a
 * new MTA unit needs no change here. */
static PyObject *py_dialects(PyObject *self, PyObject *unused)
{
    PyObject *d = PyDict_New();
    int32_t i;
    (void)self, (void)unused;
    if (!d)
        return NULL;
    for (i = 1; i < MAILLOG_MTA_COUNT; i++) {
        const char *name = maillog_mta_name(i);
        PyObject *v;
        if (!name || !*name)
            continue;
        v = PyLong_FromLong(i);
        if (!v || PyDict_SetItemString(d, name, v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(v);
    }
    return d;
}

/* maillog.MaillogError, a subclass of _maillog.Error defined in Python
 * (it carries the code and the library's text), raised from here on. */
static PyObject *py_set_error_class(PyObject *self, PyObject *cls)
{
    (void)self;
    if (!PyType_Check(cls) || !PyObject_IsSubclass(cls, PyExc_Exception))
        return PyErr_Format(PyExc_TypeError, "an exception class is needed");
    Py_INCREF(cls);
    Py_SETREF(ml_py_error, cls);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"set_error_class", py_set_error_class, METH_O, "The exception raised for library errors."},
    {"library_version", py_version, METH_NOARGS, "The libmaillog version compiled in."},
    {"strerror", py_strerror, METH_O, "The text of a MAILLOG_E_* code."},
    {"dialects", py_dialects, METH_NOARGS, "{name: MAILLOG_MTA_* id} of the known dialects."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "maillog._maillog",
                                    "libmaillog's parser and correlator (C extension).", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__maillog(void);
PyMODINIT_FUNC PyInit__maillog(void)
{
    PyObject *m = PyModule_Create(&moddef), *json;
    if (!m)
        return NULL;
    json = PyImport_ImportModule("json");
    if (!json)
        goto fail;
    ml_py_json_loads = PyObject_GetAttrString(json, "loads");
    Py_DECREF(json);
    if (!ml_py_json_loads)
        goto fail;
    ml_py_error = PyErr_NewException("maillog._maillog.Error", PyExc_Exception, NULL);
    if (!ml_py_error || PyModule_AddObject(m, "Error", ml_py_error) < 0)
        goto fail;
    Py_INCREF(ml_py_error); /* the module's reference was stolen */
    if (ml_py_record_setup(m) < 0 || ml_py_entry_setup(m) < 0)
        goto fail;
    if (PyType_Ready(&ml_py_parser_type) < 0 || PyType_Ready(&ml_py_reader_type) < 0)
        goto fail;
    Py_INCREF(&ml_py_parser_type);
    if (PyModule_AddObject(m, "Parser", (PyObject *)&ml_py_parser_type) < 0)
        goto fail;
    Py_INCREF(&ml_py_reader_type);
    if (PyModule_AddObject(m, "Reader", (PyObject *)&ml_py_reader_type) < 0)
        goto fail;
#ifdef MAILLOG_NO_CORRELATE
    if (PyModule_AddIntConstant(m, "HAVE_CORRELATE", 0) < 0)
#else
    if (PyModule_AddIntConstant(m, "HAVE_CORRELATE", 1) < 0)
#endif
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
