/* mapping.c -- what Record, Message and Session share as read-only
 * mappings: each decodes its dict once (ml_py_dict_of), and these give
 * the dict's views, length, iteration, equality, repr and pickling. */
#include "ext.h"

PyObject *ml_py_dict_of(PyObject *self)
{
    return Py_TYPE(self) == &ml_py_record_type ? ml_py_record_dict(self) : ml_py_entry_dict(self);
}

static PyObject *dict_method(PyObject *self, const char *name)
{
    PyObject *d = ml_py_dict_of(self);
    return d ? PyObject_CallMethod(d, name, NULL) : NULL;
}

PyObject *ml_py_map_fields(PyObject *self, PyObject *unused)
{
    PyObject *d = ml_py_dict_of(self);
    (void)unused;
    return d ? PyDict_Copy(d) : NULL;
}

PyObject *ml_py_map_json(PyObject *self, PyObject *unused)
{
    (void)unused;
    return Py_TYPE(self) == &ml_py_record_type ? ml_py_record_json(self) : ml_py_entry_json(self);
}

PyObject *ml_py_map_keys(PyObject *self, PyObject *unused)
{
    (void)unused;
    return dict_method(self, "keys");
}

PyObject *ml_py_map_values(PyObject *self, PyObject *unused)
{
    (void)unused;
    return dict_method(self, "values");
}

PyObject *ml_py_map_items(PyObject *self, PyObject *unused)
{
    (void)unused;
    return dict_method(self, "items");
}

/* Pickled as its dict: the chunk it points into is not carried along. */
PyObject *ml_py_map_reduce(PyObject *self, PyObject *unused)
{
    PyObject *d = ml_py_dict_of(self);
    (void)unused;
    return d ? Py_BuildValue("(O(O))", (PyObject *)&PyDict_Type, d) : NULL;
}

Py_ssize_t ml_py_map_len(PyObject *self)
{
    PyObject *d = ml_py_dict_of(self);
    return d ? PyDict_Size(d) : -1;
}

static int map_contains(PyObject *self, PyObject *key)
{
    PyObject *d = ml_py_dict_of(self);
    return d ? PyDict_Contains(d, key) : -1;
}

PySequenceMethods ml_py_map_sequence = {.sq_contains = map_contains};

PyObject *ml_py_map_iter(PyObject *self)
{
    PyObject *d = ml_py_dict_of(self);
    return d ? PyObject_GetIter(d) : NULL;
}

/* Equal to one of the same type or to a dict with the same keys (so the
 * dicts of the ctypes binding compare equal to what comes out now). */
PyObject *ml_py_map_richcompare(PyObject *self, PyObject *other, int op)
{
    PyObject *a, *b;
    if ((op != Py_EQ && op != Py_NE) || !(PyDict_Check(other) || Py_TYPE(other) == Py_TYPE(self)))
        Py_RETURN_NOTIMPLEMENTED;
    if (!(a = ml_py_dict_of(self)))
        return NULL;
    b = PyDict_Check(other) ? other : ml_py_dict_of(other);
    return b ? PyObject_RichCompare(a, b, op) : NULL;
}

PyObject *ml_py_map_repr(PyObject *self)
{
    PyObject *d = ml_py_dict_of(self);
    return d ? PyUnicode_FromFormat("%s(%R)", Py_TYPE(self)->tp_name, d) : NULL;
}
