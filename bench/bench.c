/*
 * bench: `make bench`. Times every operation for cliquet, libolm and the
 * floor in the same run, then the scale scenarios and the memory figures.
 *
 * Measuring on a shared, noisy machine: each operation runs in many short
 * batches; within a batch the three implementations run one after another
 * in an order that rotates from batch to batch, so a burst of load from
 * elsewhere falls on all three alike. Each implementation's figure is the
 * median of its batches. Ratios are what to read; absolute times move with
 * the load.
 *
 *   bench [--quick] [--only TEXT] [--no-ops] [--no-scale] [--out FILE]
 *         [--sha256-libsodium]
 *   bench --count NAME N     (for bench/callgrind.sh)
 * --sha256-libsodium runs cliquet and the floor on libsodium's SHA-256
 * instead of the CPU's SHA-256 instructions (the test hook
 * cq_sha256_select), to measure what the instructions bring.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <sodium.h>

#include "bench.h"
#include "crypto/crypto.h"

void megolm_floor_check(void);
void pk_floor_check(void);

typedef struct options {
    int quick;
    int ops;
    int scale;
    const char *only;
    const char *out;
    const char *count;
    size_t count_n;
    int sha256_libsodium;
} options;

/* The libolm/cliquet ratio each family of operations aims at (0: none). */
static double libolm_goal(const char *family)
{
    if (strcmp(family, "megolm256") == 0) {
        return 2.0;
    }
    if (strcmp(family, "setup") == 0 || strcmp(family, "ratchet") == 0) {
        return 4.0;
    }
    if (strcmp(family, "4k") == 0 || strcmp(family, "pickle") == 0) {
        return 8.0;
    }
    return 0.0;
}

#define FLOOR_GOAL 1.15

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nanoseconds for n runs of one implementation (setup and teardown
 * untimed). */
static double time_runs(const bench_impl *impl, size_t n)
{
    void *ctx = impl->setup(n);
    uint64_t t0 = now_ns();
    uint64_t t1;

    impl->run(ctx, n);
    t1 = now_ns();
    impl->teardown(ctx);
    return (double)(t1 - t0);
}

/* Runs per batch: enough for the slowest of cliquet and the floor to take
 * about target_ms. */
static size_t calibrate(const bench_op *op)
{
    double per = 0;
    int i;

    for (i = 0; i < IMPL_COUNT; i++) {
        double t;

        (void)time_runs(&op->impl[i], 1); /* warm-up */
        t = time_runs(&op->impl[i], 2) / 2;
        if (i != IMPL_LIBOLM && t > per) {
            per = t;
        }
    }
    if (per <= 0) {
        return 1;
    }
    per = op->target_ms * 1e6 / per;
    return per < 1 ? 1 : per > 100000 ? 100000 : (size_t)per;
}

static void print_header(void)
{
    printf("%-46s %10s %10s %10s %8s %8s %8s  %s\n", "operation (ns/op, medians)",
           "cliquet", "libolm", "floor", "olm/cq", "cq/floor", "olm/floor", "goals");
}

/*
 * One operation: batches of n runs of each implementation, in an order
 * that rotates from batch to batch. Times are medians over batches; each
 * ratio is the median of the ratios within a batch (implementations that
 * ran seconds apart), which a burst of load from elsewhere moves less.
 */
static void run_op(const bench_op *op, const options *o, FILE *results)
{
    size_t batches = o->quick ? 3 : 21;
    size_t n = calibrate(op);
    double *t[IMPL_COUNT];
    double *r_olm = xcalloc(batches, sizeof(double));
    double *r_floor = xcalloc(batches, sizeof(double));
    double *r_ceiling = xcalloc(batches, sizeof(double));
    double med[IMPL_COUNT];
    double ceiling;
    double vs_olm;
    double vs_floor;
    double goal = libolm_goal(op->goal);
    size_t b;
    int i;
    char verdict[96];

    if (o->quick && n > 4) {
        n /= 4;
    }
    for (i = 0; i < IMPL_COUNT; i++) {
        t[i] = xcalloc(batches, sizeof(double));
    }
    for (b = 0; b < batches; b++) {
        for (i = 0; i < IMPL_COUNT; i++) {
            int k = (int)((b + (size_t)i) % IMPL_COUNT);

            t[k][b] = time_runs(&op->impl[k], n) / (double)n;
        }
        r_olm[b] = t[IMPL_LIBOLM][b] / t[IMPL_CLIQUET][b];
        r_floor[b] = t[IMPL_CLIQUET][b] / t[IMPL_FLOOR][b];
        r_ceiling[b] = t[IMPL_LIBOLM][b] / t[IMPL_FLOOR][b];
    }
    for (i = 0; i < IMPL_COUNT; i++) {
        med[i] = median(t[i], batches);
        free(t[i]);
    }
    vs_olm = median(r_olm, batches);
    vs_floor = median(r_floor, batches);
    ceiling = median(r_ceiling, batches);
    free(r_olm);
    free(r_floor);
    free(r_ceiling);
    snprintf(verdict, sizeof verdict, "%s%s",
             vs_floor <= FLOOR_GOAL ? "floor ok" : "FLOOR MISSED",
             goal == 0 ? "" : vs_olm >= goal ? ", libolm ok" : ", LIBOLM MISSED");
    printf("%-46s %10.0f %10.0f %10.0f %7.2fx %7.2fx %7.2fx  %s", op->name,
           med[IMPL_CLIQUET], med[IMPL_LIBOLM], med[IMPL_FLOOR], vs_olm, vs_floor,
           ceiling, verdict);
    if (goal != 0) {
        printf(" (>= %.0fx)", goal);
    }
    printf("  [n=%zu x %zu]\n", n, batches);
    fflush(stdout);
    if (results != NULL) {
        fprintf(results, "op\t%s\t%s\t%.0f\t%.0f\t%.0f\t%.1f\t%.3f\t%.3f\t%.3f\n",
                op->name, op->goal, med[IMPL_CLIQUET], med[IMPL_LIBOLM],
                med[IMPL_FLOOR], goal, vs_olm, vs_floor, ceiling);
    }
}

/* Kept out of line so that callgrind can count each one alone
 * (bench/callgrind.sh: --toggle-collect=measured_*). */
__attribute__((noipa)) static void measured_cliquet(const bench_impl *impl,
                                                       void *ctx, size_t n)
{
    impl->run(ctx, n);
    __asm__ volatile("" ::: "memory"); /* no tail call: callgrind sees the frame */
}

__attribute__((noipa)) static void measured_libolm(const bench_impl *impl,
                                                      void *ctx, size_t n)
{
    impl->run(ctx, n);
    __asm__ volatile("" ::: "memory"); /* no tail call: callgrind sees the frame */
}

__attribute__((noipa)) static void measured_floor(const bench_impl *impl,
                                                     void *ctx, size_t n)
{
    impl->run(ctx, n);
    __asm__ volatile("" ::: "memory"); /* no tail call: callgrind sees the frame */
}

/* --count NAME N: n runs of each implementation of the operation named
 * exactly NAME, untimed, for an instruction counter. */
static void count_op(const char *name, size_t n)
{
    static const bench_op *const tables[] = { bench_olm_ops, bench_megolm_ops,
                                              bench_pickle_ops, bench_misc_ops };
    size_t k;

    for (k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        const bench_op *op;

        for (op = tables[k]; op->name != NULL; op++) {
            void *ctx;

            if (strcmp(op->name, name) != 0) {
                continue;
            }
            ctx = op->impl[IMPL_CLIQUET].setup(n);
            measured_cliquet(&op->impl[IMPL_CLIQUET], ctx, n);
            op->impl[IMPL_CLIQUET].teardown(ctx);
            ctx = op->impl[IMPL_LIBOLM].setup(n);
            measured_libolm(&op->impl[IMPL_LIBOLM], ctx, n);
            op->impl[IMPL_LIBOLM].teardown(ctx);
            ctx = op->impl[IMPL_FLOOR].setup(n);
            measured_floor(&op->impl[IMPL_FLOOR], ctx, n);
            op->impl[IMPL_FLOOR].teardown(ctx);
            return;
        }
    }
    die("--count: no operation of that name");
}

static void run_table(const bench_op *table, const options *o, FILE *results)
{
    const bench_op *op;

    for (op = table; op->name != NULL; op++) {
        if (o->only == NULL || strstr(op->name, o->only) != NULL) {
            run_op(op, o, results);
        }
    }
}

static void parse_args(options *o, int argc, char **argv)
{
    int i;

    memset(o, 0, sizeof *o);
    o->ops = 1;
    o->scale = 1;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            o->quick = 1;
        } else if (strcmp(argv[i], "--no-ops") == 0) {
            o->ops = 0;
        } else if (strcmp(argv[i], "--no-scale") == 0) {
            o->scale = 0;
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            o->only = argv[++i];
            o->scale = 0;
        } else if (strcmp(argv[i], "--count") == 0 && i + 2 < argc) {
            o->count = argv[++i];
            o->count_n = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            o->out = argv[++i];
        } else if (strcmp(argv[i], "--sha256-libsodium") == 0) {
            o->sha256_libsodium = 1;
        } else {
            fprintf(stderr,
                    "usage: bench [--quick] [--only TEXT] [--no-ops] [--no-scale] "
                    "[--out FILE] [--sha256-libsodium] | --count NAME N\n");
            exit(2);
        }
    }
}

int main(int argc, char **argv)
{
    options o;
    FILE *results = NULL;
    cliquet_aes_impl aes;
    const char *sha;
    uint8_t major;
    uint8_t minor;
    uint8_t patch;

    parse_args(&o, argc, argv);
    check_cq(cliquet_init(), "cliquet_init");
    check_cq(cliquet_aes_implementation(&aes), "aes implementation");
    if (o.sha256_libsodium) {
        check_cq(cq_sha256_select(CQ_SHA256_LIBSODIUM), "sha256 selection");
    }
    sha = cq_sha256_impl_name(cq_sha256_selected());
    olm_get_library_version(&major, &minor, &patch);
    if (o.out != NULL && (results = fopen(o.out, "w")) == NULL) {
        die("cannot open the results file");
    }
    if (o.count != NULL) {
        count_op(o.count, o.count_n);
        return 0;
    }
    megolm_floor_check();
    pk_floor_check();
    printf("cliquet %s (AES: %s, SHA-256: %s), libolm %u.%u.%u, libsodium %s%s\n",
           cliquet_version_string(), aes == CLIQUET_AES_HARDWARE ? "AES-NI" : "bitsliced",
           sha, major, minor, patch, sodium_version_string(), o.quick ? ", quick run" : "");
    printf("floor: the same work as libsodium calls plus cliquet's AES-256-CBC and "
           "SHA-256/HMAC/HKDF, no checks or copies; checked against cliquet and libolm\n"
           "ratios: medians of per-batch ratios; olm/floor is the most any "
           "library on these primitives could gain over libolm\n\n");
    if (results != NULL) {
        fprintf(results, "info\tcliquet %s\tlibolm %u.%u.%u\tlibsodium %s\tAES %s\tSHA-256 %s\n",
                cliquet_version_string(), major, minor, patch,
                sodium_version_string(),
                aes == CLIQUET_AES_HARDWARE ? "AES-NI" : "bitsliced", sha);
    }
    if (o.ops) {
        print_header();
        run_table(bench_olm_ops, &o, results);
        run_table(bench_megolm_ops, &o, results);
        run_table(bench_pickle_ops, &o, results);
        run_table(bench_misc_ops, &o, results);
    }
    if (o.scale) {
        run_memory(results);
        run_scale(o.quick, results);
    }
    if (results != NULL) {
        fclose(results);
    }
    return 0;
}
