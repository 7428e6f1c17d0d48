// The typed result and its one JSON form (DESIGN section 4).

#include "cqrs/sim/result.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

namespace cqrs::sim {

namespace {

template<typename Figures>
const Figures *findById(const std::vector<Figures> &list, std::string_view id)
{
    const auto it
        = std::find_if(list.begin(), list.end(), [id](const Figures &f) { return f.id == id; });
    return it != list.end() ? &*it : nullptr;
}

// ---- writing ----------------------------------------------------------------

Json statsJson(const ResultStats &s)
{
    Json j = Json::object();
    j["count"] = s.count;
    j["mean"] = s.mean;
    j["p50"] = s.p50;
    j["p90"] = s.p90;
    j["p95"] = s.p95;
    j["p99"] = s.p99;
    j["p999"] = s.p999;
    j["max"] = s.max;
    return j;
}

Json commandJson(const CommandFigures &c)
{
    Json j = Json::object();
    j["issued"] = c.issued;
    j["accepted"] = c.accepted;
    j["rejected"] = c.rejected;
    j["conflicts"] = c.conflicts;
    j["staleDecisions"] = c.staleDecisions;
    j["latency"] = statsJson(c.latency);
    return j;
}

Json readModelJson(const ReadModelFigures &r)
{
    Json j = Json::object();
    j["applied"] = r.applied;
    j["consistencyWindow"] = statsJson(r.consistencyWindow);
    j["backlog"] = Json::object();
    j["backlog"]["mean"] = r.backlogMean;
    j["backlog"]["max"] = r.backlogMax;
    j["lag"] = Json::object();
    j["lag"]["max"] = r.lagMax;
    j["utilization"] = r.utilization;
    j["duplicates"] = r.duplicates;
    j["corruptedUpdates"] = r.corruptedUpdates;
    j["outOfOrder"] = r.outOfOrder;
    if (r.staleBudget) {
        j["staleBudget"] = Json::object();
        j["staleBudget"]["p99"] = r.staleBudget->p99;
        j["staleBudget"]["met"] = r.staleBudget->met;
    }
    Json rebuilds = Json::array();
    for (const RebuildFigures &rebuild : r.rebuilds) {
        Json rb = Json::object();
        rb["at"] = rebuild.at;
        rb["duration"] = rebuild.duration;
        rb["replayed"] = rebuild.replayed;
        rb["completed"] = rebuild.completed;
        rebuilds.push_back(std::move(rb));
    }
    j["rebuilds"] = std::move(rebuilds);
    return j;
}

Json columnJson(const std::vector<double> &values)
{
    Json out = Json::array();
    out.get_ref<Json::array_t &>().reserve(values.size());
    for (const double v : values)
        out.push_back(v);
    return out;
}

/// The series' columns in the file's order: one list for both writers.
template<typename F>
void forEachColumn(const ResultSeries &series, F &&f)
{
    f("t", series.t);
    f("commandsAccepted", series.commandsAccepted);
    f("commandsRejected", series.commandsRejected);
    f("eventsPublished", series.eventsPublished);
}

template<typename F>
void forEachColumn(const ReadModelSeries &rm, F &&f)
{
    f("applied", rm.applied);
    f("backlog", rm.backlog);
    f("lag", rm.lag);
    f("windowP50", rm.windowP50);
    f("windowP99", rm.windowP99);
}

template<typename F>
void forEachColumn(const QuerySeries &q, F &&f)
{
    f("issued", q.issued);
    f("staleRatio", q.staleRatio);
}

/// An object of columns, e.g. {"issued":[...],"staleRatio":[...]}.
template<typename Columns>
Json columnsJson(const Columns &columns)
{
    Json j = Json::object();
    forEachColumn(columns, [&](const char *key, const std::vector<double> &values) {
        j[key] = columnJson(values);
    });
    return j;
}

Json seriesJson(const ResultSeries &series)
{
    Json s = columnsJson(series);
    Json readModels = Json::object();
    for (const ReadModelSeries &rm : series.readModels)
        readModels[rm.id] = columnsJson(rm);
    s["readModels"] = std::move(readModels);
    Json queries = Json::object();
    for (const QuerySeries &q : series.queries)
        queries[q.id] = columnsJson(q);
    s["queries"] = std::move(queries);
    return s;
}

/// Appends a number as Json::dump() writes it: NaN and infinities as null,
/// other values in nlohmann's shortest round-trip form ("1.0", "1e-05").
void appendNumber(std::string &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    std::array<char, 64> buffer;
    char *end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), end);
}

/// Appends the columns' members, "key":[v,...], comma-separated (no braces).
template<typename Columns>
void appendColumns(std::string &out, const Columns &columns)
{
    bool first = true;
    forEachColumn(columns, [&](const char *key, const std::vector<double> &values) {
        if (!first)
            out += ',';
        first = false;
        out += '"';
        out += key;
        out += "\":[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                out += ',';
            appendNumber(out, values[i]);
        }
        out += ']';
    });
}

/// Appends "id":{columns} for each read model or query, comma-separated.
template<typename Elements>
void appendElements(std::string &out, const Elements &elements)
{
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0)
            out += ',';
        out += Json(elements[i].id).dump(); // ids escaped as the tree escapes them
        out += ":{";
        appendColumns(out, elements[i]);
        out += '}';
    }
}

// ---- reading ----------------------------------------------------------------

/// A malformed result: what() is "<path>: <problem>".
class FormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

std::string describe(const Json &value)
{
    std::string text = value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return text;
}

/// Where a reader is in the document: "readModels.user-view.backlog".
std::string join(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

[[noreturn]] void fail(const std::string &path, const std::string &problem)
{
    throw FormatError((path.empty() ? std::string("the result") : path) + ": " + problem);
}

const Json &object(const Json &json, const std::string &path)
{
    if (!json.is_object())
        fail(path, "expected an object, found " + describe(json));
    return json;
}

const Json &member(const Json &json, const std::string &path, std::string_view key)
{
    const auto it = json.find(key);
    if (it == json.end())
        fail(join(path, key), "missing");
    return *it;
}

double number(const Json &json, const std::string &path, std::string_view key)
{
    const Json &v = member(json, path, key);
    if (!v.is_number())
        fail(join(path, key), "expected a number, found " + describe(v));
    return v.get<double>();
}

std::uint64_t count(const Json &v, const std::string &where)
{
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(v.get<std::int64_t>());
    fail(where, "expected a non-negative integer, found " + describe(v));
}

std::uint64_t count(const Json &json, const std::string &path, std::string_view key)
{
    return count(member(json, path, key), join(path, key));
}

bool boolean(const Json &json, const std::string &path, std::string_view key)
{
    const Json &v = member(json, path, key);
    if (!v.is_boolean())
        fail(join(path, key), "expected true or false, found " + describe(v));
    return v.get<bool>();
}

const Json &objectMember(const Json &json, const std::string &path, std::string_view key)
{
    return object(member(json, path, key), join(path, key));
}

ResultStats readStats(const Json &json, const std::string &path, std::string_view key)
{
    const std::string at = join(path, key);
    const Json &j = objectMember(json, path, key);
    ResultStats s;
    s.count = count(j, at, "count");
    s.mean = number(j, at, "mean");
    s.p50 = number(j, at, "p50");
    s.p90 = number(j, at, "p90");
    s.p95 = number(j, at, "p95");
    s.p99 = number(j, at, "p99");
    s.p999 = number(j, at, "p999");
    s.max = number(j, at, "max");
    return s;
}

CommandFigures readCommand(const Json &json, const std::string &path, std::string id)
{
    object(json, path);
    CommandFigures c;
    c.id = std::move(id);
    c.issued = count(json, path, "issued");
    c.accepted = count(json, path, "accepted");
    c.rejected = count(json, path, "rejected");
    c.conflicts = count(json, path, "conflicts");
    c.staleDecisions = count(json, path, "staleDecisions");
    c.latency = readStats(json, path, "latency");
    return c;
}

ReadModelFigures readReadModel(const Json &json, const std::string &path, std::string id)
{
    object(json, path);
    ReadModelFigures r;
    r.id = std::move(id);
    r.applied = count(json, path, "applied");
    r.consistencyWindow = readStats(json, path, "consistencyWindow");
    const std::string backlogPath = join(path, "backlog");
    const Json &backlog = objectMember(json, path, "backlog");
    r.backlogMean = number(backlog, backlogPath, "mean");
    r.backlogMax = count(backlog, backlogPath, "max");
    r.lagMax = number(objectMember(json, path, "lag"), join(path, "lag"), "max");
    r.utilization = number(json, path, "utilization");
    r.duplicates = count(json, path, "duplicates");
    r.corruptedUpdates = count(json, path, "corruptedUpdates");
    r.outOfOrder = count(json, path, "outOfOrder");
    if (json.contains("staleBudget")) {
        const std::string budgetPath = join(path, "staleBudget");
        const Json &budget = objectMember(json, path, "staleBudget");
        r.staleBudget = StaleBudgetFigures{number(budget, budgetPath, "p99"),
                                           boolean(budget, budgetPath, "met")};
    }
    const std::string rebuildsPath = join(path, "rebuilds");
    const Json &rebuilds = member(json, path, "rebuilds");
    if (!rebuilds.is_array())
        fail(rebuildsPath, "expected an array, found " + describe(rebuilds));
    for (std::size_t i = 0; i < rebuilds.size(); ++i) {
        const std::string at = rebuildsPath + "[" + std::to_string(i) + "]";
        const Json &rb = object(rebuilds[i], at);
        r.rebuilds.push_back({number(rb, at, "at"), number(rb, at, "duration"),
                              count(rb, at, "replayed"), boolean(rb, at, "completed")});
    }
    return r;
}

QueryFigures readQuery(const Json &json, const std::string &path, std::string id)
{
    object(json, path);
    QueryFigures q;
    q.id = std::move(id);
    q.issued = count(json, path, "issued");
    q.stale = count(json, path, "stale");
    q.staleRatio = number(json, path, "staleRatio");
    q.staleness = readStats(json, path, "staleness");
    q.latency = readStats(json, path, "latency");
    q.timeouts = count(json, path, "timeouts");
    q.pendingConfirmation = readStats(json, path, "pendingConfirmation");
    return q;
}

std::vector<double> readColumn(const Json &json, const std::string &path, std::string_view key)
{
    const std::string at = join(path, key);
    const Json &column = member(json, path, key);
    if (!column.is_array())
        fail(at, "expected an array of numbers, found " + describe(column));
    std::vector<double> values;
    values.reserve(column.size());
    for (std::size_t i = 0; i < column.size(); ++i) {
        // null is how the writer spells a point that is not a number (as
        // Json::dump() does): read back as NaN, so that every result the
        // writer writes can be read again.
        if (column[i].is_null()) {
            values.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        if (!column[i].is_number())
            fail(at + "[" + std::to_string(i) + "]",
                 "expected a number, found " + describe(column[i]));
        values.push_back(column[i].get<double>());
    }
    return values;
}

ResultSeries readSeries(const Json &json, const std::string &path)
{
    object(json, path);
    ResultSeries s;
    s.t = readColumn(json, path, "t");
    s.commandsAccepted = readColumn(json, path, "commandsAccepted");
    s.commandsRejected = readColumn(json, path, "commandsRejected");
    s.eventsPublished = readColumn(json, path, "eventsPublished");
    const std::string readModelsPath = join(path, "readModels");
    for (const auto &[id, j] : objectMember(json, path, "readModels").items()) {
        const std::string at = join(readModelsPath, id);
        object(j, at);
        s.readModels.push_back({id, readColumn(j, at, "applied"), readColumn(j, at, "backlog"),
                                readColumn(j, at, "lag"), readColumn(j, at, "windowP50"),
                                readColumn(j, at, "windowP99")});
    }
    const std::string queriesPath = join(path, "queries");
    for (const auto &[id, j] : objectMember(json, path, "queries").items()) {
        const std::string at = join(queriesPath, id);
        object(j, at);
        s.queries.push_back({id, readColumn(j, at, "issued"), readColumn(j, at, "staleRatio")});
    }
    return s;
}

Result readResult(const Json &json)
{
    object(json, {});
    const Json &format = member(json, {}, "format");
    if (!format.is_string() || format.get<std::string>() != Result::kFormat)
        fail("format",
             "expected \"" + std::string(Result::kFormat) + "\", found " + describe(format));
    const Json &version = member(json, {}, "schemaVersion");
    if (!version.is_number_integer() || version.get<std::int64_t>() < 1)
        fail("schemaVersion", "expected a positive integer, found " + describe(version));
    if (version.get<std::int64_t>() > Result::kSchemaVersion)
        fail("schemaVersion", std::to_string(version.get<std::int64_t>())
                                  + " is newer than this version reads ("
                                  + std::to_string(Result::kSchemaVersion) + ")");

    Result r;
    const Json &model = member(json, {}, "model");
    if (!model.is_string())
        fail("model", "expected a string, found " + describe(model));
    r.model = model.get<std::string>();
    const Json &seed = member(json, {}, "seed");
    if (seed.is_number_unsigned()
        && seed.get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        r.seed = static_cast<std::int64_t>(seed.get<std::uint64_t>());
    else if (seed.is_number_integer() && !seed.is_number_unsigned())
        r.seed = seed.get<std::int64_t>();
    else
        fail("seed", "expected an integer, found " + describe(seed));
    r.simulatedSeconds = number(json, {}, "simulatedSeconds");
    r.measuredFrom = number(json, {}, "measuredFrom");
    const Json &engine = objectMember(json, {}, "engine");
    r.engineEvents = count(engine, "engine", "events");
    r.engineWallSeconds = number(engine, "engine", "wallSeconds");

    const Json &commands = objectMember(json, {}, "commands");
    r.commandsTotal = readCommand(member(commands, "commands", "total"), "commands.total", {});
    for (const auto &[id, j] : objectMember(commands, "commands", "byType").items())
        r.commandsByType.push_back(readCommand(j, "commands.byType." + id, id));
    r.eventsPublished = count(objectMember(json, {}, "events"), "events", "published");

    for (const auto &[id, j] : objectMember(json, {}, "readModels").items())
        r.readModels.push_back(readReadModel(j, "readModels." + id, id));
    for (const auto &[id, j] : objectMember(json, {}, "policies").items()) {
        const std::string at = "policies." + id;
        object(j, at);
        PolicyFigures p;
        p.id = id;
        p.applied = count(j, at, "applied");
        p.issued = count(j, at, "issued");
        if (j.contains("duplicateIssues"))
            p.duplicateIssues = count(j, at, "duplicateIssues");
        r.policies.push_back(std::move(p));
    }
    for (const auto &[id, j] : objectMember(json, {}, "queries").items())
        r.queries.push_back(readQuery(j, "queries." + id, id));
    r.writeSideUtilization
        = number(objectMember(json, {}, "writeSide"), "writeSide", "utilization");
    if (json.contains("series"))
        r.series = readSeries(json["series"], "series");
    return r;
}

} // namespace

const CommandFigures *Result::commandType(std::string_view id) const
{
    return findById(commandsByType, id);
}

const ReadModelFigures *Result::readModel(std::string_view id) const
{
    return findById(readModels, id);
}

const PolicyFigures *Result::policy(std::string_view id) const
{
    return findById(policies, id);
}

const QueryFigures *Result::query(std::string_view id) const
{
    return findById(queries, id);
}

std::string seriesText(const ResultSeries &series)
{
    std::size_t values = series.t.size() * 4;
    for (const ReadModelSeries &rm : series.readModels)
        values += rm.applied.size() * 5;
    for (const QuerySeries &q : series.queries)
        values += q.issued.size() * 2;
    std::string out;
    out.reserve(values * 12 + 256);
    out += '{';
    appendColumns(out, series);
    out += ",\"readModels\":{";
    appendElements(out, series.readModels);
    out += "},\"queries\":{";
    appendElements(out, series.queries);
    out += "}}";
    return out;
}

SeriesTextPiece seriesTextPiece(const ResultSeries &points)
{
    SeriesTextPiece piece;
    const auto add = [&piece](const char *, const std::vector<double> &values) {
        std::string &out = piece.columns.emplace_back();
        out.reserve(values.size() * 20);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                out += ',';
            appendNumber(out, values[i]);
        }
    };
    forEachColumn(points, add);
    for (const ReadModelSeries &rm : points.readModels)
        forEachColumn(rm, add);
    for (const QuerySeries &q : points.queries)
        forEachColumn(q, add);
    return piece;
}

ResultSeries seriesFrom(const ResultSeries &series, std::size_t from)
{
    const auto after = [from](const std::vector<double> &all) {
        return from < all.size()
                   ? std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(from), all.end())
                   : std::vector<double>();
    };
    ResultSeries r;
    r.t = after(series.t);
    r.commandsAccepted = after(series.commandsAccepted);
    r.commandsRejected = after(series.commandsRejected);
    r.eventsPublished = after(series.eventsPublished);
    for (const ReadModelSeries &rm : series.readModels)
        r.readModels.push_back({rm.id, after(rm.applied), after(rm.backlog), after(rm.lag),
                                after(rm.windowP50), after(rm.windowP99)});
    for (const QuerySeries &q : series.queries)
        r.queries.push_back({q.id, after(q.issued), after(q.staleRatio)});
    return r;
}

bool seriesHolds(const ResultSeries &series, const ResultSeries &piece, std::size_t at)
{
    // Each column holds the piece's points (as many as `t`), or as many as
    // the series' column has from `at` on where it is shorter: a column cut
    // short would lose points between this piece and the next.
    const std::size_t points = piece.t.size();
    const auto same = [at, points](const std::vector<double> &all,
                                   const std::vector<double> &part) {
        const std::size_t expected = at < all.size() ? std::min(points, all.size() - at) : 0;
        return part.size() == expected
               && (expected == 0
                   || std::memcmp(part.data(), all.data() + at, expected * sizeof(double)) == 0);
    };
    if (piece.readModels.size() != series.readModels.size()
        || piece.queries.size() != series.queries.size())
        return false;
    bool holds = same(series.t, piece.t) && same(series.commandsAccepted, piece.commandsAccepted)
                 && same(series.commandsRejected, piece.commandsRejected)
                 && same(series.eventsPublished, piece.eventsPublished);
    for (std::size_t i = 0; holds && i < piece.readModels.size(); ++i) {
        const ReadModelSeries &w = series.readModels[i];
        const ReadModelSeries &p = piece.readModels[i];
        holds = w.id == p.id && same(w.applied, p.applied) && same(w.backlog, p.backlog)
                && same(w.lag, p.lag) && same(w.windowP50, p.windowP50)
                && same(w.windowP99, p.windowP99);
    }
    for (std::size_t i = 0; holds && i < piece.queries.size(); ++i) {
        const QuerySeries &w = series.queries[i];
        const QuerySeries &p = piece.queries[i];
        holds = w.id == p.id && same(w.issued, p.issued) && same(w.staleRatio, p.staleRatio);
    }
    return holds;
}

std::string joinSeriesText(const ResultSeries &whole, const std::vector<SeriesTextPiece> &pieces)
{
    std::size_t size = 256;
    for (const SeriesTextPiece &piece : pieces) {
        for (const std::string &column : piece.columns)
            size += column.size() + 1;
    }
    std::string out;
    out.reserve(size + 64 * (whole.readModels.size() + whole.queries.size()));
    std::size_t index = 0; // the column's, across the whole series
    const auto column = [&](const char *key, const std::vector<double> &) {
        if (index > 0 && out.back() != '{')
            out += ',';
        out += '"';
        out += key;
        out += "\":[";
        bool first = true;
        for (const SeriesTextPiece &piece : pieces) {
            if (index >= piece.columns.size() || piece.columns[index].empty())
                continue;
            if (!first)
                out += ',';
            first = false;
            out += piece.columns[index];
        }
        out += ']';
        ++index;
    };
    const auto elements = [&](const auto &list) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i > 0)
                out += ',';
            out += Json(list[i].id).dump(); // as appendElements() writes it
            out += ":{";
            forEachColumn(list[i], column);
            out += '}';
        }
    };
    out += '{';
    forEachColumn(whole, column);
    out += ",\"readModels\":{";
    elements(whole.readModels);
    out += "},\"queries\":{";
    elements(whole.queries);
    out += "}}";
    return out;
}

Json toJson(const Result &result)
{
    Json r = Json::object();
    r["format"] = std::string(Result::kFormat);
    r["schemaVersion"] = Result::kSchemaVersion;
    r["model"] = result.model;
    r["seed"] = result.seed;
    r["simulatedSeconds"] = result.simulatedSeconds;
    r["measuredFrom"] = result.measuredFrom;
    r["engine"] = Json::object();
    r["engine"]["events"] = result.engineEvents;
    r["engine"]["wallSeconds"] = result.engineWallSeconds;

    r["commands"] = Json::object();
    r["commands"]["total"] = commandJson(result.commandsTotal);
    Json byType = Json::object();
    for (const CommandFigures &c : result.commandsByType)
        byType[c.id] = commandJson(c);
    r["commands"]["byType"] = std::move(byType);
    r["events"] = Json::object();
    r["events"]["published"] = result.eventsPublished;

    Json readModels = Json::object();
    for (const ReadModelFigures &rm : result.readModels)
        readModels[rm.id] = readModelJson(rm);
    r["readModels"] = std::move(readModels);
    Json policies = Json::object();
    for (const PolicyFigures &p : result.policies) {
        Json j = Json::object();
        j["applied"] = p.applied;
        j["issued"] = p.issued;
        if (p.duplicateIssues)
            j["duplicateIssues"] = *p.duplicateIssues;
        policies[p.id] = std::move(j);
    }
    r["policies"] = std::move(policies);

    Json queries = Json::object();
    for (const QueryFigures &q : result.queries) {
        Json j = Json::object();
        j["issued"] = q.issued;
        j["stale"] = q.stale;
        j["staleRatio"] = q.staleRatio;
        j["staleness"] = statsJson(q.staleness);
        j["latency"] = statsJson(q.latency);
        j["timeouts"] = q.timeouts;
        j["pendingConfirmation"] = statsJson(q.pendingConfirmation);
        queries[q.id] = std::move(j);
    }
    r["queries"] = std::move(queries);
    r["writeSide"] = Json::object();
    r["writeSide"]["utilization"] = result.writeSideUtilization;
    if (result.series)
        r["series"] = seriesJson(*result.series);
    return r;
}

std::optional<Result> resultFromJson(const Json &json, std::string *error)
{
    try {
        return readResult(json);
    } catch (const FormatError &e) {
        if (error)
            *error = e.what();
    }
    return std::nullopt;
}

} // namespace cqrs::sim
