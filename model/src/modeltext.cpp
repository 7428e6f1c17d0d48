#include "cqrs/model/fileio.h"
#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"
#include "modeljson_p.h"

#include <cctype>
#include <cstdio>
#include <exception>
#include <string>
#include <unordered_set>
#include <vector>

namespace cqrs {

using namespace detail;

namespace {

/// The first `bytes` bytes of `text` or fewer, never cutting a UTF-8 sequence.
std::string utf8Prefix(const std::string &text, std::size_t bytes)
{
    if (text.size() <= bytes)
        return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

// ---------------------------------------------------------------------------
// Text: UTF-8, depth, syntax

Diagnostic syntaxError(std::string_view text, std::size_t offset, std::string message)
{
    const TextPosition pos = positionOf(text, offset);
    Diagnostic d;
    d.line = pos.line;
    d.column = pos.column;
    d.message = std::move(message);
    return d;
}

// One cheap pass before nlohmann sees the text: invalid UTF-8, NUL bytes and
// nesting depth (so a 200,000-deep array neither recurses nor allocates).
bool prescanText(std::string_view text, Diagnostics &diagnostics)
{
    NestingScanner nesting;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == 0) {
                diagnostics.push_back(syntaxError(
                    text, i, "the file contains a NUL byte: it is binary data, not JSON text"));
                return false;
            }
            if (nesting.step(static_cast<char>(c)) > kMaxJsonDepth) {
                diagnostics.push_back(syntaxError(text, i,
                                                  "arrays and objects nest deeper than "
                                                      + std::to_string(kMaxJsonDepth)
                                                      + " levels; a model file never needs that"));
                return false;
            }
            ++i;
            continue;
        }
        nesting.escaped = false;
        std::size_t length = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                lo = 0xA0; // overlong
            else if (c == 0xED)
                hi = 0x9F; // UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; // above U+10FFFF
        }
        bool ok = length > 0 && i + length <= n;
        for (std::size_t k = 1; ok && k < length; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xBF))
                ok = false;
        }
        if (!ok) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            diagnostics.push_back(syntaxError(text, i,
                                              std::string("invalid UTF-8 (byte ") + hex
                                                  + "): a model file must be UTF-8 text"));
            return false;
        }
        i += length;
    }
    return true;
}

// Builds the document like nlohmann's own DOM parser and also notices
// duplicate keys, which nlohmann would silently merge (the last one wins).
class DomBuilder
{
public:
    explicit DomBuilder(Json &root)
        : m_dom(root, false)
    {}

    bool null() { return onValue() && m_dom.null(); }
    bool boolean(bool value) { return onValue() && m_dom.boolean(value); }
    bool number_integer(Json::number_integer_t value)
    {
        return onValue() && m_dom.number_integer(value);
    }
    bool number_unsigned(Json::number_unsigned_t value)
    {
        return onValue() && m_dom.number_unsigned(value);
    }
    bool number_float(Json::number_float_t value, const Json::string_t &text)
    {
        return onValue() && m_dom.number_float(value, text);
    }
    bool string(Json::string_t &value)
    {
        return onValue() && withinTextLimit(value) && m_dom.string(value);
    }
    bool binary(Json::binary_t &value) { return onValue() && m_dom.binary(value); }
    bool start_object(std::size_t size)
    {
        if (!onValue())
            return false;
        m_frames.push_back(Frame{true, {}, {}, 0});
        return m_dom.start_object(size);
    }
    bool key(Json::string_t &name)
    {
        Frame &frame = m_frames.back();
        frame.key = name.size() > kMaxTextBytes ? utf8Prefix(name, 40) + "…" : name;
        if (!withinTextLimit(name, "a key"))
            return false;
        if (!frame.keys.insert(name).second)
            m_duplicates.push_back(currentPath());
        return m_dom.key(name);
    }
    bool end_object()
    {
        m_frames.pop_back();
        return m_dom.end_object();
    }
    bool start_array(std::size_t size)
    {
        if (!onValue())
            return false;
        m_frames.push_back(Frame{false, {}, {}, 0});
        return m_dom.start_array(size);
    }
    bool end_array()
    {
        m_frames.pop_back();
        return m_dom.end_array();
    }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &ex)
    {
        m_failed = true;
        m_errorPosition = position;
        m_errorMessage = ex.what();
        return false;
    }

    bool failed() const { return m_failed; }
    std::size_t errorPosition() const { return m_errorPosition; }
    const std::string &errorMessage() const { return m_errorMessage; }
    const std::vector<std::string> &duplicates() const { return m_duplicates; }
    bool tooManyValues() const { return m_tooManyValues; }
    /// Where a text over kMaxTextBytes was found (empty: none was).
    const std::string &tooLongAt() const { return m_tooLongAt; }

private:
    struct Frame
    {
        bool isObject = false;
        std::unordered_set<std::string> keys;
        std::string key;
        std::size_t count = 0;
    };

    bool onValue()
    {
        if (!m_frames.empty() && !m_frames.back().isObject)
            ++m_frames.back().count;
        if (++m_values <= kMaxJsonValues)
            return true;
        if (!m_failed) {
            m_failed = true;
            m_tooManyValues = true;
            m_errorMessage = "the file holds more than " + std::to_string(kMaxJsonValues)
                             + " JSON values; a model file never needs that many";
        }
        return false;
    }

    bool withinTextLimit(const std::string &text, const char *what = "the text")
    {
        if (text.size() <= kMaxTextBytes)
            return true;
        if (!m_failed) {
            m_failed = true;
            m_tooLongAt = currentPath();
            if (m_tooLongAt.empty())
                m_tooLongAt = "/";
            m_errorMessage = std::string(what) + " is " + formatByteSize(text.size())
                             + " long; a text in a model file may hold at most "
                             + formatByteSize(kMaxTextBytes);
        }
        return false;
    }

    std::string currentPath() const
    {
        std::string path;
        for (const Frame &frame : m_frames) {
            path = frame.isObject ? childPath(path, frame.key)
                                  : childPath(path, frame.count == 0 ? 0 : frame.count - 1);
        }
        return path;
    }

    nlohmann::detail::json_sax_dom_parser<Json> m_dom;
    std::vector<Frame> m_frames;
    std::vector<std::string> m_duplicates;
    std::size_t m_values = 0;
    bool m_tooManyValues = false;
    std::string m_tooLongAt;
    bool m_failed = false;
    std::size_t m_errorPosition = 0;
    std::string m_errorMessage;
};

// nlohmann quotes the whole token it was reading ("...; last read: '...'",
// sometimes followed by "; expected ..."),
// which for a long string or a minified file is hundreds or thousands of
// characters. The error is at the token's end: keep its last 40 characters
// at most, "…" in front of the rest. Control characters are already escaped
// as "<U+000A>" (one line), counted as wide as shown and never cut; UTF-8
// sequences are never cut either.
std::string trimLastRead(std::string message)
{
    constexpr std::string_view kMarker = "; last read: '";
    constexpr std::size_t kMaxShown = 40;
    const auto at = message.rfind(kMarker);
    if (at == std::string::npos || message.size() < at + kMarker.size() + 1)
        return message;
    const std::size_t begin = at + kMarker.size();
    // The token is last, or followed by what was expected instead
    // ("...; last read: '...'; expected string literal").
    const std::size_t end
        = message.back() == '\'' ? message.size() - 1 : message.rfind("'; expected");
    if (end == std::string::npos || end < begin)
        return message;
    if (end - begin <= kMaxShown)
        return message;
    std::size_t start = end;
    std::size_t shown = 0;
    while (start > begin) {
        std::size_t previous = start - 1;
        std::size_t width = 1;
        if (message[previous] == '>' && previous >= begin + 7
            && message.compare(previous - 7, 3, "<U+") == 0) {
            previous -= 7;
            width = 8;
        } else {
            while (previous > begin
                   && (static_cast<unsigned char>(message[previous]) & 0xC0) == 0x80)
                --previous;
        }
        if (shown + width > kMaxShown)
            break;
        shown += width;
        start = previous;
    }
    if (start == begin)
        return message;
    return message.substr(0, begin) + "\u2026" + message.substr(start);
}

// "[json.exception.parse_error.101] parse error at line 1, column 4: syntax
// error ..." -> "syntax error ..." (we compute line and column ourselves),
// the quoted token trimmed.
std::string cleanParseMessage(std::string message)
{
    if (message.starts_with("[json.exception.")) {
        const auto close = message.find("] ");
        if (close != std::string::npos)
            message.erase(0, close + 2);
    }
    if (message.starts_with("parse error")) {
        const auto column = message.find("column ");
        const auto colon = message.find(": ", column == std::string::npos ? 0 : column);
        if (colon != std::string::npos)
            message.erase(0, colon + 2);
    }
    return trimLastRead(std::move(message));
}

/// Where the first line of a merge's conflict markers starts ("<<<<<<<",
/// "=======" or ">>>>>>>" at the start of a line), or npos.
std::size_t conflictMarker(std::string_view text)
{
    for (std::size_t at = 0; at < text.size();) {
        const std::string_view rest = text.substr(at);
        if (rest.starts_with("<<<<<<<") || rest.starts_with("=======")
            || rest.starts_with(">>>>>>>"))
            return at;
        const std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos)
            break;
        at = end + 1;
    }
    return std::string_view::npos;
}

} // namespace

std::string formatByteSize(std::size_t bytes)
{
    if (bytes < 1024)
        return fileSizeText(bytes);
    const std::string plain = std::to_string(bytes);
    std::string digits;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0)
            digits += ',';
        digits += plain[i];
    }
    return digits + " bytes (" + fileSizeText(bytes) + ")";
}

JsonParseResult parseJsonText(std::string_view text)
{
    JsonParseResult result;
    try {
        if (text.size() > kMaxModelFileBytes) {
            Diagnostic d;
            d.message = "the file is too large: it is " + fileSizeText(text.size())
                        + "; the limit is " + fileSizeText(kMaxModelFileBytes);
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
            Diagnostic d;
            d.line = 1;
            d.column = 1;
            d.message = text.empty() ? "the file is empty: expected a JSON object"
                                     : "the file contains only whitespace: expected a JSON object";
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
            result.diagnostics.push_back(syntaxError(
                text, 0, "the file is UTF-16 text; a model file must be UTF-8 (save it as UTF-8)"));
            return result;
        }
        if (!prescanText(text, result.diagnostics))
            return result;

        Json root;
        DomBuilder builder(root);
        Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                        true, false);
        if (builder.tooManyValues()) {
            Diagnostic d;
            d.message = builder.errorMessage();
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (!builder.tooLongAt().empty()) {
            Diagnostic d;
            d.path = builder.tooLongAt();
            d.message = builder.errorMessage();
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (builder.failed()) {
            // A merge left unresolved (a git pull): said as such, at its
            // first marker, not as the character the parser stumbled on.
            if (const std::size_t marker = conflictMarker(text); marker != std::string_view::npos) {
                result.diagnostics.push_back(syntaxError(
                    text, marker,
                    "the file holds an unresolved merge conflict (lines starting with <<<<<<<, "
                    "======= and >>>>>>>): keep the lines you want, delete the three marker "
                    "lines, and open it again"));
                return result;
            }
            // nlohmann counts the offending character as read.
            std::size_t offset = builder.errorPosition() > 0 ? builder.errorPosition() - 1 : 0;
            if (offset >= text.size()) {
                // At the end of input, point just after the last real character.
                const auto lastChar = text.find_last_not_of(" \t\r\n");
                offset = lastChar == std::string_view::npos ? 0 : lastChar + 1;
            }
            std::string message = "invalid JSON: " + cleanParseMessage(builder.errorMessage());
            // A value where the object or array should end or go on: most
            // often the comma after the value before it is missing ("expected
            // '}'" sent the reader looking for a brace).
            const bool valueInstead
                = (message.find(" literal; expected")
                       != std::string::npos // string, number, true...
                   || message.find("unexpected '{'; expected") != std::string::npos
                   || message.find("unexpected '['; expected") != std::string::npos)
                  && (message.find("expected '}'") != std::string::npos
                      || message.find("expected ']'") != std::string::npos);
            if (valueInstead && offset < text.size()) {
                // Back to the start of the value read (nlohmann points at its end).
                std::size_t start = offset;
                if (text[start] == '"') {
                    while (start > 0
                           && !(text[start - 1] == '"' && (start < 2 || text[start - 2] != '\\')))
                        --start;
                    start = start > 0 ? start - 1 : 0;
                } else {
                    while (start > 0
                           && (std::isalnum(static_cast<unsigned char>(text[start - 1])) != 0
                               || text[start - 1] == '.' || text[start - 1] == '-'
                               || text[start - 1] == '+'))
                        --start;
                }
                const std::size_t before
                    = text.find_last_not_of(" \t\r\n", start > 0 ? start - 1 : 0);
                if (before != std::string_view::npos && before < start && text[before] != ','
                    && text[before] != '{' && text[before] != '[' && text[before] != ':') {
                    const TextPosition at = positionOf(text, before);
                    message += "; is a comma missing after line " + std::to_string(at.line)
                               + ", column " + std::to_string(at.column) + "?";
                }
            }
            result.diagnostics.push_back(syntaxError(text, offset, std::move(message)));
            return result;
        }
        for (const std::string &path : builder.duplicates()) {
            Diagnostic d;
            d.path = path;
            const auto slash = path.rfind('/');
            d.message = "duplicate key \"" + path.substr(slash + 1)
                        + "\": a key may appear only once in an object";
            result.diagnostics.push_back(std::move(d));
        }
        result.json = std::move(root);
    } catch (const std::exception &e) {
        result.json.reset();
        Diagnostic d;
        d.message = std::string("cannot parse the file: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.json.reset();
        Diagnostic d;
        d.message = "cannot parse the file";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

} // namespace cqrs
