#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqrs {

/// One problem found in a model file or a model: where and what.
struct Diagnostic
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    /// JSON pointer to the offending value, e.g. "/readModels/1/consumers";
    /// empty for problems of the whole document.
    std::string path;
    /// 1-based line and column for syntax errors; 0 when unknown.
    int line = 0;
    int column = 0;
    /// What is wrong, in plain words.
    std::string message;
    /// The id of the element the problem belongs to, if any (for the GUI to
    /// select it).
    std::string elementId;
    /// Set by a lenient load (ModelLoadOptions::keepInvalid) when the written
    /// value could not be read and the model holds the field's default instead.
    bool replacedByDefault = false;
    /// True when the problem cannot be found again by validateModel() on the
    /// loaded model: data was dropped, replaced or missing from the file.
    bool lossy = false;
    /// A warning that predicts how the model will behave (a stage busier than
    /// it can serve), worked out from its figures: not a mistake in the file,
    /// and the sum a candidate in an interview is meant to do unaided.
    bool prediction = false;
    /// A field the reader does not know, kept as written and saved again: a
    /// note that stays true while the model is edited, which validateModel()
    /// cannot find again (it sees only what was read).
    bool keptUnread = false;

    bool isError() const { return severity == Severity::Error; }
    /// "line 3, column 7: ..." or "/readModels/1/consumers: ..." or the message.
    std::string located() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool hasErrors(const Diagnostics &diagnostics);

/// Escapes one JSON pointer reference token ("~" -> "~0", "/" -> "~1"), as
/// the paths of diagnostics and result figures are written.
std::string escapePointerToken(std::string_view token);

} // namespace cqrs
