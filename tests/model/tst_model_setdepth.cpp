// The loader's depth limit (kMaxJsonDepth) applies to --set values too, so an
// override can never produce a model that its own file format refuses to read
// (issue 9, "the depth limit applies to --set values"). Before the fix the
// setter accepted any nesting: the overridden model saved to a file that the
// loader then rejected, and the text form handed any depth to the parser.
#include "cqrs/model/modeljson.h"

#include <QtTest>

#include <string>

using namespace cqrs;

namespace {

Json nested(int levels)
{
    Json v = 1;
    for (int i = 0; i < levels; ++i)
        v = Json::array({v});
    return v;
}

std::string nestedText(int levels)
{
    return std::string(static_cast<std::size_t>(levels), '[') + "1" + std::string(static_cast<std::size_t>(levels), ']');
}

Json minimalDocument()
{
    return Json{{"format", "cqrs-studio/model"}, {"schemaVersion", 1}, {"name", "m"}};
}

} // namespace

class TestModelSetDepth : public QObject
{
    Q_OBJECT

private slots:
    void valueAtTheLimitIsAccepted();
    void valueBeyondTheLimitIsRefused();
    void textFormBeyondTheLimitIsRefused();
};

// "description" sits in the root object: one enclosing level, so a value may
// nest kMaxJsonDepth - 1 levels, and the result still reads back.
void TestModelSetDepth::valueAtTheLimitIsAccepted()
{
    Json document = minimalDocument();
    std::string error;
    QVERIFY2(applySetOverride(document, "description", nested(kMaxJsonDepth - 1), &error), error.c_str());
    const JsonParseResult reread = parseJsonText(document.dump());
    QVERIFY(reread.json.has_value());
}

void TestModelSetDepth::valueBeyondTheLimitIsRefused()
{
    Json document = minimalDocument();
    const Json before = document;
    // What the loader says about the same nesting in a file.
    Json tooDeep = minimalDocument();
    tooDeep["description"] = nested(kMaxJsonDepth);
    QVERIFY(!parseJsonText(tooDeep.dump()).json.has_value());

    std::string error;
    QVERIFY(!applySetOverride(document, "description", nested(kMaxJsonDepth), &error));
    QVERIFY2(error.find("description") != std::string::npos, error.c_str());
    QVERIFY2(error.find(std::to_string(kMaxJsonDepth)) != std::string::npos, error.c_str());
    QVERIFY(document == before); // nothing changed
    // Deeper paths leave less room: workload.x sits two levels down.
    document["workload"] = Json::object();
    error.clear();
    QVERIFY(!applySetOverride(document, "workload.seed", nested(kMaxJsonDepth - 1), &error));
    QVERIFY2(error.find("workload.seed") != std::string::npos, error.c_str());
}

void TestModelSetDepth::textFormBeyondTheLimitIsRefused()
{
    Json document = minimalDocument();
    std::string error;
    QVERIFY(applySetOverride(document, "description=" + nestedText(kMaxJsonDepth - 1), &error));
    error.clear();
    QVERIFY(!applySetOverride(document, "description=" + nestedText(kMaxJsonDepth), &error));
    QVERIFY2(error.find(std::to_string(kMaxJsonDepth)) != std::string::npos, error.c_str());
    // Far too deep: refused before any parser sees it, not taken as a string.
    error.clear();
    QVERIFY(!applySetOverride(document, "description=" + nestedText(200000), &error));
    QVERIFY2(error.find(std::to_string(kMaxJsonDepth)) != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestModelSetDepth)
#include "tst_model_setdepth.moc"
