/*
 * The part of every compiled GradBench eval that is not generated: output buffers and the timing
 * loop. glue.py writes one C file per eval: this file, then the kernels symdiff emitted, then one
 * function per eval function and gb_lookup (tensors.py the same, with each kernel in a translation
 * unit of its own and its prototype here). The tool (tool.py) calls gb_evaluate and gb_release
 * through ctypes, once per evaluate message, so the clock measures the compiled code alone.
 * The library is compiled with hidden visibility: only these two are exported, and the kernels,
 * which are not interposable then, can be inlined into the loops.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#ifdef GB_FLUSH_SUBNORMALS
#include <xmmintrin.h>
#endif

/* An output array: `count` numbers of the type the glue declares for it, from malloc. */
typedef struct {
    void *data;
    int64_t count;
} gb_buffer;

enum { GB_MAX_OUTPUTS = 8 };

/* One evaluate message: the arrays in, the outputs of the last run and every run's time. */
typedef struct {
    const void *const *inputs; /* the arrays in declaration order: inputs, then index arrays */
    const int64_t *sizes;      /* the values of the size names, in order of first declaration */
    gb_buffer outputs[GB_MAX_OUTPUTS];
    int64_t *times;            /* nanoseconds, one per run */
    int64_t runs;
} gb_call;

/* One run of an eval function: allocates call->outputs and fills them. Returns 0, 1 when memory
 * ran out, 3 when a sparse result needs row or column numbers beyond 32 bits. */
typedef int (*gb_function)(gb_call *call);

/* The generated function number `function`, or NULL (defined by the glue). */
static gb_function gb_lookup(int function);

/* Output k: `count` elements of `size` bytes. The first run allocates it; later runs of the same
 * message write over it (every element is written each time), as a C++ std::vector resized to the
 * size it has does: the reference's objective works that way. */
static void *gb_output(gb_call *call, int k, int64_t count, size_t size)
{
    if (call->outputs[k].data != NULL && call->outputs[k].count == count) return call->outputs[k].data;
    free(call->outputs[k].data);
    call->outputs[k].count = count;
    call->outputs[k].data = malloc(count > 0 ? (size_t)count * size : 1);
    return call->outputs[k].data;
}

static void gb_free_outputs(gb_call *call)
{
    for (int k = 0; k < GB_MAX_OUTPUTS; k++) {
        free(call->outputs[k].data);
        call->outputs[k].data = NULL;
        call->outputs[k].count = 0;
    }
}

static int64_t gb_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/*
 * Runs eval function `function` at least min_runs times and until min_seconds have been timed,
 * timing each run, as GradBench's tools do. The outputs are allocated inside the timed region of
 * the first run (see gb_output).
 * Returns 0, 2 for an unknown function, or the failing run's code (gb_function).
 */
__attribute__((visibility("default")))
int gb_evaluate(int function, gb_call *call, int64_t min_runs, double min_seconds)
{
    gb_function f = gb_lookup(function);
    if (f == NULL) return 2;
    int64_t capacity = 16, elapsed = 0;
    call->times = malloc(capacity * sizeof(int64_t));
    call->runs = 0;
    if (call->times == NULL) return 1;
#ifdef GB_FLUSH_SUBNORMALS
    /* Subnormal results and operands as zero (MXCSR's FTZ and DAZ bits), as XLA sets them
       around a computation on the CPU; the caller's mode is restored afterwards. */
    const unsigned int mode = _mm_getcsr();
    _mm_setcsr(mode | 0x8040);
#endif
    int status = 0;
    while (call->runs < min_runs || elapsed < (int64_t)(min_seconds * 1e9)) {
        const int64_t start = gb_now();
        const int failed = f(call);
        const int64_t time = gb_now() - start;
        if (failed) {
            status = failed;
            break;
        }
        if (call->runs == capacity) {
            int64_t *grown = realloc(call->times, 2 * capacity * sizeof(int64_t));
            if (grown == NULL) {
                status = 1;
                break;
            }
            call->times = grown;
            capacity *= 2;
        }
        call->times[call->runs++] = time;
        elapsed += time;
    }
#ifdef GB_FLUSH_SUBNORMALS
    _mm_setcsr(mode);
#endif
    return status;
}

/* Frees what gb_evaluate allocated: the outputs and the times. */
__attribute__((visibility("default")))
void gb_release(gb_call *call)
{
    gb_free_outputs(call);
    free(call->times);
    call->times = NULL;
    call->runs = 0;
}
