#include "cqrs/history/runstore.h"

#include <cqrs/model/process.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

namespace cqrs::history {

namespace {

using nlohmann::json;

// 'CQRS': marks the file as ours, so another application's database is refused.
constexpr int kApplicationId = 0x43515253;
// How long a write keeps retrying while other processes hold the lock.
constexpr auto kLockPatience = std::chrono::seconds(60);
constexpr int kBusyTimeoutMs = 2000;

// Schema version 1, the first release. Frozen: later versions only migrate.
// The list reads only `runs`; the large texts live in `run_data`, so listing
// 10,000 runs never pages through results and series.
constexpr const char *kSchemaV1 = R"sql(
CREATE TABLE sweeps(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL,
  description TEXT NOT NULL,
  model_name TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  model_name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  seed INTEGER NOT NULL,
  overrides TEXT NOT NULL,
  app_version TEXT NOT NULL,
  pid INTEGER NOT NULL,
  process_token TEXT NOT NULL,
  sweep_id INTEGER,
  sweep_value REAL,
  challenge_id TEXT,
  challenge_score REAL);
CREATE TABLE run_data(
  run_id INTEGER PRIMARY KEY,
  model_json TEXT NOT NULL,
  result TEXT,
  series TEXT,
  edits TEXT NOT NULL DEFAULT '[]');
CREATE INDEX runs_by_sweep ON runs(sweep_id);
CREATE INDEX runs_by_model ON runs(model_name);
PRAGMA application_id = 1129402963;
)sql";

// Version 2: tags and stars (the History dock's organising tools).
constexpr const char *kMigrationV2 = R"sql(
ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: how a sweep was shown (its plotted figures and budget line).
constexpr const char *kMigrationV3 = R"sql(
ALTER TABLE sweeps ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
)sql";

bool isBusy(int rc)
{
    const int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

void backOff(int attempt)
{
    static thread_local std::minstd_rand rng(static_cast<unsigned>(
        std::chrono::steady_clock::now().time_since_epoch().count() ^ static_cast<long long>(getpid())));
    const int ms = 1 + static_cast<int>(rng() % static_cast<unsigned>(std::min(50, 2 + attempt * 5)));
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

/// Runs statement text, retrying while another connection holds the lock.
int execRetrying(sqlite3 *db, const char *sql)
{
    const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
    for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
        if (!isBusy(rc) || std::chrono::steady_clock::now() > deadline)
            return rc;
        backOff(attempt);
    }
}

class Statement
{
public:
    Statement(sqlite3 *db, const char *sql)
    {
        const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
        for (int attempt = 0;; ++attempt) {
            m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
            if (!isBusy(m_rc) || std::chrono::steady_clock::now() > deadline)
                break;
            backOff(attempt);
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool ok() const { return m_rc == SQLITE_OK && m_stmt; }
    int rc() const { return m_rc; }

    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    void bind(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    void bind(int i, const std::string &v)
    {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    /// Binds without a copy: v must stay unchanged until the statement is
    /// done (for the result and series, a megabyte each).
    void bindStatic(int i, const std::string &v)
    {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }
    void bindNull(int i) { sqlite3_bind_null(m_stmt, i); }
    template<typename T>
    void bind(int i, const std::optional<T> &v)
    {
        if (v)
            bind(i, *v);
        else
            bindNull(i);
    }

    /// SQLITE_ROW, SQLITE_DONE or an error. A busy first step is retried
    /// (a later one is not: resetting would return the first rows again).
    int step()
    {
        const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
        for (int attempt = 0;; ++attempt) {
            m_rc = sqlite3_step(m_stmt);
            if (m_rc == SQLITE_ROW)
                m_stepped = true;
            if (!isBusy(m_rc) || m_stepped || std::chrono::steady_clock::now() > deadline)
                return m_rc;
            sqlite3_reset(m_stmt);
            backOff(attempt);
        }
    }

    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    std::optional<std::int64_t> optInteger(int col) const
    {
        return isNull(col) ? std::nullopt : std::optional<std::int64_t>(integer(col));
    }
    std::optional<double> optReal(int col) const
    {
        return isNull(col) ? std::nullopt : std::optional<double>(real(col));
    }

private:
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = SQLITE_OK;
    bool m_stepped = false;
};

std::string errorText(sqlite3 *db, int rc)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return msg ? msg : sqlite3_errstr(rc);
}

void setError(std::string *error, const std::string &text)
{
    if (error)
        *error = text;
}

std::string jsonList(const std::vector<std::string> &items)
{
    return json(items).dump();
}

std::vector<std::string> listFromJson(const std::string &text)
{
    std::vector<std::string> out;
    const json j = json::parse(text, nullptr, false);
    if (j.is_array()) {
        for (const json &item : j)
            if (item.is_string())
                out.push_back(item.get<std::string>());
    }
    return out;
}

std::string editsToJson(const std::vector<RunEdit> &edits)
{
    json a = json::array();
    for (const RunEdit &e : edits) {
        json value = json::parse(e.value, nullptr, false);
        if (value.is_discarded())
            value = e.value;
        json edit = {{"at", e.at}, {"path", e.path}, {"value", std::move(value)}};
        // What was in force before (a rate step's absolute rate in a reopened run needs it).
        if (json previous = json::parse(e.previous, nullptr, false); !e.previous.empty() && !previous.is_discarded())
            edit["previous"] = std::move(previous);
        else if (e.previousAbsent)
            edit["previousAbsent"] = true;
        a.push_back(std::move(edit));
    }
    return a.dump();
}

std::vector<RunEdit> editsFromJson(const std::string &text)
{
    std::vector<RunEdit> out;
    const json a = json::parse(text, nullptr, false);
    if (!a.is_array())
        return out;
    for (const json &e : a) {
        if (!e.is_object())
            continue;
        // A row changed outside the application may hold any type anywhere:
        // what is not of its type reads as missing, never as an exception.
        RunEdit edit;
        const auto at = e.find("at");
        edit.at = at != e.end() && at->is_number() ? at->get<double>() : 0.0;
        const auto path = e.find("path");
        edit.path = path != e.end() && path->is_string() ? path->get<std::string>() : std::string();
        edit.value = e.contains("value") ? e["value"].dump() : std::string("null");
        if (e.contains("previous"))
            edit.previous = e["previous"].dump();
        const auto absent = e.find("previousAbsent");
        edit.previousAbsent = edit.previous.empty() && absent != e.end() && absent->is_boolean()
                              && absent->get<bool>();
        out.push_back(std::move(edit));
    }
    return out;
}

std::uint32_t bigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

/// A connection closed with sqlite3_close_v2 when it goes.
struct ConnectionCloser
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// Looks at the file before SQLite touches it: SQLite would happily turn an
// empty or foreign file into a database, and we must never write to one we
// refuse. Returns OpenError::None when the file is missing, empty or a
// plausible SQLite database.
OpenError checkHeader(const std::string &path, std::string &problem)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
        return OpenError::None; // missing: created later (or NotFound, decided by the caller)
    if (S_ISDIR(st.st_mode)) {
        problem = "is a folder, not a database file";
        return OpenError::Io;
    }
    if (!S_ISREG(st.st_mode)) {
        problem = "not a SQLite database (not a regular file)";
        return OpenError::Foreign;
    }
    if (st.st_size == 0)
        return OpenError::None; // a new database another process is creating
    // The header is read through SQLite's own file layer, never with a
    // descriptor of our own: closing any descriptor to the file drops every
    // POSIX lock this process holds on it, those of the store's open
    // connections included. Another process would then take this one's
    // database for unused and delete the write-ahead log under it. SQLite
    // keeps its descriptors open while a connection of this process holds a
    // lock on the file. (Opening reads the header without a lock; nothing
    // is written.)
    unsigned char header[100] = {};
    const int got = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), 100));
    {
        sqlite3 *raw = nullptr;
        const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
        const Connection reader(raw);
        sqlite3_file *file = nullptr;
        if (rc != SQLITE_OK || sqlite3_file_control(raw, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
            || !file || !file->pMethods) {
            const int system = raw ? sqlite3_system_errno(raw) : 0;
            problem = "cannot read the file: "
                      + (system != 0 ? std::string(std::strerror(system))
                                     : std::string(sqlite3_errstr(rc == SQLITE_OK ? SQLITE_CANTOPEN : rc)));
            return OpenError::Io;
        }
        const int read = file->pMethods->xRead(file, header, got, 0);
        if (read == SQLITE_IOERR_SHORT_READ) { // the file shrank since stat()
            problem = "the database is damaged (truncated)";
            return OpenError::Damaged;
        }
        if (read != SQLITE_OK) {
            problem = std::string("cannot read the file: ") + sqlite3_errstr(read);
            return OpenError::Io;
        }
    }
    static const char magic[] = "SQLite format 3";
    if (got < 16 || std::memcmp(header, magic, 16) != 0) {
        problem = "not a SQLite database";
        return OpenError::NotSqlite;
    }
    if (got < 100) {
        problem = "the database is damaged (truncated)";
        return OpenError::Damaged;
    }
    std::uint32_t pageSize = (std::uint32_t(header[16]) << 8) | header[17];
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) {
        problem = "the database is damaged (bad header)";
        return OpenError::Damaged;
    }
    // The page count in the header is valid when the change counter matches
    // "version-valid-for". With a non-empty WAL, recovery may still grow the
    // file, so only a file without one is judged by its size.
    const std::uint32_t pages = bigEndian32(header + 28);
    const bool countValid = bigEndian32(header + 24) == bigEndian32(header + 92) && pages > 0;
    struct stat walStat{};
    const bool hasWal = ::stat((path + "-wal").c_str(), &walStat) == 0 && walStat.st_size > 0;
    const auto fileSize = static_cast<std::uint64_t>(st.st_size);
    if (!hasWal && (fileSize % pageSize != 0 || (countValid && fileSize < std::uint64_t(pages) * pageSize))) {
        problem = "the database is damaged (truncated)";
        return OpenError::Damaged;
    }
    return OpenError::None;
}

OpenError classify(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        return OpenError::NotSqlite;
    case SQLITE_CORRUPT:
        return OpenError::Damaged;
    default:
        return OpenError::Io;
    }
}

std::string describe(OpenError why, sqlite3 *db, int rc)
{
    switch (why) {
    case OpenError::NotSqlite:
        return "not a SQLite database";
    case OpenError::Damaged:
        return "the database is damaged";
    default:
        return "cannot open the database: " + errorText(db, rc);
    }
}

/// Reads the file's application id, schema version and whether it has
/// tables through a read-only connection (nothing is written to a file we
/// may refuse), which is handed back in `keep` on success: while it stays
/// open, the connection that then opens for writing shares its view of the
/// write-ahead log instead of reading the whole log again (the first
/// connection to a file reads it all; a run's is up to 4 MB).
OpenError inspect(const std::string &path, int &version, std::string &problem, Connection &keep)
{
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
    auto fail = [&](int code) {
        const OpenError why = classify(code);
        problem = describe(why, db, code);
        sqlite3_close_v2(db);
        return why;
    };
    if (rc != SQLITE_OK)
        return fail(rc);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    std::int64_t appId = 0, tables = 0;
    {
        Statement s(db, "SELECT (SELECT application_id FROM pragma_application_id),"
                        " (SELECT user_version FROM pragma_user_version),"
                        " (SELECT count(*) FROM sqlite_schema)");
        if (!s.ok())
            return fail(s.rc());
        const int step = s.step();
        if (step != SQLITE_ROW)
            return fail(step);
        appId = s.integer(0);
        version = static_cast<int>(s.integer(1));
        tables = s.integer(2);
    }
    keep.reset(db);
    if (version > kSchemaVersion) {
        problem = "written by a newer version (schema " + std::to_string(version) + ", this build knows "
                  + std::to_string(kSchemaVersion) + ")";
        return OpenError::Newer;
    }
    if (appId != kApplicationId && (version != 0 || tables != 0)) {
        problem = "not a SQLite database of CQRS Studio (another application's database)";
        return OpenError::Foreign;
    }
    return OpenError::None;
}

std::string runColumns()
{
    return "id, name, model_name, status, started_at, finished_at, seed, app_version, sweep_id, sweep_value,"
           " challenge_id, challenge_score, tags, starred, pid, process_token";
}

void readSummary(const Statement &s, RunSummary &r)
{
    r.id = s.integer(0);
    r.name = s.text(1);
    r.modelName = s.text(2);
    r.status = statusFromName(s.text(3)).value_or(RunStatus::Failed);
    r.startedAt = s.text(4);
    r.finishedAt = s.text(5);
    r.seed = s.integer(6);
    r.appVersion = s.text(7);
    r.sweepId = s.optInteger(8);
    r.sweepValue = s.optReal(9);
    if (!s.isNull(10))
        r.challengeId = s.text(10);
    r.challengeScore = s.optReal(11);
    r.tags = listFromJson(s.text(12));
    r.starred = s.integer(13) != 0;
    if (r.status == RunStatus::Running && !processAlive(s.integer(14), s.text(15)))
        r.status = RunStatus::Interrupted;
}

} // namespace

std::string_view statusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Stopped:
        return "stopped";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Interrupted:
        return "interrupted";
    }
    return "failed";
}

std::optional<RunStatus> statusFromName(std::string_view name)
{
    for (RunStatus s : {RunStatus::Running, RunStatus::Finished, RunStatus::Stopped, RunStatus::Failed,
                        RunStatus::Interrupted}) {
        if (statusName(s) == name)
            return s;
    }
    return std::nullopt;
}

std::string utcNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return text;
}

std::string databaseFromEnvironment()
{
    const char *env = std::getenv("CQRS_STUDIO_DB");
    return env ? std::string(env) : std::string();
}

std::string defaultDatabasePath()
{
    std::string base;
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char *home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.local/share";
    else
        base = ".local/share";
    return base + "/CQRS Studio/CQRS Studio/runs.sqlite";
}

RunStore::RunStore(sqlite3 *db, std::string path)
    : m_db(db)
    , m_path(std::move(path))
{}

RunStore::~RunStore()
{
    sqlite3_close_v2(m_db);
}

std::unique_ptr<RunStore> RunStore::open(const std::string &path, OpenMode mode, std::string *error, OpenError *why)
{
    auto refuse = [&](OpenError reason, const std::string &problem) -> std::unique_ptr<RunStore> {
        setError(error, path + ": " + problem);
        if (why)
            *why = reason;
        return nullptr;
    };
    if (why)
        *why = OpenError::None;
    if (path.empty())
        return refuse(OpenError::Io, "no database file given");

    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists) {
        if (mode != OpenMode::Create)
            return refuse(OpenError::NotFound, "no such file");
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) {
            std::filesystem::create_directories(parent, ec);
            if (ec)
                return refuse(OpenError::Io, "cannot create the folder: " + ec.message());
        }
    }

    std::string problem;
    if (const OpenError e = checkHeader(path, problem); e != OpenError::None)
        return refuse(e, problem);
    int version = 0;
    Connection inspector; // open until this function returns
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) {
        if (const OpenError e = inspect(path, version, problem, inspector); e != OpenError::None)
            return refuse(e, problem);
    }

    const bool readOnly = mode == OpenMode::ReadOnly && version >= kSchemaVersion;
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                                 | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        const std::string text = errorText(db, rc);
        sqlite3_close_v2(db);
        return refuse(classify(rc), "cannot open the database: " + text);
    }
    std::unique_ptr<RunStore> store(new RunStore(db, path));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    if (readOnly)
        return store;

    // WAL: readers never wait for writers, and a killed writer leaves a
    // database that recovers on the next open. synchronous=NORMAL is safe
    // against a killed process (not against power loss of the last commit).
    rc = execRetrying(db, "PRAGMA journal_mode=WAL");
    if (rc == SQLITE_OK)
        rc = execRetrying(db, "PRAGMA synchronous=NORMAL");
    if (rc != SQLITE_OK)
        return refuse(classify(rc), describe(classify(rc), db, rc));

    // Migrations, in one immediate transaction; another process may have
    // done them meanwhile, so the version is read again inside it.
    if (version < kSchemaVersion) {
        std::string migrateError;
        OpenError reason = OpenError::None;
        const bool ok = store->write(
            "migrate",
            [&](std::string &err) {
                Statement s(db, "PRAGMA user_version");
                if (!s.ok() || s.step() != SQLITE_ROW) {
                    err = errorText(db, s.rc());
                    reason = classify(s.rc());
                    return false;
                }
                const int now = static_cast<int>(s.integer(0));
                if (now > kSchemaVersion) {
                    err = "written by a newer version (schema " + std::to_string(now) + ", this build knows "
                          + std::to_string(kSchemaVersion) + ")";
                    reason = OpenError::Newer;
                    return false;
                }
                const std::pair<int, const char *> steps[] = {{1, kSchemaV1}, {2, kMigrationV2}, {3, kMigrationV3}};
                for (const auto &[to, sql] : steps) {
                    if (now >= to)
                        continue;
                    const int step = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
                    if (step != SQLITE_OK) {
                        err = "cannot migrate to schema " + std::to_string(to) + ": " + errorText(db, step);
                        reason = classify(step);
                        return false;
                    }
                }
                const std::string setVersion = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
                const int step = sqlite3_exec(db, setVersion.c_str(), nullptr, nullptr, nullptr);
                if (step != SQLITE_OK) {
                    err = errorText(db, step);
                    reason = classify(step);
                    return false;
                }
                return true;
            },
            &migrateError);
        if (!ok)
            return refuse(reason == OpenError::None ? OpenError::Io : reason, migrateError);
    }
    return store;
}

bool RunStore::write(const std::string &what, const std::function<bool(std::string &)> &body, std::string *error)
{
    std::lock_guard lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
    for (int attempt = 0;; ++attempt) {
        int rc = execRetrying(m_db, "BEGIN IMMEDIATE");
        if (rc != SQLITE_OK) {
            setError(error, m_path + ": cannot " + what + ": " + errorText(m_db, rc));
            return false;
        }
        std::string problem;
        if (!body(problem)) {
            const int code = sqlite3_extended_errcode(m_db);
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            if (isBusy(code) && std::chrono::steady_clock::now() < deadline) {
                backOff(attempt);
                continue;
            }
            setError(error, m_path + ": cannot " + what + ": " + problem);
            return false;
        }
        rc = execRetrying(m_db, "COMMIT");
        if (rc != SQLITE_OK) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            setError(error, m_path + ": cannot " + what + ": " + errorText(m_db, rc));
            return false;
        }
        return true;
    }
}

std::int64_t RunStore::beginRun(const RunStart &start, std::string *error)
{
    std::int64_t id = 0;
    const bool ok = write(
        "record the run",
        [&](std::string &err) {
            Statement s(m_db, "INSERT INTO runs(name, model_name, status, started_at, seed, overrides,"
                              " app_version, pid, process_token, sweep_id, sweep_value, challenge_id)"
                              " VALUES(?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            if (!s.ok()) {
                err = errorText(m_db, s.rc());
                return false;
            }
            s.bind(1, start.name.empty() ? start.modelName : start.name);
            s.bind(2, start.modelName);
            s.bind(3, start.startedAt.empty() ? utcNow() : start.startedAt);
            s.bind(4, start.seed);
            s.bind(5, jsonList(start.overrides));
            s.bind(6, start.appVersion);
            s.bind(7, currentPid());
            s.bind(8, currentProcessToken());
            s.bind(9, start.sweepId);
            s.bind(10, start.sweepValue);
            s.bind(11, start.challengeId);
            if (s.step() != SQLITE_DONE) {
                err = errorText(m_db, s.rc());
                return false;
            }
            id = sqlite3_last_insert_rowid(m_db);
            Statement d(m_db, "INSERT INTO run_data(run_id, model_json) VALUES(?, ?)");
            if (!d.ok()) {
                err = errorText(m_db, d.rc());
                return false;
            }
            d.bind(1, id);
            d.bind(2, start.modelJson);
            if (d.step() != SQLITE_DONE) {
                err = errorText(m_db, d.rc());
                return false;
            }
            return true;
        },
        error);
    return ok ? id : 0;
}

bool RunStore::finishRun(std::int64_t id, const RunEnd &end, std::string *error)
{
    return write(
        "record the end of run " + std::to_string(id),
        [&](std::string &err) {
            Statement s(m_db, "UPDATE runs SET status = ?, finished_at = ?, challenge_score = ? WHERE id = ?");
            if (!s.ok()) {
                err = errorText(m_db, s.rc());
                return false;
            }
            s.bind(1, std::string(statusName(end.status == RunStatus::Running ? RunStatus::Finished : end.status)));
            s.bind(2, utcNow());
            s.bind(3, end.challengeScore);
            s.bind(4, id);
            if (s.step() != SQLITE_DONE) {
                err = errorText(m_db, s.rc());
                return false;
            }
            if (sqlite3_changes(m_db) == 0) {
                err = "no run " + std::to_string(id) + " (deleted?)";
                return false;
            }
            Statement d(m_db, "UPDATE run_data SET result = ?, series = ?, edits = ? WHERE run_id = ?");
            if (!d.ok()) {
                err = errorText(m_db, d.rc());
                return false;
            }
            if (end.result.empty())
                d.bindNull(1);
            else
                d.bindStatic(1, end.result);
            if (end.series.empty())
                d.bindNull(2);
            else
                d.bindStatic(2, end.series);
            d.bind(3, editsToJson(end.edits));
            d.bind(4, id);
            if (d.step() != SQLITE_DONE) {
                err = errorText(m_db, d.rc());
                return false;
            }
            if (!end.modelJson.empty()) {
                Statement m(m_db, "UPDATE run_data SET model_json = ? WHERE run_id = ?");
                if (!m.ok()) {
                    err = errorText(m_db, m.rc());
                    return false;
                }
                m.bind(1, end.modelJson);
                m.bind(2, id);
                if (m.step() != SQLITE_DONE) {
                    err = errorText(m_db, m.rc());
                    return false;
                }
            }
            return true;
        },
        error);
}

std::vector<RunSummary> RunStore::list(const ListFilter &filter) const
{
    std::lock_guard lock(m_mutex);
    std::string sql = "SELECT " + runColumns() + " FROM runs WHERE 1";
    std::string pattern;
    if (!filter.text.empty()) {
        for (char c : filter.text) {
            if (c == '%' || c == '_' || c == '\\')
                pattern += '\\';
            pattern += c;
        }
        pattern = '%' + pattern + '%';
        sql += " AND (name LIKE ?1 ESCAPE '\\' OR model_name LIKE ?1 ESCAPE '\\' OR tags LIKE ?1 ESCAPE '\\')";
    }
    if (!filter.model.empty())
        sql += " AND model_name = ?2";
    if (filter.starredOnly)
        sql += " AND starred != 0";
    if (filter.sweepId)
        sql += " AND sweep_id = ?3";
    sql += " ORDER BY id DESC";
    if (filter.limit > 0)
        sql += " LIMIT " + std::to_string(filter.limit);
    std::vector<RunSummary> out;
    Statement s(m_db, sql.c_str());
    if (!s.ok())
        return out;
    if (!filter.text.empty())
        s.bind(1, pattern);
    if (!filter.model.empty())
        s.bind(2, filter.model);
    if (filter.sweepId)
        s.bind(3, *filter.sweepId);
    while (s.step() == SQLITE_ROW) {
        RunSummary r;
        readSummary(s, r);
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<RunRecord> RunStore::get(std::int64_t id) const
{
    std::lock_guard lock(m_mutex);
    const std::string sql = "SELECT " + runColumns()
                            + ", d.model_json, overrides, d.result, d.series, d.edits"
                              " FROM runs LEFT JOIN run_data d ON d.run_id = runs.id WHERE id = ?";
    Statement s(m_db, sql.c_str());
    if (!s.ok())
        return std::nullopt;
    s.bind(1, id);
    if (s.step() != SQLITE_ROW)
        return std::nullopt;
    RunRecord r;
    readSummary(s, r);
    r.modelJson = s.text(16);
    r.overrides = listFromJson(s.text(17));
    r.result = s.text(18);
    r.series = s.text(19);
    r.edits = editsFromJson(s.text(20));
    return r;
}

std::string RunStore::resultOf(std::int64_t id) const
{
    std::lock_guard lock(m_mutex);
    Statement s(m_db, "SELECT result FROM run_data WHERE run_id = ?");
    if (!s.ok())
        return {};
    s.bind(1, id);
    if (s.step() != SQLITE_ROW)
        return {};
    return s.text(0);
}

bool RunStore::contains(std::int64_t id) const
{
    std::lock_guard lock(m_mutex);
    Statement s(m_db, "SELECT 1 FROM runs WHERE id = ?");
    if (!s.ok())
        return false;
    s.bind(1, id);
    return s.step() == SQLITE_ROW;
}

namespace {

bool updateOne(sqlite3 *db, std::int64_t id, const char *sql, const std::function<void(Statement &)> &bind,
               std::string &err)
{
    Statement s(db, sql);
    if (!s.ok()) {
        err = errorText(db, s.rc());
        return false;
    }
    bind(s);
    if (s.step() != SQLITE_DONE) {
        err = errorText(db, s.rc());
        return false;
    }
    if (sqlite3_changes(db) == 0) {
        err = "no run " + std::to_string(id);
        return false;
    }
    return true;
}

bool updateName(sqlite3 *db, std::int64_t id, const std::string &name, std::string &err)
{
    return updateOne(
        db, id, "UPDATE runs SET name = ? WHERE id = ?",
        [&](Statement &s) {
            s.bind(1, name);
            s.bind(2, id);
        },
        err);
}

bool updateTags(sqlite3 *db, std::int64_t id, const std::vector<std::string> &tags, std::string &err)
{
    return updateOne(
        db, id, "UPDATE runs SET tags = ? WHERE id = ?",
        [&](Statement &s) {
            s.bind(1, jsonList(tags));
            s.bind(2, id);
        },
        err);
}

bool updateStarred(sqlite3 *db, std::int64_t id, bool starred, std::string &err)
{
    return updateOne(
        db, id, "UPDATE runs SET starred = ? WHERE id = ?",
        [&](Statement &s) {
            s.bind(1, std::int64_t(starred ? 1 : 0));
            s.bind(2, id);
        },
        err);
}

} // namespace

bool RunStore::rename(std::int64_t id, const std::string &name, std::string *error)
{
    return write(
        "rename run " + std::to_string(id), [&](std::string &err) { return updateName(m_db, id, name, err); },
        error);
}

bool RunStore::setTags(std::int64_t id, const std::vector<std::string> &tags, std::string *error)
{
    return write(
        "tag run " + std::to_string(id), [&](std::string &err) { return updateTags(m_db, id, tags, err); },
        error);
}

bool RunStore::setStarred(std::int64_t id, bool starred, std::string *error)
{
    return write(
        "star run " + std::to_string(id),
        [&](std::string &err) { return updateStarred(m_db, id, starred, err); }, error);
}

RunStore::EditOutcome RunStore::writeIfStill(std::int64_t id, const std::string &what,
                                             const std::function<bool(const RunSummary &)> &still,
                                             const std::function<bool(std::string &)> &update,
                                             std::string *error)
{
    bool meanwhile = false;
    const bool ok = write(
        what,
        [&](std::string &err) {
            meanwhile = false; // read again when the transaction is retried
            RunSummary now;
            {
                const std::string sql = "SELECT " + runColumns() + " FROM runs WHERE id = ?";
                Statement s(m_db, sql.c_str());
                if (!s.ok()) {
                    err = errorText(m_db, s.rc());
                    return false;
                }
                s.bind(1, id);
                const int rc = s.step();
                if (rc != SQLITE_ROW) {
                    err = rc == SQLITE_DONE ? "no run " + std::to_string(id) : errorText(m_db, rc);
                    return false;
                }
                readSummary(s, now);
            }
            if (!still(now)) {
                meanwhile = true;
                return true; // an empty transaction
            }
            return update(err);
        },
        error);
    if (!ok)
        return EditOutcome::Failed;
    return meanwhile ? EditOutcome::ChangedMeanwhile : EditOutcome::Written;
}

RunStore::EditOutcome RunStore::renameFrom(std::int64_t id, const std::string &expected, const std::string &name,
                                           std::string *error)
{
    return writeIfStill(
        id, "rename run " + std::to_string(id), [&](const RunSummary &now) { return now.name == expected || now.name == name; },
        [&](std::string &err) { return updateName(m_db, id, name, err); }, error);
}

RunStore::EditOutcome RunStore::setTagsFrom(std::int64_t id, const std::vector<std::string> &expected,
                                            const std::vector<std::string> &tags, std::string *error)
{
    return writeIfStill(
        id, "tag run " + std::to_string(id), [&](const RunSummary &now) { return now.tags == expected || now.tags == tags; },
        [&](std::string &err) { return updateTags(m_db, id, tags, err); }, error);
}

RunStore::EditOutcome RunStore::setStarredFrom(std::int64_t id, bool expected, bool starred, std::string *error)
{
    return writeIfStill(
        id, "star run " + std::to_string(id), [&](const RunSummary &now) { return now.starred == expected || now.starred == starred; },
        [&](std::string &err) { return updateStarred(m_db, id, starred, err); }, error);
}

bool RunStore::remove(const std::vector<std::int64_t> &ids, std::string *error)
{
    return write(
        "delete runs",
        [&](std::string &err) {
            for (std::int64_t id : ids) {
                if (!updateOne(
                        m_db, id, "DELETE FROM runs WHERE id = ?", [&](Statement &s) { s.bind(1, id); }, err))
                    return false;
                Statement d(m_db, "DELETE FROM run_data WHERE run_id = ?");
                d.bind(1, id);
                if (!d.ok() || d.step() != SQLITE_DONE) {
                    err = errorText(m_db, d.rc());
                    return false;
                }
            }
            // A sweep whose points are all gone goes too.
            const int rc = sqlite3_exec(m_db, "DELETE FROM sweeps WHERE id NOT IN"
                                              " (SELECT sweep_id FROM runs WHERE sweep_id IS NOT NULL)",
                                        nullptr, nullptr, nullptr);
            if (rc != SQLITE_OK) {
                err = errorText(m_db, rc);
                return false;
            }
            return true;
        },
        error);
}

std::int64_t RunStore::beginSweep(const std::string &path, const std::string &description,
                                  const std::string &modelName, const std::string &settings, std::string *error)
{
    std::int64_t id = 0;
    const bool ok = write(
        "record the sweep",
        [&](std::string &err) {
            Statement s(m_db, "INSERT INTO sweeps(path, description, model_name, created_at, settings)"
                              " VALUES(?, ?, ?, ?, ?)");
            if (!s.ok()) {
                err = errorText(m_db, s.rc());
                return false;
            }
            s.bind(1, path);
            s.bind(2, description);
            s.bind(3, modelName);
            s.bind(4, utcNow());
            s.bind(5, settings);
            if (s.step() != SQLITE_DONE) {
                err = errorText(m_db, s.rc());
                return false;
            }
            id = sqlite3_last_insert_rowid(m_db);
            return true;
        },
        error);
    return ok ? id : 0;
}

std::vector<SweepInfo> RunStore::sweeps() const
{
    std::lock_guard lock(m_mutex);
    std::vector<SweepInfo> out;
    Statement s(m_db, "SELECT s.id, s.path, s.description, s.model_name, s.created_at,"
                      " (SELECT count(*) FROM runs r WHERE r.sweep_id = s.id), s.settings FROM sweeps s ORDER BY s.id DESC");
    if (!s.ok())
        return out;
    while (s.step() == SQLITE_ROW) {
        SweepInfo info;
        info.id = s.integer(0);
        info.path = s.text(1);
        info.description = s.text(2);
        info.modelName = s.text(3);
        info.createdAt = s.text(4);
        info.runs = static_cast<std::size_t>(s.integer(5));
        info.settings = s.text(6);
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<std::string> RunStore::modelNames() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    Statement s(m_db, "SELECT DISTINCT model_name FROM runs ORDER BY model_name");
    if (!s.ok())
        return out;
    while (s.step() == SQLITE_ROW)
        out.push_back(s.text(0));
    return out;
}

std::string RunStore::integrityCheck() const
{
    std::lock_guard lock(m_mutex);
    Statement s(m_db, "PRAGMA integrity_check");
    if (!s.ok())
        return errorText(m_db, s.rc());
    std::string out;
    while (s.step() == SQLITE_ROW) {
        if (!out.empty())
            out += '\n';
        out += s.text(0);
    }
    return out.empty() ? errorText(m_db, s.rc()) : out;
}

void RunStore::keepLogOnClose()
{
    std::lock_guard lock(m_mutex);
    // The WAL is also checkpointed automatically every 1000 pages by
    // whichever writer crosses the mark, and one left behind is replayed on
    // the next open.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

int RunStore::checkpoint()
{
    std::lock_guard lock(m_mutex);
    int logPages = 0;
    int copied = 0;
    if (sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logPages, &copied) != SQLITE_OK)
        return -1;
    return logPages;
}

} // namespace cqrs::history
