/*
 * libolm's older raw pickle layouts, rewritten into the current ones before
 * the object layers read them (docs/pickle-format.md §Older libolm
 * versions). Only lengths and the few bytes libolm itself interprets are
 * looked at here; every field is then checked by the current version's
 * reader in lib/olm.
 *
 * Account, all versions: u32 version | Ed25519 public (32) | Ed25519 secret
 * (64; 32 in version 1) | Curve25519 public (32) | private (32) | u32 count
 * | count one-time key records (u32 id, u8 published, public 32, private 32)
 * | fallback keys (see below) | u32 last one-time key id.
 *   v2: no fallback keys.
 *   v3: always two records, current then previous.
 *   v4: u8 count (0..2), then that many records.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "pickle.h"

#define U32 4
#define IDENTITY (32 + 64 + 32 + 32)
#define KEY_RECORD (4 + 1 + 32 + 32)
#define KEY_PUBLISHED 4 /* offset of the published flag in a record */
/* libolm's one-time key list holds at most 100 keys. */
#define LIBOLM_MAX_ONE_TIME_KEYS 100

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/*
 * The offset where the fallback keys start (after the one-time key list),
 * or 0 if the pickle is too short to hold the list it announces.
 */
static size_t fallback_offset(const uint8_t *buf, size_t len)
{
    uint32_t count;

    if (len < U32 + IDENTITY + U32) {
        return 0;
    }
    count = get_u32(buf + U32 + IDENTITY);
    if (count > LIBOLM_MAX_ONE_TIME_KEYS) {
        return 0;
    }
    return U32 + IDENTITY + U32 + (size_t)count * KEY_RECORD;
}

/* v2 -> v4: a zero fallback key count before the last id. */
static cliquet_status upgrade_v2(uint8_t *buf, size_t cap, size_t *len)
{
    size_t off = fallback_offset(buf, *len);

    if (off == 0 || *len != off + U32 || cap < *len + 1) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    memmove(buf + off + 1, buf + off, U32);
    buf[off] = 0;
    *len += 1;
    return CLIQUET_OK;
}

/*
 * v3 -> v4. libolm 3.2: "version 3 used the published flag to indicate how
 * many fallback keys were present": the current key if its flag is set,
 * the previous one as well if both are; any non-zero byte is set. The
 * layout grows by one byte (two keys kept) or shrinks.
 */
static cliquet_status upgrade_v3(uint8_t *buf, size_t cap, size_t *len)
{
    size_t off = fallback_offset(buf, *len);
    size_t count, kept, new_len;

    if (off == 0 || *len != off + 2 * KEY_RECORD + U32) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    count = 0;
    if (buf[off + KEY_PUBLISHED] != 0) {
        count = buf[off + KEY_RECORD + KEY_PUBLISHED] != 0 ? 2 : 1;
    }
    kept = count * KEY_RECORD;
    new_len = off + 1 + kept + U32;
    if (new_len > cap) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* The last id to its place first, then the kept records one byte on:
     * neither move overwrites bytes the other still has to read. */
    memmove(buf + off + 1 + kept, buf + off + 2 * KEY_RECORD, U32);
    memmove(buf + off + 1, buf + off, kept);
    buf[off] = (uint8_t)count;
    /* Dropped records hold keys: wipe what is left past the new end. */
    if (new_len < *len) {
        cq_wipe(buf + new_len, *len - new_len);
    }
    *len = new_len;
    return CLIQUET_OK;
}

/* pickle.h */
cliquet_status cq_pickle_libolm_account_upgrade(uint8_t *buf, size_t cap,
                                                size_t *len)
{
    uint32_t version;
    cliquet_status st;

    if (*len < U32) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    version = get_u32(buf);
    switch (version) {
    case CQ_PICKLE_LIBOLM_ACCOUNT_V4:
        return CLIQUET_OK;
    case CQ_PICKLE_LIBOLM_ACCOUNT_V3:
        st = upgrade_v3(buf, cap, len);
        break;
    case CQ_PICKLE_LIBOLM_ACCOUNT_V2:
        st = upgrade_v2(buf, cap, len);
        break;
    case CQ_PICKLE_LIBOLM_ACCOUNT_V1:
        return CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT;
    default:
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    }
    if (st == CLIQUET_OK) {
        put_u32(buf, CQ_PICKLE_LIBOLM_ACCOUNT_V4);
    }
    return st;
}

/* pickle.h */
cliquet_status cq_pickle_libolm_session_upgrade(uint8_t *buf, size_t *len)
{
    if (*len < U32 || get_u32(buf) != CQ_PICKLE_LIBOLM_SESSION_V1_CHAIN_INDEX) {
        return CLIQUET_OK;
    }
    /* libolm 3.2 ratchet.cpp: "pickle v 0x80000001 includes a chain index;
     * pickle v1 does not": a u32 after the ratchet, read and ignored. */
    if (*len < 2 * U32) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    put_u32(buf, CQ_PICKLE_LIBOLM_SESSION_V1);
    *len -= U32;
    cq_wipe(buf + *len, U32);
    return CLIQUET_OK;
}
