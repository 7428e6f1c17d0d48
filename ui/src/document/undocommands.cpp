#include "cqrs/ui/document/undocommands.h"

#include "cqrs/ui/document/document.h"

#include <algorithm>
#include <chrono>

namespace cqrs {

namespace {

std::function<qint64()> &editClock()
{
    static std::function<qint64()> clock;
    return clock;
}

qint64 monotonicMs()
{
    if (const auto &clock = editClock())
        return clock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

ChangeValueBase::ChangeValueBase(Document *document, const QString &text, std::string key)
    : QUndoCommand(text)
    , m_document(document)
    , m_key(std::move(key))
    , m_lastEdit(monotonicMs())
{}

void ChangeValueBase::setClock(std::function<qint64()> clock)
{
    editClock() = std::move(clock);
}

bool ChangeValueBase::mergesInTime(const ChangeValueBase &other)
{
    if (other.m_lastEdit - m_lastEdit > kMergeWindowMs)
        return false;
    m_lastEdit = other.m_lastEdit;
    return true;
}

void ChangeValueBase::notifyChanged()
{
    m_document->notify({ChangeEvent::Type(m_type), m_ids, m_property});
}

// --- AddItemsCommand

AddItemsCommand::AddItemsCommand(Document *document, const Fragment &fragment, const QString &text)
    : QUndoCommand(text)
    , m_document(document)
    , m_fragment(std::make_unique<Fragment>(fragment))
{}

AddItemsCommand::~AddItemsCommand() = default;

void AddItemsCommand::redo()
{
    Model &model = m_document->mutableModel();
    std::vector<std::string> ids;
    for (const AnyElement &element : m_fragment->elements) {
        insertElement(model, element, -1);
        ids.push_back(elementId(element));
    }
    for (const auto &[id, position] : m_fragment->positions)
        model.diagram.nodes[id] = position;
    for (const Note &note : m_fragment->notes)
        model.diagram.notes.push_back(note);
    if (!ids.empty())
        m_document->notify({ChangeEvent::Type::ElementsAdded, ids, {}});
    if (!m_fragment->notes.empty())
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

void AddItemsCommand::undo()
{
    Model &model = m_document->mutableModel();
    std::vector<std::string> ids;
    for (auto it = m_fragment->elements.rbegin(); it != m_fragment->elements.rend(); ++it) {
        takeElement(model, elementId(*it));
        model.diagram.nodes.erase(elementId(*it));
        ids.push_back(elementId(*it));
    }
    auto &notes = model.diagram.notes;
    notes.resize(notes.size() - std::min(notes.size(), m_fragment->notes.size()));
    if (!ids.empty())
        m_document->notify({ChangeEvent::Type::ElementsRemoved, ids, {}});
    if (!m_fragment->notes.empty())
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

// --- DeleteItemsCommand

DeleteItemsCommand::DeleteItemsCommand(Document *document, const Model &model,
                                       const std::vector<std::string> &ids,
                                       const std::vector<int> &notes, QUndoCommand *parent)
    : QUndoCommand(QObject::tr("Delete"), parent)
    , m_document(document)
{
    // Model order, so that re-inserting in this order restores every index.
    for (const std::string &id : allElementIds(model)) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            continue;
        Removed removed{*findElement(model, id), elementIndex(model, id), std::nullopt};
        if (const auto it = model.diagram.nodes.find(id); it != model.diagram.nodes.end())
            removed.position = it->second;
        m_removed.push_back(std::move(removed));
    }
    for (const std::string &id : allElementIds(model)) {
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            continue;
        AnyElement element = *findElement(model, id);
        bool changed = false;
        for (const Removed &removed : m_removed)
            changed |= removeReferencesTo(element, elementId(removed.element));
        if (changed) {
            m_before.push_back(*findElement(model, id));
            m_after.push_back(std::move(element));
        }
    }
    std::vector<int> sorted = notes;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (int index : sorted) {
        if (index >= 0 && index < int(model.diagram.notes.size()))
            m_notes.emplace_back(index, model.diagram.notes[index]);
    }
}

void DeleteItemsCommand::redo()
{
    Model &model = m_document->mutableModel();
    for (const AnyElement &element : m_after)
        replaceElement(model, element);
    std::vector<std::string> ids;
    for (auto it = m_removed.rbegin(); it != m_removed.rend(); ++it) {
        takeElement(model, elementId(it->element));
        model.diagram.nodes.erase(elementId(it->element));
        ids.push_back(elementId(it->element));
    }
    for (auto it = m_notes.rbegin(); it != m_notes.rend(); ++it)
        model.diagram.notes.erase(model.diagram.notes.begin() + it->first);
    if (!ids.empty())
        m_document->notify({ChangeEvent::Type::ElementsRemoved, ids, {}});
    std::vector<std::string> changed;
    for (const AnyElement &element : m_after)
        changed.push_back(elementId(element));
    if (!changed.empty())
        m_document->notify({ChangeEvent::Type::ElementsChanged, changed, {}});
    if (!m_notes.empty())
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

void DeleteItemsCommand::undo()
{
    Model &model = m_document->mutableModel();
    std::vector<std::string> ids;
    for (const Removed &removed : m_removed) {
        insertElement(model, removed.element, removed.index);
        if (removed.position)
            model.diagram.nodes[elementId(removed.element)] = *removed.position;
        ids.push_back(elementId(removed.element));
    }
    for (const AnyElement &element : m_before)
        replaceElement(model, element);
    for (const auto &[index, note] : m_notes)
        model.diagram.notes.insert(model.diagram.notes.begin() + index, note);
    if (!ids.empty())
        m_document->notify({ChangeEvent::Type::ElementsAdded, ids, {}});
    std::vector<std::string> changed;
    for (const AnyElement &element : m_before)
        changed.push_back(elementId(element));
    if (!changed.empty())
        m_document->notify({ChangeEvent::Type::ElementsChanged, changed, {}});
    if (!m_notes.empty())
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

// --- ReplaceElementsCommand

ReplaceElementsCommand::ReplaceElementsCommand(Document *document, std::vector<AnyElement> after,
                                               const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_elements(std::move(after))
{}

void ReplaceElementsCommand::swap()
{
    Model &model = m_document->mutableModel();
    std::vector<std::string> ids;
    for (AnyElement &element : m_elements) {
        auto current = findElement(model, elementId(element));
        if (!current)
            continue;
        replaceElement(model, element);
        element = std::move(*current);
        ids.push_back(elementId(element));
    }
    m_document->notify({ChangeEvent::Type::ElementsChanged, ids, {}});
}

// --- ReplaceModelCommand

ReplaceModelCommand::ReplaceModelCommand(Document *document, Model after, const QString &text)
    : QUndoCommand(text)
    , m_document(document)
    , m_model(std::move(after))
{}

void ReplaceModelCommand::swap()
{
    Model &model = m_document->mutableModel();
    std::swap(model, m_model);
    const Model &before = m_model;
    const std::vector<std::string> oldIds = allElementIds(before);
    const std::vector<std::string> newIds = allElementIds(model);
    auto has = [](const std::vector<std::string> &ids, const std::string &id) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    std::vector<std::string> removed, added, changed;
    for (const std::string &id : oldIds) {
        if (!has(newIds, id))
            removed.push_back(id);
    }
    for (const std::string &id : newIds) {
        if (!has(oldIds, id))
            added.push_back(id);
        else if (findElement(before, id) != findElement(model, id))
            changed.push_back(id);
    }
    if (!removed.empty())
        m_document->notify({ChangeEvent::Type::ElementsRemoved, removed, {}});
    if (!added.empty())
        m_document->notify({ChangeEvent::Type::ElementsAdded, added, {}});
    if (!changed.empty())
        m_document->notify({ChangeEvent::Type::ElementsChanged, changed, {}});
    if (before.name != model.name || before.description != model.description
        || !(before.writeSide == model.writeSide) || !(before.eventBus == model.eventBus)
        || !(before.workload == model.workload) || !(before.experiments == model.experiments)
        || !(before.extra == model.extra))
        m_document->notify({ChangeEvent::Type::SettingsChanged, {}, {}});
    if (!(before.diagram.nodes == model.diagram.nodes))
        m_document->notify({ChangeEvent::Type::PositionsChanged, newIds, {}});
    if (!(before.diagram.notes == model.diagram.notes))
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

// --- MoveItemsCommand

MoveItemsCommand::MoveItemsCommand(Document *document, std::map<std::string, NodePosition> nodes,
                                   std::map<int, std::pair<double, double>> notes,
                                   const QString &text, bool nudge)
    : QUndoCommand(text)
    , m_document(document)
    , m_nudge(nudge)
    , m_notes(std::move(notes))
{
    for (auto &[id, position] : nodes)
        m_nodes[id] = std::move(position);
}

int MoveItemsCommand::id() const
{
    return m_nudge ? 0x4e756467 : -1; // "Nudg"
}

bool MoveItemsCommand::mergeWith(const QUndoCommand *other)
{
    // Both done: this one keeps the positions before the first nudge, the
    // next one's are where this one left the items. Only the same items.
    const auto *next = dynamic_cast<const MoveItemsCommand *>(other);
    const auto sameKeys = [](const auto &a, const auto &b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const auto &x, const auto &y) { return x.first == y.first; });
    };
    if (!next || !next->m_nudge || !sameKeys(m_nodes, next->m_nodes)
        || !sameKeys(m_notes, next->m_notes))
        return false;
    // Nudged back to where they were: no step at all.
    const Model &model = m_document->model();
    const bool back = std::all_of(m_nodes.begin(), m_nodes.end(), [&model](const auto &entry) {
        const auto it = model.diagram.nodes.find(entry.first);
        return entry.second && it != model.diagram.nodes.end() && it->second.x == entry.second->x
               && it->second.y == entry.second->y;
    }) && std::all_of(m_notes.begin(), m_notes.end(), [&model](const auto &entry) {
        return entry.first < int(model.diagram.notes.size())
               && model.diagram.notes[entry.first].x == entry.second.first
               && model.diagram.notes[entry.first].y == entry.second.second;
    });
    setObsolete(back);
    return true;
}

void MoveItemsCommand::swap()
{
    Model &model = m_document->mutableModel();
    std::vector<std::string> ids;
    for (auto &[id, position] : m_nodes) {
        std::optional<NodePosition> current;
        if (const auto it = model.diagram.nodes.find(id); it != model.diagram.nodes.end())
            current = it->second;
        if (position)
            model.diagram.nodes[id] = *position;
        else
            model.diagram.nodes.erase(id);
        position = std::move(current);
        ids.push_back(id);
    }
    for (auto &[index, position] : m_notes) {
        if (index >= int(model.diagram.notes.size()))
            continue;
        Note &note = model.diagram.notes[index];
        position = {std::exchange(note.x, position.first), std::exchange(note.y, position.second)};
    }
    if (!ids.empty())
        m_document->notify({ChangeEvent::Type::PositionsChanged, ids, {}});
    if (!m_notes.empty())
        m_document->notify({ChangeEvent::Type::NotesChanged, {}, {}});
}

// --- RenameElementCommand

RenameElementCommand::RenameElementCommand(Document *document, std::string fromId,
                                           std::string toId, std::string newName)
    : m_document(document)
    , m_fromId(std::move(fromId))
    , m_toId(std::move(toId))
    , m_newName(std::move(newName))
{
    if (const auto element = findElement(document->model(), m_fromId))
        m_oldName = elementName(*element);
    updateText();
}

void RenameElementCommand::updateText()
{
    auto q = [](const std::string &s) { return QString::fromStdString(s); };
    // An element without a name shows its id: so does the step's text (a
    // cleared name read "Rename TransactionList to ").
    const QString oldShown = q(m_oldName.empty() ? m_fromId : m_oldName);
    if (m_fromId == m_toId && m_newName.empty())
        setText(QObject::tr("Clear the name of %1 (its id %2 shows)").arg(oldShown, q(m_toId)));
    else if (m_fromId == m_toId)
        setText(QObject::tr("Rename %1 to %2").arg(oldShown, q(m_newName)));
    else if (m_oldName == m_newName)
        setText(QObject::tr("Rename id %1 to %2").arg(q(m_fromId), q(m_toId)));
    else
        setText(QObject::tr("Rename %1 to %2 (id %3)")
                    .arg(oldShown, q(m_newName.empty() ? m_toId : m_newName), q(m_toId)));
}

bool RenameElementCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = dynamic_cast<const RenameElementCommand *>(other);
    if (!next || next->m_fromId != m_toId)
        return false;
    m_toId = next->m_toId;
    m_newName = next->m_newName;
    if (m_fromId == m_toId && m_oldName == m_newName)
        setObsolete(true); // typed back to where it was
    updateText();
    return true;
}

void RenameElementCommand::apply(const std::string &fromId, const std::string &toId,
                                 const std::string &name)
{
    Model &model = m_document->mutableModel();
    if (fromId != toId)
        renameInModel(model, fromId, toId);
    if (auto element = findElement(model, toId)) {
        std::visit([&](auto &e) { e.name = name; }, *element);
        replaceElement(model, *element);
    }
    if (fromId != toId)
        m_document->notify({ChangeEvent::Type::ElementRenamed, {fromId, toId}, {}});
    else
        m_document->notify({ChangeEvent::Type::ElementsChanged, {toId}, "name"});
}

void RenameElementCommand::redo()
{
    apply(m_fromId, m_toId, m_newName);
}

void RenameElementCommand::undo()
{
    apply(m_toId, m_fromId, m_oldName);
}

} // namespace cqrs
