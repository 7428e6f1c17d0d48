#include "cqrs/ui/history/historymodel.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/run/chartcard.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QUndoStack>
#include <algorithm>
#include <cqrs/model/distribution.h>
#include <initializer_list>
#include <optional>
#include <set>
#include <utility>

namespace cqrs {

namespace {

/// json[path...], or nothing when a step is missing or not an object.
const Json *valueAt(const Json &json, std::initializer_list<const char *> path)
{
    const Json *at = &json;
    for (const char *key : path) {
        if (!at->is_object())
            return nullptr;
        const auto it = at->find(key);
        if (it == at->end())
            return nullptr;
        at = &*it;
    }
    return at;
}

/// json[path...] when it is a number, else nothing.
std::optional<double> numberAt(const Json &json, std::initializer_list<const char *> path)
{
    const Json *at = valueAt(json, path);
    if (!at || !at->is_number())
        return std::nullopt;
    return at->get<double>();
}

/// The p99 of the STATS object at json[path...]; nothing when it counts no
/// samples: its figures then read 0, which is no figure (a run in which no
/// command completed has no command latency, and a read model that applied
/// nothing has no window, least of all the best one).
std::optional<double> p99At(const Json &json, std::initializer_list<const char *> path)
{
    const Json *stats = valueAt(json, path);
    if (!stats || numberAt(*stats, {"count"}) == 0.0)
        return std::nullopt;
    return numberAt(*stats, {"p99"});
}

} // namespace

RunHeadline headlineOf(const std::string &resultText)
{
    // Each figure on its own: a stored result with one damaged field still
    // shows the other figures (the typed reader would refuse it whole).
    RunHeadline h;
    if (resultText.empty())
        return h;
    const Json result = Json::parse(resultText, nullptr, false);
    if (!result.is_object())
        return h;
    h.commandP99 = p99At(result, {"commands", "total", "latency"});
    if (const auto readModels = result.find("readModels");
        readModels != result.end() && readModels->is_object()) {
        for (const auto &[id, rm] : readModels->items()) {
            const std::optional<double> p99 = p99At(rm, {"consistencyWindow"});
            if (p99 && (!h.worstWindowP99 || *p99 > *h.worstWindowP99)) {
                h.worstWindowP99 = p99;
                h.worstReadModel = QString::fromStdString(id);
            }
        }
    }
    if (const auto queries = result.find("queries");
        queries != result.end() && queries->is_object()) {
        double issued = 0, stale = 0;
        for (const auto &[id, q] : queries->items()) {
            const std::optional<double> queryIssued = numberAt(q, {"issued"});
            const std::optional<double> queryStale = numberAt(q, {"stale"});
            if (!queryIssued || !queryStale) // one damaged query would bend the ratio: none shown
                return h;
            issued += *queryIssued;
            stale += *queryStale;
        }
        if (issued > 0)
            h.staleRatio = stale / issued;
    }
    return h;
}

QString statusText(history::RunStatus status)
{
    switch (status) {
    case history::RunStatus::Running:
        return HistoryModel::tr("running");
    case history::RunStatus::Finished:
        return HistoryModel::tr("finished");
    case history::RunStatus::Stopped:
        return HistoryModel::tr("stopped");
    case history::RunStatus::Failed:
        return HistoryModel::tr("failed");
    case history::RunStatus::Interrupted:
        return HistoryModel::tr("interrupted");
    }
    return {};
}

QString localTime(const std::string &iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QString::fromStdString(iso);
}

QString shortLocalTime(const std::string &iso, const QDate &today)
{
    const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    if (!t.isValid())
        return QString::fromStdString(iso);
    const QDateTime local = t.toLocalTime();
    if (local.date() == today)
        return local.toString(QStringLiteral("HH:mm:ss"));
    if (local.date().year() == today.year())
        return QLocale().toString(local, QStringLiteral("d MMM HH:mm"));
    return local.toString(QStringLiteral("yyyy-MM-dd"));
}

/// One undoable change of the history: a field of one run or several, each
/// with its value before and after (applied by id, so the list may reload
/// and sort in between).
class RunEditCommand final : public QUndoCommand
{
public:
    struct Change
    {
        qint64 id;
        QVariant before;
        QVariant after;
    };

    RunEditCommand(HistoryModel *model, HistoryModel::Field field, std::vector<Change> changes,
                   const QString &text)
        : QUndoCommand(text)
        , m_model(model)
        , m_field(field)
        , m_changes(std::move(changes))
    {}

    // Every write checks that the run still holds what this window last
    // saw there: the list shown when the step was made, what the step left
    // there (undo), or what the undo left (redo). Another window's change
    // since is kept.
    void redo() override
    {
        std::vector<HistoryModel::FieldValue> values;
        for (const Change &c : m_changes)
            values.push_back({c.id, c.after, c.before});
        m_model->apply(m_field, values, m_done ? HistoryModel::Step::Redo : HistoryModel::Step::Do);
        m_done = true;
    }
    void undo() override
    {
        std::vector<HistoryModel::FieldValue> values;
        for (auto it = m_changes.rbegin(); it != m_changes.rend(); ++it)
            values.push_back({it->id, it->before, it->after});
        m_model->apply(m_field, values, HistoryModel::Step::Undo);
    }

    bool touches(const std::vector<qint64> &ids) const
    {
        return std::any_of(m_changes.begin(), m_changes.end(), [&ids](const Change &c) {
            return std::find(ids.begin(), ids.end(), c.id) != ids.end();
        });
    }

private:
    HistoryModel *m_model;
    HistoryModel::Field m_field;
    std::vector<Change> m_changes;
    bool m_done = false; ///< done once: redo() is a redo
};

HistoryModel::HistoryModel(HistoryStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_undo(new QUndoStack(this))
{
    // A history opened anew (another file set aside for it) has other runs.
    connect(store, &HistoryStore::ready, m_undo, &QUndoStack::clear);
    connect(store, &HistoryStore::ready, this, &HistoryModel::reload);
    connect(store, &HistoryStore::runsChanged, this, &HistoryModel::reload);
    if (store->isReady())
        reload();
}

void HistoryModel::reload()
{
    if (!m_store->isReady())
        return;
    const int load = ++m_loads;
    // A change written after this list was asked for reloads again once
    // written; this list would show the row as before it, for a moment.
    const int writes = m_writes;
    // Finished runs never change their result: keep the figures already read.
    auto known = std::make_shared<std::map<std::int64_t, RunHeadline>>();
    for (const Row &row : m_rows) {
        if (row.run.status != history::RunStatus::Running)
            (*known)[row.run.id] = row.headline;
    }
    auto rows = std::make_shared<std::vector<Row>>();
    m_store->submit(
        [rows, known](history::RunStore &store) {
            for (history::RunSummary &run : store.list()) {
                Row row;
                const auto cached = known->find(run.id);
                if (cached != known->end() && run.status != history::RunStatus::Running)
                    row.headline = cached->second;
                else if (run.status != history::RunStatus::Running)
                    row.headline = headlineOf(store.resultOf(run.id));
                row.run = std::move(run);
                rows->push_back(std::move(row));
            }
        },
        [this, rows, load, writes] {
            if (load != m_loads || writes != m_writes)
                return; // a newer reload is on its way
            beginResetModel();
            m_rows = std::move(*rows);
            endResetModel();
            emit loaded();
            // A run another window had changed: said once the list shows it.
            if (!m_changedElsewhere.isEmpty())
                emit failed(std::exchange(m_changedElsewhere, QString()));
        });
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const history::RunSummary *HistoryModel::run(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)].run : nullptr;
}

int HistoryModel::rowOf(qint64 id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].run.id == id)
            return int(i);
    }
    return -1;
}

QStringList HistoryModel::modelNames() const
{
    std::set<QString> names;
    for (const Row &row : m_rows)
        names.insert(QString::fromStdString(row.run.modelName));
    return QStringList(names.begin(), names.end());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const history::RunSummary &run = row.run;
    const RunHeadline &h = row.headline;
    if (role == IdRole)
        return qint64(run.id);
    if (role == SweepPointRole)
        return run.sweepId != 0;
    auto tags = [&run] {
        QStringList list;
        for (const std::string &t : run.tags)
            list.append(QString::fromStdString(t));
        return list;
    };
    const int column = index.column();
    if (role == SortRole) {
        switch (column) {
        case Star:
            return run.starred ? 1 : 0;
        case Id:
            return qint64(run.id);
        case Name:
            return QString::fromStdString(run.name).toLower();
        case ModelName:
            return QString::fromStdString(run.modelName).toLower();
        case Started:
            return QString::fromStdString(run.startedAt);
        case Seed:
            return qint64(run.seed);
        case Status:
            return statusText(run.status);
        case WindowP99:
            return h.worstWindowP99.value_or(-1);
        case StaleRatio:
            return h.staleRatio.value_or(-1);
        case CommandP99:
            return h.commandP99.value_or(-1);
        case Tags:
            return tags().join(QLatin1Char(',')).toLower();
        }
        return {};
    }
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (column) {
        case Star:
            return {};
        case Id:
            return QStringLiteral("#%1").arg(run.id);
        case Name:
            return QString::fromStdString(run.name);
        case ModelName:
            return QString::fromStdString(run.modelName);
        case Started:
            // Compact: the whole time is in the tooltip, and the list sorts by it.
            return shortLocalTime(run.startedAt, QDate::currentDate());
        case Seed:
            return QString::number(run.seed);
        case Status:
            return statusText(run.status);
        case WindowP99:
            return h.worstWindowP99 ? formatSeconds(*h.worstWindowP99) : QString();
        case StaleRatio:
            return h.staleRatio ? formatPercent(*h.staleRatio) : QString();
        case CommandP99:
            return h.commandP99 ? formatSeconds(*h.commandP99) : QString();
        case Tags:
            return tags().join(QStringLiteral(", "));
        }
        return {};
    }
    if (role == Qt::CheckStateRole && column == Star)
        return run.starred ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Star:
            return tr("Star a run to find it again");
        case WindowP99:
            return h.worstWindowP99 ? tr("Consistency window p99 of %1, the worst read model")
                                          .arg(h.worstReadModel)
                                    : QVariant();
        case StaleRatio:
            return tr("Stale reads over all reads, every query");
        case CommandP99:
            return tr("Command latency p99");
        case Started:
            return tr("Started %1 (UTC %2), ended %3")
                .arg(localTime(run.startedAt), QString::fromStdString(run.startedAt),
                     run.finishedAt.empty() ? tr("—") : localTime(run.finishedAt));
        case Status:
            if (run.status == history::RunStatus::Interrupted)
                return tr(
                    "The program recording this run ended before the run did (killed or crashed)");
            return {};
        case Tags: // every tag (the cell cuts them off); not the run's name
            return run.tags.empty() ? tr("No tags: Edit Tags… adds words to find the run by")
                                    : tags().join(QStringLiteral(", "));
        default:
            return QString::fromStdString(run.name);
        }
    }
    if (role == Qt::ForegroundRole && column == Status) {
        if (run.status == history::RunStatus::Failed
            || run.status == history::RunStatus::Interrupted)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (run.status == history::RunStatus::Running)
            return QBrush(QColor(0x1f, 0x77, 0xb4));
    }
    if (role == Qt::TextAlignmentRole
        && (column == Seed || column == WindowP99 || column == StaleRatio || column == CommandP99
            || column == Id))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Star:
            return QStringLiteral("★");
        case Id:
            return tr("Run");
        case Name:
            return tr("Name");
        case ModelName:
            return tr("Model");
        case Started:
            return tr("Started");
        case Seed:
            return tr("Seed");
        case Status:
            return tr("Status");
        case WindowP99:
            return tr("Window p99");
        case StaleRatio:
            return tr("Stale");
        case CommandP99:
            return tr("Command p99");
        case Tags:
            return tr("Tags");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case WindowP99:
            return tr("Consistency window p99 of the worst read model");
        case StaleRatio:
            return tr("Share of stale reads over all queries");
        case CommandP99:
            return tr("Command latency p99");
        default:
            break;
        }
    }
    return {};
}

Qt::ItemFlags HistoryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == Name)
        f |= Qt::ItemIsEditable;
    if (index.column() == Star)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool HistoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return false;
    const history::RunSummary &run = m_rows[std::size_t(index.row())].run;
    const qint64 id = run.id;
    if (index.column() == Name && role == Qt::EditRole) {
        const QString name = value.toString().trimmed();
        const QString before = QString::fromStdString(run.name);
        if (name.isEmpty() || name == before)
            return false;
        // A long name is cut in the step's text: the menu that says "Undo
        // Rename run #11 to …" is as wide as its longest entry.
        const QString shown = boundedText(name, 40);
        m_undo->push(new RunEditCommand(
            this, Field::Name, {{id, before, name}},
            tr("Rename run #%1 to \u201c%2\u201d")
                .arg(id)
                .arg(QString(shown).replace(QLatin1Char('&'), QLatin1String("&&")))));
        return true;
    }
    if (index.column() == Star && role == Qt::CheckStateRole) {
        setStarred({id}, value.toInt() == Qt::Checked);
        return true;
    }
    return false;
}

void HistoryModel::setStarred(const std::vector<qint64> &ids, bool starred)
{
    std::vector<RunEditCommand::Change> changes;
    for (const qint64 id : ids) {
        const history::RunSummary *summary = run(rowOf(id));
        if (summary && summary->starred != starred)
            changes.push_back({id, summary->starred, starred});
    }
    if (changes.empty())
        return;
    const QString text
        = changes.size() == 1
              ? (starred ? tr("Star run #%1") : tr("Unstar run #%1")).arg(changes.front().id)
              : (starred ? tr("Star %1 runs") : tr("Unstar %1 runs")).arg(changes.size());
    m_undo->push(new RunEditCommand(this, Field::Star, std::move(changes), text));
}

namespace {

std::vector<std::string> stdList(const QStringList &list)
{
    std::vector<std::string> out;
    for (const QString &t : list)
        out.push_back(t.toStdString());
    return out;
}

} // namespace

void HistoryModel::apply(Field field, const std::vector<FieldValue> &values, Step step)
{
    // Shown at once; the file follows (on the history's thread, in order).
    const int column = field == Field::Name ? Name : field == Field::Star ? Star : Tags;
    for (const FieldValue &v : values) {
        const int row = rowOf(v.id);
        if (row < 0)
            continue;
        history::RunSummary &shown = m_rows[std::size_t(row)].run;
        switch (field) {
        case Field::Name:
            shown.name = v.value.toString().toStdString();
            break;
        case Field::Star:
            shown.starred = v.value.toBool();
            break;
        case Field::Tags:
            shown.tags = stdList(v.value.toStringList());
            break;
        }
        emit dataChanged(index(row, column), index(row, column));
    }
    // Each run in a transaction of its own; one that is gone or refused
    // does not keep the others from being written.
    auto changedMeanwhile = std::make_shared<std::vector<qint64>>();
    write(
        [field, values, changedMeanwhile](history::RunStore &store, std::string &error) {
            using Outcome = history::RunStore::EditOutcome;
            bool ok = true;
            for (const FieldValue &v : values) {
                std::string problem;
                Outcome outcome = Outcome::Failed;
                switch (field) {
                case Field::Name:
                    outcome = store.renameFrom(v.id, v.expected.toString().toStdString(),
                                               v.value.toString().toStdString(), &problem);
                    break;
                case Field::Star:
                    outcome = store.setStarredFrom(v.id, v.expected.toBool(), v.value.toBool(),
                                                   &problem);
                    break;
                case Field::Tags:
                    outcome = store.setTagsFrom(v.id, stdList(v.expected.toStringList()),
                                                stdList(v.value.toStringList()), &problem);
                    break;
                }
                if (outcome == Outcome::ChangedMeanwhile)
                    changedMeanwhile->push_back(v.id);
                if (outcome == Outcome::Failed) {
                    error += (error.empty() ? "" : "\n") + problem;
                    ok = false;
                }
            }
            return ok;
        },
        [this, changedMeanwhile, step](bool) {
            if (changedMeanwhile->empty())
                return;
            forgetStepsOn(*changedMeanwhile);
            QStringList runs;
            for (qint64 id : *changedMeanwhile)
                runs.append(tr("#%1").arg(id));
            const bool one = runs.size() == 1;
            QString message;
            switch (step) {
            case Step::Do:
                message
                    = one ? tr(
                          "Not changed: run %1 was changed in another window since this list was "
                          "read. The list shows it as it is now.")
                          : tr(
                              "Not changed: runs %1 were changed in another window since this list "
                              "was read. The list shows them as they are now.");
                break;
            case Step::Undo:
                message
                    = one ? tr("Not undone: run %1 was changed in another window since, and keeps "
                               "that change.")
                          : tr("Not undone: runs %1 were changed in another window since, and keep "
                               "those changes.");
                break;
            case Step::Redo:
                message
                    = one ? tr("Not redone: run %1 was changed in another window since, and keeps "
                               "that change.")
                          : tr("Not redone: runs %1 were changed in another window since, and keep "
                               "those changes.");
                break;
            }
            // Said once the list is read again (the reload follows this
            // call): the message must not stand over the row as this window
            // had it.
            m_changedElsewhere = message.arg(QLocale().createSeparatedList(runs));
        });
}

namespace {

bool hasTag(const QStringList &tags, const QString &tag)
{
    return tags.contains(tag.trimmed(), Qt::CaseInsensitive);
}

/// Where `tag` is in `tags`, in any case; -1 when it is not.
qsizetype tagIndex(const QStringList &tags, const QString &tag)
{
    for (qsizetype i = 0; i < tags.size(); ++i) {
        if (tags[i].compare(tag, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

} // namespace

QStringList HistoryModel::cleanTags(const QStringList &tags)
{
    QStringList kept;
    for (const QString &t : tags) {
        const QString tag = t.trimmed();
        if (!tag.isEmpty() && !hasTag(kept, tag))
            kept.append(tag);
    }
    return kept;
}

QStringList HistoryModel::tagsOf(qint64 id) const
{
    QStringList tags;
    if (const history::RunSummary *summary = run(rowOf(id))) {
        for (const std::string &t : summary->tags)
            tags.append(QString::fromStdString(t));
    }
    return tags;
}

bool HistoryModel::setTags(qint64 id, const QStringList &tags)
{
    const QStringList before = tagsOf(id);
    const QStringList after = cleanTags(tags);
    if (after != before)
        m_undo->push(new RunEditCommand(this, Field::Tags, {{id, before, after}},
                                        tr("Edit tags of run #%1").arg(id)));
    return m_store->isReady();
}

QStringList HistoryModel::commonTags(const std::vector<qint64> &ids) const
{
    QStringList common;
    bool first = true;
    for (qint64 id : ids) {
        const history::RunSummary *summary = run(rowOf(id));
        QStringList tags;
        if (summary) {
            for (const std::string &t : summary->tags)
                tags.append(QString::fromStdString(t));
        }
        if (first) {
            common = tags;
            first = false;
        } else {
            common.removeIf([&tags](const QString &t) { return !hasTag(tags, t); });
        }
    }
    return common;
}

bool HistoryModel::editSharedTags(const std::vector<qint64> &ids, const QStringList &shared,
                                  const QStringList &enteredText)
{
    // As typed after the box's "a, b": trimmed, each once.
    const QStringList entered = cleanTags(enteredText);
    std::vector<RunEditCommand::Change> changes;
    for (qint64 id : ids) {
        const QStringList before = tagsOf(id);
        QStringList tags;
        for (const QString &tag : before) {
            if (!hasTag(shared, tag))
                tags.append(tag); // the run's own
            else if (const qsizetype at = tagIndex(entered, tag); at >= 0)
                tags.append(entered[at]); // shared and entered again: where it was, as typed now
        }
        tags.append(entered); // the new ones (kept once each below)
        if (const QStringList after = cleanTags(tags); after != before)
            changes.push_back({id, before, after});
    }
    if (!changes.empty()) {
        const QString text = changes.size() == 1
                                 ? tr("Edit tags of run #%1").arg(changes.front().id)
                                 : tr("Edit tags of %1 runs").arg(changes.size());
        m_undo->push(new RunEditCommand(this, Field::Tags, std::move(changes), text));
    }
    return m_store->isReady();
}

void HistoryModel::forgetStepsOn(const std::vector<qint64> &ids)
{
    for (int i = 0; i < m_undo->count(); ++i) {
        const auto *command = dynamic_cast<const RunEditCommand *>(m_undo->command(i));
        if (command && command->touches(ids)) {
            m_undo->clear();
            return;
        }
    }
}

bool HistoryModel::remove(const std::vector<qint64> &ids)
{
    // Deleting cannot be undone, and the steps before it undo in order: a
    // step on a deleted run would fail, so none of them is kept.
    forgetStepsOn(ids);
    std::vector<std::int64_t> list(ids.begin(), ids.end());
    write(
        [list](history::RunStore &store, std::string &error) { return store.remove(list, &error); },
        [this, deleted = QList<qint64>(ids.begin(), ids.end())](bool written) {
            if (written)
                emit removed(deleted);
        });
    return m_store->isReady();
}

void HistoryModel::write(std::function<bool(history::RunStore &, std::string &)> change,
                         std::function<void(bool written)> then)
{
    ++m_writes;
    auto error = std::make_shared<std::string>();
    auto ok = std::make_shared<bool>(false);
    m_store->submit([change = std::move(change), error,
                     ok](history::RunStore &store) { *ok = change(store, *error); },
                    [this, error, ok, then = std::move(then)] {
                        if (!*ok)
                            emit failed(QString::fromStdString(*error));
                        if (then) // also after a failure: the runs written beside it
                            then(*ok);
                        emit m_store->runsChanged(); // every view of the history reads it again
                    });
}

void HistoryFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void HistoryFilterModel::setModelName(const QString &name)
{
    m_model = name;
    invalidateFilter();
}

void HistoryFilterModel::setKind(Kind kind)
{
    m_kind = kind;
    invalidateFilter();
}

bool HistoryFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Empty cells (a figure the run does not have) after the rest, as Qt's own order has them.
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.isValid() != b.isValid())
        return a.isValid();
    if (a.isValid()) {
        const QPartialOrdering order = QVariant::compare(a, b);
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    // Equal figures in the order of the runs' ids: three runs at 3% read
    // #1, #2, #3 (or the other way round), not in whatever order the last
    // filter left them.
    return left.data(HistoryModel::IdRole).toLongLong()
           < right.data(HistoryModel::IdRole).toLongLong();
}

bool HistoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = static_cast<const HistoryModel *>(sourceModel());
    const history::RunSummary *run = model->run(sourceRow);
    if (!run)
        return false;
    switch (m_kind) {
    case Kind::All:
        break;
    case Kind::SingleRuns:
        if (run->sweepId)
            return false;
        break;
    case Kind::SweepPoints:
        if (!run->sweepId)
            return false;
        break;
    case Kind::Starred:
        if (!run->starred)
            return false;
        break;
    case Kind::Attempts:
        if (!run->challengeId)
            return false;
        break;
    }
    if (!m_model.isEmpty() && QString::fromStdString(run->modelName) != m_model)
        return false;
    if (m_text.isEmpty())
        return true;
    QStringList haystack
        = {QString::fromStdString(run->name), QString::fromStdString(run->modelName),
           QStringLiteral("#%1").arg(run->id)};
    for (const std::string &t : run->tags)
        haystack.append(QString::fromStdString(t));
    for (const QString &s : std::as_const(haystack)) {
        if (s.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace cqrs
