#include "clipboard.h"

#include <cqrs/model/modeljson.h>

#include <QApplication>
#include <QClipboard>
#include <QMimeData>

#include <algorithm>
#include <set>

namespace cqrs {

namespace {

Fragment fragmentOf(const Model &model, const std::vector<std::string> &ids,
                    const std::vector<int> &notes)
{
    Fragment fragment;
    for (const std::string &id : allElementIds(model)) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            continue;
        fragment.elements.push_back(*findElement(model, id));
        if (const auto it = model.diagram.nodes.find(id); it != model.diagram.nodes.end())
            fragment.positions[id] = it->second;
    }
    for (int index : notes) {
        if (index >= 0 && index < int(model.diagram.notes.size()))
            fragment.notes.push_back(model.diagram.notes[index]);
    }
    return fragment;
}

QString toText(const Fragment &fragment, const Model &source)
{
    Model snippet;
    snippet.name = source.name;
    snippet.workload = source.workload;
    for (const AnyElement &element : fragment.elements)
        insertElement(snippet, element, -1);
    snippet.diagram.nodes = fragment.positions;
    snippet.diagram.notes = fragment.notes;
    return QString::fromStdString(serializeModel(snippet));
}

Fragment fromModel(const Model &snippet)
{
    Fragment fragment;
    for (const std::string &id : allElementIds(snippet))
        fragment.elements.push_back(*findElement(snippet, id));
    fragment.positions = snippet.diagram.nodes;
    fragment.notes = snippet.diagram.notes;
    return fragment;
}

// Fresh ids, consistent references, positions offset.
Fragment adapt(Fragment fragment, const Model &target, QPointF offset)
{
    std::vector<std::string> taken;
    std::map<std::string, std::string> renamed;
    for (AnyElement &element : fragment.elements) {
        const std::string id = elementId(element);
        const std::string fresh = uniqueId(target, id, taken);
        taken.push_back(fresh);
        if (fresh != id)
            renamed[id] = fresh;
    }
    std::set<std::string> pasted(taken.begin(), taken.end());
    std::map<std::string, NodePosition> positions;
    for (AnyElement &element : fragment.elements) {
        const std::string oldId = elementId(element);
        // Two phases, so that a -> a-2 and a-2 -> a-2-2 do not chain.
        // (placeholder() rather than "\x01" + std::to_string(n): GCC 12 at -O3
        // warns about that operator+, -Wrestrict, a false positive.)
        auto placeholder = [](int n) { return std::string(1, '\x01').append(std::to_string(n)); };
        int n = 0;
        for (const auto &[from, to] : renamed)
            renameReferences(element, from, placeholder(n++));
        n = 0;
        for (const auto &[from, to] : renamed)
            renameReferences(element, placeholder(n++), to);
        if (const auto it = renamed.find(oldId); it != renamed.end())
            setElementId(element, it->second);
        if (const auto it = fragment.positions.find(oldId); it != fragment.positions.end()) {
            NodePosition position = it->second;
            position.x += offset.x();
            position.y += offset.y();
            positions[elementId(element)] = position;
        }
    }
    // Drop references that would dangle in the target.
    for (AnyElement &element : fragment.elements) {
        std::vector<std::string> refs;
        auto collect = [&](const std::string &ref) {
            if (!ref.empty())
                refs.push_back(ref);
        };
        std::visit(
            [&](const auto &e) {
                using T = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<T, Command>) {
                    collect(e.aggregate);
                    for (const auto &r : e.emits)
                        collect(r);
                    collect(e.validatesAgainst);
                    if (e.followUp)
                        collect(e.followUp->query);
                } else if constexpr (std::is_same_v<T, Event>) {
                    collect(e.aggregate);
                } else if constexpr (std::is_same_v<T, ReadModel> || std::is_same_v<T, Policy>) {
                    for (const auto &r : e.subscribes)
                        collect(r);
                    if constexpr (std::is_same_v<T, Policy>)
                        collect(e.issues);
                } else if constexpr (std::is_same_v<T, Query>) {
                    collect(e.readModel);
                }
            },
            element);
        for (const std::string &ref : refs) {
            if (!pasted.count(ref) && !target.kindOf(ref))
                removeReferencesTo(element, ref);
        }
    }
    fragment.positions = positions;
    for (Note &note : fragment.notes) {
        note.x += offset.x();
        note.y += offset.y();
    }
    return fragment;
}

struct LastCopy
{
    QString text;
    Fragment fragment;
};

LastCopy &lastCopy()
{
    static LastCopy copy;
    return copy;
}

} // namespace

QString snippetFromSelection(const Model &model, const std::vector<std::string> &ids,
                             const std::vector<int> &notes)
{
    return toText(fragmentOf(model, ids, notes), model);
}

std::optional<Fragment> fragmentForPaste(const QString &text, const Model &target, QPointF offset,
                                         QString *error)
{
    if (!lastCopy().text.isEmpty() && text == lastCopy().text)
        return adapt(lastCopy().fragment, target, offset);
    const ModelLoadResult result = parseModel(text.toStdString());
    if (!result.ok()) {
        if (error) {
            QStringList lines;
            for (const Diagnostic &d : result.diagnostics) {
                if (d.isError())
                    lines << QString::fromStdString(d.located());
            }
            *error = QObject::tr("The clipboard does not hold a valid model snippet:\n%1")
                         .arg(lines.mid(0, 5).join('\n'));
        }
        return std::nullopt;
    }
    return adapt(fromModel(*result.model), target, offset);
}

void copyToClipboard(const Model &model, const std::vector<std::string> &ids,
                     const std::vector<int> &notes)
{
    Fragment fragment = fragmentOf(model, ids, notes);
    if (fragment.empty())
        return;
    const QString text = toText(fragment, model);
    lastCopy() = {text, std::move(fragment)};
    auto *mime = new QMimeData;
    mime->setText(text);
    mime->setData(kSnippetMime, text.toUtf8());
    QApplication::clipboard()->setMimeData(mime);
}

bool clipboardHasPaste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    return mime && (mime->hasFormat(kSnippetMime) || mime->hasText()); // the formats, not the data
}

std::optional<Fragment> fragmentFromClipboard(const Model &target, QPointF offset, QString *error)
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    QString text;
    if (mime && mime->hasFormat(kSnippetMime))
        text = QString::fromUtf8(mime->data(kSnippetMime));
    else if (mime && mime->hasText())
        text = mime->text();
    if (text.trimmed().isEmpty()) {
        if (error)
            *error = QObject::tr("The clipboard is empty.");
        return std::nullopt;
    }
    return fragmentForPaste(text, target, offset, error);
}

} // namespace cqrs
