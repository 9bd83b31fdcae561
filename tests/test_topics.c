/* SPDX-License-Identifier: MIT */
/* Tests for src/cli/topics.c: DUC/TAC topic SGML and TSV topic files, and matching cluster
 * folders to topics. */
#include <stdlib.h>
#include <string.h>

#include "cli/topics.h"
#include "testutil.h"

static int parse(const char *text, cli_topics *t, char *err, size_t size)
{
    return cli_topics_parse(text, strlen(text), t, err, size);
}

static void test_duc_sgml(void)
{
    /* as duc2006_topics.sgml has them: blank lines, spaces inside <num>, a multi-line <narr> */
    const char *text =
        "\n<topic>\n<num> D0601A </num>\n<title> Native American Reservation System - pros "
        "and cons </title>\n\n<narr>\nDiscuss conditions on American Indian reservations.\n"
        "Include the benefits\tand   drawbacks.\n</narr>\n</topic>\n\n\n"
        "<TOPIC><NUM>D0602B</NUM><TITLE>steroid use</TITLE></TOPIC>\n"
        "<topic>\n<num>D0603C</num>\n<narr>Why are wetlands important?</narr>\n</topic>\n";
    cli_topics t;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(text, &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(t.n, 3);
    CU_ASSERT_STRING_EQUAL(t.v[0].id, "D0601A");
    /* the title's line, then the narrative's, whitespace collapsed */
    CU_ASSERT_STRING_EQUAL(t.v[0].query, "Native American Reservation System - pros and cons\n"
                                         "Discuss conditions on American Indian reservations. "
                                         "Include the benefits and drawbacks.");
    CU_ASSERT_EQUAL(t.v[0].len, strlen(t.v[0].query));
    CU_ASSERT_EQUAL(t.v[0].line, 2);
    /* tags in capitals; a title alone, a narrative alone */
    CU_ASSERT_STRING_EQUAL(t.v[1].id, "D0602B");
    CU_ASSERT_STRING_EQUAL(t.v[1].query, "steroid use");
    CU_ASSERT_EQUAL(t.v[1].line, 13);
    CU_ASSERT_STRING_EQUAL(t.v[2].query, "Why are wetlands important?");
    cli_topics_free(&t);
    cli_topics_free(&t); /* twice is fine */
}

static void test_tac_sgml(void)
{
    /* TAC: the id an attribute, <narrative>, and docset elements with ids of their own */
    const char *text = "<topic id = \"x\" >\n</topic>";
    cli_topics t;
    char err[256];
    /* ` id = "x"` is not the attribute form: no <num> either, so no id */
    CU_ASSERT_EQUAL(parse(text, &t, err, sizeof err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 1: <topic> without an id"));
    text = "<topic id=\"D0801A\" category=\"1\">\n<title> Airbus A380 </title>\n"
           "<narrative>\nDescribe developments.\n</narrative>\n"
           "<docsetA id=\"D0801A-A\">\n<doc id=\"AFP\" />\n</docsetA>\n</topic>\n";
    CU_ASSERT_EQUAL_FATAL(parse(text, &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(t.n, 1);
    CU_ASSERT_STRING_EQUAL(t.v[0].id, "D0801A");
    CU_ASSERT_STRING_EQUAL(t.v[0].query, "Airbus A380\nDescribe developments.");
    cli_topics_free(&t);
}

static void test_malformed(void)
{
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"<topic><num>D1</num><title>a</title>", "line 1: <topic> without its </topic>"},
        {"<topic><num>D1</num><title>a</title>\n<topic><num>D2</num><title>b</title></topic>",
         "line 1: <topic> without its </topic> before the next <topic>"},
        {"\n<topic><title>no id</title></topic>", "line 2: <topic> without an id"},
        {"<topic><num>  </num><title>blank id</title></topic>", "without an id"},
        {"<topic><num>D1</num><title>  </title><narr>\n</narr></topic>",
         "topic D1 has neither a <title> nor a <narr> with text"},
        {"<topic><num>D1</num><title>a</title></topic>\n<topic><num>d1</num><title>b</title>"
         "</topic>", "line 2: topic d1 given twice (first on line 1)"},
        {"", "no topic in it"},
        {"\n\n# only a comment\n", "no topic in it"},
        {"D0601 what is it\n", "line 1: no tab between the cluster and its query"},
        {"D0601\t  \n", "line 1: an empty query"},
        {"\tquery\n", "line 1: an empty cluster id"},
        {"D1\ta\nd1\tb\n", "line 2: a cluster given twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cli_topics t;
        char err[256];
        int rc = parse(cases[i].text, &t, err, sizeof err);
        CU_ASSERT_EQUAL(rc, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].why));
        if (rc != 1 || !strstr(err, cases[i].why))
            fprintf(stderr, "\n  case %zu: rc %d, \"%s\"\n", i, rc, err);
        CU_ASSERT_EQUAL(t.n, 0);
        CU_ASSERT_PTR_NULL(t.v);
    }
}

static void test_tsv(void)
{
    const char *text = "# cluster\tquery\n\nD0601A\tWhat are the pros and cons?\r\n"
                       "putin-north-korea\t  What did   Putin and Kim agree?  \n"
                       "last\tno newline at the end";
    cli_topics t;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(text, &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(t.n, 3);
    CU_ASSERT_STRING_EQUAL(t.v[0].id, "D0601A");
    CU_ASSERT_STRING_EQUAL(t.v[0].query, "What are the pros and cons?");
    CU_ASSERT_EQUAL(t.v[0].line, 3);
    CU_ASSERT_STRING_EQUAL(t.v[1].query, "What did Putin and Kim agree?");
    CU_ASSERT_STRING_EQUAL(t.v[2].query, "no newline at the end");
    cli_topics_free(&t);
}

static void test_find(void)
{
    const char *text = "D0601A\tone\nD0602\ttwo\nputin-north-korea\tthree\nD0603B\tb\n"
                       "D0603\tplain\n";
    cli_topics t;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(text, &t, err, sizeof err), 0);
    /* the same id, case aside */
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "D0601A"), &t.v[0]);
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "d0601a"), &t.v[0]);
    /* without the trailing letter, on either side */
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "D0601"), &t.v[0]);
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "d0602X"), &t.v[1]);
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "PUTIN-NORTH-KOREA"), &t.v[2]);
    /* an exact id wins over one equal without the letter */
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "D0603"), &t.v[4]);
    CU_ASSERT_PTR_EQUAL(cli_topics_find(&t, "D0603B"), &t.v[3]);
    /* no topic: another number, a longer name, a letter that follows no digit */
    CU_ASSERT_PTR_NULL(cli_topics_find(&t, "D0604A"));
    CU_ASSERT_PTR_NULL(cli_topics_find(&t, "D06011"));
    CU_ASSERT_PTR_NULL(cli_topics_find(&t, "putin-north-kore"));
    CU_ASSERT_PTR_NULL(cli_topics_find(&t, ""));
    cli_topics_free(&t);
}

static void test_read(void)
{
    cli_topics t;
    char err[256];
    CU_ASSERT_EQUAL(cli_topics_read("/nonexistent/topics.sgml", &t, err, sizeof err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
    CU_ASSERT_EQUAL(cli_topics_read(MDS_SOURCE_DIR "/examples", &t, err, sizeof err), 1);
    const char *text = "<topic><num>D1</num><title>a</title></topic>";
    CU_ASSERT_EQUAL_FATAL(tu_put("topics.sgml", text, strlen(text)), 0);
    CU_ASSERT_EQUAL(cli_topics_read(tu_at("topics.sgml"), &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL(t.n, 1);
    cli_topics_free(&t);
}

static int setup(void) { return tu_temp_dir("topics"); }
static int teardown(void) { return tu_temp_dir_remove(); }

static CU_TestInfo tests[] = {
    {"DUC topic SGML: several topics, whitespace, capitals", test_duc_sgml},
    {"TAC topic SGML: the id attribute, <narrative>", test_tac_sgml},
    {"malformed files, each with its line and reason", test_malformed},
    {"TSV: comments, blank lines, CRLF, no final newline", test_tsv},
    {"matching cluster folders to topics", test_find},
    {"reading a file", test_read},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("topics", tests, setup, teardown); }
