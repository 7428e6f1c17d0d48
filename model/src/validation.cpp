#include "cqrs/model/validation.h"
#include "cqrs/model/modeljson.h"

#include "flowgraph_p.h"
#include "modelinternal_p.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace cqrs {

using detail::childPath;
using detail::formatNumber;
using namespace detail;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string withArticle(std::string_view noun)
{
    const bool vowel
        = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(noun);
}

// Three significant digits, for rates in messages.
double roundTo3(double value)
{
    if (!(value != 0) || !std::isfinite(value))
        return value;
    const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::fabs(value))));
    return std::round(value * scale) / scale;
}

std::string quote(const std::string &text)
{
    return "\"" + text + "\"";
}


// Look-ups by id in constant time (Model's own look-ups are linear scans, and
// a large file has tens of thousands of references). First element wins.
struct IdIndex
{
    std::unordered_map<std::string_view, ElementKind> kinds;
    std::unordered_map<std::string_view, const Aggregate *> aggregates;
    std::unordered_map<std::string_view, const Event *> events;
    std::unordered_map<std::string_view, const Query *> queries;

    explicit IdIndex(const Model &m)
    {
        kinds.reserve(m.aggregates.size() + m.commands.size() + m.events.size()
                      + m.readModels.size() + m.policies.size() + m.queries.size());
        aggregates.reserve(m.aggregates.size());
        events.reserve(m.events.size());
        queries.reserve(m.queries.size());
        auto add = [this](const auto &items, ElementKind kind) {
            for (const auto &item : items)
                kinds.emplace(item.id, kind);
        };
        add(m.aggregates, ElementKind::Aggregate);
        add(m.commands, ElementKind::Command);
        add(m.events, ElementKind::Event);
        add(m.readModels, ElementKind::ReadModel);
        add(m.policies, ElementKind::Policy);
        add(m.queries, ElementKind::Query);
        for (const Aggregate &a : m.aggregates)
            aggregates.emplace(a.id, &a);
        for (const Event &e : m.events)
            events.emplace(e.id, &e);
        for (const Query &q : m.queries)
            queries.emplace(q.id, &q);
    }

    std::optional<ElementKind> kindOf(std::string_view id) const
    {
        const auto it = kinds.find(id);
        return it == kinds.end() ? std::nullopt : std::optional<ElementKind>(it->second);
    }
    template<typename T>
    static const T *find(const std::unordered_map<std::string_view, const T *> &map,
                         std::string_view id)
    {
        const auto it = map.find(id);
        return it == map.end() ? nullptr : it->second;
    }
    const Aggregate *aggregate(std::string_view id) const { return find(aggregates, id); }
    const Event *event(std::string_view id) const { return find(events, id); }
    const Query *query(std::string_view id) const { return find(queries, id); }
};

double averageRateFactor(const Workload &w)
{
    if (!(w.duration > 0))
        return 0;
    double area = 0;
    double t = 0;
    double factor = 1.0;
    for (const RateStep &step : w.rateProfile) {
        const double at = std::clamp(step.at, 0.0, w.duration);
        if (at > t) {
            area += factor * (at - t);
            t = at;
        }
        factor = step.factor;
    }
    area += factor * (w.duration - t);
    return area / w.duration;
}

// ---------------------------------------------------------------------------

class Checker
{
public:
    Checker(const Model &model, const detail::ValidateOptions &options)
        : m_model(model)
        , m_options(options)
        , m_index(model)
    {}

    Diagnostics run()
    {
        for (const Query &q : m_model.queries)
            m_readModelsInUse.insert(q.readModel);
        for (const Command &c : m_model.commands)
            m_readModelsInUse.insert(c.validatesAgainst);
        checkIds();
        checkNames();
        checkTexts();
        checkAggregates();
        checkCommands();
        checkEvents();
        checkWriteSideAndBus();
        for (std::size_t i = 0; i < m_model.readModels.size(); ++i)
            checkReadModel(i);
        for (std::size_t i = 0; i < m_model.policies.size(); ++i)
            checkPolicy(i);
        checkQueries();
        checkWorkload();
        checkPolicyLoops();
        checkDiagram();
        if (!m_options.skipPredictions && !hasErrors(m_diagnostics))
            checkPredictions();
        return std::move(m_diagnostics);
    }

private:
    const Model &m_model;
    const detail::ValidateOptions &m_options;
    const IdIndex m_index;
    std::set<std::string_view> m_readModelsInUse; ///< read by a query or a validating command
    Diagnostics m_diagnostics;

    void report(Diagnostic::Severity severity, std::string path, const std::string &id,
                std::string message)
    {
        Diagnostic d;
        d.severity = severity;
        d.path = std::move(path);
        d.elementId = id;
        d.message = std::move(message);
        m_diagnostics.push_back(std::move(d));
    }
    void error(std::string path, const std::string &id, std::string message)
    {
        report(Diagnostic::Severity::Error, std::move(path), id, std::move(message));
    }
    void warning(std::string path, const std::string &id, std::string message)
    {
        report(Diagnostic::Severity::Warning, std::move(path), id, std::move(message));
    }
    /// A warning that predicts the run (Diagnostic::prediction).
    void prediction(std::string path, const std::string &id, std::string message)
    {
        warning(std::move(path), id, std::move(message));
        m_diagnostics.back().prediction = true;
    }

    // --- ranges

    bool finite(double v, const std::string &path, const std::string &id, const char *what)
    {
        if (std::isfinite(v))
            return true;
        error(path, id, std::string(what) + " must be a finite number");
        return false;
    }
    void nonNegative(double v, const std::string &path, const std::string &id, const char *what)
    {
        if (finite(v, path, id, what) && v < 0)
            error(path, id, std::string(what) + " must be 0 or more, not " + formatNumber(v));
    }
    void positive(double v, const std::string &path, const std::string &id, const char *what)
    {
        if (finite(v, path, id, what) && !(v > 0))
            error(path, id, std::string(what) + " must be greater than 0, not " + formatNumber(v));
    }
    void probability(double v, const std::string &path, const std::string &id, const char *what)
    {
        if (finite(v, path, id, what) && (v < 0 || v > 1))
            error(path, id,
                  std::string(what) + " must be a probability from 0 to 1, not " + formatNumber(v));
    }
    void distribution(const Distribution &d, const std::string &path, const std::string &id,
                      const char *what)
    {
        if (d.isValid())
            return;
        const std::string kind(toString(d.kind));
        std::string why;
        if (!std::isfinite(d.p1) || (d.parameterCount() == 2 && !std::isfinite(d.p2))) {
            why = "its parameters must be finite numbers";
        } else {
            switch (d.kind) {
            case DistKind::Constant:
                why = "a constant time must be 0 or more, not " + formatNumber(d.p1);
                break;
            case DistKind::Exponential:
                why = "an exponential needs mean > 0, not " + formatNumber(d.p1);
                break;
            case DistKind::Uniform:
                why = "a uniform needs 0 <= min <= max (min " + formatNumber(d.p1) + ", max "
                      + formatNumber(d.p2) + ")";
                break;
            case DistKind::Normal:
                why = "a normal needs stddev >= 0, not " + formatNumber(d.p2);
                break;
            case DistKind::Lognormal:
                why = "a lognormal needs 0 < median < p99 (median " + formatNumber(d.p1) + ", p99 "
                      + formatNumber(d.p2) + ")";
                break;
            }
        }
        error(path, id, std::string(what) + ": " + why);
    }

    // --- references

    void reference(const std::string &target, ElementKind kind, bool broken,
                   const std::string &path, const std::string &id, const char *what)
    {
        if (broken)
            return;
        if (target.empty()) {
            // A new element before its field is chosen: `"" does not exist`
            // would puzzle the user who just placed it.
            error(path, id, std::string(what) + " is not set: choose " + withArticle(toString(kind)));
            return;
        }
        const std::optional<ElementKind> actual = m_index.kindOf(target);
        if (actual == kind)
            return;
        if (actual) {
            error(path, id,
                  std::string(what) + " " + quote(target) + " is " + withArticle(toString(*actual))
                      + ", not " + withArticle(toString(kind)));
        } else {
            error(path, id,
                  std::string(what) + " " + quote(target) + " does not exist (no "
                      + std::string(toString(kind)) + " has this id)");
        }
    }

    void checkIds()
    {
        std::unordered_map<std::string_view, std::string> seen; // id -> path of its first use
        auto visit = [&](const auto &items, const char *collection, const char *kind) {
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string &id = items[i].id;
                const std::string path = childPath(childPath("", collection), i) + "/id";
                if (id.empty()) {
                    error(path, id, std::string("the ") + kind + " has an empty id");
                    continue;
                }
                if (!isValidId(id)) {
                    error(path, id,
                          "malformed id " + quote(id)
                              + ": ids may contain only letters, digits, '_' and '-' (no spaces or "
                                "dots)");
                }
                const auto [it, inserted] = seen.emplace(id, path);
                if (!inserted) {
                    error(path, id,
                          "duplicate id " + quote(id) + ": " + it->second
                              + " already has it (ids must be unique across all elements)");
                }
            }
        };
        visit(m_model.aggregates, "aggregates", "aggregate");
        visit(m_model.commands, "commands", "command");
        visit(m_model.events, "events", "event");
        visit(m_model.readModels, "readModels", "read model");
        visit(m_model.policies, "policies", "policy");
        visit(m_model.queries, "queries", "query");
    }

    // Names are drawn on nodes, in legends and in window titles; a megabyte
    // of name helps no one and can exhaust the text layout.
    void checkNames()
    {
        auto tooLong = [&](const std::string &name, const std::string &path, const std::string &id) {
            if (name.size() > kMaxNameBytes) {
                error(path, id,
                      "the name is " + formatNumber(double(name.size())) + " bytes long; the limit is "
                          + formatNumber(double(kMaxNameBytes)));
            }
        };
        tooLong(m_model.name, "/name", {});
        auto visit = [&](const auto &items, const char *collection) {
            for (std::size_t i = 0; i < items.size(); ++i)
                tooLong(items[i].name, childPath(childPath("", collection), i) + "/name", items[i].id);
        };
        visit(m_model.aggregates, "aggregates");
        visit(m_model.commands, "commands");
        visit(m_model.events, "events");
        visit(m_model.readModels, "readModels");
        visit(m_model.policies, "policies");
        visit(m_model.queries, "queries");
    }

    // The loader refuses a longer text, so a model that holds one (pasted in
    // the editor, set with --set) could be saved but never opened again.
    void checkTexts()
    {
        auto tooLong = [&](const std::string &text, const std::string &path) {
            if (text.size() > kMaxTextBytes) {
                error(path, {},
                      "the text is " + formatByteSize(text.size()) + " long; the limit is "
                          + formatByteSize(kMaxTextBytes));
            }
        };
        tooLong(m_model.description, "/description");
        for (std::size_t i = 0; i < m_model.experiments.size(); ++i)
            tooLong(m_model.experiments[i].description, "/experiments/" + std::to_string(i) + "/description");
        for (std::size_t i = 0; i < m_model.diagram.notes.size(); ++i)
            tooLong(m_model.diagram.notes[i].text, "/diagram/notes/" + std::to_string(i) + "/text");
    }

    void checkAggregates()
    {
        std::int64_t total = 0;
        for (std::size_t i = 0; i < m_model.aggregates.size(); ++i) {
            const Aggregate &a = m_model.aggregates[i];
            if (a.instances < 1 || a.instances > kMaxAggregateInstances) {
                error("/aggregates/" + std::to_string(i) + "/instances", a.id,
                      "instances must be a whole number from 1 to 10,000,000 (the keys a desktop "
                      "can track), not "
                          + std::to_string(a.instances));
                continue;
            }
            total += a.instances;
            if (total > kMaxTotalInstances) {
                error("/aggregates/" + std::to_string(i) + "/instances", a.id,
                      "the aggregates have more than 50,000,000 instances together (the keys a "
                      "desktop can track; "
                      "docs/limits.md)");
                total = std::numeric_limits<std::int64_t>::min() / 2; // report once
            }
        }
    }

    void servers(std::int64_t v, const std::string &path, const std::string &id, const char *what)
    {
        if (v < 1)
            error(path, id, std::string(what) + " must be at least 1, not " + std::to_string(v));
        else if (v > kMaxServers)
            error(path, id,
                  std::string(what) + " must be at most 100,000 (docs/limits.md), not "
                      + std::to_string(v));
    }

    void checkCommands()
    {
        for (std::size_t i = 0; i < m_model.commands.size(); ++i) {
            const Command &c = m_model.commands[i];
            const std::string path = "/commands/" + std::to_string(i);
            reference(c.aggregate, ElementKind::Aggregate, m_options.brokenAggregates,
                      path + "/aggregate", c.id, "aggregate");
            nonNegative(c.share, path + "/share", c.id, "share");
            distribution(c.handlerTime, path + "/handlerTime", c.id, "handlerTime");
            probability(c.rejectRate, path + "/rejectRate", c.id, "rejectRate");
            if (c.emits.empty())
                warning(path + "/emits", c.id,
                        "command " + quote(c.id) + " emits no events: no read model will see it");
            for (std::size_t j = 0; j < c.emits.size(); ++j) {
                const std::string at = path + "/emits/" + std::to_string(j);
                reference(c.emits[j], ElementKind::Event, m_options.brokenEvents, at, c.id,
                          "emitted event");
                const Event *e = m_index.event(c.emits[j]);
                if (e && m_index.aggregate(c.aggregate) && !e->aggregate.empty()
                    && e->aggregate != c.aggregate) {
                    warning(at, c.id,
                            "event " + quote(e->id) + " belongs to aggregate " + quote(e->aggregate)
                                + " but command " + quote(c.id) + " acts on " + quote(c.aggregate)
                                + "; the event is keyed by the command's key");
                }
            }
            if (c.followUp) {
                const FollowUp &f = *c.followUp;
                reference(f.query, ElementKind::Query, m_options.brokenQueries,
                          path + "/followUp/query", c.id, "follow-up query");
                probability(f.probability, path + "/followUp/probability", c.id,
                            "followUp.probability");
                distribution(f.after, path + "/followUp/after", c.id, "followUp.after");
            }
            if (!c.validatesAgainst.empty()) {
                reference(c.validatesAgainst, ElementKind::ReadModel, m_options.brokenReadModels,
                          path + "/validatesAgainst", c.id, "validatesAgainst");
            }
        }
    }

    void checkEvents()
    {
        std::set<std::string_view> subscribed, emitted;
        for (const ReadModel &r : m_model.readModels)
            subscribed.insert(r.subscribes.begin(), r.subscribes.end());
        for (const Policy &p : m_model.policies)
            subscribed.insert(p.subscribes.begin(), p.subscribes.end());
        for (const Command &c : m_model.commands)
            emitted.insert(c.emits.begin(), c.emits.end());
        for (std::size_t i = 0; i < m_model.events.size(); ++i) {
            const Event &e = m_model.events[i];
            const std::string path = "/events/" + std::to_string(i);
            reference(e.aggregate, ElementKind::Aggregate, m_options.brokenAggregates,
                      path + "/aggregate", e.id, "aggregate");
            if (!subscribed.contains(e.id) && !m_options.brokenReadModels
                && !m_options.brokenPolicies)
                warning(path, e.id, "no read model or policy subscribes to event " + quote(e.id));
            if (!emitted.contains(e.id) && !m_options.brokenCommands)
                warning(path, e.id, "no command emits event " + quote(e.id));
        }
    }

    void checkWriteSideAndBus()
    {
        servers(m_model.writeSide.workers, "/writeSide/workers", {}, "workers");
        if (m_model.writeSide.maxRetries < 0)
            error("/writeSide/maxRetries", {},
                  "maxRetries must be 0 or more, not "
                      + std::to_string(m_model.writeSide.maxRetries));
        servers(m_model.eventBus.partitions, "/eventBus/partitions", {}, "partitions");
        distribution(m_model.eventBus.publishDelay, "/eventBus/publishDelay", {}, "publishDelay");
        probability(m_model.eventBus.duplicateRate, "/eventBus/duplicateRate", {}, "duplicateRate");
    }

    void checkConsumer(const ConsumerSpec &c, const std::string &path, const std::string &id,
                       const char *kind)
    {
        if (c.subscribes.empty())
            error(path + "/subscribes", id,
                  std::string("a ") + kind + " must subscribe to at least one event");
        std::set<std::string_view> seen;
        for (std::size_t j = 0; j < c.subscribes.size(); ++j) {
            const std::string at = path + "/subscribes/" + std::to_string(j);
            reference(c.subscribes[j], ElementKind::Event, m_options.brokenEvents, at, id,
                      "subscribed event");
            if (!seen.insert(c.subscribes[j]).second)
                warning(at, id,
                        "event " + quote(c.subscribes[j])
                            + " is listed twice; it is delivered once");
        }
        servers(c.consumers, path + "/consumers", id, "consumers");
        if (c.consumers > m_model.eventBus.partitions && m_model.eventBus.partitions >= 1) {
            const int idle = c.consumers - m_model.eventBus.partitions;
            warning(path + "/consumers", id,
                    std::to_string(c.consumers) + " consumers but only "
                        + std::to_string(m_model.eventBus.partitions)
                        + (m_model.eventBus.partitions == 1 ? " partition: " : " partitions: ")
                        + std::to_string(idle)
                        + (idle == 1 ? " consumer gets no partition and stays idle"
                                     : " consumers get no partition and stay idle"));
        }
        const double duration = m_model.workload.duration;
        if (c.update.mode == UpdateMode::Batch) {
            positive(c.update.interval, path + "/update/interval", id, "batch interval");
            nonNegative(c.update.offset, path + "/update/offset", id, "batch offset");
        } else {
            distribution(c.update.delay, path + "/update/delay", id, "update delay");
            if (c.update.delay.kind == DistKind::Constant && std::isfinite(c.update.delay.p1)
                && std::isfinite(duration) && duration > 0 && c.update.delay.p1 >= duration)
                warning(path + "/update/delay", id,
                        "every event is delayed " + formatNumber(c.update.delay.p1) + " s, as long as the run ("
                            + formatNumber(duration) + " s) or longer: the " + kind
                            + " applies no event; shorten update.delay or lengthen workload.duration");
        }
        distribution(c.applyTime, path + "/applyTime", id, "applyTime");
        for (std::size_t j = 0; j < c.outages.size(); ++j) {
            const std::string at = path + "/outages/" + std::to_string(j);
            nonNegative(c.outages[j].at, at + "/at", id, "outage start");
            positive(c.outages[j].duration, at + "/duration", id, "outage duration");
            if (std::isfinite(c.outages[j].at) && std::isfinite(duration) && duration > 0
                && c.outages[j].at >= duration)
                warning(at + "/at", id,
                        "the outage starts at " + formatNumber(c.outages[j].at) + " s, when the run ("
                            + formatNumber(duration) + " s) is over: it changes nothing");
        }
    }

    void checkReadModel(std::size_t i)
    {
        const ReadModel &r = m_model.readModels[i];
        const std::string path = "/readModels/" + std::to_string(i);
        checkConsumer(r, path, r.id, "read model");
        if (r.store.empty())
            error(path + "/store", r.id,
                  "store must not be empty (e.g. key-value, document, search)");
        for (std::size_t j = 0; j < r.rebuilds.size(); ++j)
            nonNegative(r.rebuilds[j].at, path + "/rebuilds/" + std::to_string(j) + "/at", r.id,
                        "rebuild time");
        if (r.staleBudget)
            nonNegative(r.staleBudget->p99, path + "/staleBudget/p99", r.id, "staleBudget.p99");
        const bool read = m_readModelsInUse.contains(r.id);
        if (!read && !m_options.brokenQueries)
            warning(path, r.id, "no query reads read model " + quote(r.id));
    }

    void checkPolicy(std::size_t i)
    {
        const Policy &p = m_model.policies[i];
        const std::string path = "/policies/" + std::to_string(i);
        checkConsumer(p, path, p.id, "policy");
        reference(p.issues, ElementKind::Command, m_options.brokenCommands, path + "/issues", p.id,
                  "issued command");
        probability(p.probability, path + "/probability", p.id, "probability");
    }

    void checkQueries()
    {
        for (std::size_t i = 0; i < m_model.queries.size(); ++i) {
            const Query &q = m_model.queries[i];
            const std::string path = "/queries/" + std::to_string(i);
            reference(q.readModel, ElementKind::ReadModel, m_options.brokenReadModels,
                      path + "/readModel", q.id, "read model");
            nonNegative(q.share, path + "/share", q.id, "share");
            distribution(q.readTime, path + "/readTime", q.id, "readTime");
            if (q.consistency.strategy == Strategy::WaitForVersion) {
                positive(q.consistency.pollInterval, path + "/consistency/pollInterval", q.id,
                         "pollInterval");
                positive(q.consistency.timeout, path + "/consistency/timeout", q.id, "timeout");
            }
            // Waiting for a version, or showing the write before it is
            // confirmed, is about a command's own follow-up: a query no
            // command follows up reads at once, as eventual does.
            const bool followUpOnly = q.consistency.strategy == Strategy::WaitForVersion
                                      || q.consistency.strategy == Strategy::OptimisticUi;
            if (followUpOnly && !m_options.brokenCommands
                && std::none_of(m_model.commands.begin(), m_model.commands.end(),
                                [&q](const Command &c) {
                                    // (A follow-up of probability 0 is never issued.)
                                    return c.followUp && c.followUp->query == q.id
                                           && c.followUp->probability > 0;
                                })) {
                warning(path + "/consistency/strategy", q.id,
                        "query " + quote(q.id)
                            + " is no command's follow-up (of probability above 0), so "
                            + std::string(toString(q.consistency.strategy))
                            + " never applies: it reads at once, as eventual does; choose it as "
                              "a command's follow-up query, or choose eventual");
            }
        }
    }

    void checkWorkload()
    {
        const Workload &w = m_model.workload;
        positive(w.duration, "/workload/duration", {}, "duration");
        nonNegative(w.warmup, "/workload/warmup", {}, "warmup");
        if (std::isfinite(w.warmup) && std::isfinite(w.duration) && w.duration > 0
            && w.warmup >= w.duration) {
            error("/workload/warmup", {},
                  "warmup (" + formatNumber(w.warmup) + " s) must be shorter than duration ("
                      + formatNumber(w.duration) + " s): nothing would be measured");
        }
        nonNegative(w.commandRate, "/workload/commandRate", {}, "commandRate");
        nonNegative(w.queryRate, "/workload/queryRate", {}, "queryRate");
        // Every rate the run will see must be finite and bounded: a product that
        // overflows to infinity would make arrivals 0 s apart (a run that never
        // advances) while the time-averaged rate still looks harmless.
        const std::string rateLimit = "100 million";
        static_assert(kMaxRate == 1.0e8, "say the limit in words");
        if (w.commandRate > kMaxRate) {
            error("/workload/commandRate", {},
                  "commandRate " + formatNumber(w.commandRate) + " per second is above the limit of "
                      + rateLimit + " per second");
        }
        if (w.queryRate > kMaxRate) {
            error("/workload/queryRate", {},
                  "queryRate " + formatNumber(w.queryRate) + " per second is above the limit of " + rateLimit
                      + " per second");
        }
        for (std::size_t j = 0; j < w.rateProfile.size(); ++j) {
            const std::string at = "/workload/rateProfile/" + std::to_string(j);
            nonNegative(w.rateProfile[j].at, at + "/at", {}, "at");
            nonNegative(w.rateProfile[j].factor, at + "/factor", {}, "factor");
            const double rate = w.commandRate * w.rateProfile[j].factor;
            if (w.commandRate <= kMaxRate && w.rateProfile[j].factor >= 0 && !(rate <= kMaxRate)) {
                error(at + "/factor", {},
                      "commandRate x factor is " + (std::isfinite(rate) ? formatNumber(rate) : std::string("infinite (it overflows)"))
                          + " commands per second from t = " + formatNumber(w.rateProfile[j].at)
                          + " s, above the limit of " + rateLimit + " per second; lower the factor");
            }
            if (j > 0 && w.rateProfile[j].at < w.rateProfile[j - 1].at) {
                error(at + "/at", {},
                      "rateProfile must be sorted by \"at\": " + formatNumber(w.rateProfile[j].at)
                          + " comes after " + formatNumber(w.rateProfile[j - 1].at));
            }
        }
        if (w.keys.dist == KeyDist::Zipf)
            positive(w.keys.s, "/workload/keys/s", {}, "zipf exponent s");
        if (w.sampleInterval)
            positive(*w.sampleInterval, "/workload/sampleInterval", {}, "sampleInterval");
        // The engine raises it so that a run has at most kMaxSampleIntervals
        // samples: say so rather than run with another value silently.
        if (w.sampleInterval && *w.sampleInterval > 0 && w.duration > 0 && std::isfinite(w.duration)
            && *w.sampleInterval < w.duration / kMaxSampleIntervals) {
            warning("/workload/sampleInterval", {},
                    "sampleInterval " + formatNumber(*w.sampleInterval) + " s is raised to "
                        + formatNumber(w.duration / kMaxSampleIntervals)
                        + " s: a run has at most 100,000 samples (duration "
                        + formatNumber(w.duration) + " s / 100,000)");
        }

        checkSomethingToSimulate();
        if (w.peakCommandRate() > 0 && !m_options.brokenCommands) {
            if (m_model.commands.empty()) {
                error("/workload/commandRate", {},
                      "commandRate is " + formatNumber(w.commandRate)
                          + " per second but the model has no commands");
            } else if (std::all_of(m_model.commands.begin(), m_model.commands.end(),
                                   [](const Command &c) { return !(c.share > 0); })) {
                error("/commands", {},
                      "every command has share 0 but commandRate is " + formatNumber(w.commandRate)
                          + " per second: give at least one command a share above 0");
            }
        }
        if (w.queryRate > 0 && !m_options.brokenQueries) {
            if (m_model.queries.empty()) {
                error("/workload/queryRate", {},
                      "queryRate is " + formatNumber(w.queryRate)
                          + " per second but the model has no queries");
            } else if (std::all_of(m_model.queries.begin(), m_model.queries.end(),
                                   [](const Query &q) { return !(q.share > 0); })) {
                error("/queries", {},
                      "every query has share 0 but queryRate is " + formatNumber(w.queryRate)
                          + " per second: give at least one query a share above 0");
            }
        }
    }

    // A loop command -> event -> policy -> command in which every step is
    // certain and takes no time fires forever at one simulated instant.
    void checkPolicyLoops()
    {
        const FlowGraph g = buildFlowGraph(m_model, true);
        for (const std::vector<int> &component : stronglyConnected(g)) {
            if (!isCyclic(g, component))
                continue;
            const std::set<int> members(component.begin(), component.end());
            // Walk one cycle inside the component, starting at a command.
            int start = *std::min_element(component.begin(), component.end());
            std::vector<int> cycle = {start};
            std::set<int> visited = {start};
            int v = start;
            while (true) {
                int next = -1;
                for (const FlowGraph::Edge &e : g.out[static_cast<std::size_t>(v)]) {
                    if (members.contains(e.to)) {
                        next = e.to;
                        break;
                    }
                }
                if (next < 0)
                    break;
                if (visited.contains(next)) {
                    // Trim the lead-in so the text shows only the cycle.
                    cycle.erase(cycle.begin(), std::find(cycle.begin(), cycle.end(), next));
                    cycle.push_back(next);
                    break;
                }
                visited.insert(next);
                cycle.push_back(next);
                v = next;
            }
            std::string text;
            int firstPolicy = -1;
            for (int node : cycle) {
                if (!text.empty())
                    text += " -> ";
                if (node < g.commandCount) {
                    text += m_model.commands[static_cast<std::size_t>(node)].id;
                } else if (node < g.commandCount + g.eventCount) {
                    text += m_model.events[static_cast<std::size_t>(node - g.commandCount)].id;
                } else {
                    const int p = node - g.commandCount - g.eventCount;
                    if (firstPolicy < 0)
                        firstPolicy = p;
                    text += m_model.policies[static_cast<std::size_t>(p)].id + " (policy)";
                }
            }
            if (firstPolicy < 0)
                continue;
            error("/policies/" + std::to_string(firstPolicy),
                  m_model.policies[static_cast<std::size_t>(firstPolicy)].id,
                  "policy loop " + text
                      + " would fire forever at one instant: every policy in it has probability 1 "
                        "and every step "
                        "zero delay; give a policy a probability below 1, an update delay or an "
                        "applyTime, or the "
                        "command a handlerTime");
        }
    }

    // A model with nothing to simulate runs and reports zeros everywhere,
    // which reads like a healthy system: say so instead (issue 8, bug 5).
    void checkSomethingToSimulate()
    {
        const Workload &w = m_model.workload;
        const bool noCommandRate = !(w.peakCommandRate() > 0);
        const bool noQueryRate = !(w.queryRate > 0);
        if (noCommandRate && noQueryRate) {
            warning("/workload", {},
                    "nothing to simulate: commandRate and queryRate are both 0, so a run would "
                    "only report zeros; set workload.commandRate (and queryRate for reads)");
        } else if (m_model.commands.empty() && !m_options.brokenCommands) {
            warning("/commands", {},
                    "nothing is written: the model has no commands, so no events are published and "
                    "the read models never change; add a command that emits an event");
        } else if (noCommandRate) {
            warning("/workload/commandRate", {},
                    "nothing is written: commandRate is 0, so no events are published and the "
                    "read models never change; set workload.commandRate above 0");
        }
    }

    void checkDiagram()
    {
        for (const auto &[id, node] : m_model.diagram.nodes) {
            if (!m_index.kindOf(id)) {
                warning(childPath("/diagram/nodes", id), id,
                        "the diagram places " + quote(id) + ", but no element has this id");
            }
            for (const auto &[axis, value] : {std::pair{"x", node.x}, std::pair{"y", node.y}}) {
                if (!(std::abs(value) <= kDiagramExtent))
                    warning(childPath("/diagram/nodes", id) + "/" + axis, id,
                            axis + std::string(" ") + formatNumber(value) + " is off the canvas (it reaches "
                                + formatNumber(kDiagramExtent) + " either way): the application places "
                                + quote(id) + " anew");
            }
        }
    }

    /// The wait-for-version query whose polls alone take the run over the
    /// engine's event limit (the run without them keeps to it), if any.
    std::optional<std::size_t> pollingQueryOverLimit() const
    {
        for (std::size_t q = 0; q < m_model.queries.size(); ++q) {
            const Consistency &consistency = m_model.queries[q].consistency;
            if (consistency.strategy != Strategy::WaitForVersion || !(consistency.pollInterval > 0))
                continue;
            Model without = m_model;
            without.queries[q].consistency.timeout = 0;
            if (expectedEngineEvents(without) <= kMaxExpectedEngineEvents)
                return q;
        }
        return std::nullopt;
    }

    void checkPredictions()
    {
        const FlowSolution flows = solveFlows(m_model, 1.0);
        if (flows.rates.divergent) {
            const int p = flows.divergentPolicies.empty() ? -1 : flows.divergentPolicies.front();
            error(p >= 0 ? "/policies/" + std::to_string(p) : std::string("/policies"),
                  p >= 0 ? m_model.policies[static_cast<std::size_t>(p)].id : std::string(),
                  "policy feedback grows without limit: each command leads, through policies, to "
                  "at least one "
                  "more command on average; lower a policy probability");
            return;
        }
        const double events = expectedEngineEvents(m_model);
        if (!(events <= kMaxExpectedEngineEvents)) {
            const std::string count = std::string(events < 1e18 ? "about " : "") + describeCount(events);
            const std::string limit = " simulated events, more than the limit of "
                                      + describeCount(kMaxExpectedEngineEvents) + " (docs/limits.md); ";
            // A wait-for-version timeout far longer than its poll interval
            // is what a user changed, not the workload: name it.
            if (const std::optional<std::size_t> q = pollingQueryOverLimit()) {
                const Query &query = m_model.queries[*q];
                error("/queries/" + std::to_string(*q) + "/consistency/timeout", query.id,
                      "a read of " + quote(query.id) + " waits up to "
                          + formatNumber(query.consistency.timeout) + " s for its version, polling every "
                          + formatNumber(query.consistency.pollInterval) + " s: this run could take "
                          + count + limit + "lower the timeout or raise the poll interval");
            } else {
                error("/workload", {},
                      "this run would take " + count + limit
                          + "shorten workload.duration or lower the rates");
            }
        } else if (const std::optional<RunMemoryProblem> memory = checkRunMemory(m_model)) {
            error(memory->path, memory->id, memory->message);
        }
        const std::vector<LoadPrediction> loads = predictLoads(m_model);
        for (const LoadPrediction &load : loads) {
            if (!load.unstable())
                continue;
            switch (load.component) {
            case LoadPrediction::Component::WriteSide: {
                // What the saturated write side lets through is all that
                // reaches the read models downstream.
                std::string text = load.message();
                if (std::isfinite(load.capacity()) && std::isfinite(load.arrivalRate))
                    text += "; it can serve about " + formatNumber(roundTo3(load.capacity())) + " of the "
                            + formatNumber(roundTo3(load.arrivalRate)) + " arrivals per second";
                prediction("/writeSide/workers", {}, text);
                break;
            }
            case LoadPrediction::Component::ReadModel:
                for (std::size_t i = 0; i < m_model.readModels.size(); ++i) {
                    if (m_model.readModels[i].id == load.id)
                        prediction("/readModels/" + std::to_string(i) + "/consumers", load.id,
                                   load.message());
                }
                break;
            case LoadPrediction::Component::Policy:
                for (std::size_t i = 0; i < m_model.policies.size(); ++i) {
                    if (m_model.policies[i].id == load.id)
                        prediction("/policies/" + std::to_string(i) + "/consumers", load.id,
                                   load.message());
                }
                break;
            }
        }
    }
};

} // namespace

namespace detail {

Diagnostics validateModel(const Model &model, const ValidateOptions &options)
{
    try {
        return Checker(model, options).run();
    } catch (const std::exception &e) {
        Diagnostic d;
        d.message = std::string("internal error while validating the model: ") + e.what();
        return {d};
    }
}

} // namespace detail

Diagnostics validateModel(const Model &model)
{
    return detail::validateModel(model, {});
}

FlowRates predictFlows(const Model &model, double commandRateScale)
{
    return solveFlows(model, commandRateScale).rates;
}

double expectedEngineEvents(const Model &m)
{
    const Workload &w = m.workload;
    const double T = w.duration;
    if (!(T > 0) || !std::isfinite(T))
        return 0;
    const double peak = w.peakCommandRate();
    const double scale = peak > 0 ? w.commandRate * averageRateFactor(w) / peak : 0.0;
    const FlowRates flows = predictFlows(m, scale);
    if (flows.divergent)
        return kInf;
    const auto events = indexById(m.events);
    const IdIndex queries(m);
    const double dup = 1.0 + std::clamp(m.eventBus.duplicateRate, 0.0, 1.0);

    double perSecond = 0;
    // Commands: arrival and end of handling.
    for (double rate : flows.commandRate)
        perSecond += 2.0 * rate;
    // Committed events: one availability event each on the bus.
    for (double rate : flows.eventRate)
        perSecond += rate;
    double once = 0; // events that do not scale with the run length
    auto consumer = [&](const ConsumerSpec &c) {
        std::set<int> seen;
        double in = 0;
        for (const std::string &id : c.subscribes) {
            const auto it = events.find(id);
            if (it != events.end() && seen.insert(it->second).second)
                in += flows.eventRate[static_cast<std::size_t>(it->second)];
        }
        // Delivery into the consumer's queue and end of apply, per copy.
        perSecond += 2.0 * in * dup;
        if (c.update.mode == UpdateMode::Batch && c.update.interval > 0)
            perSecond += std::max(1, c.consumers) / c.update.interval;
        once += 2.0 * static_cast<double>(c.outages.size());
        return in;
    };
    for (const ReadModel &r : m.readModels) {
        const double in = consumer(r);
        // A rebuild at t replays what was committed before t.
        for (const Rebuild &rb : r.rebuilds)
            once += 2.0 * in * std::clamp(rb.at, 0.0, T) + 2.0;
    }
    for (const Policy &p : m.policies)
        consumer(p);
    // Plain queries: arrival and completion.
    perSecond += 2.0 * std::max(0.0, w.queryRate);
    // Follow-up queries: issue, completion and each poll of wait-for-version.
    for (std::size_t c = 0; c < m.commands.size(); ++c) {
        const Command &command = m.commands[c];
        if (!command.followUp)
            continue;
        const Query *q = queries.query(command.followUp->query);
        double steps = 2.0;
        if (q && q->consistency.strategy == Strategy::WaitForVersion
            && q->consistency.pollInterval > 0)
            steps += std::ceil(q->consistency.timeout / q->consistency.pollInterval);
        perSecond += flows.commandRate[c] * std::clamp(1.0 - command.rejectRate, 0.0, 1.0)
                     * std::clamp(command.followUp->probability, 0.0, 1.0) * steps;
    }
    // Metric samples, at the interval the engine raises a smaller one to.
    const double sampleInterval = std::max(w.effectiveSampleInterval(), T / kMaxSampleIntervals);
    perSecond += sampleInterval > 0 ? 1.0 / sampleInterval : kInf;
    const double total = perSecond * T + once;
    return std::isnan(total) ? kInf : total;
}

double predictedRunMemoryBytes(const Model &model)
{
    double items = 0;
    for (const BacklogPrediction &b : predictBacklogs(model))
        items += b.items;
    const double bytes = items * kBytesPerBacklogItem;
    return std::isnan(bytes) ? kInf : bytes;
}

std::optional<RunMemoryProblem> checkRunMemory(const Model &model)
{
    const std::vector<BacklogPrediction> backlogs = predictBacklogs(model);
    double total = 0;
    const BacklogPrediction *largest = nullptr;
    for (const BacklogPrediction &b : backlogs) {
        total += std::isnan(b.items) ? kInf : b.items;
        if (!largest || b.items > largest->items || std::isnan(b.items))
            largest = &b;
    }
    const double bytes = total * kBytesPerBacklogItem;
    if (!largest || bytes <= kMaxRunMemoryBytes)
        return std::nullopt;
    const BacklogPrediction &b = *largest;
    const bool writeSide = b.component == LoadPrediction::Component::WriteSide;
    const double stageBytes = b.items * kBytesPerBacklogItem;
    auto about = [](double value) { return value < 1e18 ? "about " : ""; };
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g GiB", kMaxRunMemoryBytes / (1024.0 * 1024.0 * 1024.0));
    std::string text = b.label() + " would hold " + about(b.items) + describeCount(b.items)
                       + (writeSide ? " queued commands" : " unapplied events") + " at its peak ("
                       + about(stageBytes) + describeBytes(stageBytes) + " of memory";
    if (b.items < total * (1 - 1e-9))
        text += "; all stages together " + std::string(about(bytes)) + describeBytes(bytes);
    text += std::string("), more than a run may use (") + limit + ", docs/limits.md)";
    // What to change: the largest of the reasons.
    const double reasons[] = {b.overload, b.outages, b.rebuilds, b.batch};
    const double *top = std::max_element(std::begin(reasons), std::end(reasons));
    switch (top - std::begin(reasons)) {
    case 0:
        if (std::isfinite(b.capacity) && std::isfinite(b.arrivalRate))
            text += std::string(": it can ") + (writeSide ? "handle" : "apply") + " about "
                    + formatNumber(roundTo3(b.capacity)) + " of the " + formatNumber(roundTo3(b.arrivalRate))
                    + (writeSide ? " commands" : " events") + " per second that reach it";
        text += writeSide ? "; add writeSide.workers, lower handlerTime or commandRate, or shorten "
                            "workload.duration"
                          : "; add consumers (and eventBus.partitions), lower applyTime, lower the "
                            "rates, or shorten workload.duration";
        break;
    case 1:
        text += ": events pile up during its outages; shorten the outages or lower the rates";
        break;
    case 2:
        text += ": events pile up while its rebuilds replay; rebuild earlier, add consumers, lower "
                "applyTime or lower the rates";
        break;
    default:
        text += ": each batch holds one update.interval of events; shorten update.interval or "
                "lower the rates";
        break;
    }
    return RunMemoryProblem{b.path, b.id, text};
}

} // namespace cqrs
