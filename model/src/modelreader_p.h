#pragma once

// The loader's reading primitives: typed reads of one field with the
// diagnostics they give (missing, wrong type, out of range, unknown value),
// the unknown-field check, and the state of one load. The field tables
// (modelfields.cpp) say which primitive reads which field; modeljson.cpp
// runs a load. Not public API.

#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"
#include "modeljson_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace cqrs::detail {

class Reader
{
public:
    Diagnostics diagnostics;
    int guessesLeft = 100; ///< for guess()
    std::vector<std::string> brokenPaths;
    ValidateOptions validateOptions;
    bool stopped = false;  ///< the document cannot be judged further
    bool lenient = false;  ///< ModelLoadOptions::keepInvalid
    bool headerOk = false; ///< right format and a schemaVersion this build reads
    bool formatOk = false; ///< "format" is "cqrs-studio/model"

    // The loader's own errors are never found again by validateModel(): lossy.
    void error(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Error;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        d.lossy = true;
        diagnostics.push_back(std::move(d));
        brokenPaths.push_back(path);
    }

    // A value of the wrong type: the model keeps the field's default.
    void replaced(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (replaced by the default)";
        error(path, elementId, std::move(message));
        diagnostics.back().replacedByDefault = lenient;
    }

    // A list item of the wrong type: the list keeps the other items.
    void leftOut(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (left out)";
        error(path, elementId, std::move(message));
    }

    void warning(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        diagnostics.push_back(std::move(d));
    }

    /// didYouMean() for the first misspellings of a file: a person misspells
    /// a few, and a file of a million unknown keys costs no more than before.
    std::string guess(std::string_view typed, std::span<const std::string_view> known)
    {
        if (guessesLeft == 0)
            return {};
        --guessesLeft;
        return didYouMean(typed, known);
    }

    // A field this version does not read, kept in `extra` and written back.
    void keptField(const std::string &path, const std::string &elementId, std::string message)
    {
        warning(path, elementId, std::move(message));
        diagnostics.back().keptUnread = true;
    }

    // Checks that `value` is an object, keeps and reports its unknown fields.
    bool object(const Json &value, const std::string &path, const std::string &id, FieldList known,
                Json &extra, std::string_view what)
    {
        if (!value.is_object()) {
            replaced(path, id, std::string(what) + " must be an object, not " + typeName(value));
            return false;
        }
        // Elements name themselves: their own id is where the problem belongs.
        std::string owner = id;
        if (owner.empty()) {
            if (const auto own = value.find("id"); own != value.end() && own->is_string())
                owner = own->get<std::string>();
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!contains(known, it.key())) {
                extra[it.key()] = it.value();
                keptField(childPath(path, it.key()), owner,
                          "unknown field " + quote(it.key()) + guess(it.key(), known)
                              + " (kept when saving; this version ignores it)");
            }
        }
        return true;
    }

    const Json *member(const Json &obj, std::string_view key, const std::string &path,
                       const std::string &id, bool required, std::string_view hint = {})
    {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) {
                std::string message = "missing required field " + quote(key);
                if (!hint.empty())
                    message += " (" + std::string(hint) + ")";
                error(childPath(path, key), id, std::move(message));
            }
            return nullptr;
        }
        return &*it;
    }

    bool readString(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::string &out, bool required = false,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        if (!v->is_string()) {
            replaced(childPath(path, key), id,
                     quote(key) + " must be a string, not " + typeName(*v));
            return false;
        }
        out = v->get<std::string>();
        return true;
    }

    bool readNumber(const Json &value, const std::string &path, const std::string &id,
                    std::string_view key, double &out)
    {
        if (!value.is_number()) {
            replaced(path, id, quote(key) + " must be a number, not " + typeName(value));
            return false;
        }
        const double d = value.get<double>();
        if (!std::isfinite(d)) {
            replaced(path, id, quote(key) + " must be a finite number");
            return false;
        }
        out = d;
        return true;
    }

    bool readDouble(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, double &out, bool required = false)
    {
        const Json *v = member(obj, key, path, id, required);
        return v && readNumber(*v, childPath(path, key), id, key, out);
    }

    /// A value beyond what the field can hold: "KEY must be RANGE, not VALUE"
    /// when the field says its range, else "KEY is too large: VALUE".
    static std::string outOfRange(std::string_view key, std::string_view range, bool small,
                                  const std::string &value)
    {
        if (range.empty())
            return quote(key) + (small ? " is too small: " : " is too large: ") + value;
        return quote(key) + " must be " + std::string(range) + ", not " + value;
    }

    bool readInt64(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::int64_t &out, std::int64_t min, std::int64_t max,
                   bool required = false, std::string_view range = {})
    {
        const Json *v = member(obj, key, path, id, required);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (v->is_number_integer() && !v->is_number_unsigned()) {
            out = v->get<std::int64_t>();
        } else if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                replaced(at, id, outOfRange(key, range, false, std::to_string(u)));
                return false;
            }
            out = static_cast<std::int64_t>(u);
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::trunc(d)) {
                replaced(at, id, quote(key) + " must be a whole number, not " + v->dump());
                return false;
            }
            if (d < -9.0e18 || d > 9.0e18) {
                replaced(at, id, outOfRange(key, range, d < 0, v->dump()));
                return false;
            }
            out = static_cast<std::int64_t>(d);
        } else {
            replaced(at, id, quote(key) + " must be a whole number, not " + typeName(*v));
            return false;
        }
        out = std::clamp(out, min, max);
        return true;
    }

    bool readInt(const Json &obj, std::string_view key, const std::string &path,
                 const std::string &id, int &out, std::string_view range = {})
    {
        std::int64_t v = 0;
        if (!readInt64(obj, key, path, id, v, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(), false, range))
            return false;
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
            replaced(childPath(path, key), id,
                     range.empty() ? quote(key) + " is out of range: " + std::to_string(v)
                                   : outOfRange(key, range, v < 0, std::to_string(v)));
            return false;
        }
        out = static_cast<int>(v);
        return true;
    }

    bool readBool(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, bool &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        if (!v->is_boolean()) {
            replaced(childPath(path, key), id,
                     quote(key) + " must be true or false, not " + typeName(*v));
            return false;
        }
        out = v->get<bool>();
        return true;
    }

    bool readIdList(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::vector<std::string> &out, bool required,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array of ids, not " + typeName(*v));
            return false;
        }
        out.clear();
        bool ok = true;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json &item = (*v)[i];
            if (!item.is_string()) {
                leftOut(childPath(at, i), id, "an id must be a string, not " + typeName(item));
                ok = false;
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        return ok;
    }

    template<typename Enum, std::size_t N>
    bool readEnum(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, Enum &out, const std::array<Enum, N> &values,
                  bool required = false)
    {
        std::string text;
        if (!readString(obj, key, path, id, text, required))
            return false;
        std::string allowed;
        for (Enum e : values) {
            if (toString(e) == text) {
                out = e;
                return true;
            }
            allowed += (allowed.empty() ? "" : ", ") + std::string(toString(e));
        }
        replaced(childPath(path, key), id,
                 "unknown " + std::string(key) + " " + quote(text) + " (expected one of: " + allowed
                     + ")");
        return false;
    }

    bool readDistribution(const Json &obj, std::string_view key, const std::string &path,
                          const std::string &id, Distribution &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        return readDistributionValue(*v, childPath(path, key), id, key, out);
    }

    bool readDistributionValue(const Json &v, const std::string &path, const std::string &id,
                               std::string_view key, Distribution &out)
    {
        if (v.is_number()) {
            double value = 0;
            if (!readNumber(v, path, id, key, value))
                return false;
            out = Distribution::constant(value);
            return true;
        }
        if (!v.is_object()) {
            replaced(path, id,
                     quote(key)
                         + " must be a distribution (a number, or an object such as "
                           "{\"dist\": \"exponential\", \"mean\": 0.01}), not "
                         + typeName(v));
            return false;
        }
        Distribution d;
        std::string distName;
        if (!readString(v, "dist", path, id, distName, true,
                        "constant, exponential, uniform, normal or lognormal"))
            return false;
        if (!fromString(distName, d.kind)) {
            replaced(childPath(path, "dist"), id,
                     "unknown distribution " + quote(distName)
                         + " (expected constant, exponential, uniform, normal or lognormal)");
            return false;
        }
        bool ok = true;
        for (int i = 0; i < d.parameterCount(); ++i) {
            double &target = i == 0 ? d.p1 : d.p2;
            if (!readDouble(v, d.parameterName(i), path, id, target, true))
                ok = false;
        }
        // What a misspelt name was meant to be: this kind's own fields.
        const std::array<std::string_view, 3> parameters{
            "dist"sv, d.parameterName(0), d.parameterCount() == 2 ? d.parameterName(1) : "dist"};
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string &name = it.key();
            if (name == "dist" || name == d.parameterName(0)
                || (d.parameterCount() == 2 && name == d.parameterName(1)))
                continue;
            d.extra[name] = it.value();
            if (contains(kDistributionFields, name)) {
                keptField(childPath(path, name), id,
                          quote(name) + " is not a parameter of a " + distName
                              + " distribution (kept when saving; ignored)");
            } else {
                keptField(childPath(path, name), id,
                          "unknown field " + quote(name) + guess(name, parameters)
                              + " (kept when saving; this version ignores it)");
            }
        }
        if (ok)
            out = std::move(d);
        return ok;
    }

    template<typename T, typename Fn>
    void readArray(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::vector<T> &out, Fn readItem, bool *broken = nullptr)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array, not " + typeName(*v));
            if (broken)
                *broken = true;
            return;
        }
        out.clear();
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            out.emplace_back();
            readItem((*v)[i], childPath(at, i), out.back());
        }
    }
};

/// Reads a whole model document through the field tables (modelfields.cpp).
void readModelDocument(Reader &reader, const Json &document, Model &model);

} // namespace cqrs::detail
