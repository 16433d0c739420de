/* dispatch.c — stands in for glvnd's libEGL.so.1 in test-lsan-unloaded
 *
 * Built without frame pointers and named lib"EGL"…, so that tests/lsan.supp's
 * leak:libEGL names it: it loads the vendor library, lets it initialise,
 * and unloads it, as glvnd does before the process's leak check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dlfcn.h>
#include <stdio.h>

int dispatch_init (const char *vendor_path);

__attribute__((noinline)) int
dispatch_init (const char *vendor_path)
{
  void *vendor = dlopen (vendor_path, RTLD_NOW | RTLD_LOCAL);
  void (*init) (void);

  if (vendor == NULL)
    {
      fprintf (stderr, "%s\n", dlerror ());
      return -1;
    }
  init = (void (*) (void)) dlsym (vendor, "vendor_init");
  if (init == NULL)
    return -1;
  init ();
  return dlclose (vendor);
}
