/*  bytes.h — a peer's bytes as text that is safe to show. Outside programs
    may send anything over tcp or ipc: NUL bytes, invalid UTF-8, terminal
    control sequences. Pure: no allocation, safe on any input.
*/
#ifndef ZMQLAB_BYTES_H
#define ZMQLAB_BYTES_H

#include <stddef.h>

//  Writes a NUL-terminated, valid UTF-8 rendering of the LEN bytes at DATA
//  into OUT (OUT_SIZE bytes). Printable UTF-8 is copied as is; each byte of
//  an invalid sequence, of a C0 or C1 control character or of DEL becomes
//  "\xNN" (lowercase hex) and a backslash "\\", so a NUL in the middle is
//  shown rather than ending the text. When the whole rendering does not
//  fit, it is cut between two escapes or characters and ends with "…" if
//  OUT_SIZE leaves room for it. Returns the bytes written, without the NUL;
//  writes nothing when OUT_SIZE is 0.
size_t bytes_escape (const void *data, size_t len, char *out, size_t out_size);

#endif
