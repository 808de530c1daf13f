#include <string.h>

#include "input.h"
#include "winnow.h"

const char *winnow_status_str(winnow_status s) {
  switch (s) {
  case WINNOW_OK: return "ok";
  case WINNOW_E_NOMEM: return "out of memory";
  case WINNOW_E_INVALID: return "invalid argument";
  case WINNOW_E_LIMIT: return "input exceeds a limit";
  case WINNOW_E_DECODE: return "input could not be decoded";
  case WINNOW_E_PARSE: return "HTML could not be parsed";
  case WINNOW_E_WRITE: return "output could not be written";
  case WINNOW_E_TIME: return "time limit exceeded";
  }
  return "unknown status";
}

int winnow_version(void) { return WINNOW_VERSION; }
const char *winnow_version_string(void) { return WINNOW_VERSION_STRING; }

int winnow_charset_supported(const char *label) {
  return label && wn_charset_canonical(label, strlen(label)) != NULL;
}
