// ChartsPanel for a run reopened from the history: the charts drawn from the
// series the history stored, read-only.
#include "cqrs/ui/run/chartspanel.h"

#include <algorithm>
#include <vector>

namespace cqrs {

void ChartsPanel::showRecorded(const Model &model, const Json &series, const RunResult &result)
{
    beginRun(model, model.workload.duration);
    m_recorded = true;
    m_finished = true;
    auto array = [](const Json &object, const char *key) -> const Json * {
        const auto it = object.is_object() ? object.find(key) : object.end();
        return object.is_object() && it != object.end() && it->is_array() ? &*it : nullptr;
    };
    auto at = [](const Json *values, std::size_t i) {
        return values && i < values->size() && (*values)[i].is_number() ? (*values)[i].get<double>() : 0.0;
    };
    auto add = [this](int line, double x, double y) {
        m_lines[std::size_t(line)].data.append(x, y);
        m_lines[std::size_t(line)].dirty = true;
    };
    const Json none = Json::object();
    auto member = [&none](const Json &object, const char *key, const std::string &id) -> const Json & {
        if (!object.is_object() || !object.contains(key) || !object[key].is_object() || !object[key].contains(id))
            return none;
        return object[key][id];
    };
    m_csvColumns = {QStringLiteral("t"), QStringLiteral("commandsAccepted"), QStringLiteral("commandsRejected"),
                    QStringLiteral("eventsPublished")};
    for (const ReadModel &rm : model.readModels) {
        for (const char *column : {"applied", "backlog", "lag", "windowP50", "windowP99"})
            m_csvColumns.append(QString::fromStdString(rm.id) + QLatin1Char('.') + QLatin1String(column));
    }
    for (const Query &q : model.queries) {
        m_csvColumns.append(QString::fromStdString(q.id) + QStringLiteral(".issued"));
        m_csvColumns.append(QString::fromStdString(q.id) + QStringLiteral(".staleRatio"));
    }
    const Json *times = array(series, "t");
    const std::size_t n = times ? times->size() : 0;
    const Json *accepted = array(series, "commandsAccepted");
    const Json *rejected = array(series, "commandsRejected");
    const Json *published = array(series, "eventsPublished");
    for (std::size_t i = 0; i < n; ++i) {
        const double t = at(times, i);
        std::vector<double> row = {t, at(accepted, i), at(rejected, i), at(published, i)};
        add(m_accepted, t, row[1]);
        add(m_rejected, t, row[2]);
        add(m_published, t, row[3]);
        double queries = 0;
        for (std::size_t r = 0; r < model.readModels.size() && r < m_rmApplied.size(); ++r) {
            const Json &g = member(series, "readModels", model.readModels[r].id);
            const double applied = at(array(g, "applied"), i);
            const double p50 = at(array(g, "windowP50"), i), p99 = at(array(g, "windowP99"), i);
            add(m_rmApplied[r], t, applied);
            if (applied > 0) {
                add(m_rmP50[r], t, p50);
                add(m_rmP99[r], t, p99);
            }
            add(m_rmBacklog[r], t, at(array(g, "backlog"), i));
            add(m_rmLag[r], t, at(array(g, "lag"), i));
            row.insert(row.end(), {applied, at(array(g, "backlog"), i), at(array(g, "lag"), i), p50, p99});
        }
        for (std::size_t q = 0; q < model.queries.size() && q < m_queryStale.size(); ++q) {
            const Json &j = member(series, "queries", model.queries[q].id);
            const double issued = at(array(j, "issued"), i), ratio = at(array(j, "staleRatio"), i);
            queries += issued;
            if (issued > 0)
                add(m_queryStale[q], t, 100.0 * ratio);
            row.insert(row.end(), {issued, ratio});
        }
        add(m_queries, t, queries);
        m_csvRows.push_back(std::move(row));
    }
    m_lastTime = std::max(result.time, n > 0 ? at(times, n - 1) : 0.0);
    setDistributionNote(tr("Recorded run: the history keeps the series shown here, not the command latency "
                           "over time nor the distribution of windows."));
    applyFocus();
    refresh();
}

} // namespace cqrs
