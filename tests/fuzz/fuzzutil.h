/* SPDX-License-Identifier: MIT */
/* Helpers shared by the libFuzzer harnesses of tests/fuzz (scripts/fuzz.sh runs them). */
#ifndef MDS_FUZZUTIL_H
#define MDS_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Stops the run as a crash, with a message, when a property the library promises fails: the
 * sanitizers catch memory errors, this catches wrong answers. */
#define FZ_CHECK(cond)                                                    \
    do {                                                                  \
        if (!(cond))                                                      \
            fz_fail(__FILE__, __LINE__, #cond);                           \
    } while (0)
void fz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* Splits data at every 0xFF byte, a byte no UTF-8 text holds, into at most `max` parts (the
 * last part keeps any further 0xFF). Returns the count, at least 1. */
size_t fz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *part_size,
                size_t max);

/* An exact-size heap copy of n bytes (NULL for n 0 is never returned: one byte is kept
 * allocated so the pointer is valid), so that reading past the end is an ASan report. */
uint8_t *fz_copy(const uint8_t *data, size_t n);

/* The model checksum (docs/model-format.md): writes XXH64 of bytes [0, size - 8) into the
 * last 8 bytes, so that a fuzzed model gets past the checksum to the value checks. Nothing
 * for size < 8. */
void fz_model_fix_checksum(uint8_t *data, size_t size);

/* A folder for the process's temporary files, made on first use under $TMPDIR (or /tmp)
 * and removed at exit. fz_temp_path gives the path of `name` in it (a static buffer). */
const char *fz_temp_path(const char *name);
/* Writes n bytes to the file at path; 0 on success. */
int fz_write_file(const char *path, const void *data, size_t n);

/* What ingest promises of a document read from `size` source bytes: text valid UTF-8 of no
 * control but newline, its map non-decreasing and inside the source, paragraphs in order. */
struct mds__doc;
void fz_check_doc(const struct mds__doc *d, size_t size);

#endif
