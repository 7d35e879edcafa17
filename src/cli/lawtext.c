/*  lawtext.c — a conservation-law violation in words (see lawtext.h).
*/
#include "lawtext.h"

#include <stdio.h>

char *
lawtext_violation (i18n_lang_t lang, const law_violation_t *v)
{
    char name [2 * LAB_LABEL_MAX + 8];
    snprintf (name, sizeof name, "%s%s%s", v->from, v->to [0] ? " -> " : "", v->to);
    if (v->stuck)
        return i18n_format (lang, MSG_LAW_STUCK, name,
                            (unsigned long long) v->sent, (unsigned long long) v->delivered,
                            (unsigned long long) v->lost, (unsigned long long) v->discarded,
                            (unsigned long long) v->in_flight);
    return i18n_format (lang, MSG_LAW_BROKEN, name,
                        (unsigned long long) v->sent, (unsigned long long) v->delivered,
                        (unsigned long long) v->lost, (unsigned long long) v->discarded,
                        (unsigned long long) (v->delivered + v->lost + v->discarded + v->in_flight));
}
