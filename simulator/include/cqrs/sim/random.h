#pragma once

#include "cqrs/model/distribution.h"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace cqrs::sim {

/// splitmix64 step: the seed mixer of every stream (Steele, Lea, Flood 2014).
inline std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// FNV-1a 64 of a component id: stable across platforms and builds.
inline std::uint64_t hashId(std::string_view id)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : id) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// What a stream is used for; part of the stream's seed, so that adding a
/// purpose to one component never shifts another component's numbers.
enum class StreamPurpose : std::uint64_t {
    CommandArrivals = 1,
    CommandType,
    CommandKeys,
    HandlerTime,
    Reject,
    FollowUp,
    PolicyHandlerTime,
    PolicyReject,
    PublishDelay,
    Delay,
    ApplyTime,
    Duplicate,
    PolicyIssue,
    QueryArrivals,
    QueryType,
    QueryKeys,
    ReadTime,
    PolicyFollowUp,
};

/// xoshiro256** (Blackman, Vigna): fast, 256-bit state, and the same output
/// on every standard library (which std::*_distribution does not promise).
class Rng
{
public:
    Rng() { seed(0, 0, 0); }
    /// Stream for (run seed, component, purpose): independent of every other stream.
    Rng(std::uint64_t runSeed, std::uint64_t component, StreamPurpose purpose)
    {
        seed(runSeed, component, static_cast<std::uint64_t>(purpose));
    }

    void seed(std::uint64_t runSeed, std::uint64_t component, std::uint64_t purpose)
    {
        std::uint64_t sm = runSeed;
        std::uint64_t mixed = splitmix64(sm) ^ component;
        sm = mixed;
        mixed = splitmix64(sm) ^ (purpose * 0xd1b54a32d192ed03ULL);
        sm = mixed;
        for (std::uint64_t &word : m_s)
            word = splitmix64(sm);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in (0, 1]: safe for log().
    double uniformPositive() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    /// Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2^-64 x n).
    std::uint64_t below(std::uint64_t n)
    {
        __extension__ using Wide = unsigned __int128;
        return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
    }
    bool bernoulli(double p) { return p >= 1.0 || (p > 0.0 && uniform() < p); }
    /// Exponential with the given mean (inversion).
    double exponential(double mean) { return -mean * std::log(uniformPositive()); }
    /// Standard normal (Box-Muller, the second value kept for the next call).
    double standardNormal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = uniformPositive();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double a = 6.283185307179586476925 * u2;
        m_spare = r * std::sin(a);
        m_hasSpare = true;
        return r * std::cos(a);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_s[4] = {};
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

/// A Distribution prepared for fast sampling (parameters resolved once).
class Sampler
{
public:
    Sampler() = default;
    explicit Sampler(const Distribution &d) { set(d); }

    void set(const Distribution &d)
    {
        m_kind = d.kind;
        m_a = d.p1;
        m_b = d.p2;
        if (d.kind == DistKind::Lognormal) {
            m_a = std::log(d.p1);
            m_b = d.lognormalSigma();
        } else if (d.kind == DistKind::Uniform) {
            m_b = d.p2 - d.p1;
        }
        m_zero = d.isAlwaysZero();
    }

    bool isZero() const { return m_zero; }
    bool isConstant() const { return m_kind == DistKind::Constant; }

    double sample(Rng &rng) const
    {
        // The common kind first: a predictable test instead of the switch's
        // indirect jump (same draws, same order).
        if (m_kind == DistKind::Exponential) [[likely]]
            return rng.exponential(m_a);
        switch (m_kind) {
        case DistKind::Constant:
            return m_a;
        case DistKind::Exponential:
            return rng.exponential(m_a);
        case DistKind::Uniform:
            return m_a + m_b * rng.uniform();
        case DistKind::Normal: {
            const double x = m_a + m_b * rng.standardNormal();
            return x > 0.0 ? x : 0.0;
        }
        case DistKind::Lognormal:
            return std::exp(m_a + m_b * rng.standardNormal());
        }
        return 0.0;
    }

private:
    DistKind m_kind = DistKind::Constant;
    double m_a = 0.0;
    double m_b = 0.0;
    bool m_zero = true;
};

/// Zipf keys over [0, n): P(k) proportional to (k+1)^-s, O(1) memory and
/// expected O(1) time per sample (rejection-inversion, Hoermann and
/// Derflinger 1996, as in Apache Commons RNG).
class ZipfSampler
{
public:
    ZipfSampler() = default;
    ZipfSampler(std::uint64_t n, double s) { set(n, s); }

    void set(std::uint64_t n, double s);
    std::uint64_t sample(Rng &rng) const;

private:
    double h(double x) const;
    double hIntegral(double x) const;
    double hIntegralInverse(double x) const;

    std::uint64_t m_n = 1;
    double m_s = 1.0;
    double m_hIntegralX1 = 0.0;
    double m_hIntegralN = 0.0;
    double m_t = 0.0;
};

} // namespace cqrs::sim
