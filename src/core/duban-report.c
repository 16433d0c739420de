/* duban-report.c — being written */
#include "config.h"
