/* SPDX-License-Identifier: MIT */
/* Sentence segmentation: a table of hard cases, each with the exact sentences a careful
 * reader would cut, plus offsets, invariants, invalid UTF-8 and long inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "text/segment.h"
#include "util/strset.h"
#include "testutil.h"

static mds__strset g_abbrevs;

typedef struct seg_case {
    const char *in;
    const char *out[8]; /* expected sentences, NULL-terminated */
} seg_case;

static const seg_case cases[] = {
    /* ---- basics ---------------------------------------------------------------------- */
    {"Hello world.", {"Hello world."}},
    {"The cat sat. The dog ran.", {"The cat sat.", "The dog ran."}},
    {"Is it raining? Yes, it is! Good.", {"Is it raining?", "Yes, it is!", "Good."}},
    {"No terminator here", {"No terminator here"}},
    {"He stopped. Then he left without a word", {"He stopped.", "Then he left without a word"}},
    {"", {NULL}},
    {"   \t  ", {NULL}},
    {"\xc2\xa0\xe2\x80\x83 \xc2\xa0", {NULL}},
    {"\xc2\xa0\xc2\xa0Hello there.\xc2\xa0 How are you?\xe2\x80\x83",
     {"Hello there.", "How are you?"}},
    {"  Leading and trailing spaces.   ", {"Leading and trailing spaces."}},
    {"Hello.\tWorld.", {"Hello.", "World."}},
    {"Hello.\xe3\x80\x80World.", {"Hello.", "World."}}, /* ideographic space */
    {"Hello.\xe2\x80\x8bWorld.", {"Hello.", "World."}}, /* zero-width space */
    {"Sentence ending with a parenthesis (like this). Next sentence.",
     {"Sentence ending with a parenthesis (like this).", "Next sentence."}},

    /* ---- titles never end a sentence ------------------------------------------------- */
    {"Mr. Smith went to Washington. He met Dr. Jones there.",
     {"Mr. Smith went to Washington.", "He met Dr. Jones there."}},
    {"Mrs. Thatcher and Gen. Powell spoke with Sen. Dole and Gov. Wilson on Tuesday.",
     {"Mrs. Thatcher and Gen. Powell spoke with Sen. Dole and Gov. Wilson on Tuesday."}},
    {"Lt. Col. Oliver North testified. He denied it.",
     {"Lt. Col. Oliver North testified.", "He denied it."}},
    {"The letter was signed by Rev. Jesse Jackson and Prof. Allan Bloom.",
     {"The letter was signed by Rev. Jesse Jackson and Prof. Allan Bloom."}},
    {"Mr. and Mrs. Smith arrived late.", {"Mr. and Mrs. Smith arrived late."}},
    {"The Rev. Dr. Martin Luther King Jr. led the march.",
     {"The Rev. Dr. Martin Luther King Jr. led the march."}},
    {"Sen. Bob Dole, R-Kan., said the bill was dead. Rep. Newt Gingrich, R-Ga., disagreed.",
     {"Sen. Bob Dole, R-Kan., said the bill was dead.", "Rep. Newt Gingrich, R-Ga., disagreed."}},

    /* ---- other abbreviations: end only before a sentence opener ---------------------- */
    {"St. Louis is on the Mississippi. It was founded in 1764.",
     {"St. Louis is on the Mississippi.", "It was founded in 1764."}},
    {"He lives on Main St. in Springfield.", {"He lives on Main St. in Springfield."}},
    {"He works for Acme Inc. The company makes anvils.",
     {"He works for Acme Inc.", "The company makes anvils."}},
    {"Acme Inc. Chairman John Smith resigned.", {"Acme Inc. Chairman John Smith resigned."}},
    {"Shares of Apple Computer Inc. rose 5 percent. Analysts were surprised.",
     {"Shares of Apple Computer Inc. rose 5 percent.", "Analysts were surprised."}},
    {"The company, Smith & Co., was sold. Its owners retired.",
     {"The company, Smith & Co., was sold.", "Its owners retired."}},
    {"It is a subsidiary of Bayer A.G. The parent company is German.",
     {"It is a subsidiary of Bayer A.G.", "The parent company is German."}},
    {"The study was led by Smith et al. The results were striking.",
     {"The study was led by Smith et al.", "The results were striking."}},
    {"Apples, pears, etc. were on sale.", {"Apples, pears, etc. were on sale."}},
    {"He bought apples, pears, etc. The total was $5.",
     {"He bought apples, pears, etc.", "The total was $5."}},
    {"Martin Luther King Jr. was born in Atlanta.",
     {"Martin Luther King Jr. was born in Atlanta."}},
    {"The award went to Martin Luther King Jr. He accepted it in Oslo.",
     {"The award went to Martin Luther King Jr.", "He accepted it in Oslo."}},
    {"Mt. Everest is 8,848 m high. It was first climbed in 1953.",
     {"Mt. Everest is 8,848 m high.", "It was first climbed in 1953."}},
    {"The ceiling is only 7 ft. The room feels small.",
     {"The ceiling is only 7 ft.", "The room feels small."}},
    {"She earned a Ph.D. in physics. She then taught.",
     {"She earned a Ph.D. in physics.", "She then taught."}},
    {"He holds a Ph.D. The degree took six years.",
     {"He holds a Ph.D.", "The degree took six years."}},
    {"The price was approx. five dollars.", {"The price was approx. five dollars."}},

    /* an abbreviation missing from the list reads as an ordinary word */
    {"The firm is based in Ottawa, Ont. It employs 200 people.",
     {"The firm is based in Ottawa, Ont.", "It employs 200 people."}},
    {"The meeting ended at 5 p.m. Tuesday.", {"The meeting ended at 5 p.m. Tuesday."}},
    {"Prices rose 2 pct. in March.", {"Prices rose 2 pct. in March."}},
    {"Smith, 45, of Boston, Mass., was arrested. Police said he fled.",
     {"Smith, 45, of Boston, Mass., was arrested.", "Police said he fled."}},
    {"The vote is on Nov. 3. The outcome is unclear.",
     {"The vote is on Nov. 3.", "The outcome is unclear."}},
    {"Nov. 3, 1998. The election was close.", {"Nov. 3, 1998.", "The election was close."}},
    {"Gov. George W. Bush of Texas spoke. He was brief.",
     {"Gov. George W. Bush of Texas spoke.", "He was brief."}},
    {"The N.Y. Times reported it. So did others.",
     {"The N.Y. Times reported it.", "So did others."}},

    /* ---- U.S. and other dotted abbreviations ------------------------------------------ */
    {"The U.S. Embassy in Moscow was closed. It reopened Monday.",
     {"The U.S. Embassy in Moscow was closed.", "It reopened Monday."}},
    {"The sanctions were imposed by the U.S. The European Union followed suit.",
     {"The sanctions were imposed by the U.S.", "The European Union followed suit."}},
    {"U.S. and U.N. officials met in New York.", {"U.S. and U.N. officials met in New York."}},
    {"He served in the U.S. Army for ten years.", {"He served in the U.S. Army for ten years."}},
    {"The U.S. Supreme Court ruled 5-4 on Monday.", {"The U.S. Supreme Court ruled 5-4 on Monday."}},
    {"Officials said the U.S. would respond. But they gave no details.",
     {"Officials said the U.S. would respond.", "But they gave no details."}},
    {"He landed in the U.S. He was met by officials.",
     {"He landed in the U.S.", "He was met by officials."}},
    {"The talks were held in Washington, D.C. The next round is in Geneva.",
     {"The talks were held in Washington, D.C.", "The next round is in Geneva."}},
    {"The U.S.A. is a large country.", {"The U.S.A. is a large country."}},
    {"He moved to the U.S.A. The move was hard.", {"He moved to the U.S.A.", "The move was hard."}},

    /* ---- months, numbers after abbreviations ------------------------------------------ */
    {"He arrived on Jan. 5 and left on Feb. 12, 1998.",
     {"He arrived on Jan. 5 and left on Feb. 12, 1998."}},
    {"The law took effect in Sept. 1996 after a long debate.",
     {"The law took effect in Sept. 1996 after a long debate."}},
    {"It happened in Washington. Sept. 11 changed everything.",
     {"It happened in Washington.", "Sept. 11 changed everything."}},
    {"He was ranked No. 1 in the world. No one could beat him.",
     {"He was ranked No. 1 in the world.", "No one could beat him."}},
    {"He said no. Nobody argued.", {"He said no.", "Nobody argued."}},
    {"The model no. 7 sold well.", {"The model no. 7 sold well."}},
    {"See Fig. 3 for details.", {"See Fig. 3 for details."}},

    /* ---- Latin ------------------------------------------------------------------------ */
    {"Buy fruit, e.g. apples or pears. They are healthy.",
     {"Buy fruit, e.g. apples or pears.", "They are healthy."}},
    {"Use a solvent, i.e. water. Then stir.", {"Use a solvent, i.e. water.", "Then stir."}},
    {"The case of Roe v. Wade changed everything.", {"The case of Roe v. Wade changed everything."}},
    {"It was Smith vs. Jones in the final.", {"It was Smith vs. Jones in the final."}},

    /* ---- states and datelines --------------------------------------------------------- */
    {"CHICAGO, Ill. (AP) -- A fire destroyed a warehouse.",
     {"CHICAGO, Ill. (AP) -- A fire destroyed a warehouse."}},
    {"The patient fell ill. Doctors could not help him.",
     {"The patient fell ill.", "Doctors could not help him."}},
    {"SAN FRANCISCO, Calif. -- The quake struck at dawn.",
     {"SAN FRANCISCO, Calif. -- The quake struck at dawn."}},
    {"The storm hit Fort Lauderdale, Fla., on Monday. It caused $2 million in damage.",
     {"The storm hit Fort Lauderdale, Fla., on Monday.", "It caused $2 million in damage."}},
    {"PINE RIDGE, S.D. (AP) -- President Clinton turned the attention of his national poverty "
     "tour today to arguably the poorest, most forgotten U.S. citizens of them all: American "
     "Indians.",
     {"PINE RIDGE, S.D. (AP) -- President Clinton turned the attention of his national poverty "
      "tour today to arguably the poorest, most forgotten U.S. citizens of them all: American "
      "Indians."}},
    {"WASHINGTON (AP) -- The Senate voted 52-48 on Tuesday to approve the bill. President Bush "
     "is expected to sign it.",
     {"WASHINGTON (AP) -- The Senate voted 52-48 on Tuesday to approve the bill.",
      "President Bush is expected to sign it."}},

    /* ---- times ------------------------------------------------------------------------ */
    {"The meeting starts at 10:30 a.m. and ends at noon.",
     {"The meeting starts at 10:30 a.m. and ends at noon."}},
    {"The plane landed at 10:30 p.m. The passengers were tired.",
     {"The plane landed at 10:30 p.m.", "The passengers were tired."}},
    {"The meeting is at 3 p.m. on Friday.", {"The meeting is at 3 p.m. on Friday."}},
    {"The train left at 10:30. It was late.", {"The train left at 10:30.", "It was late."}},

    /* ---- initials ----------------------------------------------------------------------- */
    {"John F. Kennedy was assassinated in Dallas.", {"John F. Kennedy was assassinated in Dallas."}},
    {"J.R.R. Tolkien wrote The Hobbit.", {"J.R.R. Tolkien wrote The Hobbit."}},
    {"J. R. R. Tolkien wrote The Lord of the Rings.",
     {"J. R. R. Tolkien wrote The Lord of the Rings."}},
    {"The book is by E. B. White. It is about a pig.",
     {"The book is by E. B. White.", "It is about a pig."}},
    {"George W. Bush met Vladimir V. Putin in Slovenia.",
     {"George W. Bush met Vladimir V. Putin in Slovenia."}},
    {"The memo was from H. Ross Perot. He denied writing it.",
     {"The memo was from H. Ross Perot.", "He denied writing it."}},
    {"I. M. Pei designed the pyramid.", {"I. M. Pei designed the pyramid."}},
    {"He fought in World War I. The war ended in 1918.",
     {"He fought in World War I.", "The war ended in 1918."}},
    {"He got a B. His sister got an A.", {"He got a B.", "His sister got an A."}},

    /* ---- decimals, amounts, versions, list items ---------------------------------------- */
    {"Inflation rose 3.5 percent in May. It fell in June.",
     {"Inflation rose 3.5 percent in May.", "It fell in June."}},
    {"The deal is worth $1.2 billion. Shares rose.", {"The deal is worth $1.2 billion.", "Shares rose."}},
    {"Upgrade to version 2.0.1 now. It fixes bugs.", {"Upgrade to version 2.0.1 now.", "It fixes bugs."}},
    {"The temperature was 98.6 degrees.", {"The temperature was 98.6 degrees."}},
    {"He was born in 1946. His father was a farmer.",
     {"He was born in 1946.", "His father was a farmer."}},
    {"1. Preheat the oven. 2. Mix the flour and sugar. 3. Bake for 20 minutes.",
     {"1. Preheat the oven.", "2. Mix the flour and sugar.", "3. Bake for 20 minutes."}},
    {"A. Background. The study began in 1990.", {"A. Background.", "The study began in 1990."}},
    {"The vote was 52-48. Democrats were furious.", {"The vote was 52-48.", "Democrats were furious."}},
    {"The Dow Jones industrial average fell 12.45 points to 7,732.13. Declining issues "
     "outnumbered advancing ones.",
     {"The Dow Jones industrial average fell 12.45 points to 7,732.13.",
      "Declining issues outnumbered advancing ones."}},
    {"Call me at 555-1234. I will be home.", {"Call me at 555-1234.", "I will be home."}},
    {"Email me at john.smith@example.com. I reply fast.",
     {"Email me at john.smith@example.com.", "I reply fast."}},
    {"Visit www.example.org for more.", {"Visit www.example.org for more."}},

    /* ---- ellipses --------------------------------------------------------------------- */
    {"I wonder... maybe not.", {"I wonder... maybe not."}},
    {"He paused\xe2\x80\xa6 Then he spoke.", {"He paused\xe2\x80\xa6", "Then he spoke."}},
    {"Well... The answer is no.", {"Well...", "The answer is no."}},
    {"The list goes on . . . and on.", {"The list goes on . . . and on."}},
    {"She hesitated . . . Nobody moved.", {"She hesitated . . .", "Nobody moved."}},
    {"Wait for it.... There it is!", {"Wait for it....", "There it is!"}},
    {"\xe2\x80\xa6" "and then it was over.", {"\xe2\x80\xa6" "and then it was over."}},
    {"It was \xe2\x80\x9cmaybe\xe2\x80\xa6\xe2\x80\x9d Then silence.",
     {"It was \xe2\x80\x9cmaybe\xe2\x80\xa6\xe2\x80\x9d", "Then silence."}},

    /* ---- quotes and brackets after the terminator --------------------------------------- */
    {"He said, \xe2\x80\x9cI will go.\xe2\x80\x9d Then he left.",
     {"He said, \xe2\x80\x9cI will go.\xe2\x80\x9d", "Then he left."}},
    {"She asked, \"Why not?\" He had no answer.", {"She asked, \"Why not?\"", "He had no answer."}},
    {"\xe2\x80\x9cWhy?\xe2\x80\x9d he asked.", {"\xe2\x80\x9cWhy?\xe2\x80\x9d he asked."}},
    {"\xe2\x80\x9c" "Are you sure?\xe2\x80\x9d she asked. \xe2\x80\x9cYes.\xe2\x80\x9d",
     {"\xe2\x80\x9c" "Are you sure?\xe2\x80\x9d she asked.", "\xe2\x80\x9cYes.\xe2\x80\x9d"}},
    {"\"Stop!\" she cried. Nobody listened.", {"\"Stop!\" she cried.", "Nobody listened."}},
    {"He said: 'Go away.' She went.", {"He said: 'Go away.'", "She went."}},
    {"The results (see Table 2.) were clear. We agree.",
     {"The results (see Table 2.) were clear.", "We agree."}},
    {"He left. (He was tired.) She stayed.", {"He left.", "(He was tired.)", "She stayed."}},
    {"It was over.\xe2\x80\x9d He sighed.", {"It was over.\xe2\x80\x9d", "He sighed."}},
    {"He called it \xe2\x80\x98" "a disaster.\xe2\x80\x99 Others agreed.",
     {"He called it \xe2\x80\x98" "a disaster.\xe2\x80\x99", "Others agreed."}},
    {"He said ''no.'' Then he left.", {"He said ''no.''", "Then he left."}},
    {"\"I'm not sure,\" he said. \"Maybe.\"", {"\"I'm not sure,\" he said.", "\"Maybe.\""}},
    {"He asked: \"Why?\" Nobody knew.", {"He asked: \"Why?\"", "Nobody knew."}},
    {"He said \"yes\". She said \"no\".", {"He said \"yes\".", "She said \"no\"."}},
    {"Ends with a bracket.) Then more.", {"Ends with a bracket.)", "Then more."}},
    {"He left. 'Tis a pity.", {"He left.", "'Tis a pity."}},
    {"\xe2\x80\x9cI don\xe2\x80\x99t know\xe2\x80\xa6\xe2\x80\x9d she said.",
     {"\xe2\x80\x9cI don\xe2\x80\x99t know\xe2\x80\xa6\xe2\x80\x9d she said."}},
    {"\"He was tired (very tired.)\" Then he slept.",
     {"\"He was tired (very tired.)\"", "Then he slept."}},
    {"He shouted \xe2\x80\x9cRun!\xe2\x80\x9d and everyone ran.",
     {"He shouted \xe2\x80\x9cRun!\xe2\x80\x9d and everyone ran."}},
    {"They call it \xe2\x80\x9cthe U.S.\xe2\x80\x9d Nobody else does.",
     {"They call it \xe2\x80\x9cthe U.S.\xe2\x80\x9d", "Nobody else does."}},
    {"\xe2\x80\x9cWe will win. \xe2\x80\x9d He smiled.",
     {"\xe2\x80\x9cWe will win. \xe2\x80\x9d", "He smiled."}},
    {"In an article published in Rodong Sinmun, North Korea\xe2\x80\x99s ruling party organ, "
     "President Putin also guaranteed support for Pyongyang\xe2\x80\x99s attempts to defend its "
     "interests in the face of \xe2\x80\x9cUS pressure, blackmail, and military threats."
     "\xe2\x80\x9d. The two leaders signed a pact.",
     {"In an article published in Rodong Sinmun, North Korea\xe2\x80\x99s ruling party organ, "
      "President Putin also guaranteed support for Pyongyang\xe2\x80\x99s attempts to defend "
      "its interests in the face of \xe2\x80\x9cUS pressure, blackmail, and military threats."
      "\xe2\x80\x9d.",
      "The two leaders signed a pact."}},

    /* ---- doubled punctuation ---------------------------------------------------------- */
    {"Really?! I had no idea.", {"Really?!", "I had no idea."}},
    {"Stop!! Please stop.", {"Stop!!", "Please stop."}},
    {"He left.. She stayed.", {"He left..", "She stayed."}},
    {"What?? No way!!!", {"What??", "No way!!!"}},
    {"Is this it?!? Yes.", {"Is this it?!?", "Yes."}},
    {"Yahoo! is a web portal.", {"Yahoo! is a web portal."}},
    {"What a day! said Tom.", {"What a day! said Tom."}},
    {"Is it 3.14? Yes.", {"Is it 3.14?", "Yes."}},

    /* ---- other languages and scripts -------------------------------------------------- */
    /* French: spaced closing guillemet */
    {"Il a dit : \xc2\xab Je suis parti. \xc2\xbb Puis il est sorti.",
     {"Il a dit : \xc2\xab Je suis parti. \xc2\xbb", "Puis il est sorti."}},
    /* German: „...“ */
    {"Er sagte: \xe2\x80\x9eIch komme morgen.\xe2\x80\x9c Dann ging er.",
     {"Er sagte: \xe2\x80\x9eIch komme morgen.\xe2\x80\x9c", "Dann ging er."}},
    /* Spanish: inverted marks */
    {"\xc2\xbf" "D\xc3\xb3nde est\xc3\xa1? \xc2\xa1No lo s\xc3\xa9!",
     {"\xc2\xbf" "D\xc3\xb3nde est\xc3\xa1?", "\xc2\xa1No lo s\xc3\xa9!"}},
    /* Chinese */
    {"今天天气很好。我们去公园吧！你觉得怎么样？", {"今天天气很好。", "我们去公园吧！", "你觉得怎么样？"}},
    {"他说：“我们走吧。”然后他走了。", {"他说：“我们走吧。”", "然后他走了。"}},
    {"你好吗?我很好。", {"你好吗?", "我很好。"}},
    {"版本３．５已经发布。", {"版本３．５已经发布。"}},
    /* Japanese */
    {"東京は大きい都市です。人口は多いです！", {"東京は大きい都市です。", "人口は多いです！"}},
    /* a quotation glued to a particle goes on; one followed by a new sentence ends */
    {"「はい。」と彼は言った。「いいえ。」彼女は黙った。",
     {"「はい。」と彼は言った。", "「いいえ。」", "彼女は黙った。"}},
    /* Hindi: danda */
    {"मैं घर जा रहा हूँ। वह स्कूल गई। क्या तुम आओगे?",
     {"मैं घर जा रहा हूँ।", "वह स्कूल गई।", "क्या तुम आओगे?"}},
    /* Arabic */
    {"هل أنت بخير؟ نعم، أنا بخير.", {"هل أنت بخير؟", "نعم، أنا بخير."}},
    {"ذهب الولد إلى المدرسة. عاد في المساء.", {"ذهب الولد إلى المدرسة.", "عاد في المساء."}},
    /* Urdu full stop */
    {"یہ کتاب ہے۔ وہ قلم ہے۔", {"یہ کتاب ہے۔", "وہ قلم ہے۔"}},
    /* Greek, with the Greek question mark U+037E */
    {"Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. Έχει πολλά μουσεία.",
     {"Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.", "Έχει πολλά μουσεία."}},
    {"Τι κάνεις\xcd\xbe Καλά.", {"Τι κάνεις\xcd\xbe", "Καλά."}},
    /* Russian */
    {"Москва — столица России. В ней живут миллионы людей. Это большой город.",
     {"Москва — столица России.", "В ней живут миллионы людей.", "Это большой город."}},
    {"Он родился в 1950 г. в Москве.", {"Он родился в 1950 г. в Москве."}},
    /* Amharic */
    {"ሰላም ነው። እንዴት ነህ፧", {"ሰላም ነው።", "እንዴት ነህ፧"}},

    /* ---- invalid UTF-8 ---------------------------------------------------------------- */
    {"Bad \xff\xfe bytes. Next one.", {"Bad \xff\xfe bytes.", "Next one."}},
    {"Value \xff. Next.", {"Value \xff.", "Next."}},
    {"\xc3", {"\xc3"}},
    {"Truncated at the end \xe2\x80", {"Truncated at the end \xe2\x80"}},
    {"Lone continuation \x80\x80. And more.", {"Lone continuation \x80\x80.", "And more."}},
};

/* Checks what every segmentation must satisfy, then the expected sentences. */
static int check_case(const seg_case *c, size_t idx)
{
    mds__span *sp = NULL;
    size_t n = 0, cap = 0, want = 0, len = strlen(c->in);
    int ok = 1;
    mds_status st = mds__segment(c->in, len, 0, &g_abbrevs, &sp, &n, &cap);
    if (st != MDS_OK)
        ok = 0;
    while (want < 8 && c->out[want])
        want++;
    if (n != want)
        ok = 0;
    uint32_t prev_end = 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (sp[i].start >= sp[i].end || sp[i].end > len || sp[i].start < prev_end)
            ok = 0;
        else if (strlen(c->out[i]) != sp[i].end - sp[i].start ||
                 memcmp(c->out[i], c->in + sp[i].start, sp[i].end - sp[i].start) != 0)
            ok = 0;
        else
            prev_end = sp[i].end;
    }
    if (!ok) {
        fprintf(stderr, "\ncase %zu: \"%s\"\n  want %zu:", idx, c->in, want);
        for (size_t i = 0; i < want; i++)
            fprintf(stderr, " [%s]", c->out[i]);
        fprintf(stderr, "\n  got  %zu:", n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " [%.*s]", (int)(sp[i].end - sp[i].start), c->in + sp[i].start);
        fprintf(stderr, "\n");
    }
    free(sp);
    return ok;
}

static void test_table(void)
{
    size_t failed = 0, total = sizeof cases / sizeof cases[0];
    CU_ASSERT(total >= 90);
    for (size_t i = 0; i < total; i++) {
        int ok = check_case(&cases[i], i);
        CU_ASSERT(ok);
        failed += !ok;
    }
    fprintf(stderr, "%zu of %zu cases failed ", failed, total);
}

/* Exact spans: the first len bytes of a text (0: all of it), given at a base offset, with
 * the shipped word list or none. The text is copied to the heap without its NUL, so that the
 * sanitizers see any read past len. */
typedef struct span_case {
    const char *text;
    size_t len;
    uint32_t base;
    int abbrevs;
    size_t n;
    mds__span spans[4];
} span_case;

static const span_case span_cases[] = {
    {"  Hi there.  Bye. ", 0, 1000, 1, 2, {{1002, 1011}, {1013, 1017}}},
    /* len bounds the text: the bytes past it are never looked at */
    {"Dr. Who came. IGNORED. More.", 13, 0, 1, 1, {{0, 13}}},
    /* stopping right after "Dr." must not look at the space and name behind it */
    {"Dr. Who came. IGNORED. More.", 3, 0, 1, 1, {{0, 3}}},
    /* a title, then a sequence cut short at the end */
    {"Mr. \xe2\x80", 6, 0, 1, 1, {{0, 6}}},
    /* without a word list, initials still hold and unknown abbreviations end sentences:
     * "John F. Kennedy met Mr." */
    {"John F. Kennedy met Mr. Smith. They talked.", 0, 0, 0, 3, {{0, 23}, {24, 30}, {31, 43}}},
};

static void test_spans(void)
{
    for (size_t i = 0; i < sizeof span_cases / sizeof span_cases[0]; i++) {
        const span_case *c = &span_cases[i];
        size_t len = c->len ? c->len : strlen(c->text), n = 0, cap = 0;
        char *h = malloc(len ? len : 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        memcpy(h, c->text, len);
        mds__span *sp = NULL;
        mds_status st = mds__segment(h, len, c->base, c->abbrevs ? &g_abbrevs : NULL, &sp, &n,
                                     &cap);
        int ok = st == MDS_OK && n == c->n;
        for (size_t k = 0; ok && k < n; k++)
            ok = sp[k].start == c->spans[k].start && sp[k].end == c->spans[k].end;
        CU_ASSERT(ok);
        if (!ok) {
            fprintf(stderr, "\nspan case %zu: \"%.*s\" gives", i, (int)len, c->text);
            for (size_t k = 0; k < n; k++)
                fprintf(stderr, " [%u, %u)", sp[k].start, sp[k].end);
            fprintf(stderr, "\n");
        }
        free(sp);
        free(h);
    }
    /* a spaced ellipsis cut short: however it is cut, within len */
    char *h = malloc(6);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    memcpy(h, "a . . ", 6);
    mds__span *sp = NULL;
    size_t n = 0, cap = 0;
    CU_ASSERT_EQUAL(mds__segment(h, 6, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT(n >= 1 && sp[n - 1].end <= 6);
    free(sp);
    free(h);
}

/* A second paragraph appends after the first one's spans. */
static void test_append(void)
{
    const char *t = "  Hi there.  Bye. ", *u = "One. Two.";
    mds__span *sp = NULL;
    size_t n = 0, cap = 0;
    CU_ASSERT_EQUAL(mds__segment(t, strlen(t), 1000, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL(mds__segment(u, strlen(u), 2000, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    CU_ASSERT_EQUAL(sp[0].start, 1002);
    CU_ASSERT_EQUAL(sp[1].end, 1017);
    CU_ASSERT_EQUAL(sp[2].start, 2000);
    CU_ASSERT_EQUAL(sp[2].end, 2004);
    CU_ASSERT_EQUAL(sp[3].start, 2005);
    CU_ASSERT_EQUAL(sp[3].end, 2009);
    CU_ASSERT(cap >= n);
    free(sp);
}

static void test_long_inputs(void)
{
    size_t len = 1 << 20;
    char *t = malloc(len);
    mds__span *sp = NULL;
    size_t n = 0, cap = 0;
    CU_ASSERT_FATAL(t != NULL);

    /* no terminator at all: one sentence, trailing space trimmed */
    for (size_t i = 0; i < len; i++)
        t[i] = i % 5 == 4 ? ' ' : 'w';
    t[len - 2] = 'w';
    t[len - 1] = ' ';
    CU_ASSERT_EQUAL(mds__segment(t, len, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(sp[0].start, 0);
    CU_ASSERT_EQUAL(sp[0].end, len - 1);

    /* one dotted token a megabyte long: never split, and no quadratic rescans */
    for (size_t i = 0; i < len; i++)
        t[i] = i % 2 ? '.' : 'A';
    n = 0;
    CU_ASSERT_EQUAL(mds__segment(t, len, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL(n, 1);

    /* a megabyte of dots */
    memset(t, '.', len);
    n = 0;
    CU_ASSERT_EQUAL(mds__segment(t, len, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL(n, 1);

    /* many short sentences: "It is. " repeated */
    size_t k = 0, count = 0;
    while (k + 7 <= len) {
        memcpy(t + k, "It is. ", 7);
        k += 7;
        count++;
    }
    n = 0;
    CU_ASSERT_EQUAL(mds__segment(t, k, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, count);
    CU_ASSERT_EQUAL(sp[count - 1].start, (count - 1) * 7);
    CU_ASSERT_EQUAL(sp[count - 1].end, (count - 1) * 7 + 6);

    /* random bytes: no crash, spans in order and in bounds */
    uint32_t x = 12345;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        t[i] = (char)(x >> 16);
    }
    n = 0;
    CU_ASSERT_EQUAL(mds__segment(t, len, 0, &g_abbrevs, &sp, &n, &cap), MDS_OK);
    int ordered = 1;
    for (size_t i = 0; i < n; i++)
        if (sp[i].start >= sp[i].end || sp[i].end > len || (i && sp[i].start < sp[i - 1].end))
            ordered = 0;
    CU_ASSERT(ordered);
    free(t);
    free(sp);
}

static void test_word_list(void)
{
    /* the shipped list parses, and its classes are present */
    CU_ASSERT(g_abbrevs.count > 100);
    CU_ASSERT(mds__strset_has(&g_abbrevs, "=mr", 3));
    CU_ASSERT(mds__strset_has(&g_abbrevs, "u.s", 3));
    CU_ASSERT(mds__strset_has(&g_abbrevs, "inc", 3));
    CU_ASSERT(mds__strset_has(&g_abbrevs, "+no", 3));
    CU_ASSERT(mds__strset_has(&g_abbrevs, "^the", 4));
    CU_ASSERT(!mds__strset_has(&g_abbrevs, "mr.", 3));
}

/* ---- the ASCII fast path against the general path ------------------------------------------- */

static uint64_t seg_rng_state = 0xD1B54A32D192ED03u;
static uint64_t seg_rng(void) { return tu_rng(&seg_rng_state); }

/* Terminators, closers, blanks of every kind (at the ends too), abbreviations, ordinals, and
 * bytes that are not UTF-8 next to ASCII. */
static const char *const seg_pieces[] = {
    "The", "the", "dog", "Mr", "U.S", "Inc", "No", "Jan", "am", "Oktober", "Die", "F", "J.R.R",
    "3", "12", "3.5", "1999", ".", ".", ".", "?", "!", "...", ". . .", "\xe2\x80\xa6",
    "\xe3\x80\x82", "\xe2\x80\x9d", "\xe2\x80\x9c", "\"", "'", ")", "(", "-", "--", ",", " ", " ",
    " ", "  ", "\t", "\n", "\r", "\v", "\f", "\xc2\xa0", "\xe2\x80\x83", "\xe2\x80\x8b",
    "\xe3\x80\x80", "\xef\xbb\xbf",
    "\xff", "\xc3", "\xe2\x80", "\xe2", "\x80", "\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89",
    "\xe6\x97\xa5\xe6\x9c\xac", "\xe3\x81\xaf", "\xc2\xbb", "\xc2\xab", "\xef\xbc\x8e",
};

static void test_fast_equals_general(void)
{
    char text[4096];
    size_t bad = 0;
    mds__span *a = NULL, *b = NULL;
    size_t capa = 0, capb = 0;
    for (int it = 0; it < 20000; it++) {
        size_t len = 0, np = (size_t)(seg_rng() % (it % 100 == 0 ? 600 : 30));
        for (size_t k = 0; k < np; k++) {
            const char *p = seg_pieces[seg_rng() % (sizeof seg_pieces / sizeof *seg_pieces)];
            size_t n = strlen(p);
            if (len + n >= sizeof text)
                break;
            memcpy(text + len, p, n);
            len += n;
        }
        text[len] = '\0';
        unsigned flags = it % 2 ? MDS__SEG_ORDINALS : 0;
        mds__seg_rules fast = {.abbrevs = &g_abbrevs, .flags = flags};
        mds__seg_rules slow = {.abbrevs = &g_abbrevs, .flags = flags | MDS__SEG_GENERAL};
        size_t na = 0, nb = 0;
        CU_ASSERT(mds__segment_rules(text, len, 7, &fast, &a, &na, &capa) == MDS_OK);
        CU_ASSERT(mds__segment_rules(text, len, 7, &slow, &b, &nb, &capb) == MDS_OK);
        int ok = na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
        if (!ok && bad++ < 3)
            fprintf(stderr, "\nfast and general segmentation differ on \"%s\"\n", text);
        CU_ASSERT(ok);
    }
    free(a);
    free(b);
}

static CU_TestInfo tests[] = {
    {"ASCII fast path equals the general path", test_fast_equals_general},
    {"table of hard cases", test_table},
    {"exact spans: base offsets, len bounds, no word list", test_spans},
    {"appending", test_append},
    {"long and random inputs", test_long_inputs},
    {"shipped word list", test_word_list},
    CU_TEST_INFO_NULL,
};

/* The shipped abbreviation list, as the pipeline loads it. */
static int setup(void) { return tu_load_list("models/en/abbreviations.txt", &g_abbrevs); }

static int teardown(void)
{
    mds__strset_free(&g_abbrevs);
    return 0;
}

int main(void) { return tu_main("segment", tests, setup, teardown); }
