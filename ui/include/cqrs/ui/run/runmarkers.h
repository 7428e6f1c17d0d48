#pragma once

#include <cqrs/model/model.h>

#include <QColor>
#include <QString>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cqrs {

namespace sim {
struct Snapshot;
}

/// Something that happened to a run at a simulated time and explains what
/// the charts show there: a fault (an outage, a rebuild) or a change (a step
/// of the rate profile, an edit made while the run went on, a what-if).
struct RunMarker
{
    enum class Kind { Outage, Rebuild, RateChange, Edit, WhatIf };
    Kind kind = Kind::Edit;
    double start = 0;
    double end = -1;     ///< > start: an interval (a band on the charts); otherwise an instant
    bool open = false;   ///< an interval still going on (a rebuild not finished yet): ends "now"
    std::string element; ///< the read model or policy of an outage or rebuild
    std::string path;    ///< the `--set` path a what-if changes
    QString label;       ///< the short text drawn on the charts
    QString description; ///< the sentence the run summary lists
    QString previous;    ///< an edit's replaced value as JSON text, when known (a run reopened from the history)

    bool isInterval() const { return open || end > start; }
    bool operator==(const RunMarker &) const = default;
};

/// The colour a kind of marker has on every chart and in the summary.
QColor markerColor(RunMarker::Kind kind);
/// "12.5 s" for an instant, "12.5 s – 42.5 s" for an interval ("12.5 s – …"
/// while open). With a time axis's `unit` (1, 60 or 3600 s) the times are
/// in that unit, as on the chart: "300 s – 330 s" rather than "5 min – 5.5 min".
QString markerTimeText(const RunMarker &marker, double unit = 0);
/// A change of the model path `path` ("readModels.user-view.consumers") to
/// `value` in a few words: "UserView consumers = 4", the element named by
/// `nameOf(id)`, a distribution as "lognormal 50 ms"; a path outside the
/// elements as it is ("workload.commandRate = 150").
QString editText(const std::string &path, const Json &value,
                 const std::function<QString(const std::string &)> &nameOf);

/// The faults and changes of one run, in time order: built from the model when
/// the run starts (its outages, rebuilds and rate profile), then added to as
/// the run goes (edits and outages scheduled live), with the rebuilds' ends
/// taken from the snapshots and, at the end, from the result file.
class RunMarkers
{
public:
    /// Starts over with the scheduled faults and rate steps of `model`, up to `duration`.
    /// `modelAsRun`: the model has the run's edits applied already (a run
    /// reopened from the history), so its command rate is the one in force
    /// after the last edit, and the rate before comes from the edits' `previous`.
    void reset(const Model &model, double duration, bool modelAsRun = false);
    void clear();

    /// An outage from `at` for `duration` (an identical one is not added twice).
    void addOutage(const std::string &id, double at, double duration);
    /// A rebuild of a read model from `at`; its end comes from snapshots or the result.
    void addRebuild(const std::string &id, double at);
    /// A `--set`-style change applied at `at` (`valueJson` as JSON text). The
    /// history's records of scheduled outages and rebuilds (paths ending in
    /// ".outages" or ".rebuilds" with the element's whole list) become outages
    /// and rebuilds.
    /// `previousJson` (when known) is the value the edit replaced.
    void addEdit(const std::string &path, const QString &valueJson, double at, const QString &previousJson = {});
    /// A what-if applied live to `path` (label for the charts, sentence for
    /// the summary); the edits that make it (at its start and end) are part of it.
    void addWhatIf(const std::string &path, double start, double end, const QString &label,
                   const QString &description);

    /// Ends rebuilds the snapshot shows finished; true when a marker changed.
    bool update(const sim::Snapshot &snapshot);
    /// Exact rebuild intervals from a result file's readModels.*.rebuilds,
    /// and endAt() its simulatedSeconds.
    void applyResult(const Json &result);
    /// The run ended at `end` (simulated seconds) before its duration:
    /// markers that start after it go, an interval still going is cut there.
    void endAt(double end);

    const std::vector<RunMarker> &markers() const { return m_markers; }
    bool isEmpty() const { return m_markers.empty(); }

private:
    void add(RunMarker marker);
    QString nameOf(const std::string &id) const;
    void describeRebuild(RunMarker &marker) const;
    /// The rate steps' texts, with the absolute rate in force at each (NaN: not known).
    void describeRateSteps();
    double commandRateAt(double t) const;

    std::vector<RunMarker> m_markers;
    std::vector<std::string> m_readModels; ///< in model order, as the snapshots have them
    std::map<std::string, QString> m_names;
    double m_duration = 0;
    double m_commandRate = 0; ///< at the start of the run (NaN: not known)
    std::vector<std::pair<double, double>> m_rateEdits; ///< (time, command rate) edited while it ran
    std::vector<std::pair<double, double>> m_rateSteps; ///< (time, factor) of the rate profile
};

} // namespace cqrs
