/* SPDX-License-Identifier: MIT */
/* Helpers shared by the libFuzzer harnesses. */
#include "fuzzutil.h"
#include "text/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>
#include <xxhash.h>

void fz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
    abort();
}

size_t fz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *part_size,
                size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i < size && n + 1 < max; i++)
        if (data[i] == 0xFF) {
            part[n] = data + start;
            part_size[n++] = i - start;
            start = i + 1;
        }
    part[n] = data + start;
    part_size[n++] = size - start;
    return n;
}

uint8_t *fz_copy(const uint8_t *data, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    if (!p)
        abort();
    if (n)
        memcpy(p, data, n);
    return p;
}

void fz_model_fix_checksum(uint8_t *data, size_t size)
{
    if (size < 8)
        return;
    uint64_t sum = XXH64(data, size - 8, 0);
    for (int i = 0; i < 8; i++)
        data[size - 8 + i] = (uint8_t)(sum >> (8 * i));
}

static char temp_dir[4096];
static char temp_file[4096 + 256];

static void remove_temp(void)
{
    /* Only the files the harnesses write, by name: nothing else lives there. */
    static const char *const names[] = {"model", "stopwords", "exceptions/words.exc",
                                        "exceptions", NULL};
    for (size_t i = 0; names[i]; i++) {
        snprintf(temp_file, sizeof temp_file, "%s/%s", temp_dir, names[i]);
        if (unlink(temp_file) != 0)
            rmdir(temp_file);
    }
    rmdir(temp_dir);
}

const char *fz_temp_path(const char *name)
{
    if (!temp_dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(temp_dir, sizeof temp_dir, "%s/mds-fuzz-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(temp_dir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_temp);
    }
    snprintf(temp_file, sizeof temp_file, "%s/%s", temp_dir, name);
    return temp_file;
}

int fz_write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = n ? fwrite(data, 1, n, f) : 0;
    return (fclose(f) != 0 || w != n) ? -1 : 0;
}

void fz_check_doc(const mds__doc *d, size_t size)
{
    FZ_CHECK(d->text && d->map.at && d->id);
    FZ_CHECK(strlen(d->text) == d->text_len);
    FZ_CHECK(mds__doc_source(d, d->text_len) <= size);
    for (size_t i = 0; i < d->text_len; i++) {
        FZ_CHECK(mds__doc_source(d, i) < size);
        FZ_CHECK(mds__doc_source(d, i) <= mds__doc_source(d, i + 1));
        unsigned char c = (unsigned char)d->text[i];
        FZ_CHECK(c >= 0x20 || c == '\n');
        FZ_CHECK(c != 0x7F);
    }
    FZ_CHECK(u8_check((const uint8_t *)d->text, d->text_len) == NULL);
    FZ_CHECK(d->npara > 0);
    uint32_t prev = 0;
    for (size_t p = 0; p < d->npara; p++) {
        mds__span s = d->paras[p].span;
        FZ_CHECK(s.start >= prev && s.start < s.end && s.end <= d->text_len);
        prev = s.end;
    }
}
