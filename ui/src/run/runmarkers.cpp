#include "cqrs/ui/run/runmarkers.h"

#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/common/format.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/sink.h>

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

namespace cqrs {

namespace {

// The markers' texts, for translation.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cqrs::RunMarkers)
};

bool endsWith(const std::string &text, const std::string &tail)
{
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

/// "4", "wait-for-version", "exponential 0.2": a JSON value in a few words.
QString shortValue(const Json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_number())
        return formatNumber(value.get<double>());
    if (value.is_object() && value.contains("dist") && value["dist"].is_string()) {
        // Every parameter, the second named: a p99 changed from 0.5 to 3 s
        // read "lognormal 50 ms", the median that had not changed.
        const auto seconds = [&value](const char *key) {
            return value.contains(key) && value[key].is_number() ? formatSeconds(value[key].get<double>())
                                                                 : QString();
        };
        QString text = QString::fromStdString(value["dist"].get<std::string>());
        for (const char *key : {"value", "mean", "median"}) {
            if (const QString v = seconds(key); !v.isEmpty())
                text += QLatin1Char(' ') + v;
        }
        if (const QString sd = seconds("stddev"); !sd.isEmpty())
            text += QStringLiteral(", sd ") + sd;
        if (const QString p99 = seconds("p99"); !p99.isEmpty())
            text += QStringLiteral(", p99 ") + p99;
        if (const QString min = seconds("min"), max = seconds("max"); !min.isEmpty() && !max.isEmpty())
            text += QStringLiteral(" %1 – %2").arg(min, max);
        return text;
    }
    if (value.is_object() && value.contains("strategy") && value["strategy"].is_string())
        return QString::fromStdString(value["strategy"].get<std::string>());
    return QString::fromStdString(value.dump());
}

} // namespace

QColor markerColor(RunMarker::Kind kind)
{
    switch (kind) {
    case RunMarker::Kind::Outage:
        return QColor(0xc6, 0x28, 0x28);
    case RunMarker::Kind::Rebuild:
        return QColor(0xe6, 0x5c, 0x00);
    case RunMarker::Kind::RateChange:
        return QColor(0x6a, 0x1b, 0x9a);
    case RunMarker::Kind::Edit:
        return QColor(0x00, 0x69, 0x5c);
    case RunMarker::Kind::WhatIf:
        return QColor(0xad, 0x14, 0x57);
    }
    return Qt::black;
}

QString editText(const std::string &path, const Json &value,
                 const std::function<QString(const std::string &)> &nameOf)
{
    // The model-wide fields a run changes, as the inspector names them
    // ("command rate = 40/s", not "workload.commandRate = 40").
    // (The values as the parameter tables show them: 0.0005 is "0.05%".)
    static constexpr std::pair<std::string_view, const char *> kModelWide[] = {
        {"workload.commandRate", QT_TRANSLATE_NOOP("cqrs::RunMarkers", "command rate = %1")},
        {"workload.queryRate", QT_TRANSLATE_NOOP("cqrs::RunMarkers", "query rate = %1")},
        {"eventBus.duplicateRate", QT_TRANSLATE_NOOP("cqrs::RunMarkers", "duplicate rate = %1")},
        {"eventBus.partitions", QT_TRANSLATE_NOOP("cqrs::RunMarkers", "partitions = %1")},
        {"writeSide.workers", QT_TRANSLATE_NOOP("cqrs::RunMarkers", "write-side workers = %1")},
    };
    for (const auto &[field, text] : kModelWide) {
        if (value.is_number() && path == field)
            return Text::tr(text).arg(formatParameterValue(path, value.dump()));
    }
    const QStringList parts = QString::fromStdString(path).split(QLatin1Char('.'));
    QString field = QString::fromStdString(path); // "eventBus.publishDelay"
    if (parts.size() >= 3)
        field = nameOf(parts[1].toStdString()) + QLatin1Char(' ') + parts.mid(2).join(QLatin1Char('.'));
    return Text::tr("%1 = %2").arg(field, boundedText(shortValue(value), 80));
}

QString markerTimeText(const RunMarker &marker, double unit)
{
    if (marker.open)
        return QStringLiteral("%1 – …").arg(formatSecondsInUnit(marker.start, unit));
    if (marker.isInterval()) {
        return unit > 0 ? formatSecondsRangeInUnit(marker.start, marker.end, unit)
                        : formatSecondsRange(marker.start, marker.end);
    }
    return formatSecondsInUnit(marker.start, unit);
}

void RunMarkers::clear()
{
    m_markers.clear();
    m_readModels.clear();
    m_names.clear();
    m_duration = 0;
    m_commandRate = 0;
    m_rateEdits.clear();
    m_rateSteps.clear();
}

void RunMarkers::reset(const Model &model, double duration, bool modelAsRun)
{
    clear();
    m_duration = duration;
    m_commandRate = model.workload.commandRate;
    // The model as run has the last edit's rate; until an edit says what it replaced,
    // the rate from the start is that one (no edit of the rate: it never changed).
    if (modelAsRun)
        m_rateEdits.emplace_back(-1.0, model.workload.commandRate);
    for (const ReadModel &rm : model.readModels) {
        m_readModels.push_back(rm.id);
        m_names[rm.id] = boundedText(rm.name.empty() ? rm.id : rm.name, 40);
    }
    for (const Policy &p : model.policies)
        m_names[p.id] = boundedText(p.name.empty() ? p.id : p.name, 40);
    for (const ReadModel &rm : model.readModels) {
        for (const Outage &o : rm.outages)
            addOutage(rm.id, o.at, o.duration);
        for (const Rebuild &r : rm.rebuilds)
            addRebuild(rm.id, r.at);
    }
    for (const Policy &p : model.policies) {
        for (const Outage &o : p.outages)
            addOutage(p.id, o.at, o.duration);
    }
    double factor = 1;
    for (const RateStep &step : model.workload.rateProfile) {
        // A step to the factor already in force changes nothing to mark.
        if (step.factor == factor || step.at >= duration)
            continue;
        factor = step.factor;
        RunMarker m;
        m.kind = RunMarker::Kind::RateChange;
        m.start = step.at;
        m.label = Text::tr("rate ×%1").arg(formatNumber(step.factor));
        m_rateSteps.emplace_back(step.at, step.factor);
        add(std::move(m));
    }
    describeRateSteps();
}

double RunMarkers::commandRateAt(double t) const
{
    // The last edit at or before t; before any, the rate the run started with.
    double rate = m_commandRate;
    double latest = -2;
    for (const auto &[at, value] : m_rateEdits) {
        if (at <= t && at >= latest) {
            latest = at;
            rate = value;
        }
    }
    return rate;
}

void RunMarkers::describeRateSteps()
{
    for (RunMarker &m : m_markers) {
        if (m.kind != RunMarker::Kind::RateChange)
            continue;
        double factor = 1;
        for (const auto &[at, f] : m_rateSteps) {
            if (at == m.start)
                factor = f;
        }
        const double rate = commandRateAt(m.start);
        m.description = std::isnan(rate) ? Text::tr("Command rate ×%1 of the base rate").arg(formatNumber(factor))
                                         : Text::tr("Command rate ×%1 of the base rate (%2)")
                                               .arg(formatNumber(factor), formatRate(rate * factor));
    }
}

QString RunMarkers::nameOf(const std::string &id) const
{
    const auto it = m_names.find(id);
    return it != m_names.end() ? it->second : boundedText(id, 40);
}

void RunMarkers::add(RunMarker marker)
{
    if (m_duration > 0 && marker.start >= m_duration)
        return; // never reached in this run
    if (std::find(m_markers.begin(), m_markers.end(), marker) != m_markers.end())
        return;
    // In time order; equal times keep the order they came in.
    const auto at = std::upper_bound(m_markers.begin(), m_markers.end(), marker.start,
                                     [](double t, const RunMarker &m) { return t < m.start; });
    m_markers.insert(at, std::move(marker));
}

void RunMarkers::addOutage(const std::string &id, double at, double duration)
{
    RunMarker m;
    m.kind = RunMarker::Kind::Outage;
    m.start = at;
    m.end = at + duration;
    m.element = id;
    const QString name = nameOf(id);
    m.label = Text::tr("%1 down").arg(name);
    m.description = Text::tr("Outage of %1 for %2").arg(name, formatSeconds(duration));
    add(std::move(m));
}

void RunMarkers::describeRebuild(RunMarker &m) const
{
    const QString name = nameOf(m.element);
    // What happened last, as "X down": a cut label keeps its last word
    // ("TripAn… rebuild"; "rebuild TripAnalytics" was cut to "…alytics").
    m.label = Text::tr("%1 rebuild").arg(name);
    if (m.open)
        m.description = Text::tr("Rebuild of %1 (replaying every event)").arg(name);
    else
        m.description = Text::tr("Rebuild of %1 took %2").arg(name, formatSeconds(m.end - m.start));
}

void RunMarkers::addRebuild(const std::string &id, double at)
{
    for (const RunMarker &m : m_markers) {
        if (m.kind == RunMarker::Kind::Rebuild && m.element == id && m.start == at)
            return;
    }
    RunMarker m;
    m.kind = RunMarker::Kind::Rebuild;
    m.start = at;
    m.open = true;
    m.element = id;
    describeRebuild(m);
    add(std::move(m));
}

void RunMarkers::addEdit(const std::string &path, const QString &valueJson, double at, const QString &previousJson)
{
    // A change made by hand ends a what-if going on on the same path: its
    // end no longer puts the old value back (the run keeps the new one).
    for (RunMarker &m : m_markers) {
        if (m.kind == RunMarker::Kind::WhatIf && m.path == path && m.start < at && at < m.end - 1e-9)
            m.end = at;
    }
    const JsonParseResult parsed = parseJsonText(valueJson.toStdString());
    const Json value = parsed.json ? *parsed.json : Json(valueJson.toStdString());
    if (path == "workload.commandRate" && value.is_number()) {
        // A run reopened from the history: its model has the last rate; the
        // first edit's previous value is the rate it started with.
        const bool first = std::none_of(m_rateEdits.begin(), m_rateEdits.end(),
                                        [](const auto &e) { return e.first >= 0; });
        const bool asRun = !m_rateEdits.empty() && m_rateEdits.front().first < 0;
        if (asRun && first) {
            const JsonParseResult previous = parseJsonText(previousJson.toStdString());
            m_rateEdits.front().second = previous.json && previous.json->is_number()
                                             ? previous.json->get<double>()
                                             : std::numeric_limits<double>::quiet_NaN();
        }
        m_rateEdits.emplace_back(at, value.get<double>());
        describeRateSteps();
    }
    // The history records a scheduled outage or rebuild as the element's whole list.
    const bool outages = endsWith(path, ".outages");
    if ((outages || endsWith(path, ".rebuilds")) && value.is_array()) {
        const std::size_t first = path.find('.');
        const std::size_t last = path.rfind('.');
        const std::string id = first < last ? path.substr(first + 1, last - first - 1) : std::string();
        for (const Json &item : value) {
            if (!item.is_object() || !item.contains("at") || !item["at"].is_number())
                continue;
            const double t = item["at"].get<double>();
            if (outages && item.contains("duration") && item["duration"].is_number())
                addOutage(id, t, item["duration"].get<double>());
            else if (!outages)
                addRebuild(id, t);
        }
        return;
    }
    // The edit that ends a what-if belongs to its band.
    for (const RunMarker &w : m_markers) {
        if (w.kind == RunMarker::Kind::WhatIf && w.path == path && (w.end == at || w.start == at))
            return;
    }
    // A run reopened from the history: an edit that puts back what an earlier
    // edit of the same path replaced ends a temporary change (a what-if): one band.
    for (auto it = m_markers.rbegin(); it != m_markers.rend(); ++it) {
        RunMarker &w = *it;
        if (w.path != path || !(w.start < at))
            continue;
        // Only the latest change of this path can be the one undone.
        // Compared as JSON: 100 and 100.0 are the same rate.
        const JsonParseResult before = parseJsonText(w.previous.toStdString());
        if (w.kind != RunMarker::Kind::Edit || !before.json || !(*before.json == value))
            break;
        w.kind = RunMarker::Kind::WhatIf;
        w.end = at;
        w.description = Text::tr("%1 from %2 to %3, then back to %4")
                            .arg(w.description, formatMoment(w.start, m_duration), formatMoment(at, m_duration),
                                 boundedText(shortValue(value), 80));
        w.previous.clear();
        return;
    }
    RunMarker m;
    m.kind = RunMarker::Kind::Edit;
    m.path = path;
    m.start = at;
    if (const JsonParseResult before = parseJsonText(previousJson.toStdString()); before.json)
        m.previous = QString::fromStdString(before.json->dump());
    // "consumers = 4" on the chart, the whole path in the summary.
    const QString shown = shortValue(value);
    // Whole: a chart cuts a label that lacks room in its middle, so that
    // the value at its end stays ("UserView upd…al 300 ms").
    m.label = boundedText(editText(path, value, [this](const std::string &id) { return nameOf(id); }), 120);
    m.description = Text::tr("Changed %1 to %2").arg(QString::fromStdString(path), boundedText(shown, 80));
    add(std::move(m));
}

void RunMarkers::addWhatIf(const std::string &path, double start, double end, const QString &label,
                           const QString &description)
{
    // The edit that started it is this what-if, not a change of its own.
    std::erase_if(m_markers, [&](const RunMarker &m) {
        return m.kind == RunMarker::Kind::Edit && m.path == path && m.start == start;
    });
    RunMarker m;
    m.kind = RunMarker::Kind::WhatIf;
    m.path = path;
    m.start = start;
    m.end = end;
    m.label = label;
    m.description = description;
    add(std::move(m));
}

bool RunMarkers::update(const sim::Snapshot &snapshot)
{
    bool changed = false;
    for (RunMarker &m : m_markers) {
        if (!m.open || m.kind != RunMarker::Kind::Rebuild || !(snapshot.time > m.start))
            continue;
        const auto it = std::find(m_readModels.begin(), m_readModels.end(), m.element);
        const std::size_t index = std::size_t(it - m_readModels.begin());
        if (index >= snapshot.readModels.size() || snapshot.readModels[index].rebuilding)
            continue;
        // Finished within the interval that ends here (the result has the exact end).
        m.open = false;
        m.end = snapshot.time;
        describeRebuild(m);
        changed = true;
    }
    return changed;
}

void RunMarkers::applyResult(const Json &result)
{
    if (!result.is_object())
        return;
    // A run stopped early: what the model had planned after its end never
    // happened (a stopped run's charts showed an outage past its end, and
    // their time axis reached out to it); what was going on at the end is
    // cut there.
    if (const auto end = result.find("simulatedSeconds"); end != result.end() && end->is_number()
                                                          && std::isfinite(end->get<double>()))
        endAt(end->get<double>());
    if (!result.contains("readModels") || !result["readModels"].is_object())
        return;
    const Json &readModels = result["readModels"];
    for (RunMarker &m : m_markers) {
        if (m.kind != RunMarker::Kind::Rebuild || !readModels.contains(m.element))
            continue;
        const Json &rm = readModels[m.element];
        if (!rm.is_object() || !rm.contains("rebuilds") || !rm["rebuilds"].is_array())
            continue;
        for (const Json &rb : rm["rebuilds"]) {
            // Stored results may be damaged: every field is checked for its
            // type before it is read (value() would throw on a mismatch).
            if (!rb.is_object() || !rb.contains("at") || !rb["at"].is_number() || rb["at"].get<double>() != m.start
                || !rb.contains("duration") || !rb["duration"].is_number())
                continue;
            const double duration = rb["duration"].get<double>();
            m.open = false;
            m.end = m.start + duration;
            describeRebuild(m);
            const auto completed = rb.find("completed");
            if (completed != rb.end() && completed->is_boolean() && !completed->get<bool>())
                m.description = Text::tr("Rebuild of %1, still replaying when the run ended").arg(nameOf(m.element));
        }
    }
}

void RunMarkers::endAt(double end)
{
    if (!(end > 0) || (m_duration > 0 && end >= m_duration))
        return; // ran to its end: nothing planned was left out
    std::erase_if(m_markers, [end](const RunMarker &m) { return m.start > end; });
    for (RunMarker &m : m_markers) {
        // An outage, a what-if's band: whatever interval was still going on.
        if (m.isInterval() && !m.open && m.end > end) {
            m.end = end;
            m.description += Text::tr(" (the run stopped during it, at %1)").arg(formatSeconds(end));
        }
    }
}

} // namespace cqrs
