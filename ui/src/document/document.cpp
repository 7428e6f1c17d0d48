#include "cqrs/ui/document/document.h"

#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartcard.h"

#include <QFileInfo>
#include <QStringList>
#include <algorithm>
#include <cqrs/model/modeljson.h>

namespace cqrs {

std::string keyProperty(const std::string &key)
{
    const std::size_t slash = key.rfind('/');
    return slash == std::string::npos ? std::string() : key.substr(slash + 1);
}

Document::Document(QObject *parent)
    : QObject(parent)
{
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

Document::~Document()
{
    // The stack says "clean again" while it is destroyed: nobody must hear it.
    m_undoStack.disconnect(this);
}

void Document::setFilePath(const QString &path)
{
    if (m_filePath == path)
        return;
    m_filePath = path;
    emit filePathChanged(path);
}

QString Document::displayName() const
{
    if (!m_filePath.isEmpty())
        return QFileInfo(m_filePath).fileName();
    if (!m_untitledName.isEmpty())
        return m_untitledName;
    return m_model.name.empty() ? tr("Untitled") : QString::fromStdString(m_model.name);
}

QString Document::displayName(const std::string &id) const
{
    return elementDisplayName(m_model, id);
}

namespace {

/// Whatever is wrong with the file, every node and note gets a place in reach.
void placeUnplaced(Model &model)
{
    for (auto &[id, position] : positionsForUnplaced(model))
        model.diagram.nodes[id] = position;
    for (auto &[index, position] : notePositionsForUnplaced(model)) {
        model.diagram.notes[index].x = position.x;
        model.diagram.notes[index].y = position.y;
    }
}

} // namespace

void Document::resetModel(Model model, const QString &filePath)
{
    placeUnplaced(model);
    m_undoStack.clear();
    // clear() leaves an empty stack as it was: one that resetClean() had
    // marked unsaved (an imported model, a run's model) would mark every
    // file opened after it as changed.
    m_undoStack.setClean();
    m_model = std::move(model);
    m_fileNotes.clear();
    m_untitledName.clear();
    const bool wasLocked = !m_lockedElements.empty() || m_workloadLocked;
    m_lockedElements.clear();
    m_workloadLocked = false;
    setFilePath(filePath);
    notify({ChangeEvent::Type::Reset, {}, {}});
    if (wasLocked)
        emit locksChanged();
}

Model Document::placed(Model model)
{
    placeUnplaced(model);
    return model;
}

void Document::replaceModel(const QString &text, Model model)
{
    placeUnplaced(model);
    changeValue<Model>(
        text, "model/", ChangeEvent{ChangeEvent::Type::Reset, {}, ChangeEvent::kNewVersion},
        [](Model &m) { return &m; }, std::move(model));
}

void Document::setLocks(std::set<std::string> elementIds, bool workload)
{
    if (m_lockedElements == elementIds && m_workloadLocked == workload)
        return;
    m_lockedElements = std::move(elementIds);
    m_workloadLocked = workload;
    emit locksChanged();
}

bool Document::refusesChange(const std::string &key)
{
    if (!m_workloadLocked || key.rfind("model/workload.", 0) != 0)
        return false;
    emit editRefused(tr("The workload is part of the challenge and cannot be changed."));
    return true;
}

void Document::setUntitledName(const QString &name)
{
    if (m_untitledName == name)
        return;
    m_untitledName = name;
    emit displayNameChanged();
}

void Document::notify(const ChangeEvent &event)
{
    emit changed(event);
}

std::string Document::addElement(ElementKind kind, QPointF pos)
{
    Fragment fragment;
    fragment.elements.push_back(makeElement(m_model, kind));
    const std::string id = elementId(fragment.elements.back());
    fragment.positions[id] = NodePosition{pos.x(), pos.y(), Json::object()};
    // The step names what it added, as the Edit History lists it: "Add command DoSomething".
    const std::string &name = elementName(fragment.elements.back());
    const QString text
        = tr("Add %1 %2").arg(kindTitle(kind).toLower(), boundedText(name.empty() ? id : name, 60));
    // The first command (query) of a model without a command (query) rate
    // brings a rate along, in the same undo step, so that a first run shows
    // something. An empty model keeps rates of 0: a rate with nothing to
    // issue would be an error.
    Workload &workload = m_model.workload;
    const bool commandRate
        = kind == ElementKind::Command && m_model.commands.empty() && workload.commandRate == 0;
    const bool queryRate
        = kind == ElementKind::Query && m_model.queries.empty() && workload.queryRate == 0;
    if (commandRate || queryRate)
        m_undoStack.beginMacro(text);
    addFragment(fragment, text);
    if (commandRate) {
        changeValue<double>(
            text, "model/workload.commandRate",
            ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, "workload.commandRate"},
            [](Model &m) { return &m.workload.commandRate; }, kStarterCommandRate);
    }
    if (queryRate) {
        changeValue<double>(
            text, "model/workload.queryRate",
            ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, "workload.queryRate"},
            [](Model &m) { return &m.workload.queryRate; }, kStarterQueryRate);
    }
    if (commandRate || queryRate)
        m_undoStack.endMacro();
    return id;
}

void Document::addFragment(const Fragment &fragment, const QString &text)
{
    if (fragment.empty())
        return;
    m_undoStack.push(new AddItemsCommand(this, fragment, text));
}

void Document::deleteItems(const std::vector<std::string> &elementIds,
                           const std::vector<Connection> &connections,
                           const std::vector<int> &notes)
{
    if (elementIds.empty() && connections.empty() && notes.empty())
        return;
    QStringList locked;
    for (const std::string &id : elementIds) {
        if (isLocked(id))
            locked << displayName(id);
    }
    if (!locked.isEmpty()) {
        emit editRefused(
            tr("%1 is fixed by the challenge and cannot be deleted; nothing was deleted.", nullptr,
               int(locked.size()))
                .arg(locked.join(QStringLiteral(", "))));
        return;
    }
    auto *command = new QUndoCommand(deleteText(elementIds, connections, notes));
    // Connections first: those of deleted elements vanish with them anyway.
    std::map<std::string, AnyElement> owners;
    for (const Connection &connection : connections) {
        const std::string &owner = connection.owner();
        if (std::find(elementIds.begin(), elementIds.end(), owner) != elementIds.end())
            continue;
        Model scratch = m_model;
        if (auto it = owners.find(owner); it != owners.end())
            replaceElement(scratch, it->second);
        if (auto changed = withoutConnection(scratch, connection))
            owners.insert_or_assign(owner, *changed);
    }
    Model afterDisconnect = m_model;
    if (!owners.empty()) {
        std::vector<AnyElement> after;
        for (auto &[id, element] : owners) {
            after.push_back(element);
            replaceElement(afterDisconnect, element);
        }
        new ReplaceElementsCommand(this, after, tr("Disconnect"), command);
    }
    if (!elementIds.empty() || !notes.empty())
        new DeleteItemsCommand(this, afterDisconnect, elementIds, notes, command);
    // The last command (query) takes its rate along, as the first brought one:
    // a rate with nothing to issue would be an error. Undo restores both.
    auto removesAll = [&](const auto &items) {
        return !items.empty() && std::all_of(items.begin(), items.end(), [&](const auto &element) {
            return std::find(elementIds.begin(), elementIds.end(), element.id) != elementIds.end();
        });
    };
    const bool commandRate = m_model.workload.commandRate > 0 && removesAll(m_model.commands);
    const bool queryRate = m_model.workload.queryRate > 0 && removesAll(m_model.queries);
    if (!commandRate && !queryRate) {
        m_undoStack.push(command);
        return;
    }
    const QString text = command->text();
    // The step says what else it changes: the rates went to 0 unsaid.
    m_undoStack.beginMacro(commandRate && queryRate
                               ? tr("%1 (command and query rates to 0)").arg(text)
                           : commandRate ? tr("%1 (command rate to 0)").arg(text)
                                         : tr("%1 (query rate to 0)").arg(text));
    m_undoStack.push(command);
    if (commandRate) {
        changeValue<double>(
            text, "model/workload.commandRate",
            ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, "workload.commandRate"},
            [](Model &m) { return &m.workload.commandRate; }, 0.0);
    }
    if (queryRate) {
        changeValue<double>(
            text, "model/workload.queryRate",
            ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, "workload.queryRate"},
            [](Model &m) { return &m.workload.queryRate; }, 0.0);
    }
    m_undoStack.endMacro();
}

QString Document::deleteText(const std::vector<std::string> &elementIds,
                             const std::vector<Connection> &connections,
                             const std::vector<int> &notes) const
{
    // "Delete UserView", "Delete UserView and 2 more", "Delete EmailChanged → UserView":
    // what goes, as the Edit History lists it.
    QStringList items;
    for (const std::string &id : elementIds)
        items << displayName(id);
    const auto deleted = [&elementIds](const std::string &id) {
        return std::find(elementIds.begin(), elementIds.end(), id) != elementIds.end();
    };
    for (const Connection &c : connections) {
        if (!deleted(c.from) && !deleted(c.to)) // else it goes with its element, unsaid
            items << tr("%1 → %2").arg(displayName(c.from), displayName(c.to));
    }
    for (std::size_t i = 0; i < notes.size(); ++i)
        items << tr("a note");
    if (items.size() == 1)
        return tr("Delete %1").arg(items.front());
    return tr("Delete %1 and %n more", nullptr, int(items.size() - 1)).arg(items.front());
}

bool Document::connectElements(const std::string &from, const std::string &to, std::string *reason)
{
    const ConnectionCheck check = checkConnection(m_model, from, to);
    if (!check.ok) {
        if (reason)
            *reason = check.reason;
        return false;
    }
    auto owner = withConnection(m_model, check.connection);
    if (!owner)
        return false;
    // "Connect DoSomething → SomethingDone (emits)": which two, as the Edit History lists it.
    const QString joined
        = tr("%1 → %2 (%3)")
              .arg(displayName(check.connection.from), displayName(check.connection.to),
                   QString::fromUtf8(connectionLabel(check.connection.kind)));
    QString text = tr("Connect %1").arg(joined);
    if (!check.replaces.empty())
        text = tr("Connect %1, replacing %2").arg(joined, displayName(check.replaces));
    m_undoStack.push(new ReplaceElementsCommand(this, {*owner}, text));
    return true;
}

void Document::moveItems(const std::map<std::string, QPointF> &nodes,
                         const std::map<int, QPointF> &notes, const QString &text)
{
    pushMove(nodes, notes, text.isEmpty() ? tr("Move") : text, false);
}

void Document::nudgeItems(const std::map<std::string, QPointF> &nodes,
                          const std::map<int, QPointF> &notes)
{
    pushMove(nodes, notes, tr("Nudge"), true);
}

void Document::pushMove(const std::map<std::string, QPointF> &nodes,
                        const std::map<int, QPointF> &notes, const QString &text, bool nudge)
{
    std::map<std::string, NodePosition> nodePositions;
    for (const auto &[id, pos] : nodes) {
        NodePosition position;
        if (const auto it = m_model.diagram.nodes.find(id); it != m_model.diagram.nodes.end())
            position = it->second;
        if (position.x == pos.x() && position.y == pos.y() && m_model.diagram.nodes.count(id))
            continue;
        position.x = pos.x();
        position.y = pos.y();
        nodePositions[id] = position;
    }
    std::map<int, std::pair<double, double>> notePositions;
    for (const auto &[index, pos] : notes) {
        if (index < 0 || index >= int(m_model.diagram.notes.size()))
            continue;
        const Note &note = m_model.diagram.notes[index];
        if (note.x != pos.x() || note.y != pos.y())
            notePositions[index] = {pos.x(), pos.y()};
    }
    if (nodePositions.empty() && notePositions.empty())
        return;
    m_undoStack.push(new MoveItemsCommand(this, std::move(nodePositions), std::move(notePositions),
                                          text, nudge));
}

bool Document::renameElement(const std::string &from, const std::string &to, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (from == to)
        return true;
    if (isLocked(from)) {
        const QString message
            = tr("%1 is fixed by the challenge and cannot be renamed.").arg(displayName(from));
        emit editRefused(message);
        return fail(message);
    }
    if (!m_model.kindOf(from))
        return fail(tr("There is no element \"%1\".").arg(QString::fromStdString(from)));
    if (!isValidId(to))
        return fail(tr("\"%1\" is not a valid id: use letters, digits, '-' and '_'.")
                        .arg(QString::fromStdString(to)));
    if (m_model.kindOf(to))
        return fail(tr("The id \"%1\" is already taken.").arg(QString::fromStdString(to)));
    // A dangling reference to the new id would be renamed back on undo.
    for (const std::string &id : allElementIds(m_model)) {
        if (referencesId(*findElement(m_model, id), to))
            return fail(tr("\"%1\" still refers to a missing \"%2\"; fix that first.")
                            .arg(QString::fromStdString(id), QString::fromStdString(to)));
    }
    // So are the experiments' paths and references (they follow a rename).
    const ElementKind kind = *m_model.kindOf(from);
    for (Experiment experiment : m_model.experiments) {
        if (renameInExperiment(experiment, kind, to, from))
            return fail(
                tr("The experiment \"%1\" still names a missing \"%2\"; fix that first.")
                    .arg(QString::fromStdString(experiment.title), QString::fromStdString(to)));
    }
    m_undoStack.push(
        new RenameElementCommand(this, from, to, elementName(*findElement(m_model, from))));
    return true;
}

bool Document::applyExperiment(const Experiment &experiment, QString *error,
                               const QString &undoText)
{
    Model next = m_model;
    std::string message;
    if (!cqrs::applyExperiment(next, experiment, &message)) {
        if (error)
            *error = QString::fromStdString(message);
        return false;
    }
    const auto ids = allElementIds(next);
    for (const std::string &id : m_lockedElements) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            if (error)
                *error = tr("%1 is fixed by the challenge and cannot be removed.")
                             .arg(displayName(id));
            return false;
        }
    }
    if (m_workloadLocked && !(next.workload == m_model.workload)) {
        if (error)
            *error = tr("The workload is part of the challenge and cannot be changed.");
        return false;
    }
    if (!(next == m_model))
        m_undoStack.push(new ReplaceModelCommand(
            this, std::move(next),
            undoText.isEmpty() ? tr("Try: %1").arg(QString::fromStdString(experiment.title))
                               : undoText));
    return true;
}

bool Document::hasExperiment(const Experiment &experiment) const
{
    if (experiment.set.empty())
        return false; // nothing to apply: never "in the model"
    Model next = m_model;
    std::string unused;
    return cqrs::applyExperiment(next, experiment, &unused) && next == m_model;
}

void Document::setElementName(const std::string &id, const std::string &name)
{
    const auto element = findElement(m_model, id);
    if (!element || elementName(*element) == name)
        return;
    if (isLocked(id)) {
        emit editRefused(
            tr("%1 is fixed by the challenge and cannot be renamed.").arg(displayName(id)));
        return;
    }
    m_undoStack.push(new RenameElementCommand(this, id, id, name));
}

int Document::addNote(QPointF pos, const QString &text)
{
    Fragment fragment;
    fragment.notes.push_back(Note{text.toStdString(), pos.x(), pos.y(), Json::object()});
    addFragment(fragment, tr("Add note"));
    return int(m_model.diagram.notes.size()) - 1;
}

void Document::replaceElements(const std::vector<AnyElement> &elements, const QString &text)
{
    std::vector<AnyElement> changed;
    for (const AnyElement &element : elements) {
        if (findElement(m_model, elementId(element)) != element)
            changed.push_back(element);
    }
    if (!changed.empty())
        m_undoStack.push(new ReplaceElementsCommand(this, changed, text));
}

} // namespace cqrs
