#pragma once

#include "cqrs/ui/document/document.h"

#include <QString>

#include <optional>

namespace cqrs {

/// MIME type of copied canvas content (a model document holding only the
/// copied elements, their positions and notes).
inline constexpr char kSnippetMime[] = "application/x-cqrs-studio-snippet+json";

/// The selected elements and notes as a model JSON snippet.
QString snippetFromSelection(const Model &model, const std::vector<std::string> &ids,
                             const std::vector<int> &notes);

/// Reads a snippet for pasting into `target`: ids that are taken get a fresh
/// one (and references inside the snippet follow), references to elements
/// that exist neither in the snippet nor in `target` are dropped, and
/// positions move by `offset`. Returns nullopt and *error for text that is
/// not a model snippet.
std::optional<Fragment> fragmentForPaste(const QString &text, const Model &target, QPointF offset,
                                         QString *error);

/// Copies to / pastes from the system clipboard. The last snippet copied by
/// this process is kept typed as well, so incomplete elements (which the
/// loader would refuse) paste exactly.
void copyToClipboard(const Model &model, const std::vector<std::string> &ids,
                     const std::vector<int> &notes);
std::optional<Fragment> fragmentFromClipboard(const Model &target, QPointF offset, QString *error);
/// Whether the clipboard holds something to try pasting: a copied selection,
/// or text (a snippet copied from a file). Paste is enabled by it.
bool clipboardHasPaste();

} // namespace cqrs
