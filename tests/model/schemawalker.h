#pragma once

// Walks a JSON Schema along the loader's known-field paths ("/readModels/*/update"),
// for the tests that keep a schema in step with its loader.

#include <cqrs/model/model.h>
#include <set>
#include <string>

namespace cqrs::schematest {

class SchemaWalker
{
public:
    explicit SchemaWalker(const Json &root)
        : m_root(root)
    {}

    // Follows "$ref": "#/$defs/..." links.
    const Json *resolve(const Json *node) const
    {
        for (int hops = 0; node && node->is_object() && node->contains("$ref") && hops < 16;
             ++hops) {
            const std::string ref = (*node)["$ref"].get<std::string>();
            if (!ref.starts_with("#"))
                return nullptr;
            const Json::json_pointer pointer(ref.substr(1));
            node = m_root.contains(pointer) ? &m_root.at(pointer) : nullptr;
        }
        return node;
    }

    // The schema of property `name` of `node`, looking through anyOf/oneOf/allOf.
    const Json *property(const Json *node, const std::string &name) const
    {
        node = resolve(node);
        if (!node || !node->is_object())
            return nullptr;
        if (node->contains("properties") && (*node)["properties"].contains(name))
            return &(*node)["properties"][name];
        for (const char *combinator : {"anyOf", "oneOf", "allOf"}) {
            if (!node->contains(combinator))
                continue;
            for (const Json &branch : (*node)[combinator]) {
                if (const Json *found = property(&branch, name))
                    return found;
            }
        }
        return nullptr;
    }

    // The schema of any array element or map value of `node`.
    const Json *element(const Json *node) const
    {
        node = resolve(node);
        if (!node || !node->is_object())
            return nullptr;
        if (node->contains("items"))
            return &(*node)["items"];
        if (node->contains("additionalProperties") && (*node)["additionalProperties"].is_object())
            return &(*node)["additionalProperties"];
        return nullptr;
    }

    void properties(const Json *node, std::set<std::string> &names) const
    {
        node = resolve(node);
        if (!node || !node->is_object())
            return;
        if (node->contains("properties")) {
            for (auto it = (*node)["properties"].begin(); it != (*node)["properties"].end(); ++it)
                names.insert(it.key());
        }
        for (const char *combinator : {"anyOf", "oneOf", "allOf"}) {
            if (node->contains(combinator)) {
                for (const Json &branch : (*node)[combinator])
                    properties(&branch, names);
            }
        }
    }

    // Walks a known-field path such as "/readModels/*/update".
    const Json *at(const std::string &path) const
    {
        const Json *node = &m_root;
        std::size_t start = 1;
        while (node && start <= path.size() && !path.empty()) {
            const std::size_t slash = path.find('/', start);
            const std::string segment = path.substr(
                start, slash == std::string::npos ? std::string::npos : slash - start);
            node = segment == "*" ? element(node) : property(node, segment);
            if (slash == std::string::npos)
                break;
            start = slash + 1;
        }
        return node;
    }

private:
    const Json &m_root;
};

} // namespace cqrs::schematest
