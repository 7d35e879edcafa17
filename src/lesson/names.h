/*  names.h — the student's actors and the lesson's never fight over a
    name. The ':' commands run in their own state beside the lesson's; they
    are told every name the lesson's dry run spawns (names_reserve) and a
    command's spawn of one of those, or of any actor in the lab, is refused
    with the taken names and a free one. Should the lesson still need a name
    a command took (a spawn its dry run did not see), the student's actor
    makes way: it is removed, the lesson says so and goes on.
*/
#ifndef ZMQLAB_NAMES_H
#define ZMQLAB_NAMES_H

#include "lesson/lesson.h"


//  Registry keys: the lesson's names (in the commands' state), and the
//  names a lesson spawned itself (in the lesson's state).
#define NAMES_RESERVED "zmqlab.reserved"
#define NAMES_SPAWNED "zmqlab.spawned"

//  COMMANDS (lesson_open_sandbox) may not take the names DRY (a dry run of
//  the lesson, run to its end) spawned.
void names_reserve (lesson_t *commands, const lesson_t *dry);

#endif
