/* vendor.c — stands in for Mesa's libEGL_mesa.so.0 in test-lsan-unloaded
 *
 * Built without frame pointers, loaded and unloaded by dispatch.c as
 * glvnd loads and unloads a vendor library: what it keeps is a leak the
 * fast unwinder can only show as "(<unknown module>)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

void vendor_init (void);

/* in this library's own data, which goes when it is unloaded */
static void *device_list;

__attribute__((noinline)) void
vendor_init (void)
{
  device_list = realloc (device_list, 128);
}
