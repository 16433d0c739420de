/* duban-report-csv.c — being written */
#include "config.h"
