/* duban-report-pdf.c — being written */
#include "config.h"
