/* SPDX-License-Identifier: MIT */
/* Encodings (src/text/encoding.c): byte order marks, UTF-16 with surrogate pairs and odd
 * lengths, declared charsets, Windows-1252's 0x80-0x9F, bytes invalid in a declared
 * encoding, iconv's names; and, through the public API, that a summary's offsets cut the
 * original (Latin-1, UTF-16) file at the sentence while its text is UTF-8. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "testutil.h"
#include "text/encoding.h"

#define BYTES(s) (const unsigned char *)(s), sizeof(s) - 1

static mds_status decode(const unsigned char *d, size_t n, const char *name, int strict,
                         mds__decoded *out, mds__ingest_error *err)
{
    mds__encoding_opts o = {.name = name, .strict = strict};
    return mds__encoding_decode(d, n, &o, out, err);
}

/* Every converted character's original offset, in order: u8 offsets of character starts. */
static void assert_src(const mds__decoded *d, const uint64_t *u8, const uint64_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(mds__encmap_src(&d->map, u8[i]), src[i]);
        CU_ASSERT_EQUAL(mds__encmap_u8(&d->map, src[i]), u8[i]);
    }
}

static void test_utf8_in_place(void)
{
    mds__decoded d;
    mds__ingest_error e;
    CU_ASSERT_EQUAL(decode(BYTES("plain \xc3\xa9t\xc3\xa9"), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8); /* no copy */
    CU_ASSERT_STRING_EQUAL(d.name, "UTF-8");
    CU_ASSERT_EQUAL(d.guessed, 0);
    CU_ASSERT_EQUAL(decode(BYTES("\xef\xbb\xbfwith a mark"), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8); /* ingest skips the mark */
    CU_ASSERT_EQUAL(decode(BYTES(""), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8);
    /* strict and not UTF-8: in place, for ingest to refuse at the byte */
    CU_ASSERT_EQUAL(decode(BYTES("caf\xe9"), NULL, 1, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8);
}

static void test_utf16_bom_and_surrogates(void)
{
    mds__decoded d;
    mds__ingest_error e;
    /* "aé😀b" in UTF-16LE after its mark: 1 + 1 + 2 (a pair) + 1 units */
    static const unsigned char le[] = {0xFF, 0xFE, 'a', 0, 0xE9, 0, 0x3D, 0xD8, 0x00, 0xDE, 'b', 0};
    CU_ASSERT_EQUAL_FATAL(decode(le, sizeof le, NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_STRING_EQUAL(d.name, "UTF-16LE");
    CU_ASSERT_EQUAL(d.size, 8);
    CU_ASSERT_EQUAL(memcmp(d.utf8, "a\xc3\xa9\xf0\x9f\x98\x80" "b", 8), 0);
    static const uint64_t u8[] = {0, 1, 3, 7, 8}, src[] = {2, 4, 6, 10, 12};
    assert_src(&d, u8, src, 5);
    mds__decoded_free(&d);

    static const unsigned char be[] = {0xFE, 0xFF, 0, 'a', 0xD8, 0x3D, 0xDE, 0x00};
    CU_ASSERT_EQUAL_FATAL(decode(be, sizeof be, NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_STRING_EQUAL(d.name, "UTF-16BE");
    CU_ASSERT_EQUAL(d.size, 5);
    CU_ASSERT_EQUAL(memcmp(d.utf8, "a\xf0\x9f\x98\x80", 5), 0);
    mds__decoded_free(&d);

    /* named: UTF-16 without a mark is big-endian; UTF-16LE skips its own mark */
    static const unsigned char nomark[] = {0, 'h', 0, 'i'};
    CU_ASSERT_EQUAL_FATAL(decode(nomark, sizeof nomark, "utf-16", 0, &d, &e), MDS_OK);
    CU_ASSERT_EQUAL(d.size, 2);
    CU_ASSERT_EQUAL(memcmp(d.utf8, "hi", 2), 0);
    mds__decoded_free(&d);
    CU_ASSERT_EQUAL_FATAL(decode(le, 4, "UTF-16LE", 0, &d, &e), MDS_OK);
    CU_ASSERT_EQUAL(d.size, 1);
    CU_ASSERT_EQUAL(mds__encmap_src(&d.map, 0), 2);
    mds__decoded_free(&d);
}

static void test_utf16_invalid(void)
{
    mds__decoded d;
    mds__ingest_error e;
    static const unsigned char odd[] = {0xFF, 0xFE, 'a', 0, 'b'};
    CU_ASSERT_EQUAL(decode(odd, sizeof odd, NULL, 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "odd number of bytes"));
    CU_ASSERT_PTR_NULL(d.utf8);
    static const unsigned char high[] = {0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 'b', 0};
    CU_ASSERT_EQUAL(decode(high, sizeof high, NULL, 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "high surrogate"));
    static const unsigned char cut[] = {0xFF, 0xFE, 0x3D, 0xD8}; /* a pair cut at the end */
    CU_ASSERT_EQUAL(decode(cut, sizeof cut, NULL, 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 2);
    static const unsigned char low[] = {0xFE, 0xFF, 0, 'a', 0xDE, 0x00};
    CU_ASSERT_EQUAL(decode(low, sizeof low, NULL, 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "low surrogate"));
}

static void test_cp1252_guess(void)
{
    mds__decoded d;
    mds__ingest_error e;
    /* 0x80 euro, 0x93/0x94 quotes, 0x96 en dash, 0x81 undefined (a C1 control), 0xE9 é */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("\x93" "caf\xe9\x94 \x80" "5 \x96 x\x81"), NULL, 0, &d, &e),
                          MDS_OK);
    CU_ASSERT_EQUAL(d.guessed, 1);
    CU_ASSERT_STRING_EQUAL(d.name, "WINDOWS-1252");
    CU_ASSERT_PTR_NOT_NULL(strstr(d.note, "byte 0 is 0x93"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d.note, "Windows-1252"));
    const char *want = "\xe2\x80\x9c" "caf\xc3\xa9\xe2\x80\x9d \xe2\x82\xac" "5 \xe2\x80\x93 x\xc2\x81";
    CU_ASSERT_EQUAL(d.size, strlen(want));
    CU_ASSERT_STRING_EQUAL((const char *)d.utf8, want);
    /* “ at 0, c at 3 from 1, é at 6 from 4, ” at 8 from 5, € at 12 from 7, x at 21 from 12 */
    static const uint64_t u8[] = {0, 3, 6, 8, 12, 21, 22}, src[] = {0, 1, 4, 5, 7, 12, 13};
    assert_src(&d, u8, src, 7);
    CU_ASSERT_EQUAL(mds__cp1252_char(0x9F), 0x178);
    CU_ASSERT_EQUAL(mds__cp1252_char(0x8D), 0x8D);
    CU_ASSERT_EQUAL(mds__cp1252_char(0xFF), 0xFF);
    mds__decoded_free(&d);
}

static int sniff(const char *s, char *name, size_t *at)
{
    return mds__encoding_sniff((const unsigned char *)s, strlen(s), name, 64, at);
}

static void test_sniff(void)
{
    char name[64];
    size_t at = 0;
    const char *xml = "<?xml version=\"1.0\" encoding='ISO-8859-15'?>\n<doc/>";
    CU_ASSERT_EQUAL(sniff(xml, name, &at), 1);
    CU_ASSERT_STRING_EQUAL(name, "ISO-8859-15");
    CU_ASSERT_EQUAL(at, 30);
    const char *meta = "\n <!DOCTYPE html><html><head><!-- <meta charset=koi8-r> -->"
                       "<META CHARSET = \" Shift_JIS \"></head>";
    CU_ASSERT_EQUAL(sniff(meta, name, NULL), 1);
    CU_ASSERT_STRING_EQUAL(name, "Shift_JIS");
    const char *equiv = "<html><meta name=x content=y><meta http-equiv=\"Content-Type\" "
                        "content=\"text/html; charset=windows-1251\">";
    CU_ASSERT_EQUAL(sniff(equiv, name, NULL), 1);
    CU_ASSERT_STRING_EQUAL(name, "windows-1251");
    /* not markup: a text that quotes a declaration declares nothing */
    const char *prose = "Write <meta charset=latin1> in the head.";
    CU_ASSERT_EQUAL(sniff(prose, name, NULL), 0);
    /* past the first 1024 bytes: not looked at */
    char late[1200];
    memset(late, ' ', sizeof late);
    late[0] = '<';
    memcpy(late + 1100, "<meta charset=latin1>", 21);
    CU_ASSERT_EQUAL(mds__encoding_sniff((const unsigned char *)late, sizeof late, name,
                                        sizeof name, NULL), 0);
    /* a content without http-equiv says nothing */
    const char *content = "<meta content=\"text/html; charset=koi8-r\">";
    CU_ASSERT_EQUAL(sniff(content, name, NULL), 0);
}

static void test_declared(void)
{
    mds__decoded d;
    mds__ingest_error e;
    /* latin1 is read as browsers read it: Windows-1252 (0x93 a quote), and it is no guess */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("<meta charset=latin1><p>\x93Oui\x94</p>"), NULL, 1, &d, &e), MDS_OK);
    CU_ASSERT_EQUAL(d.guessed, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr((const char *)d.utf8, "\xe2\x80\x9cOui\xe2\x80\x9d"));
    mds__decoded_free(&d);
    /* ISO-8859-15 through iconv: 0xA4 is the euro there */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><t>\xa4</t>"),
                                 NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_STRING_EQUAL(d.name, "ISO-8859-15");
    CU_ASSERT_PTR_NOT_NULL(strstr((const char *)d.utf8, "<t>\xe2\x82\xac</t>"));
    mds__decoded_free(&d);
    /* a declared UTF-16 in ASCII bytes is UTF-8 (WHATWG); UTF-8 text stays in place */
    CU_ASSERT_EQUAL(decode(BYTES("<meta charset=utf-16><p>\xc3\xa9</p>"), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8);
    /* declared UTF-8 but not: the guess, with its warning */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("<meta charset=utf-8><p>\xe9</p>"), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_EQUAL(d.guessed, 1);
    mds__decoded_free(&d);
    /* an unknown label is no declaration; the warning says so */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("<meta charset=x-klingon><p>\xe9</p>"), NULL, 0, &d, &e), MDS_OK);
    CU_ASSERT_EQUAL(d.guessed, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.note, "x-klingon"));
    mds__decoded_free(&d);
    /* invalid in the declared encoding: 7-bit ISO-2022-JP has no byte 0xE9 */
    CU_ASSERT_EQUAL(decode(BYTES("<meta charset=ISO-2022-JP><p>ok \xe9</p>"), NULL, 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 32);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "ISO-2022-JP"));
    CU_ASSERT_PTR_NULL(d.utf8);
}

static void test_iconv_names(void)
{
    CU_ASSERT_EQUAL(mds__encoding_known("UTF-8"), 1);
    CU_ASSERT_EQUAL(mds__encoding_known("utf8"), 1);
    CU_ASSERT_EQUAL(mds__encoding_known("Windows-1252"), 1);
    CU_ASSERT_EQUAL(mds__encoding_known("latin2"), 1);
    CU_ASSERT_EQUAL(mds__encoding_known("SHIFT_JIS"), 1);
    CU_ASSERT_EQUAL(mds__encoding_known("no-such-encoding"), 0);
    CU_ASSERT_EQUAL(mds__encoding_known(""), 0);
    CU_ASSERT_EQUAL(mds__encoding_known(NULL), 0);
    mds__decoded d;
    mds__ingest_error e;
    /* Latin-2 by name: 0xB1 is ą */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("w\xb1s"), "latin2", 0, &d, &e), MDS_OK);
    CU_ASSERT_STRING_EQUAL((const char *)d.utf8, "w\xc4\x85s");
    mds__decoded_free(&d);
    /* Shift_JIS: two bytes a kanji, three in UTF-8: 日本 then 'x' */
    CU_ASSERT_EQUAL_FATAL(decode(BYTES("\x93\xfa\x96\x7bx"), "SHIFT_JIS", 0, &d, &e), MDS_OK);
    CU_ASSERT_STRING_EQUAL((const char *)d.utf8, "\xe6\x97\xa5\xe6\x9c\xac" "x");
    static const uint64_t u8[] = {0, 3, 6, 7}, src[] = {0, 2, 4, 5};
    assert_src(&d, u8, src, 4);
    mds__decoded_free(&d);
    /* cut short at the end of the input */
    CU_ASSERT_EQUAL(decode(BYTES("ab\x93"), "SHIFT_JIS", 0, &d, &e), MDS_EFORMAT);
    CU_ASSERT_EQUAL(e.offset, 2);
    /* a named encoding wins over the bytes' own word: UTF-8 named is UTF-8, in place */
    CU_ASSERT_EQUAL(decode(BYTES("<meta charset=latin1>\xe9"), "UTF-8", 0, &d, &e), MDS_OK);
    CU_ASSERT_PTR_NULL(d.utf8);
    CU_ASSERT_EQUAL(decode(BYTES("x"), "no-such-encoding", 0, &d, &e), MDS_EINVAL);
}

/* ---- through the public API -------------------------------------------------------------- */

static mds_ctx *ctx;

static int setup(void) { return tu_temp_dir("encoding") || mds_ctx_new(&ctx) != MDS_OK; }

static int teardown(void)
{
    mds_ctx_free(ctx);
    return tu_temp_dir_remove();
}

/* n bytes of `from` as UTF-8, a new string. */
static char *to_utf8(const char *from, const char *in, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", from);
    CU_ASSERT_FATAL(cd != (iconv_t)-1);
    size_t cap = n * 4 + 1, left = cap - 1;
    char *out = calloc(1, cap), *o = out, *i = (char *)(uintptr_t)in;
    CU_ASSERT_FATAL(out != NULL);
    CU_ASSERT_NOT_EQUAL(iconv(cd, &i, &n, &o, &left), (size_t)-1);
    iconv_close(cd);
    return out;
}

static const char *const story[] = {
    "Le conseil municipal a vot\xc3\xa9 hier soir le budget de l\xe2\x80\x99\xc3\xa9" "cole.",
    "Les \xc3\xa9lus de l\xe2\x80\x99opposition ont d\xc3\xa9nonc\xc3\xa9 une d\xc3\xa9pense trop lourde.",
    "Le maire a r\xc3\xa9pondu que l\xe2\x80\x99\xc3\xa9" "cole \xc3\xa9tait une priorit\xc3\xa9 pour la ville.",
};

/* The story written in `enc` (with a BOM of `bom` bytes first) summarized: every
 * sentence's offset and length cut the file at that sentence, and its text is UTF-8. */
static void summarize_in(const char *enc, const char *bom, size_t bomlen, const char *file,
                         size_t nwarnings)
{
    char u8[1024] = "";
    for (size_t i = 0; i < 3; i++) {
        strcat(u8, story[i]);
        strcat(u8, i < 2 ? " " : "\n");
    }
    iconv_t cd = iconv_open(enc, "UTF-8");
    CU_ASSERT_FATAL(cd != (iconv_t)-1);
    char raw[4096], *in = u8, *o = raw + bomlen;
    memcpy(raw, bom, bomlen);
    size_t inleft = strlen(u8), left = sizeof raw - bomlen;
    CU_ASSERT_NOT_EQUAL_FATAL(iconv(cd, &in, &inleft, &o, &left), (size_t)-1);
    iconv_close(cd);
    size_t size = (size_t)(o - raw);
    CU_ASSERT_EQUAL_FATAL(tu_put(file, raw, size), 0);

    mds_cluster *c = NULL;
    mds_params *p = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_file(c, tu_at(file)), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_warning_count(c), nwarnings);
    if (nwarnings) {
        CU_ASSERT_PTR_NOT_NULL(strstr(mds_cluster_warning(c, 0), file));
        CU_ASSERT_PTR_NOT_NULL(strstr(mds_cluster_warning(c, 0), "Windows-1252"));
    }
    CU_ASSERT_PTR_NULL(mds_cluster_warning(c, nwarnings));
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, MIN_WORDS, 1);
    TU_SET(p, BUDGET, 1000);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    for (size_t k = 0; k < mds_result_count(r); k++) {
        const mds_sentence *s = mds_result_sentence(r, k);
        CU_ASSERT_FATAL(s->offset + s->length <= size);
        char *cut = to_utf8(enc, raw + s->offset, s->length);
        CU_ASSERT_STRING_EQUAL(cut, story[s->index]);
        CU_ASSERT_STRING_EQUAL(s->text, story[s->index]);
        free(cut);
    }
    char *json = NULL;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSON, &json, NULL), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(json && strstr(json, "priorit\xc3\xa9 pour la ville."));
    mds_free(json);
    mds_result_free(r);
    mds_params_free(p);
    mds_cluster_free(c);
}

static void test_offsets_cut_the_original(void)
{
    summarize_in("WINDOWS-1252", "", 0, "latin1.txt", 1);
    summarize_in("UTF-16LE", "\xff\xfe", 2, "le.txt", 0);
    summarize_in("UTF-16BE", "\xfe\xff", 2, "be.txt", 0);
}

static void test_cluster_options(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, "no-such-encoding", 0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_ENCODING);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "iconv -l"));
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(NULL, NULL, 0), MDS_EINVAL);
    /* strict: the undeclared Latin-1 file is refused at its first bad byte */
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, NULL, 1), MDS_OK);
    const char *l1 = "Une phrase en fran\xe7" "ais ici.\n";
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "l1", l1, strlen(l1)), MDS_EUTF8);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "l1: byte 18"));
    /* named: the same bytes read as Latin-9, no warning */
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, "ISO-8859-15", 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "l1", l1, strlen(l1)), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_warning_count(c), 0);
    /* a UTF-16 file with a NUL character is binary, named at its original offset */
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, NULL, 0), MDS_OK);
    static const char nul[] = "\xff\xfeo\0k\0\0\0x\0";
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "nul", nul, sizeof nul - 1), MDS_EBINARY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "nul: byte 6"));
    /* a JSON text is UTF-8 whatever it looks like: a mark-like U+00FF U+00FE is text */
    const char *json = "{\"documents\": [{\"text\": \"\\u00ff\\u00feSome text here.\"}]}";
    CU_ASSERT_EQUAL(mds_cluster_add_json(c, json, strlen(json), NULL), MDS_OK);
    mds_cluster_free(c);
    /* the parameter refuses an unknown name when set */
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_set(p, "encoding", "no-such-encoding"), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "iconv -l"));
    CU_ASSERT_EQUAL(mds_params_set(p, "encoding", "latin1"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_set(p, "strict-utf8", "yes"), MDS_OK);
    mds_params_free(p);
}

static CU_TestInfo tests[] = {
    {"UTF-8, with or without its mark, read in place", test_utf8_in_place},
    {"UTF-16 LE and BE: marks, surrogate pairs, the map", test_utf16_bom_and_surrogates},
    {"UTF-16: odd length, lone surrogates", test_utf16_invalid},
    {"not UTF-8, undeclared: Windows-1252 and 0x80-0x9F", test_cp1252_guess},
    {"sniffing XML and HTML declarations", test_sniff},
    {"declared charsets, and bytes invalid in them", test_declared},
    {"iconv names, multi-byte encodings", test_iconv_names},
    {"offsets cut the Latin-1 and UTF-16 file at the sentence", test_offsets_cut_the_original},
    {"cluster options: names, strictness, warnings", test_cluster_options},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("encoding", tests, setup, teardown); }
