/* Fuzzes the GeoJSON regions reader. (Filled in when the regions reader
 * lands in core; until then it exercises the store's region parsing.) */

#include "config.h"

#include <stdint.h>

#include "duban-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return 0;
}
