/*  script.h — a sandbox script (--sandbox FILE), read whole the way the
    engine and the lesson runtime read their files. Shared by the terminal
    session and the line runner, so both accept the same files.
*/
#ifndef ZMQLAB_SCRIPT_H
#define ZMQLAB_SCRIPT_H

#include "engine/textfile.h"

//  A script is typed commands, not a program: a megabyte is plenty, and a
//  larger file is more likely a wrong path than a script.
enum { SCRIPT_MAX = 1 << 20 };

//  The script's text, NUL-terminated; the caller frees. NULL with errno set
//  when it cannot be read (EFBIG: larger than SCRIPT_MAX).
static inline char *
script_read (const char *path)
{
    return textfile_read (path, SCRIPT_MAX);
}

#endif
