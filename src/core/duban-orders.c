/* duban-orders.c — being written */
#include "config.h"
