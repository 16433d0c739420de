/* duban-geo.c — being written */
#include "config.h"
