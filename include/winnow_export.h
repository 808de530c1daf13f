/* Symbol visibility for libwinnow.  The library is built with hidden
 * visibility; only what this macro marks is exported from the shared
 * library.  Users of the static library need nothing special. */
#ifndef WINNOW_EXPORT_H
#define WINNOW_EXPORT_H

#if defined(WINNOW_BUILDING) && defined(__GNUC__)
#define WINNOW_EXPORT __attribute__((visibility("default")))
#else
#define WINNOW_EXPORT
#endif

#endif
