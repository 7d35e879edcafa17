/*  i18n.c — language choice and zmqlab's own messages in English and Chinese
    (the rows are in i18n.def). */
#define _GNU_SOURCE
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_messages [MSG_COUNT][LANG_COUNT] = {
#define MESSAGE(id, en, zh) [id] = { en, zh },
#define FORMAT(id, en, zh) [id] = { en, zh },
#include "i18n.def"
#undef MESSAGE
#undef FORMAT
};

int
i18n_parse (const char *name, i18n_lang_t *lang)
{
    if (!name)
        return -1;
    if (strncmp (name, "zh", 2) == 0)
        *lang = LANG_ZH;
    else
    if (strncmp (name, "en", 2) == 0)
        *lang = LANG_EN;
    else
        return -1;
    return 0;
}

i18n_lang_t
i18n_from_environment (void)
{
    static const char *names [] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *value = getenv (names [i]);
        if (value && *value)
            return strncmp (value, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
    }
    return LANG_EN;
}

const char *
i18n_code (i18n_lang_t lang)
{
    return lang == LANG_ZH ? "zh" : "en";
}

const char *
i18n_msg (i18n_lang_t lang, msg_id_t id)
{
    return id < MSG_COUNT ? lang_pick (s_messages [id], lang) : "?";
}

//  The functions themselves, not i18n.h's checking macros of the same name.
#undef i18n_format
#undef i18n_print

char *
i18n_format (i18n_lang_t lang, msg_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    char *text;
    if (vasprintf (&text, i18n_msg (lang, id), args) < 0)
        text = NULL;
    va_end (args);
    return text;
}

void
i18n_print (FILE *out, i18n_lang_t lang, msg_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    vfprintf (out, i18n_msg (lang, id), args);
    va_end (args);
}
