#pragma once

// The run history (DESIGN section 7): one SQLite file that the application
// and several cqrs-sim processes record into at the same time. Qt-free.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace cqrs::history {

/// The schema this build writes (PRAGMA user_version). Older files are
/// migrated on open; newer ones are refused and never changed.
inline constexpr int kSchemaVersion = 3;

enum class RunStatus { Running, Finished, Stopped, Failed, Interrupted };

/// "running", "finished", "stopped", "failed", "interrupted".
std::string_view statusName(RunStatus status);
std::optional<RunStatus> statusFromName(std::string_view name);

/// Why open() failed.
enum class OpenError {
    None,
    NotFound,  ///< the file does not exist (only with OpenMode::Existing)
    NotSqlite, ///< the file is not a SQLite database
    Foreign,   ///< another application's SQLite database, or not a regular file
    Damaged,   ///< truncated or corrupt
    Newer,     ///< written by a newer schema
    Io,        ///< cannot be read or written (permissions, disk full, a folder)
};

enum class OpenMode {
    Create,   ///< create the file (and its folder) when missing
    Existing, ///< fail with OpenError::NotFound when missing
    /// As Existing, for reading only: the connection cannot write, and the
    /// file's journal mode is left alone. A file of an older schema is
    /// migrated first (the one write this mode makes), since the readers
    /// need the current columns.
    ReadOnly,
};

/// A change made while the run was going (the GUI's inspector).
struct RunEdit
{
    double at = 0;      ///< simulated seconds
    std::string path;   ///< `--set` style path
    std::string value;  ///< JSON text
    std::string previous = {}; ///< JSON text of the value it replaced; empty when none or not known
    /// The path had no value before (the edit added it, e.g. an outage); when
    /// false and `previous` is empty, the value before is not known (runs
    /// recorded before it was kept).
    bool previousAbsent = false;
};

/// What is known when a run starts.
struct RunStart
{
    std::string name;      ///< empty: the model's name
    std::string modelName;
    std::string modelJson; ///< the canonical model as run (after overrides)
    std::int64_t seed = 0;
    std::vector<std::string> overrides; ///< PATH=VALUE, in the order applied
    std::string appVersion;
    std::optional<std::int64_t> sweepId;
    std::optional<double> sweepValue;
    std::optional<std::string> challengeId;
    /// When the run started (utcNow() then), for a run recorded once it has
    /// ended, as a sweep's points are in the application; empty: now.
    std::string startedAt;
};

/// What is known when it ends.
struct RunEnd
{
    RunStatus status = RunStatus::Finished;
    std::string result; ///< the result document exactly as `--out` writes it; empty when none
    std::string series; ///< decimated series (JSON object text, see series.h); empty when none
    std::vector<RunEdit> edits;
    std::optional<double> challengeScore;
    /// When not empty, replaces the model stored at the start: the model as
    /// run, with the mid-run edits applied (canonical JSON).
    std::string modelJson;
};

/// One row of the list.
struct RunSummary
{
    std::int64_t id = 0;
    std::string name;
    std::string modelName;
    RunStatus status = RunStatus::Running; ///< Interrupted when a running row's process is gone
    std::string startedAt;  ///< UTC, ISO 8601
    std::string finishedAt; ///< empty while running or when interrupted
    std::int64_t seed = 0;
    std::string appVersion;
    std::optional<std::int64_t> sweepId;
    std::optional<double> sweepValue;
    std::optional<std::string> challengeId;
    std::optional<double> challengeScore;
    std::vector<std::string> tags;
    bool starred = false;
};

/// A whole run.
struct RunRecord : RunSummary
{
    std::string modelJson;
    std::vector<std::string> overrides;
    std::string result;
    std::string series;
    std::vector<RunEdit> edits;
};

struct ListFilter
{
    std::string text;  ///< case-insensitive substring of name, model name or tags
    std::string model; ///< exact model name; empty: every model
    bool starredOnly = false;
    std::optional<std::int64_t> sweepId;
    std::size_t limit = 0; ///< 0: no limit
};

/// A group of sweep points.
struct SweepInfo
{
    std::int64_t id = 0;
    std::string path;        ///< the varied field
    std::string description; ///< e.g. "0.01:10:20:log"
    std::string modelName;
    std::string createdAt;
    std::size_t runs = 0;
    /// How the sweep was shown, as JSON object text ("{}" when nothing was
    /// chosen, as for `cqrs-sim sweep --db`): the application keeps the
    /// plotted figures and the budget line here, so Open Sweep shows the
    /// sweep as it was made.
    std::string settings = "{}";
};

/// The history file. Every write is one immediate transaction, retried while
/// another process holds the lock, so "database is locked" never reaches the
/// caller. Thread-safe (one connection behind a mutex).
class RunStore
{
public:
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    /// Opens (or creates) the history at path. A file that is not SQLite, is
    /// damaged, belongs to another application or comes from a newer schema is
    /// refused without being written to: nullptr, *error = "PATH: what is
    /// wrong" and *why set.
    static std::unique_ptr<RunStore> open(const std::string &path, OpenMode mode, std::string *error,
                                          OpenError *why = nullptr);
    static std::unique_ptr<RunStore> open(const std::string &path, std::string *error)
    {
        return open(path, OpenMode::Create, error);
    }

    const std::string &path() const { return m_path; }

    /// Records a running run, committed at once. Returns its id, 0 on failure.
    std::int64_t beginRun(const RunStart &start, std::string *error = nullptr);
    /// Records the end of a run. False when the id is unknown (deleted meanwhile).
    bool finishRun(std::int64_t id, const RunEnd &end, std::string *error = nullptr);

    /// Newest first.
    std::vector<RunSummary> list(const ListFilter &filter = {}) const;
    std::optional<RunRecord> get(std::int64_t id) const;
    /// The stored result text alone (for list figures, without the series);
    /// empty when the run has none or is unknown.
    std::string resultOf(std::int64_t id) const;
    bool contains(std::int64_t id) const;

    bool rename(std::int64_t id, const std::string &name, std::string *error = nullptr);
    bool setTags(std::int64_t id, const std::vector<std::string> &tags, std::string *error = nullptr);
    bool setStarred(std::int64_t id, bool starred, std::string *error = nullptr);

    /// What an undo or a redo of rename(), setTags() or setStarred() did.
    enum class EditOutcome {
        Written,
        ChangedMeanwhile, ///< the run held something else: nothing written
        Failed            ///< the run is gone or the file refused (*error says)
    };
    /// rename(), setTags() and setStarred() for an undo or a redo: the value
    /// is written only while the run still holds `expected` (or already
    /// holds the value), checked in the same transaction, so that undoing in
    /// one window never overwrites what another window (or process) wrote
    /// since.
    EditOutcome renameFrom(std::int64_t id, const std::string &expected, const std::string &name,
                           std::string *error = nullptr);
    EditOutcome setTagsFrom(std::int64_t id, const std::vector<std::string> &expected,
                            const std::vector<std::string> &tags, std::string *error = nullptr);
    EditOutcome setStarredFrom(std::int64_t id, bool expected, bool starred, std::string *error = nullptr);
    /// Deletes the runs in one transaction; false (nothing deleted) when one id is unknown.
    bool remove(const std::vector<std::int64_t> &ids, std::string *error = nullptr);

    /// A new sweep group; its points pass the id to beginRun().
    /// `settings` is a JSON object's text (SweepInfo::settings).
    std::int64_t beginSweep(const std::string &path, const std::string &description,
                            const std::string &modelName, const std::string &settings = "{}",
                            std::string *error = nullptr);
    /// Newest first, with the number of runs of each.
    std::vector<SweepInfo> sweeps() const;

    /// The distinct model names, sorted (for the model filter).
    std::vector<std::string> modelNames() const;

    /// "ok", or what PRAGMA integrity_check reports.
    std::string integrityCheck() const;

    /// Copies the write-ahead log's committed pages into the database file
    /// as far as readers allow, without waiting for anyone (a passive
    /// checkpoint), so that the next writer starts the log over. The
    /// number of pages the log held, or -1 when another connection was
    /// checkpointing or the file could not be written.
    int checkpoint();
    /// Leave the write-ahead log as it is when this connection closes. By
    /// default the last connection to close folds the log into the file
    /// and removes it, so that the file alone holds every run (to copy or
    /// share it); a connection that is not the last, or is read-only, leaves
    /// it. `cqrs-sim run --db` skips that (several fsyncs, about 20 ms, at
    /// the end of every recorded run): the next run's checkpoint(), SQLite's
    /// own every 1000 pages, or the next last writer to close folds in what
    /// it left.
    void keepLogOnClose();

private:
    RunStore(sqlite3 *db, std::string path);
    bool write(const std::string &what, const std::function<bool(std::string &)> &body, std::string *error);
    /// write(), when the run with `id` passes `still`.
    EditOutcome writeIfStill(std::int64_t id, const std::string &what,
                             const std::function<bool(const RunSummary &)> &still,
                             const std::function<bool(std::string &)> &update, std::string *error);

    sqlite3 *m_db = nullptr;
    std::string m_path;
    mutable std::mutex m_mutex;
};

/// The file named by CQRS_STUDIO_DB, empty when unset or empty.
std::string databaseFromEnvironment();

/// The application's default history file, the same path as Qt's
/// QStandardPaths::AppDataLocation for organization and application
/// "CQRS Studio": $XDG_DATA_HOME/CQRS Studio/CQRS Studio/runs.sqlite
/// ($XDG_DATA_HOME defaults to ~/.local/share).
std::string defaultDatabasePath();

/// UTC now as ISO 8601 with milliseconds, e.g. "2026-11-30T04:16:27.123Z".
std::string utcNow();

} // namespace cqrs::history
