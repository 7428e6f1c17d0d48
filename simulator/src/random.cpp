#include "cqrs/sim/random.h"

#include <algorithm>

namespace cqrs::sim {

namespace {

// log1p(x)/x, accurate near 0.
double helper1(double x)
{
    return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

// expm1(x)/x, accurate near 0.
double helper2(double x)
{
    return std::abs(x) > 1e-8 ? std::expm1(x) / x
                              : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}

} // namespace

void ZipfSampler::set(std::uint64_t n, double s)
{
    m_n = std::max<std::uint64_t>(1, n);
    m_s = s;
    m_hIntegralX1 = hIntegral(1.5) - 1.0;
    m_hIntegralN = hIntegral(static_cast<double>(m_n) + 0.5);
    m_t = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
}

double ZipfSampler::h(double x) const
{
    return std::exp(-m_s * std::log(x));
}

double ZipfSampler::hIntegral(double x) const
{
    const double logX = std::log(x);
    return helper2((1.0 - m_s) * logX) * logX;
}

double ZipfSampler::hIntegralInverse(double x) const
{
    double t = x * (1.0 - m_s);
    if (t < -1.0)
        t = -1.0; // numerical guard: the argument of log1p must stay > -1
    return std::exp(helper1(t) * x);
}

std::uint64_t ZipfSampler::sample(Rng &rng) const
{
    if (m_n == 1)
        return 0;
    for (;;) {
        const double u = m_hIntegralN + rng.uniform() * (m_hIntegralX1 - m_hIntegralN);
        const double x = hIntegralInverse(u);
        double kd = std::floor(x + 0.5);
        if (kd < 1.0)
            kd = 1.0;
        else if (kd > static_cast<double>(m_n))
            kd = static_cast<double>(m_n);
        if (kd - x <= m_t || u >= hIntegral(kd + 0.5) - h(kd))
            return static_cast<std::uint64_t>(kd) - 1;
    }
}

} // namespace cqrs::sim
