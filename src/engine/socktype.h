/*  socktype.h — facts about ZeroMQ socket types: their names, and which
    way messages flow between two of them. Pure; any thread.
*/
#ifndef ZMQLAB_SOCKTYPE_H
#define ZMQLAB_SOCKTYPE_H

#include <stdbool.h>

//  "PUB" for ZMQ_PUB, …; "?" for a type the lab does not offer.
const char *socktype_name (int type);
//  ZMQ_PUB for "PUB" or "pub", …; -1 for an unknown name.
int socktype_from_name (const char *name);
//  PUB or XPUB: one sequence stream per topic.
bool socktype_is_pub (int type);
//  True if messages flow from a socket of type FROM to one of type TO.
bool socktype_flows (int from, int to);
//  A type that mostly receives: the one line drawn for an outside peer
//  points towards a socket of this type.
bool socktype_inbound (int type);

#endif
