/* duban-audit.c — being written */
#include "config.h"
