/* duban-outbox.c — being written */
#include "config.h"
