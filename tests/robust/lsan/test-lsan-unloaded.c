/* test-lsan-unloaded.c — the GTK tests' leak check names Mesa's EGL
 *
 * On a machine with a DRM device, Mesa's EGL keeps allocations for the
 * life of the process from libEGL_mesa.so.0, which has no frame pointers
 * and which glvnd unloads before LeakSanitizer looks: with the fast
 * unwinder the leak's only frame is "(<unknown module>)", which no
 * suppression can match, and every GTK test failed the sanitizer pass
 * (issue 11). This is the same leak, made by libraries built the same
 * way (vendor.c, dispatch.c), run with the GTK tests' environment
 * (gtk_test_env in tests/meson.build) and tests/lsan.supp: it passes only
 * if that environment unwinds far enough to reach the frame that
 * "leak:libEGL" names. Built and run in the sanitizer pass only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

int dispatch_init (const char *vendor_path);

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: test-lsan-unloaded VENDOR.so\n");
      return 2;
    }
  /* the leak, if it is not suppressed, fails the exit status at exit */
  return dispatch_init (argv[1]) == 0 ? 0 : 1;
}
