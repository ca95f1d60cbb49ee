/*
 * proofs/driver.h: how an EVA driver describes "any input up to a bound".
 *
 * The input is n bytes, n anywhere in [0, max], each byte unknown. They sit
 * at the very end of their array, so a read one byte past the input is a
 * read past the array and an alarm: the static twin of the guard page the
 * tests put after their inputs. The driver then writes `//@ split n;` so
 * that EVA analyses every length on its own, exactly, instead of one
 * blurred interval of lengths (docs/proofs.md, "Precision").
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_PROOFS_DRIVER_H
#define CLIQUET_PROOFS_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "__fc_builtin.h"

/* Fills arr[0..max) with unknown bytes and returns a length in [0, max]. */
static inline size_t any_input(uint8_t *arr, size_t max)
{
    Frama_C_make_unknown((char *)arr, max);
    return (size_t)Frama_C_interval(0, (int)max);
}

#endif /* CLIQUET_PROOFS_DRIVER_H */
