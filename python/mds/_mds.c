/* SPDX-License-Identifier: MIT */
/* mds._mds: the C core of the Python module, a thin layer over include/mds.h. The Python
 * package (mds/__init__.py) gives it its shape: keywords from the parameter table, inputs of
 * every kind, sentence objects and exceptions. Here: handles, the GIL released around every
 * call that reads files or computes, and each failure turned into the exception that the
 * package's error factory makes of (status, message, parameter). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <string.h>
#include <sys/stat.h>

#include <mds.h>

#if PY_VERSION_HEX < 0x030A0000
static PyObject *Py_NewRef(PyObject *o)
{
    Py_INCREF(o);
    return o;
}
#endif

/* Set by the package at import (set_error_factory): a callable (status, message, param)
 * that returns the exception to raise. */
static PyObject *error_factory;

/* Raises the exception for status st with message msg, about parameter id param (0: none);
 * returns NULL. */
static PyObject *raise_status(mds_status st, const char *msg, mds_param param)
{
    const mds_param_info *in = param ? mds_param_info_of(param) : NULL;
    if (!msg || !*msg)
        msg = mds_strerror(st);
    if (!error_factory) {
        PyErr_Format(PyExc_RuntimeError, "mds: %s", msg);
        return NULL;
    }
    /* a message may hold a file name that is not UTF-8 */
    PyObject *exc = PyObject_CallFunction(error_factory, "iNz", (int)st,
                                          PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg),
                                                               "replace"),
                                          in ? in->name : NULL);
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

static PyObject *set_error_factory(PyObject *self, PyObject *f)
{
    if (!PyCallable_Check(f))
        return PyErr_Format(PyExc_TypeError, "error factory must be callable");
    Py_INCREF(f);
    Py_XSETREF(error_factory, f);
    Py_RETURN_NONE;
}

/* A tuple of the items of seq, the call's own: what the library reads with the GIL released
 * must not be changed by another thread (PySequence_Fast would hand back a list as it is). */
static PyObject *tuple_of(PyObject *seq, const char *what)
{
    PyObject *t = PySequence_Tuple(seq);
    if (!t && PyErr_ExceptionMatches(PyExc_TypeError))
        PyErr_Format(PyExc_TypeError, "%s", what);
    return t;
}

static PyObject *str_or_none(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* A tuple of n items, item(i, arg) each (a new reference, or NULL with the exception set);
 * NULL on failure. */
static PyObject *tuple_from(size_t n, PyObject *(*item)(size_t i, const void *arg),
                            const void *arg)
{
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    for (size_t i = 0; t && i < n; i++) {
        PyObject *x = item(i, arg);
        if (!x) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)i, x);
    }
    return t;
}

/* ---- the tables ------------------------------------------------------------------------------ */

static PyObject *version(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(mds_version());
}

/* ((name, code, message), ...) from the header's status table. */
static PyObject *statuses(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("("
#define MDS__PY_STATUS_FMT(name, code, msg) "(sis)"
                         MDS_STATUS_MAP(MDS__PY_STATUS_FMT)
#undef MDS__PY_STATUS_FMT
                         ")"
#define MDS__PY_STATUS_ARGS(name, code, msg) , #name, (int)(code), mds_strerror(code)
                         MDS_STATUS_MAP(MDS__PY_STATUS_ARGS)
#undef MDS__PY_STATUS_ARGS
    );
}

/* The parameter table, walked at run time so that a new parameter needs no change here:
 * ((id, name, type, flag, metavar, default, lo, hi, open, names, help), ...); lo, hi and open
 * from mds_param_bounds (None for a STRING), names a tuple for ENUM and SELECTOR. */
static PyObject *name_item(size_t i, const void *names)
{
    return PyUnicode_FromString(((const char *const *)names)[i]);
}

static PyObject *param_row(size_t i, const void *unused)
{
    const mds_param_info *in = mds_param_at(i);
    double lo = 0, hi = 0;
    unsigned open = 0;
    int number = mds_param_bounds(in->id, &lo, &hi, &open) == MDS_OK;
    size_t k = 0;
    while (in->names && in->names[k])
        k++;
    PyObject *names = in->names ? tuple_from(k, name_item, in->names) : Py_NewRef(Py_None);
    if (!names)
        return NULL;
    return Py_BuildValue("(isiNNNNNNNN)", (int)in->id, in->name, (int)in->type,
                         str_or_none(in->flag), str_or_none(in->metavar), str_or_none(in->def),
                         number ? PyFloat_FromDouble(lo) : Py_NewRef(Py_None),
                         number ? PyFloat_FromDouble(hi) : Py_NewRef(Py_None),
                         PyLong_FromUnsignedLong(number ? open : 0), names,
                         str_or_none(in->help));
}

static PyObject *params(PyObject *self, PyObject *unused)
{
    return tuple_from(mds_param_count(), param_row, NULL);
}

static PyObject *backend_item(size_t i, const void *unused)
{
    return str_or_none(mds_backend_name(i));
}

static PyObject *backends(PyObject *self, PyObject *unused)
{
    return tuple_from(mds_backend_count(), backend_item, NULL);
}

static PyObject *language_item(size_t i, const void *unused)
{
    const char *code = NULL;
    const char *name = mds_language_name(i, &code);
    return Py_BuildValue("(NN)", str_or_none(name), str_or_none(code));
}

static PyObject *languages(PyObject *self, PyObject *unused)
{
    return tuple_from(mds_language_count(), language_item, NULL);
}

static PyObject *set_blas_threads(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 1 || n > 1 << 20)
        return raise_status(MDS_EINVAL, "blas threads: at least 1", 0);
    mds_status st = mds_set_blas_threads((int)n);
    if (st)
        return raise_status(st, NULL, 0);
    Py_RETURN_NONE;
}

/* ---- Model: a context holding a model, shared read-only by the runs that use it ------------- */

typedef struct {
    PyObject_HEAD mds_ctx *ctx;
} ModelObject;

static void Model_dealloc(ModelObject *m)
{
    mds_ctx_free(m->ctx);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

/* Model(path=None): the built-in model, or the one in a model file (path: bytes). */
static int Model_init(ModelObject *m, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"path", NULL};
    PyObject *path = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:Model", kwlist, &path))
        return -1;
    if (path != Py_None && !PyBytes_Check(path)) {
        PyErr_SetString(PyExc_TypeError, "Model(): path must be bytes (os.fsencode)");
        return -1;
    }
    if (m->ctx) {
        /* summaries in other threads may be using the model it holds */
        PyErr_SetString(PyExc_RuntimeError, "a Model is initialized once");
        return -1;
    }
    mds_status st = mds_ctx_new(&m->ctx);
    if (st) {
        raise_status(st, NULL, 0);
        return -1;
    }
    if (path != Py_None) {
        const char *p = PyBytes_AS_STRING(path);
        Py_BEGIN_ALLOW_THREADS
        st = mds_ctx_load_model(m->ctx, p);
        Py_END_ALLOW_THREADS
        if (st) {
            raise_status(st, mds_errmsg(m->ctx), mds_errparam(m->ctx));
            return -1;
        }
    }
    return 0;
}

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mds._mds.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A loaded model (the core of mds.Model).",
    .tp_init = (initproc)Model_init,
    .tp_new = PyType_GenericNew,
};

/* ---- parameters ---------------------------------------------------------------------------- */

/* A new set from ((id, text or None), ...): each set with mds_params_set_string, so the
 * library parses and checks every value; then mds_params_check. NULL with the exception set. */
static mds_params *params_from(PyObject *seq)
{
    mds_params *p = NULL;
    mds_status st = mds_params_new(&p);
    if (st)
        return (mds_params *)raise_status(st, NULL, 0);
    PyObject *items = tuple_of(seq, "params must be a sequence of (id, value) pairs");
    if (!items)
        goto fail;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        int id;
        const char *value;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(items, i), "iz", &id, &value)) {
            Py_DECREF(items);
            goto fail;
        }
        if ((st = mds_params_set_string(p, (mds_param)id, value))) {
            raise_status(st, mds_params_errmsg(p), mds_params_errparam(p));
            Py_DECREF(items);
            goto fail;
        }
    }
    Py_DECREF(items);
    if ((st = mds_params_check(p))) {
        raise_status(st, mds_params_errmsg(p), mds_params_errparam(p));
        goto fail;
    }
    return p;
fail:
    mds_params_free(p);
    return NULL;
}

/* The value of parameter `in` in p, typed: int, float, bool, or str (None: an unset STRING). */
static PyObject *param_value(const mds_params *p, const mds_param_info *in)
{
    long long v;
    double d;
    char buf[1024];
    switch (in->type) {
    case MDS_TYPE_INT:
    case MDS_TYPE_SIZE:
    case MDS_TYPE_BYTES:
        if (mds_params_get_int(p, in->id, &v))
            break;
        return PyLong_FromLongLong(v);
    case MDS_TYPE_BOOL:
        if (mds_params_get_int(p, in->id, &v))
            break;
        return PyBool_FromLong(v != 0);
    case MDS_TYPE_DOUBLE:
        if (mds_params_get_double(p, in->id, &d))
            break;
        return PyFloat_FromDouble(d);
    default:
        if (mds_params_get_string(p, in->id, buf, sizeof buf))
            break;
        if (in->type == MDS_TYPE_STRING && !buf[0])
            Py_RETURN_NONE;
        return PyUnicode_DecodeUTF8(buf, (Py_ssize_t)strlen(buf), "replace");
    }
    return raise_status(MDS_EINTERNAL, "reading a parameter back", in->id);
}

/* {name: value} of every parameter of a set */
static PyObject *params_dict(const mds_params *p)
{
    PyObject *d = PyDict_New();
    for (size_t i = 0; d && i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        PyObject *v = param_value(p, in);
        if (!v || PyDict_SetItemString(d, in->name, v) < 0) {
            Py_XDECREF(v);
            Py_CLEAR(d);
            break;
        }
        Py_DECREF(v);
    }
    return d;
}

/* params_of((id, value) pairs) -> {name: value}: what a set made from them holds, checked. */
static PyObject *params_of(PyObject *self, PyObject *seq)
{
    mds_params *p = params_from(seq);
    if (!p)
        return NULL;
    PyObject *d = params_dict(p);
    mds_params_free(p);
    return d;
}

/* ---- Result: a summary's handle, for its sentences, parameters, statistics and rendering -- */

typedef struct {
    PyObject_HEAD mds_result *res;
} ResultObject;

static void Result_dealloc(ResultObject *r)
{
    mds_result_free(r->res);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

/* (text, doc, doc_id, path, date, index, offset, length, words, score, relevance) */
static PyObject *sentence_row(size_t i, const void *res)
{
    const mds_sentence *s = mds_result_sentence(res, i);
    return Py_BuildValue("(NnNNNnKnndd)", str_or_none(s->text), (Py_ssize_t)s->doc_index,
                         str_or_none(s->doc_id), str_or_none(s->doc_path),
                         str_or_none(s->doc_date), (Py_ssize_t)s->index,
                         (unsigned long long)s->offset, (Py_ssize_t)s->length,
                         (Py_ssize_t)s->words, s->score, s->relevance);
}

static PyObject *Result_sentences(ResultObject *r, PyObject *unused)
{
    return tuple_from(mds_result_count(r->res), sentence_row, r->res);
}

/* render(format) -> bytes, as mds_result_render writes it (format: an mds_format) */
static PyObject *Result_render(ResultObject *r, PyObject *arg)
{
    long f = PyLong_AsLong(arg);
    if (f == -1 && PyErr_Occurred())
        return NULL;
    char *out = NULL;
    size_t size = 0;
    mds_status st;
    Py_BEGIN_ALLOW_THREADS
    st = mds_result_render(r->res, (mds_format)f, &out, &size);
    Py_END_ALLOW_THREADS
    if (st)
        return raise_status(st, NULL, 0);
    PyObject *b = PyBytes_FromStringAndSize(out, (Py_ssize_t)size);
    mds_free(out);
    return b;
}

static PyObject *Result_params(ResultObject *r, PyObject *unused)
{
    return params_dict(mds_result_params(r->res));
}

static PyObject *Result_stats(ResultObject *r, PyObject *unused)
{
    mds_stats s;
    mds_result_stats(r->res, &s);
    return Py_BuildValue(
        "{s:n,s:n,s:n,s:n,s:i,s:N,s:N,s:N,s:O,s:n,s:d,s:d,s:d,s:d,s:n,s:O}", "documents",
        (Py_ssize_t)s.documents, "sentences", (Py_ssize_t)s.sentences, "candidates",
        (Py_ssize_t)s.candidates, "dimensions", (Py_ssize_t)s.dimensions, "iterations",
        s.iterations, "backend", str_or_none(s.backend), "device", str_or_none(s.device),
        "warning", str_or_none(s.warning), "sparse", s.sparse ? Py_True : Py_False, "edges",
        (Py_ssize_t)s.edges, "seconds_gram", s.seconds_gram, "seconds_graph", s.seconds_graph,
        "seconds_rank", s.seconds_rank, "gram_flops", s.gram_flops, "device_bytes",
        (Py_ssize_t)s.device_bytes, "lang_detected", s.lang_detected ? Py_True : Py_False);
}

static PyMethodDef Result_methods[] = {
    {"sentences", (PyCFunction)Result_sentences, METH_NOARGS, "the sentences, as tuples"},
    {"render", (PyCFunction)Result_render, METH_O, "render(format) -> bytes"},
    {"params", (PyCFunction)Result_params, METH_NOARGS, "the parameters in effect"},
    {"stats", (PyCFunction)Result_stats, METH_NOARGS, "statistics of the run"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ResultType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mds._mds.Result",
    .tp_basicsize = sizeof(ResultObject),
    .tp_dealloc = (destructor)Result_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A summary's handle (the core of mds.Summary).",
    .tp_methods = Result_methods,
};

/* ---- summarize ----------------------------------------------------------------------------- */

/* One input, held while the GIL is released: a file or directory (data NULL), or bytes in
 * memory under a name. The Python objects behind the pointers are held by the call's own
 * tuple of the inputs (tuple_of). */
typedef struct input {
    const char *name;
    const char *data;
    size_t size;
} input;

/* Everything of one cluster set-up that the parameters carry to it, as cli_cluster_setup
 * does for the program: max_input, input_format, strict_utf8, encoding. */
static mds_status cluster_setup(const mds_params *p, mds_cluster *cl)
{
    long long most = 0, strict = 0, format = 0;
    char enc[256];
    mds_status st;
    if ((st = mds_params_get_int(p, MDS_PARAM_MAX_INPUT, &most)) ||
        (st = mds_cluster_set_max_input(cl, (uint64_t)most)) ||
        (st = mds_params_get_int(p, MDS_PARAM_INPUT_FORMAT, &format)) ||
        (st = mds_cluster_set_input_format(cl, (mds_input_format)format)) ||
        (st = mds_params_get_int(p, MDS_PARAM_STRICT_UTF8, &strict)) ||
        (st = mds_params_get_string(p, MDS_PARAM_ENCODING, enc, sizeof enc)))
        return st;
    return mds_cluster_set_encoding(cl, enc[0] ? enc : NULL, (int)strict);
}

static PyObject *warning_item(size_t i, const void *cl)
{
    return str_or_none(mds_cluster_warning(cl, i));
}

static mds_status add_inputs(mds_cluster *cl, const input *in, size_t n)
{
    mds_status st = MDS_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (in[i].data) {
            st = mds_cluster_add_memory(cl, in[i].name, in[i].data, in[i].size);
        } else {
            struct stat sb;
            if (stat(in[i].name, &sb) == 0 && S_ISDIR(sb.st_mode))
                st = mds_cluster_add_dir(cl, in[i].name);
            else
                st = mds_cluster_add_file(cl, in[i].name);
        }
    }
    return st;
}

/* summarize(inputs, params, model, query=None) -> (Result, warnings)
 *   inputs: ((name: bytes, data: bytes or None), ...): None reads the file or directory
 *   `name`; bytes are a document in memory that `name` stands for.
 *   params: ((id, text or None), ...); model: a Model or None (the built-in one); query: the
 *   question the summary answers (str), or None for a generic summary. */
static PyObject *summarize(PyObject *self, PyObject *args)
{
    PyObject *seq, *pseq, *model;
    const char *query = NULL;
    Py_ssize_t query_len = 0;
    if (!PyArg_ParseTuple(args, "OOO|z#:summarize", &seq, &pseq, &model, &query, &query_len))
        return NULL;
    if (model != Py_None && !PyObject_TypeCheck(model, &ModelType))
        return PyErr_Format(PyExc_TypeError, "model must be an mds.Model");
    mds_params *p = params_from(pseq);
    if (!p)
        return NULL;
    PyObject *items = tuple_of(seq, "inputs must be a sequence");
    PyObject *ret = NULL, *warnings = NULL;
    input *in = NULL;
    mds_ctx *ctx = NULL;
    mds_cluster *cl = NULL;
    mds_result *res = NULL;
    if (!items)
        goto done;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    in = PyMem_Calloc((size_t)n + 1, sizeof *in);
    if (!in) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name, *data;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(items, i), "SO", &name, &data))
            goto done;
        if (data != Py_None && !PyBytes_Check(data)) {
            PyErr_SetString(PyExc_TypeError, "input data must be bytes or None");
            goto done;
        }
        if (strlen(PyBytes_AS_STRING(name)) != (size_t)PyBytes_GET_SIZE(name)) {
            PyErr_SetString(PyExc_ValueError, "embedded NUL in a document name or path");
            goto done;
        }
        in[i].name = PyBytes_AS_STRING(name);
        if (data != Py_None) {
                    in[i].size = (size_t)PyBytes_GET_SIZE(data);
            in[i].data = PyBytes_AS_STRING(data);
        }
    }
    mds_status st = model != Py_None ? mds_ctx_new_sharing(((ModelObject *)model)->ctx, &ctx)
                                     : mds_ctx_new(&ctx);
    if (st) {
        raise_status(st, NULL, 0);
        goto done;
    }
    if ((st = mds_cluster_new(ctx, &cl)) || (st = cluster_setup(p, cl)) ||
        (query && (st = mds_cluster_set_query(cl, query, (size_t)query_len)))) {
        raise_status(st, mds_errmsg(ctx), mds_errparam(ctx));
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    st = add_inputs(cl, in, (size_t)n);
    if (!st)
        st = mds_summarize(ctx, cl, p, &res);
    Py_END_ALLOW_THREADS
    if (st) {
        raise_status(st, mds_errmsg(ctx), mds_errparam(ctx));
        goto done;
    }
    warnings = tuple_from(mds_cluster_warning_count(cl), warning_item, cl);
    if (!warnings)
        goto done;
    ResultObject *r = PyObject_New(ResultObject, &ResultType);
    if (!r)
        goto done;
    r->res = res;
    res = NULL;
    ret = Py_BuildValue("(NO)", (PyObject *)r, warnings);
done:
    Py_XDECREF(warnings);
    mds_result_free(res);
    mds_cluster_free(cl);
    mds_ctx_free(ctx);
    mds_params_free(p);
    PyMem_Free(in);
    Py_XDECREF(items);
    return ret;
}

/* ---- model build --------------------------------------------------------------------------- */

static PyObject *model_defaults(PyObject *self, PyObject *unused)
{
    mds_model_options o;
    mds_model_options_default(&o);
    return Py_BuildValue("{s:s,s:I,s:I,s:K,s:O,s:d,s:O}", "lang", o.lang, "bucket_bits",
                         o.bucket_bits, "dimensions", o.dimensions, "seed",
                         (unsigned long long)o.seed, "bigrams", o.bigrams ? Py_True : Py_False,
                         "idf_blend", o.idf_blend, "latin1", o.latin1_fallback ? Py_True : Py_False);
}


/* A path or NULL from None or bytes (os.fsencode'd by the package); 0 with TypeError set. */
static int path_arg(PyObject *o, const char **out)
{
    if (o == Py_None) {
        *out = NULL;
        return 1;
    }
    if (!PyBytes_Check(o) || strlen(PyBytes_AS_STRING(o)) != (size_t)PyBytes_GET_SIZE(o)) {
        PyErr_SetString(PyExc_TypeError, "a path must be bytes without NUL, or None");
        return 0;
    }
    *out = PyBytes_AS_STRING(o);
    return 1;
}

/* A C array of n paths from a sequence of bytes, borrowed from `items` (kept by the caller). */
static const char **paths_of(PyObject *items, size_t *n)
{
    *n = (size_t)PyTuple_GET_SIZE(items);
    const char **v = PyMem_Calloc(*n + 1, sizeof *v);
    if (!v) {
        PyErr_NoMemory();
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        if (!path_arg(PyTuple_GET_ITEM(items, (Py_ssize_t)i), &v[i]) || !v[i]) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "a path must be bytes");
            PyMem_Free(v);
            return NULL;
        }
    return v;
}

/* model_build(inputs: (bytes, ...), out: bytes, lang: str, bucket_bits, dimensions, seed,
 * bigrams, idf_blend, latin1, stopwords, abbreviations, phrases: bytes or None) */
static PyObject *model_build(PyObject *self, PyObject *args)
{
    PyObject *seq, *outp, *sw, *ab, *ph;
    mds_model_options o;
    mds_model_options_default(&o);
    unsigned long long seed;
    int bigrams, latin1;
    if (!PyArg_ParseTuple(args, "OOsIIKpdpOOO:model_build", &seq, &outp, &o.lang,
                          &o.bucket_bits, &o.dimensions, &seed, &bigrams, &o.idf_blend, &latin1,
                          &sw, &ab, &ph))
        return NULL;
    o.seed = seed;
    o.bigrams = bigrams;
    o.latin1_fallback = latin1;
    const char *out;
    if (!path_arg(outp, &out) || !path_arg(sw, &o.stopwords) || !path_arg(ab, &o.abbreviations) ||
        !path_arg(ph, &o.phrases))
        return NULL;
    if (!out)
        return PyErr_Format(PyExc_TypeError, "model_build: no output path");
    PyObject *items = tuple_of(seq, "inputs must be a sequence of paths");
    if (!items)
        return NULL;
    size_t n;
    const char **v = paths_of(items, &n);
    PyObject *ret = NULL;
    mds_ctx *ctx = NULL;
    mds_status st;
    if (!v)
        goto done;
    if ((st = mds_ctx_new(&ctx))) {
        raise_status(st, NULL, 0);
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    st = mds_model_build(ctx, v, n, &o, out);
    Py_END_ALLOW_THREADS
    if (st) {
        raise_status(st, mds_errmsg(ctx), mds_errparam(ctx));
        goto done;
    }
    ret = Py_NewRef(Py_None);
done:
    mds_ctx_free(ctx);
    PyMem_Free(v);
    Py_DECREF(items);
    return ret;
}

/* ---- ROUGE --------------------------------------------------------------------------------- */

/* An evaluator and its context; one call at a time (the lock), whatever the threads do. */
typedef struct {
    PyObject_HEAD mds_ctx *ctx;
    mds_rouge *rouge;
    PyThread_type_lock lock;
} RougeObject;

static void Rouge_dealloc(RougeObject *r)
{
    mds_rouge_free(r->rouge);
    mds_ctx_free(r->ctx);
    if (r->lock)
        PyThread_free_lock(r->lock);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

static PyObject *rouge_defaults(PyObject *self, PyObject *unused)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    return Py_BuildValue("{s:O,s:O,s:n,s:n,s:i,s:O,s:d,s:O}", "stem", o.stem ? Py_True : Py_False,
                         "remove_stopwords", o.remove_stopwords ? Py_True : Py_False, "words",
                         (Py_ssize_t)o.words, "bytes", (Py_ssize_t)o.bytes, "skip_distance",
                         o.skip_distance, "skip_unigrams", o.skip_unigrams ? Py_True : Py_False,
                         "alpha", o.alpha, "best_model", o.best_model ? Py_True : Py_False);
}

/* Rouge(stem, remove_stopwords, stopwords, exceptions, words, bytes, skip_distance,
 *       skip_unigrams, alpha, best_model, metrics): mds_rouge_options field by field;
 * stopwords and exceptions bytes or None. */
static int Rouge_init(RougeObject *r, PyObject *args, PyObject *kw)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    PyObject *sw, *ex;
    Py_ssize_t words, bytes;
    if (!PyArg_ParseTuple(args, "ppOOnnipdpI:Rouge", &o.stem, &o.remove_stopwords, &sw, &ex,
                          &words, &bytes, &o.skip_distance, &o.skip_unigrams, &o.alpha,
                          &o.best_model, &o.metrics))
        return -1;
    if (words < 0 || bytes < 0) {
        raise_status(MDS_EINVAL, "words and bytes must not be negative", 0);
        return -1;
    }
    o.words = (size_t)words;
    o.bytes = (size_t)bytes;
    if (!path_arg(sw, &o.stopwords) || !path_arg(ex, &o.exceptions))
        return -1;
    if (r->rouge || r->ctx) {
        PyErr_SetString(PyExc_RuntimeError, "Rouge is initialized once");
        return -1;
    }
    if (!(r->lock = PyThread_allocate_lock())) {
        PyErr_NoMemory();
        return -1;
    }
    mds_status st = mds_ctx_new(&r->ctx);
    if (st) {
        raise_status(st, NULL, 0);
        return -1;
    }
    Py_BEGIN_ALLOW_THREADS
    st = mds_rouge_new(r->ctx, &o, &r->rouge);
    Py_END_ALLOW_THREADS
    if (st) {
        raise_status(st, mds_errmsg(r->ctx), mds_errparam(r->ctx));
        return -1;
    }
    return 0;
}

static PyObject *score_row(size_t m, const void *scores)
{
    const mds_rouge_score *s = (const mds_rouge_score *)scores + m;
    return Py_BuildValue("(dddddd)", s->recall, s->precision, s->f, s->model_count,
                         s->peer_count, s->hits);
}

static PyObject *scores_tuple(const mds_rouge_score *s)
{
    return tuple_from(MDS_ROUGE_NMETRICS, score_row, s);
}

static int Rouge_ready(RougeObject *r)
{
    if (!r->rouge) {
        PyErr_SetString(PyExc_RuntimeError, "Rouge not initialized");
        return 0;
    }
    return 1;
}

/* score_texts(peer: bytes, refs: (bytes, ...)) -> per metric (recall, precision, f,
 * model_count, peer_count, hits) */
static PyObject *Rouge_score_texts(RougeObject *r, PyObject *args)
{
    Py_buffer peer;
    PyObject *seq;
    if (!Rouge_ready(r) || !PyArg_ParseTuple(args, "y*O:score_texts", &peer, &seq))
        return NULL;
    PyObject *items = tuple_of(seq, "refs must be a sequence of bytes"), *ret = NULL;
    size_t n = items ? (size_t)PyTuple_GET_SIZE(items) : 0;
    const char **refs = items ? PyMem_Calloc(n + 1, sizeof *refs) : NULL;
    size_t *sizes = items ? PyMem_Calloc(n + 1, sizeof *sizes) : NULL;
    if (items && (!refs || !sizes))
        PyErr_NoMemory();
    if (!refs || !sizes)
        goto done;
    for (size_t i = 0; i < n; i++) {
        PyObject *b = PyTuple_GET_ITEM(items, (Py_ssize_t)i);
        if (!PyBytes_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "a reference must be bytes");
            goto done;
        }
        refs[i] = PyBytes_AS_STRING(b);
        sizes[i] = (size_t)PyBytes_GET_SIZE(b);
    }
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    mds_status st;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(r->lock, WAIT_LOCK);
    st = mds_rouge_score_texts(r->rouge, peer.buf, (size_t)peer.len, refs, sizes, n, s);
    Py_END_ALLOW_THREADS
    if (st) {
        raise_status(st, mds_errmsg(r->ctx), mds_errparam(r->ctx));
        PyThread_release_lock(r->lock);
        goto done;
    }
    PyThread_release_lock(r->lock);
    ret = scores_tuple(s);
done:
    PyMem_Free(refs);
    PyMem_Free(sizes);
    Py_XDECREF(items);
    PyBuffer_Release(&peer);
    return ret;
}

/* score_files(peer: bytes path, refs: (bytes path, ...)) -> as score_texts */
static PyObject *Rouge_score_files(RougeObject *r, PyObject *args)
{
    PyObject *peerp, *seq;
    const char *peer;
    if (!Rouge_ready(r) || !PyArg_ParseTuple(args, "OO:score_files", &peerp, &seq) ||
        !path_arg(peerp, &peer))
        return NULL;
    if (!peer)
        return PyErr_Format(PyExc_TypeError, "score_files: no peer path");
    PyObject *items = tuple_of(seq, "refs must be a sequence of paths"), *ret = NULL;
    if (!items)
        return NULL;
    size_t n;
    const char **refs = paths_of(items, &n);
    if (refs) {
        mds_rouge_score s[MDS_ROUGE_NMETRICS];
        mds_status st;
        Py_BEGIN_ALLOW_THREADS
        PyThread_acquire_lock(r->lock, WAIT_LOCK);
        st = mds_rouge_score_files(r->rouge, peer, refs, n, s);
        Py_END_ALLOW_THREADS
        if (st)
            raise_status(st, mds_errmsg(r->ctx), mds_errparam(r->ctx));
        else
            ret = scores_tuple(s);
        PyThread_release_lock(r->lock);
    }
    PyMem_Free(refs);
    Py_DECREF(items);
    return ret;
}

static PyObject *Rouge_warning(RougeObject *r, PyObject *unused)
{
    if (!Rouge_ready(r))
        return NULL;
    return str_or_none(mds_rouge_warning(r->rouge));
}

static PyMethodDef Rouge_methods[] = {
    {"score_texts", (PyCFunction)Rouge_score_texts, METH_VARARGS, "score_texts(peer, refs)"},
    {"score_files", (PyCFunction)Rouge_score_files, METH_VARARGS, "score_files(peer, refs)"},
    {"warning", (PyCFunction)Rouge_warning, METH_NOARGS, "the set-up's warning, or None"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RougeType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mds._mds.Rouge",
    .tp_basicsize = sizeof(RougeObject),
    .tp_dealloc = (destructor)Rouge_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A ROUGE evaluator (the core of mds.Rouge).",
    .tp_methods = Rouge_methods,
    .tp_init = (initproc)Rouge_init,
    .tp_new = PyType_GenericNew,
};

/* bootstrap(scores: ((recall, precision, f), ...), samples, confidence) ->
 * (mean, lo, hi, n), each of mean, lo, hi a (recall, precision, f) */
static PyObject *bootstrap(PyObject *self, PyObject *args)
{
    PyObject *seq;
    Py_ssize_t samples;
    double confidence;
    if (!PyArg_ParseTuple(args, "Ond:bootstrap", &seq, &samples, &confidence))
        return NULL;
    if (samples < 0)
        return raise_status(MDS_EINVAL, "samples must not be negative", 0);
    PyObject *items = tuple_of(seq, "scores must be a sequence");
    if (!items)
        return NULL;
    size_t n = (size_t)PyTuple_GET_SIZE(items);
    mds_rouge_score *v = PyMem_Calloc(n + 1, sizeof *v);
    PyObject *ret = NULL;
    if (!v) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(items, (Py_ssize_t)i), "ddd", &v[i].recall,
                              &v[i].precision, &v[i].f))
            goto done;
    mds_rouge_average a;
    mds_status st;
    Py_BEGIN_ALLOW_THREADS
    st = mds_rouge_bootstrap(v, n, (size_t)samples, confidence, &a);
    Py_END_ALLOW_THREADS
    if (st) {
        raise_status(st, NULL, 0);
        goto done;
    }
    ret = Py_BuildValue("((ddd)(ddd)(ddd)n)", a.mean[0], a.mean[1], a.mean[2], a.lo[0], a.lo[1],
                        a.lo[2], a.hi[0], a.hi[1], a.hi[2], (Py_ssize_t)a.n);
done:
    PyMem_Free(v);
    Py_DECREF(items);
    return ret;
}

/* ---- the module ---------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"set_error_factory", set_error_factory, METH_O, "set_error_factory(f)"},
    {"version", version, METH_NOARGS, "the library's version"},
    {"statuses", statuses, METH_NOARGS, "((name, code, message), ...)"},
    {"params", params, METH_NOARGS, "the parameter table"},
    {"params_of", params_of, METH_O, "params_of(pairs) -> {name: value}"},
    {"backends", backends, METH_NOARGS, "the compute backends built in"},
    {"languages", languages, METH_NOARGS, "((name, code), ...)"},
    {"set_blas_threads", set_blas_threads, METH_O, "set_blas_threads(n)"},
    {"summarize", summarize, METH_VARARGS, "summarize(inputs, params, model)"},
    {"model_defaults", model_defaults, METH_NOARGS, "mds_model_options_default's values"},
    {"model_build", model_build, METH_VARARGS, "model_build(inputs, out, ...)"},
    {"rouge_defaults", rouge_defaults, METH_NOARGS, "mds_rouge_options_default's values"},
    {"bootstrap", bootstrap, METH_VARARGS, "bootstrap(scores, samples, confidence)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "mds._mds", "The C core of the mds module.", -1, methods,
};

/* The header's enum values the package needs, by name */
static int add_constants(PyObject *m)
{
    static const struct {
        const char *name;
        long value;
    } c[] = {
        {"TYPE_INT", MDS_TYPE_INT},       {"TYPE_SIZE", MDS_TYPE_SIZE},
        {"TYPE_BYTES", MDS_TYPE_BYTES},   {"TYPE_DOUBLE", MDS_TYPE_DOUBLE},
        {"TYPE_BOOL", MDS_TYPE_BOOL},     {"TYPE_ENUM", MDS_TYPE_ENUM},
        {"TYPE_SELECTOR", MDS_TYPE_SELECTOR}, {"TYPE_STRING", MDS_TYPE_STRING},
        {"OPEN_LO", MDS_OPEN_LO},         {"OPEN_HI", MDS_OPEN_HI},
        {"FORMAT_TEXT", MDS_FORMAT_TEXT}, {"FORMAT_JSON", MDS_FORMAT_JSON},
        {"FORMAT_JSONL", MDS_FORMAT_JSONL}, {"FORMAT_HTML", MDS_FORMAT_HTML},
        {"ROUGE_1", MDS_ROUGE_1},         {"ROUGE_2", MDS_ROUGE_2},
        {"ROUGE_L", MDS_ROUGE_L},         {"ROUGE_SU", MDS_ROUGE_SU},
        {"NMETRICS", MDS_ROUGE_NMETRICS}, {"PARAM_UNIT", MDS_PARAM_UNIT},
        {"PARAM_BUDGET", MDS_PARAM_BUDGET},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        if (PyModule_AddIntConstant(m, c[i].name, c[i].value) < 0)
            return -1;
    return 0;
}

PyMODINIT_FUNC PyInit__mds(void)
{
    if (PyType_Ready(&ModelType) < 0 || PyType_Ready(&ResultType) < 0 ||
        PyType_Ready(&RougeType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    if (PyModule_AddObject(m, "Model", Py_NewRef((PyObject *)&ModelType)) < 0 ||
        PyModule_AddObject(m, "Result", Py_NewRef((PyObject *)&ResultType)) < 0 ||
        PyModule_AddObject(m, "Rouge", Py_NewRef((PyObject *)&RougeType)) < 0 ||
        add_constants(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
