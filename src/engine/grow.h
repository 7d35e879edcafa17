/*  grow.h — one way to make room in a growable array.

    The lab's actor list and the registry's sockets, links and endpoints all
    grow the same way: doubled, from 16, never shrunk.
*/
#ifndef ZMQLAB_GROW_H
#define ZMQLAB_GROW_H

#include <stdlib.h>

//  ARRAY with room for NEED items of ITEM bytes: ARRAY itself when it has
//  room, else a larger copy (*cap updated), or NULL (ARRAY and *cap intact).
static inline void *
grow_array (void *array, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return array;
    size_t cap_new = *cap ? *cap * 2 : 16;
    while (cap_new < need)
        cap_new *= 2;
    void *grown = realloc (array, cap_new * item);
    if (grown)
        *cap = cap_new;
    return grown;
}

#endif
