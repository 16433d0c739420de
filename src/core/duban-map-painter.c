/* duban-map-painter.c — being written */
#include "config.h"
