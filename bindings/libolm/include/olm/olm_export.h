/*
 * bindings/libolm: the export macros libolm's headers use.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_EXPORT_H
#define OLM_EXPORT_H

#ifdef OLM_STATIC_DEFINE
#define OLM_EXPORT
#define OLM_NO_EXPORT
#else
#ifndef OLM_EXPORT
#define OLM_EXPORT __attribute__((visibility("default")))
#endif
#ifndef OLM_NO_EXPORT
#define OLM_NO_EXPORT __attribute__((visibility("hidden")))
#endif
#endif

#ifndef OLM_DEPRECATED
#define OLM_DEPRECATED __attribute__((__deprecated__))
#endif
#ifndef OLM_DEPRECATED_EXPORT
#define OLM_DEPRECATED_EXPORT OLM_EXPORT OLM_DEPRECATED
#endif
#ifndef OLM_DEPRECATED_NO_EXPORT
#define OLM_DEPRECATED_NO_EXPORT OLM_NO_EXPORT OLM_DEPRECATED
#endif

#endif /* OLM_EXPORT_H */
