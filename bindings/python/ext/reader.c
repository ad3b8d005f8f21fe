/* reader.c -- the iterator parse_file() and messages() return: it reads
 * a chunk with the file's read(), feeds it, and hands the batch's items
 * out one by one.  A C iterator costs less per item than a generator's
 * resume, and each item leaves the batch as it is handed out, so that a
 * record the caller drops is freed at once, while still in cache. */
#include "ext.h"

typedef struct {
    PyObject_HEAD
    PyObject *parser;  /* a Parser */
    PyObject *read;    /* the file's read */
    PyObject *close;   /* called at the end, or None */
    PyObject *batch;   /* the list being handed out */
    Py_ssize_t idx, chunk;
    int done;
} ml_py_reader;

static void close_file(ml_py_reader *r)
{
    PyObject *close = r->close, *res;
    r->close = NULL;
    if (close && close != Py_None) {
        res = PyObject_CallNoArgs(close);
        Py_XDECREF(res);
    }
    Py_XDECREF(close);
}

static PyObject *next_batch(ml_py_reader *r)
{
    PyObject *chunk = PyObject_CallFunction(r->read, "n", r->chunk), *batch;
    if (!chunk)
        return NULL;
    if (!PyBytes_Check(chunk) && !PyByteArray_Check(chunk)) {
        PyErr_Format(PyExc_TypeError, "read() gave %.50s, not bytes", Py_TYPE(chunk)->tp_name);
        Py_DECREF(chunk);
        return NULL;
    }
    if (PyObject_Length(chunk) == 0) { /* end of input */
        r->done = 1;
        batch = PyObject_CallMethod(r->parser, "finish", NULL);
        Py_DECREF(chunk);
        close_file(r);
        return batch;
    }
    batch = PyObject_CallMethod(r->parser, "feed", "O", chunk);
    Py_DECREF(chunk);
    return batch;
}

static PyObject *reader_next(PyObject *self)
{
    ml_py_reader *r = (ml_py_reader *)self;
    for (;;) {
        if (r->batch && r->idx < PyList_GET_SIZE(r->batch)) {
            PyObject *item = PyList_GET_ITEM(r->batch, r->idx);
            PyList_SET_ITEM(r->batch, r->idx, NULL); /* ours now: the list tolerates NULL */
            r->idx++;
            return item;
        }
        Py_CLEAR(r->batch);
        if (r->done)
            return NULL;
        if (!(r->batch = next_batch(r))) {
            r->done = 1;
            close_file(r);
            return NULL;
        }
        if (!PyList_CheckExact(r->batch)) {
            Py_CLEAR(r->batch);
            return PyErr_Format(PyExc_TypeError, "feed() must give a list");
        }
        r->idx = 0;
    }
}

static int reader_init(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"parser", "read", "chunk_size", "close", NULL};
    ml_py_reader *r = (ml_py_reader *)self;
    PyObject *parser, *read, *close = Py_None;
    Py_ssize_t chunk;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOn|O", kwlist, &parser, &read, &chunk, &close))
        return -1;
    if (chunk <= 0)
        return PyErr_SetString(PyExc_ValueError, "chunk_size must be positive"), -1;
    Py_INCREF(parser);
    Py_XSETREF(r->parser, parser);
    Py_INCREF(read);
    Py_XSETREF(r->read, read);
    Py_INCREF(close);
    Py_XSETREF(r->close, close);
    Py_CLEAR(r->batch);
    r->chunk = chunk;
    r->done = 0;
    return 0;
}

static int reader_traverse(PyObject *self, visitproc visit, void *arg)
{
    ml_py_reader *r = (ml_py_reader *)self;
    Py_VISIT(r->parser);
    Py_VISIT(r->read);
    Py_VISIT(r->close);
    Py_VISIT(r->batch);
    return 0;
}

static int reader_clear(PyObject *self)
{
    ml_py_reader *r = (ml_py_reader *)self;
    Py_CLEAR(r->parser);
    Py_CLEAR(r->read);
    Py_CLEAR(r->close);
    Py_CLEAR(r->batch);
    return 0;
}

/* A loop left early still closes the file it opened. */
static void reader_dealloc(PyObject *self)
{
    ml_py_reader *r = (ml_py_reader *)self;
    PyObject_GC_UnTrack(self);
    close_file(r);
    if (PyErr_Occurred())
        PyErr_WriteUnraisable(self);
    reader_clear(self);
    Py_TYPE(self)->tp_free(self);
}

PyTypeObject ml_py_reader_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "maillog.Reader",
    .tp_basicsize = sizeof(ml_py_reader),
    .tp_dealloc = reader_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Reader(parser, read, chunk_size, close=None): the items of parser.feed() over\n"
              "read(chunk_size) until it gives b\"\", then of parser.finish(); close() then.",
    .tp_traverse = reader_traverse,
    .tp_clear = reader_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = reader_next,
    .tp_init = reader_init,
    .tp_new = PyType_GenericNew,
};
