#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QSortFilterProxyModel>
#include <cqrs/history/runstore.h>
#include <functional>
#include <map>
#include <optional>
#include <vector>

class QUndoStack;

namespace cqrs {

class HistoryStore;
class RunEditCommand;

/// The figures a list of runs shows, from a stored result.
struct RunHeadline
{
    std::optional<double>
        worstWindowP99; ///< the read model with the largest consistency window p99
    QString worstReadModel;
    std::optional<double> staleRatio; ///< stale reads over all reads, every query
    std::optional<double> commandP99; ///< command latency p99
};

/// Reads the headline figures from a result document's text; nothing for an
/// empty or unreadable one.
RunHeadline headlineOf(const std::string &resultText);

/// The runs of the history, newest first, one row each (Qt's model/view): the
/// History dock shows it through HistoryFilterModel. Loading happens on the
/// history's thread; rename, tags and star write through to the file, each an
/// undoable step on undoStack() (deleting is not: it asks first).
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Star,
        Id,
        Name,
        ModelName,
        Started,
        Seed,
        Status,
        WindowP99,
        StaleRatio,
        CommandP99,
        Tags,
        ColumnCount
    };
    /// The raw value of a cell, for sorting (numbers as numbers, times as ISO text).
    static constexpr int SortRole = Qt::UserRole + 1;
    /// The run's id (qint64) in any column.
    static constexpr int IdRole = Qt::UserRole + 2;
    /// Whether the run is a point of a sweep (bool) in any column.
    static constexpr int SweepPointRole = Qt::UserRole + 3;

    explicit HistoryModel(HistoryStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// Name (EditRole) renames the run, Star (CheckStateRole) stars it.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /// Reads the list again (in the background); loaded() follows.
    void reload();
    const history::RunSummary *run(int row) const;
    int rowOf(qint64 id) const;
    /// The model names of the listed runs, sorted, for the model filter.
    QStringList modelNames() const;

    /// Trimmed; empty ones and repeats (in any case: "Review" after
    /// "review") are left out.
    bool setTags(qint64 id, const QStringList &tags);
    /// The tags all of these runs have, in the first run's order.
    QStringList commonTags(const std::vector<qint64> &ids) const;
    /// An edit of the tags the runs share (`shared`, as commonTags() gave
    /// them) into `entered`: a shared tag left out goes from every run, an
    /// entered one is added to every run, and each run keeps its other tags.
    bool editSharedTags(const std::vector<qint64> &ids, const QStringList &shared,
                        const QStringList &entered);
    /// Stars or unstars the runs, as one undo step.
    void setStarred(const std::vector<qint64> &ids, bool starred);
    /// Deletes the runs; the undo steps that changed any of them are
    /// forgotten (the whole stack: its steps undo in order).
    bool remove(const std::vector<qint64> &ids);

    /// The history's own undo steps (rename, tags, star), apart from the
    /// model's: the History dock's list undoes them with Ctrl+Z.
    QUndoStack *undoStack() const { return m_undo; }

signals:
    void loaded();
    /// A write the history refused (rename, tags, delete).
    void failed(const QString &message);
    /// remove() deleted these runs.
    void removed(const QList<qint64> &ids);

private:
    struct Row
    {
        history::RunSummary run;
        RunHeadline headline;
    };
    friend class RunEditCommand;
    enum class Field { Name, Star, Tags };
    /// A value for one run's field: QString, bool or QStringList.
    struct FieldValue
    {
        qint64 id;
        QVariant value;
        /// What the run must still hold for the value to be written: what
        /// the list showed when the step was made, or what the step (or its
        /// undo) left there.
        QVariant expected;
    };
    enum class Step { Do, Undo, Redo };
    /// Sets one field of runs in the list at once, and in the file (each
    /// run in a transaction of its own). A run that holds something other
    /// than expected keeps it: the list is read again, failed() says so,
    /// and the steps that changed it are forgotten.
    void apply(Field field, const std::vector<FieldValue> &values, Step step);
    /// The tags as stored: trimmed, empty ones and repeats left out.
    static QStringList cleanTags(const QStringList &tags);
    QStringList tagsOf(qint64 id) const;
    /// `then` runs on this thread once the change is written, or after
    /// failed() when it was refused; it is told which.
    void write(std::function<bool(history::RunStore &, std::string &)> change,
               std::function<void(bool written)> then = {});
    /// Forgets every undo step when one of them changed one of these runs
    /// (the steps undo in order, and that step cannot be undone now).
    void forgetStepsOn(const std::vector<qint64> &ids);

    HistoryStore *m_store;
    QUndoStack *m_undo;
    std::vector<Row> m_rows;
    int m_loads = 0;            ///< numbers reloads: only the newest answer counts
    int m_writes = 0;           ///< numbers writes: a list asked for before the last one is stale
    QString m_changedElsewhere; ///< for failed() once the list is read again
};

/// The History dock's view of HistoryModel: a text (name, model or tags,
/// case-insensitive) and a model name filter; sorts by the raw values.
class HistoryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    /// Which runs are listed, whatever the text and model filters say.
    enum class Kind {
        All,         ///< every run
        SingleRuns,  ///< not the points of a sweep (a sweep of 150 points buries them)
        SweepPoints, ///< only the points of sweeps
        Starred,     ///< only starred runs
        Attempts,    ///< only the attempts at challenges (the checks' runs)
    };

    void setText(const QString &text);
    void setModelName(const QString &name);
    void setKind(Kind kind);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QString m_model;
    Kind m_kind = Kind::All;
};

/// "finished", "stopped"... as shown to a user.
QString statusText(history::RunStatus status);
/// The ISO 8601 UTC time as local time, "2026-11-30 07:12:03".
QString localTime(const std::string &iso);
/// The same, as short as a list column can show it: the time alone on the
/// day `today`, the day and the time in its year, the date before that.
QString shortLocalTime(const std::string &iso, const QDate &today);

} // namespace cqrs
