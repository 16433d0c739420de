/* duban-cluster.c — being written */
#include "config.h"
