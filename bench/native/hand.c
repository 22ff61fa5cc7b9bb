/*
 * Hand-written reference for the native benchmark: value and value + gradient of Rosenbrock-n
 * and of the logistic loss sum_i softplus(a_i . w), one point after another, as a C programmer
 * would write them (one loop, shared terms reused). Built with gcc -O2 -shared -fPIC and called
 * through the same kind of batch entry as symdiff's native code.
 */
#include <math.h>

static double rosen_value(const double *x, int n)
{
    double f = 0.0;
    for (int i = 0; i < n - 1; i++) {
        const double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}

static double rosen_gradient(const double *x, int n, double *g)
{
    double f = 0.0;
    for (int i = 0; i < n; i++) g[i] = 0.0;
    for (int i = 0; i < n - 1; i++) {
        const double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
        g[i] += -400.0 * a * x[i] - 2.0 * b;
        g[i + 1] += 200.0 * a;
    }
    return f;
}

static double softplus(double z) { return fmax(z, 0.0) + log1p(exp(-fabs(z))); }

static double sigmoid(double z)
{
    if (z >= 0) return 1.0 / (1.0 + exp(-z));
    const double e = exp(z);
    return e / (1.0 + e);
}

static double logistic_value(const double *w, const double *A, int m, int n)
{
    double f = 0.0;
    for (int i = 0; i < m; i++) {
        double z = 0.0;
        for (int j = 0; j < n; j++) z += A[i * n + j] * w[j];
        f += softplus(z);
    }
    return f;
}

static double logistic_gradient(const double *w, const double *A, int m, int n, double *g)
{
    double f = 0.0;
    for (int j = 0; j < n; j++) g[j] = 0.0;
    for (int i = 0; i < m; i++) {
        double z = 0.0;
        for (int j = 0; j < n; j++) z += A[i * n + j] * w[j];
        f += softplus(z);
        const double s = sigmoid(z);
        for (int j = 0; j < n; j++) g[j] += s * A[i * n + j];
    }
    return f;
}

/* Batch entries: `count` points of n values in, outputs of each point one after another out. */
void rosen_value_batch(const double *x, long count, int n, double *out)
{
    for (long k = 0; k < count; k++) out[k] = rosen_value(x + k * n, n);
}

void rosen_gradient_batch(const double *x, long count, int n, double *out)
{
    for (long k = 0; k < count; k++) out[k * (n + 1)] = rosen_gradient(x + k * n, n, out + k * (n + 1) + 1);
}

void logistic_value_batch(const double *w, long count, const double *A, int m, int n, double *out)
{
    for (long k = 0; k < count; k++) out[k] = logistic_value(w + k * n, A, m, n);
}

void logistic_gradient_batch(const double *w, long count, const double *A, int m, int n, double *out)
{
    for (long k = 0; k < count; k++) out[k * (n + 1)] = logistic_gradient(w + k * n, A, m, n, out + k * (n + 1) + 1);
}
