/* duban-report-xlsx.c — being written */
#include "config.h"
