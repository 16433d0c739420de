/* duban-regions.c — being written */
#include "config.h"
