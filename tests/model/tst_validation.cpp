// Validation rules, one triggering and one non-triggering case each, and the
// load predictions behind the instability warnings.
#include "testmodels.h"

#include <QtTest>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

using namespace cqrs;
using cqrs::testing::describe;

namespace {

// A valid model without warnings; every row edits it.
const char *kBase = R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Base",
  "aggregates": [ { "id": "user", "name": "User", "instances": 1000 }, { "id": "order" } ],
  "commands": [
    { "id": "update-email", "aggregate": "user", "handlerTime": { "dist": "exponential", "mean": 0.002 },
      "emits": ["email-changed"], "followUp": { "query": "get-user", "probability": 0.3, "after": 0.05 } },
    { "id": "place-order", "aggregate": "order", "share": 0.5, "handlerTime": 0.001, "emits": ["order-placed"] },
    { "id": "reserve-stock", "aggregate": "order", "share": 0, "handlerTime": 0.001, "emits": ["stock-reserved"] }
  ],
  "events": [ { "id": "email-changed", "aggregate": "user" }, { "id": "order-placed", "aggregate": "order" },
              { "id": "stock-reserved", "aggregate": "order" } ],
  "writeSide": { "workers": 4 },
  "eventBus": { "partitions": 12, "publishDelay": 0.005 },
  "readModels": [
    { "id": "user-view", "name": "UserView", "subscribes": ["email-changed"], "consumers": 2,
      "update": { "mode": "streaming", "delay": { "dist": "lognormal", "median": 0.05, "p99": 0.5 } },
      "applyTime": 0.0005 },
    { "id": "order-view", "subscribes": ["order-placed", "stock-reserved"], "update": { "mode": "batch", "interval": 60 } }
  ],
  "policies": [ { "id": "reserve", "subscribes": ["order-placed"], "issues": "reserve-stock" } ],
  "queries": [ { "id": "get-user", "readModel": "user-view", "readTime": 0.001,
                 "consistency": { "strategy": "wait-for-version" } },
               { "id": "get-order", "readModel": "order-view" } ],
  "workload": { "duration": 600, "warmup": 10, "commandRate": 100, "queryRate": 1000,
                "keys": { "dist": "zipf", "s": 1.1 } }
})";

// "POINTER=JSON" sets a value, "-POINTER" removes it.
void edit(Json &doc, const QString &change)
{
    if (change.startsWith('-')) {
        const Json::json_pointer pointer(change.mid(1).toStdString());
        doc[pointer.parent_pointer()].erase(pointer.back());
        return;
    }
    const qsizetype eq = change.indexOf('=');
    doc[Json::json_pointer(change.left(eq).toStdString())]
        = Json::parse(change.mid(eq + 1).toStdString());
}

Model baseModel()
{
    ModelLoadResult r = parseModel(kBase);
    return *r.model;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void baseIsClean();
    void rules_data();
    void rules();
    void largeModelsValidateQuickly();
    void typedModelValidation();
    void loadMessages();
    void peakOnlyLoad();
    void writeSideLoad();
    void consumerLoadUniformKeys();
    void consumerLoadSkewedKeys();
    void consumerLoadHugeZipfIsCheap();
    void duplicatesAddLoad();
    void readFromWriteModelLoadsWriteSide();
    void policyFeedbackFlows();
    void expectedEventsFormula();
};

void TestValidation::baseIsClean()
{
    const ModelLoadResult r = parseModel(kBase);
    QVERIFY2(r.ok(), qPrintable(describe(r.diagnostics)));
    QVERIFY2(r.diagnostics.empty(), qPrintable(describe(r.diagnostics)));
}

void TestValidation::rules_data()
{
    QTest::addColumn<QStringList>("changes");
    QTest::addColumn<bool>("triggered");
    QTest::addColumn<bool>("isError");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("elementId");
    QTest::addColumn<QString>("message");

    auto rule = [](const char *name, QStringList on, QStringList off, bool isError, QString path,
                   QString id, QString message) {
        QTest::newRow(qPrintable(QString(name) + ": triggers"))
            << on << true << isError << path << id << message;
        QTest::newRow(qPrintable(QString(name) + ": does not trigger"))
            << off << false << isError << path << id << message;
    };

    // Document
    rule("format", {"/format=\"other/model\""}, {}, true, "/format", "", "not a CQRS Studio model");
    rule("missing format", {"-/format"}, {}, true, "/format", "", "missing required field");
    rule("newer schemaVersion", {"/schemaVersion=99"}, {"/schemaVersion=1"}, true, "/schemaVersion",
         "", "newer CQRS Studio");
    rule("string schemaVersion", {"/schemaVersion=\"1\""}, {}, true, "/schemaVersion", "",
         "whole number");
    rule("unknown top-level field", {"/colour=\"green\""}, {}, false, "/colour", "",
         "unknown field");
    rule("unknown nested field", {"/readModels/0/colour=\"green\""}, {}, false,
         "/readModels/0/colour", "user-view", "unknown field");
    rule("missing duration", {"-/workload/duration"}, {}, true, "/workload/duration", "",
         "missing required field");
    // Ids
    rule("malformed id (space)", {"/aggregates/1/id=\"or der\""}, {"/aggregates/1/id=\"or_der\""},
         true, "/aggregates/1/id", "or der", "malformed id");
    rule("malformed id (dot)", {"/events/2/id=\"stock.reserved\""},
         {"/events/2/id=\"stock-reserved\""}, true, "/events/2/id", "stock.reserved",
         "malformed id");
    rule("duplicate id across kinds", {"/events/1/id=\"user\""}, {"/events/1/id=\"order-placed\""},
         true, "/events/1/id", "user", "duplicate id \"user\"");
    rule("missing id", {"-/queries/1/id"}, {}, true, "/queries/1/id", "", "missing required field");
    // References
    rule("command.aggregate", {"/commands/1/aggregate=\"nope\""},
         {"/commands/1/aggregate=\"user\""}, true, "/commands/1/aggregate", "place-order",
         "does not exist");
    rule("command.aggregate not set", {"/commands/1/aggregate=\"\""}, {}, true,
         "/commands/1/aggregate", "place-order", "aggregate is not set: choose an aggregate");
    rule("query.readModel not set", {"/queries/0/readModel=\"\""}, {}, true, "/queries/0/readModel",
         "get-user", "read model is not set: choose a read model");
    rule("command.aggregate of another kind", {"/commands/1/aggregate=\"user-view\""}, {}, true,
         "/commands/1/aggregate", "place-order", "is a read model, not an aggregate");
    rule("emits", {"/commands/1/emits=[\"order-placed\",\"nope\"]"}, {}, true,
         "/commands/1/emits/1", "place-order", "does not exist");
    rule("followUp.query", {"/commands/0/followUp/query=\"nope\""}, {}, true,
         "/commands/0/followUp/query", "update-email", "does not exist");
    rule("validatesAgainst", {"/commands/1/validatesAgainst=\"nope\""},
         {"/commands/1/validatesAgainst=\"order-view\""}, true, "/commands/1/validatesAgainst",
         "place-order", "does not exist");
    rule("event.aggregate", {"/events/1/aggregate=\"nope\""}, {}, true, "/events/1/aggregate",
         "order-placed", "does not exist");
    rule("subscribes", {"/readModels/0/subscribes=[\"nope\"]"}, {}, true,
         "/readModels/0/subscribes/0", "user-view", "does not exist");
    rule("policy.issues", {"/policies/0/issues=\"nope\""}, {}, true, "/policies/0/issues",
         "reserve", "does not exist");
    rule("query.readModel", {"/queries/1/readModel=\"nope\""}, {}, true, "/queries/1/readModel",
         "get-order", "does not exist");
    rule("diagram node of an unknown id", {"/diagram={\"nodes\":{\"ghost\":{\"x\":1,\"y\":2}}}"},
         {"/diagram={\"nodes\":{\"user\":{\"x\":1,\"y\":2}}}"}, false, "/diagram/nodes/ghost",
         "ghost", "no element has this id");
    // Types
    rule("wrong type", {"/writeSide/workers=\"four\""}, {"/writeSide/workers=2"}, true,
         "/writeSide/workers", "", "whole number");
    rule("integer given as 2.5", {"/readModels/0/consumers=2.5"}, {"/readModels/0/consumers=2.0"},
         true, "/readModels/0/consumers", "user-view", "whole number");
    rule("boolean", {"/readModels/0/idempotent=1"}, {"/readModels/0/idempotent=false"}, true,
         "/readModels/0/idempotent", "user-view", "true or false");
    rule("unknown dist", {"/commands/1/handlerTime={\"dist\":\"weibull\",\"k\":1}"}, {}, true,
         "/commands/1/handlerTime/dist", "place-order", "unknown distribution");
    rule("unknown ordering", {"/eventBus/ordering=\"random\""}, {"/eventBus/ordering=\"none\""},
         true, "/eventBus/ordering", "", "unknown ordering");
    rule("unknown strategy", {"/queries/0/consistency/strategy=\"strong\""},
         {"/queries/0/consistency/strategy=\"optimistic-ui\""}, true,
         "/queries/0/consistency/strategy", "get-user", "expected one of");
    rule("unknown update mode", {"/readModels/0/update/mode=\"stream\""}, {}, true,
         "/readModels/0/update/mode", "user-view", "unknown mode");
    // Ranges
    rule("instances 0", {"/aggregates/0/instances=0"}, {"/aggregates/0/instances=1"}, true,
         "/aggregates/0/instances", "user", "from 1 to 10,000,000");
    rule("instances 20,000,000", {"/aggregates/0/instances=20000000"},
         {"/aggregates/0/instances=10000000"}, true, "/aggregates/0/instances", "user",
         "from 1 to 10,000,000");
    rule("negative share", {"/commands/1/share=-1"}, {"/commands/1/share=0"}, true,
         "/commands/1/share", "place-order", "0 or more");
    rule("rejectRate 1.5", {"/commands/1/rejectRate=1.5"}, {"/commands/1/rejectRate=1"}, true,
         "/commands/1/rejectRate", "place-order", "probability");
    rule("followUp.probability", {"/commands/0/followUp/probability=1.5"}, {}, true,
         "/commands/0/followUp/probability", "update-email", "probability");
    rule("policy probability", {"/policies/0/probability=-0.1"}, {"/policies/0/probability=0"},
         true, "/policies/0/probability", "reserve", "probability");
    rule("duplicateRate", {"/eventBus/duplicateRate=2"}, {"/eventBus/duplicateRate=0.5"}, true,
         "/eventBus/duplicateRate", "", "probability");
    rule("lognormal p99 < median",
         {"/commands/1/handlerTime={\"dist\":\"lognormal\",\"median\":0.5,\"p99\":0.1}"},
         {"/commands/1/handlerTime={\"dist\":\"lognormal\",\"median\":0.1,\"p99\":0.5}"}, true,
         "/commands/1/handlerTime", "place-order", "0 < median < p99");
    rule("exponential mean 0", {"/readModels/0/applyTime={\"dist\":\"exponential\",\"mean\":0}"},
         {}, true, "/readModels/0/applyTime", "user-view", "mean > 0");
    rule("uniform min > max", {"/eventBus/publishDelay={\"dist\":\"uniform\",\"min\":2,\"max\":1}"},
         {"/eventBus/publishDelay={\"dist\":\"uniform\",\"min\":1,\"max\":2}"}, true,
         "/eventBus/publishDelay", "", "min <= max");
    rule("negative constant", {"/queries/0/readTime=-1"}, {"/queries/0/readTime=0"}, true,
         "/queries/0/readTime", "get-user", "0 or more");
    rule("batch interval 0", {"/readModels/1/update/interval=0"},
         {"/readModels/1/update/interval=5"}, true, "/readModels/1/update/interval", "order-view",
         "greater than 0");
    // Sure typos that a run would show only as nothing happening.
    rule("delay as long as the run", {"/readModels/0/update/delay=600"}, {"/readModels/0/update/delay=599"},
         false, "/readModels/0/update/delay", "user-view", "every event is delayed 600 s");
    rule("outage after the run", {"/readModels/0/outages=[{\"at\":600,\"duration\":5}]"},
         {"/readModels/0/outages=[{\"at\":595,\"duration\":10}]"}, false, "/readModels/0/outages/0/at",
         "user-view", "the outage starts at 600 s, when the run (600 s) is over");
    rule("batch without interval", {"-/readModels/1/update/interval"}, {}, true,
         "/readModels/1/update/interval", "order-view", "missing required field");
    rule("outage duration 0", {"/readModels/0/outages=[{\"at\":10,\"duration\":0}]"},
         {"/readModels/0/outages=[{\"at\":10,\"duration\":5}]"}, true,
         "/readModels/0/outages/0/duration", "user-view", "greater than 0");
    rule("zero consumers", {"/readModels/0/consumers=0"}, {"/readModels/0/consumers=1"}, true,
         "/readModels/0/consumers", "user-view", "at least 1");
    rule("zero partitions", {"/eventBus/partitions=0"}, {"/eventBus/partitions=1"}, true,
         "/eventBus/partitions", "", "at least 1");
    rule("too many workers", {"/writeSide/workers=100001"}, {"/writeSide/workers=100000"}, true,
         "/writeSide/workers", "", "at most 100,000");
    rule("consumers beyond int", {"/readModels/0/consumers=3e9"}, {}, true,
         "/readModels/0/consumers", "user-view", "\"consumers\" must be a whole number from 1 to 100,000, not 3000000000");
    rule(
        "total instances",
        {"/aggregates/1/instances=10000000", "/aggregates/2={\"id\":\"a2\",\"instances\":10000000}",
         "/aggregates/3={\"id\":\"a3\",\"instances\":10000000}",
         "/aggregates/4={\"id\":\"a4\",\"instances\":10000000}",
         "/aggregates/5={\"id\":\"a5\",\"instances\":10000000}"},
        {"/aggregates/1/instances=10000000", "/aggregates/2={\"id\":\"a2\",\"instances\":10000000}",
         "/aggregates/3={\"id\":\"a3\",\"instances\":10000000}",
         "/aggregates/4={\"id\":\"a4\",\"instances\":9999000}"},
        true, "/aggregates/5/instances", "a5", "more than 50,000,000 instances together");
    // Beyond what the field can hold: the message says the values allowed.
    rule("instances beyond 64 bits", {"/aggregates/0/instances=1e30"}, {"/aggregates/0/instances=10000000"}, true,
         "/aggregates/0/instances", "user", "\"instances\" must be a whole number from 1 to 10,000,000, not 1e+30");
    rule("seed beyond 64 bits", {"/workload/seed=1e300"}, {"/workload/seed=9000000000000000000"}, true,
         "/workload/seed", "", "\"seed\" must be a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807, not 1e+300");
    rule("seed beyond 2^63", {"/workload/seed=18446744073709551615"}, {"/workload/seed=-9223372036854775808"}, true,
         "/workload/seed", "", "\"seed\" must be a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807, not 18446744073709551615");
    rule("zero workers", {"/writeSide/workers=0"}, {"/writeSide/workers=1"}, true,
         "/writeSide/workers", "", "at least 1");
    rule("negative maxRetries", {"/writeSide/maxRetries=-1"}, {"/writeSide/maxRetries=0"}, true,
         "/writeSide/maxRetries", "", "0 or more");
    rule("no subscriptions", {"/policies/0/subscribes=[]"}, {}, true, "/policies/0/subscribes",
         "reserve", "at least one event");
    rule("sampleInterval below duration / 100,000", {"/workload/sampleInterval=0.000001"},
         {"/workload/sampleInterval=0.006"}, false, "/workload/sampleInterval", "",
         "sampleInterval 1e-06 s is raised to 0.006 s: a run has at most 100,000 samples (duration 600 s / 100,000)");
    rule("duration 0", {"/workload/duration=0"}, {"/workload/duration=0.5"}, true,
         "/workload/duration", "", "greater than 0");
    rule("warmup >= duration", {"/workload/warmup=600"}, {"/workload/warmup=599"}, true,
         "/workload/warmup", "", "shorter than duration");
    rule("rateProfile not sorted",
         {"/workload/rateProfile=[{\"at\":300,\"factor\":2},{\"at\":100,\"factor\":1}]"},
         {"/workload/rateProfile=[{\"at\":100,\"factor\":1},{\"at\":300,\"factor\":2}]"}, true,
         "/workload/rateProfile/1/at", "", "sorted");
    rule("rate x factor overflows to infinity",
         {"/workload/rateProfile=[{\"at\":1,\"factor\":1e308}]"},
         {"/workload/rateProfile=[{\"at\":1,\"factor\":10}]"}, true,
         "/workload/rateProfile/0/factor", "", "commandRate x factor is infinite (it overflows) commands per second from t = 1 s, above the limit of 100 million per second");
    rule("rate x factor over the limit", {"/workload/commandRate=1e7", "/workload/rateProfile=[{\"at\":5,\"factor\":20}]"},
         {"/workload/commandRate=1e6", "/workload/rateProfile=[{\"at\":5,\"factor\":20}]"}, true,
         "/workload/rateProfile/0/factor", "", "commandRate x factor is 200000000 commands per second from t = 5 s");
    rule("commandRate over the limit", {"/workload/commandRate=1e300"}, {"/workload/commandRate=1e8"}, true,
         "/workload/commandRate", "", "above the limit");
    rule("queryRate over the limit", {"/workload/queryRate=2e8"}, {"/workload/queryRate=1e8"}, true,
         "/workload/queryRate", "", "above the limit");
    rule("name too long", {QStringLiteral("/readModels/0/name=\"%1\"").arg(QString(1001, QLatin1Char('N')))}, {"/readModels/0/name=\"UserView\""}, true,
         "/readModels/0/name", "user-view", "the name is 1001 bytes long; the limit is 1000");
    rule("zipf s 0", {"/workload/keys/s=0"}, {"/workload/keys/s=0.5"}, true, "/workload/keys/s", "",
         "greater than 0");
    rule("sampleInterval 0", {"/workload/sampleInterval=0"}, {"/workload/sampleInterval=1"}, true,
         "/workload/sampleInterval", "", "greater than 0");
    rule("pollInterval 0", {"/queries/0/consistency/pollInterval=0"},
         {"/queries/0/consistency={\"strategy\":\"eventual\",\"pollInterval\":0}"}, true,
         "/queries/0/consistency/pollInterval", "get-user", "greater than 0");
    rule("command shares all zero", {"/commands/0/share=0", "/commands/1/share=0"},
         {"/commands/0/share=0", "/commands/1/share=0", "/workload/commandRate=0"}, true,
         "/commands", "", "every command has share 0");
    rule("query shares all zero", {"/queries/0/share=0", "/queries/1/share=0"},
         {"/queries/0/share=0", "/queries/1/share=0", "/workload/queryRate=0"}, true, "/queries",
         "", "every query has share 0");
    // Policy loops
    const QStringList loop = {"/commands/2/handlerTime=0", "/commands/2/emits=[\"order-placed\"]",
                              "/eventBus/publishDelay=0"};
    rule("policy loop with zero delay", loop, loop + QStringList{"/policies/0/probability=0.5"},
         true, "/policies/0", "reserve", "would fire forever at one instant");
    rule("policy loop broken by a publish delay", loop,
         loop + QStringList{"/eventBus/publishDelay=0.001"}, true, "/policies/0", "reserve",
         "would fire forever");
    rule("policy loop broken by a batch policy", loop,
         loop + QStringList{"/policies/0/update={\"mode\":\"batch\",\"interval\":1}"}, true,
         "/policies/0", "reserve", "would fire forever");
    rule("policy loop broken by applyTime", loop, loop + QStringList{"/policies/0/applyTime=0.001"},
         true, "/policies/0", "reserve", "would fire forever");
    rule("policy feedback gain 1 with delays", {"/commands/2/emits=[\"order-placed\"]"},
         {"/commands/2/emits=[\"order-placed\"]", "/policies/0/probability=0.9"}, true,
         "/policies/0", "reserve", "grows without limit");
    // Limits
    rule("expected engine events", {"/workload/commandRate=1e7", "/workload/duration=1e6"},
         {"/workload/commandRate=100", "/workload/duration=1e4"}, true, "/workload", "",
         "simulated events");
    // A wait-for-version timeout that polls the run over the limit is named,
    // not the workload (which a challenge does not let one change).
    rule("wait-for-version polls over the event limit", {"/queries/0/consistency/timeout=1e9"},
         {"/queries/0/consistency/timeout=1"}, true, "/queries/0/consistency/timeout", "get-user",
         "polling every 0.1 s: this run could take about");
    // Warnings
    rule("event nobody subscribes to", {"/readModels/1/subscribes=[\"order-placed\"]"}, {}, false,
         "/events/2", "stock-reserved", "no read model or policy subscribes");
    rule("read model no query reads", {"/queries/1/readModel=\"user-view\""},
         {"/queries/1/readModel=\"user-view\"", "/commands/1/validatesAgainst=\"order-view\""},
         false, "/readModels/1", "order-view", "no query reads");
    // A strategy about follow-ups on a query no command follows up reads at once.
    rule("wait-for-version without a follow-up", {"/commands/0/followUp/query=\"get-order\""},
         {"/commands/0/followUp/query=\"get-order\"", "/queries/0/consistency/strategy=\"eventual\""},
         false, "/queries/0/consistency/strategy", "get-user", "is no command's follow-up");
    rule("wait-for-version behind a follow-up of probability 0",
         {"/commands/0/followUp/probability=0"}, {"/commands/0/followUp/probability=0.01"}, false,
         "/queries/0/consistency/strategy", "get-user", "is no command's follow-up");
    rule("optimistic-ui without a follow-up",
         {"/queries/1/consistency={\"strategy\":\"optimistic-ui\"}"}, {}, false,
         "/queries/1/consistency/strategy", "get-order", "never applies");
    rule("command that emits nothing", {"/commands/1/emits=[]"}, {}, false, "/commands/1/emits",
         "place-order", "emits no events");
    rule("unstable read model", {"/readModels/0/applyTime=0.05"}, {"/readModels/0/applyTime=0.001"},
         false, "/readModels/0/consumers", "user-view", "UserView: consumers are");
    rule("unstable write side", {"/commands/0/handlerTime=0.1"}, {"/commands/0/handlerTime=0.01"},
         false, "/writeSide/workers", "", "Write side: workers are");
    rule("idle consumers", {"/readModels/0/consumers=20"}, {"/readModels/0/consumers=12"}, false,
         "/readModels/0/consumers", "user-view", "stay idle");
    // Issue 8, bug 5: a model with nothing to simulate is not silently "valid".
    rule("nothing to simulate", {"/workload/commandRate=0", "/workload/queryRate=0"},
         {"/workload/commandRate=0"}, false, "/workload", "", "nothing to simulate");
    rule("no commands", {"/commands=[]", "/policies=[]", "/workload/commandRate=0"}, {}, false,
         "/commands", "", "no commands");
    rule("command rate 0", {"/workload/commandRate=0"}, {"/workload/commandRate=1"}, false,
         "/workload/commandRate", "", "nothing is written");
    // Issue 8, bug 4: a read model behind a saturated write side only gets
    // what the write side lets through, so it is not predicted unstable.
    rule("read model behind a saturated write side", {"/readModels/0/applyTime=0.05"},
         {"/readModels/0/applyTime=0.05", "/commands/0/handlerTime=1"}, false,
         "/readModels/0/consumers", "user-view", "UserView: consumers are");
    rule("saturated write side says what it lets through", {"/commands/0/handlerTime=1"},
         {"/commands/0/handlerTime=0.01"}, false, "/writeSide/workers", "",
         "it can serve about 7.99 of the 133 arrivals per second");
}

void TestValidation::rules()
{
    QFETCH(QStringList, changes);
    QFETCH(bool, triggered);
    QFETCH(bool, isError);
    QFETCH(QString, path);
    QFETCH(QString, elementId);
    QFETCH(QString, message);

    Json doc = Json::parse(kBase);
    for (const QString &change : changes)
        edit(doc, change);
    const ModelLoadResult result = modelFromJson(doc);
    const Diagnostic *match = nullptr;
    for (const Diagnostic &d : result.diagnostics) {
        if (d.path == path.toStdString() && QString::fromStdString(d.message).contains(message))
            match = &d;
    }
    if (!triggered) {
        QVERIFY2(!match, qPrintable(describe(result.diagnostics)));
        return;
    }
    QVERIFY2(match, qPrintable("expected " + path + ": " + message + "\ngot:\n"
                               + describe(result.diagnostics)));
    QCOMPARE(match->isError(), isError);
    QCOMPARE(QString::fromStdString(match->elementId), elementId);
    QCOMPARE(result.ok(), !hasErrors(result.diagnostics));
    if (isError)
        QVERIFY(!result.ok());
}

void TestValidation::largeModelsValidateQuickly()
{
    // A policy chain of 3000 commands and a ring of 1000 policies (probability
    // 0.9): every check stays linear, nothing recurses per element.
    Model m;
    m.aggregates.push_back({"a", "A", 1000, Json::object()});
    auto addStep = [&](const std::string &suffix, const std::string &next, double probability) {
        Command c;
        c.id = "c" + suffix;
        c.aggregate = "a";
        c.handlerTime = Distribution::constant(0.0001);
        c.emits = {"e" + suffix};
        m.commands.push_back(c);
        m.events.push_back({"e" + suffix, "E", "a", {}, Json::object()});
        if (next.empty())
            return;
        Policy p;
        p.id = "p" + suffix;
        p.subscribes = {"e" + suffix};
        p.issues = "c" + next;
        p.probability = probability;
        p.update.delay = Distribution::constant(0.01);
        m.policies.push_back(p);
    };
    for (int i = 0; i < 3000; ++i)
        addStep("chain" + std::to_string(i), i + 1 < 3000 ? "chain" + std::to_string(i + 1) : "",
                1.0);
    for (int i = 0; i < 1000; ++i)
        addStep("ring" + std::to_string(i), "ring" + std::to_string((i + 1) % 1000), 0.9);
    for (Command &c : m.commands)
        c.share = 0;
    m.commands.front().share = 1; // arrivals enter at the head of the chain ...
    m.commands[3500].share = 1;   // ... and in the ring
    m.workload.commandRate = 2;
    m.workload.duration = 10;
    QElapsedTimer timer;
    timer.start();
    const Diagnostics diagnostics = validateModel(m);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(!hasErrors(diagnostics), qPrintable(describe(diagnostics)));
    const FlowRates flows = predictFlows(m);
    QVERIFY(!flows.divergent);
    // The chain passes its rate on unchanged; the ring multiplies what enters
    // it by 1 / (1 - 0.9^1000) and then by 0.9 per step.
    QVERIFY(std::fabs(flows.commandRate[2999] - 1.0) < 1e-9);
    const double gain = 1.0 / (1.0 - std::pow(0.9, 1000));
    QVERIFY(std::fabs(flows.commandRate[3500] - gain) < 1e-9);
    QVERIFY(std::fabs(flows.commandRate[3501] - 0.9 * gain) < 1e-9);
}

void TestValidation::typedModelValidation()
{
    // The GUI edits a typed model and re-validates it: paths point into the
    // canonical document.
    Model m = baseModel();
    QVERIFY(validateModel(m).empty());
    m.readModels[1].id = "user"; // duplicate of the aggregate
    m.policies[0].consumers = 0;
    m.queries[0].readModel = "gone";
    const Diagnostics diagnostics = validateModel(m);
    auto has = [&](const char *path, const char *id) {
        return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic &d) {
            return d.isError() && d.path == path && d.elementId == id;
        });
    };
    QVERIFY2(has("/readModels/1/id", "user"), qPrintable(describe(diagnostics)));
    QVERIFY(has("/policies/0/consumers", "reserve"));
    QVERIFY(has("/queries/0/readModel", "get-user"));
}

void TestValidation::loadMessages()
{
    LoadPrediction p;
    p.component = LoadPrediction::Component::ReadModel;
    p.name = "UserView";
    p.utilization = 1.25;
    QVERIFY(p.unstable());
    QCOMPARE(p.message(),
             std::string("UserView: consumers are 125% busy; its backlog will grow without limit"));
    p.utilization = 0.5;
    QVERIFY(!p.unstable());
    QCOMPARE(p.message(), std::string("UserView: consumers are 50% busy"));
    LoadPrediction ws;
    ws.component = LoadPrediction::Component::WriteSide;
    ws.name = "Write side";
    ws.utilization = 1.3;
    QCOMPARE(ws.message(),
             std::string("Write side: workers are 130% busy; commands will queue without limit"));
}

void TestValidation::peakOnlyLoad()
{
    // The flash sale: five times the rate for two minutes. CustomerServiceSearch
    // is overloaded at the peak only, so its backlog drains after the sale.
    Model m = testing::example("amazon-orders.cqrs.json");
    auto messageFor = [](const Model &model, const std::string &path) {
        for (const Diagnostic &d : validateModel(model)) {
            if (!d.isError() && d.path == path)
                return d.message;
        }
        return std::string();
    };
    const std::string path = "/readModels/2/consumers";
    QCOMPARE(
        messageFor(m, path),
        std::string(
            "CustomerServiceSearch: consumers are 122% busy at the peak command rate (×5); its "
            "backlog grows while the peak lasts and drains once the rate falls"));
    const std::vector<LoadPrediction> loads = predictLoads(m);
    const auto search = std::find_if(loads.begin(), loads.end(), [](const LoadPrediction &l) {
        return l.id == "customer-service";
    });
    QVERIFY(search != loads.end());
    QVERIFY(search->unstable() && search->peakOnly && search->drainsInRun);
    QCOMPARE(search->peakFactor, 5.0);
    // Load warnings, and only they, are predictions (interview mode holds them back).
    int predictions = 0;
    for (const Diagnostic &d : validateModel(m)) {
        QCOMPARE(d.prediction, d.message.find("% busy") != std::string::npos);
        predictions += d.prediction;
    }
    QCOMPARE(predictions, 1);
    Model fewPartitions = m; // a warning on the same /consumers path, not a prediction
    fewPartitions.readModels[2].consumers = fewPartitions.eventBus.partitions + 2;
    bool partitionWarning = false;
    for (const Diagnostic &d : validateModel(fewPartitions)) {
        if (d.path == path && d.message.find("partition") != std::string::npos) {
            partitionWarning = true;
            QVERIFY(!d.prediction);
        }
    }
    QVERIFY(partitionWarning);
    // One partition, one idle consumer: said in the singular.
    Model onePartition = m;
    onePartition.eventBus.partitions = 1;
    onePartition.readModels[2].consumers = 2;
    bool singular = false;
    for (const Diagnostic &d : validateModel(onePartition)) {
        if (d.path == path && d.message.find("partition") != std::string::npos) {
            QCOMPARE(d.message, std::string("2 consumers but only 1 partition: 1 consumer gets no partition and "
                                            "stays idle"));
            singular = true;
        }
    }
    QVERIFY(singular);
    QVERIFY(!steadyCommandRate(m.workload));
    // A sale until 20 s before the end: what it piled up is still there when the run ends.
    Model late = m;
    late.workload.rateProfile.back().at = 880;
    QCOMPARE(
        messageFor(late, path),
        std::string(
            "CustomerServiceSearch: consumers are 122% busy at the peak command rate (×5); its "
            "backlog grows while the peak lasts and is still draining when the run ends"));
    // Steps at or after the end change nothing: a steady rate, and no peak named.
    Model steady = m;
    for (RateStep &step : steady.workload.rateProfile)
        step.at += steady.workload.duration;
    QVERIFY(steadyCommandRate(steady.workload));
    QVERIFY(messageFor(steady, path).empty());
    // A peak the run never leaves: the backlog grows to the end.
    m.workload.rateProfile.pop_back();
    QCOMPARE(
        messageFor(m, path),
        std::string(
            "CustomerServiceSearch: consumers are 122% busy; its backlog will grow without limit"));
    // Overloaded at the rate the run ends with as well: no end to the growth either.
    m = testing::example("amazon-orders.cqrs.json");
    m.workload.rateProfile.back().factor = 4.5; // 110% busy after the sale
    QVERIFY2(messageFor(m, path).ends_with(
                 "at the peak command rate (×5); its backlog will grow without limit"),
             messageFor(m, path).c_str());
}

void TestValidation::writeSideLoad()
{
    Model m = baseModel();
    m.policies.clear();
    m.commands[2].share = 0;
    // Peak rate 100 x factor 2 = 200/s: 2/3 update-email (mean 2 ms), 1/3 place-order (1 ms).
    m.workload.rateProfile = {RateStep{100, 2, Json::object()}};
    const std::vector<LoadPrediction> loads = predictLoads(m);
    QCOMPARE(loads.front().component, LoadPrediction::Component::WriteSide);
    QCOMPARE(loads.front().servers, 4);
    QVERIFY(std::fabs(loads.front().arrivalRate - 200.0) < 1e-9);
    const double expected = (200.0 * 2 / 3 * 0.002 + 200.0 / 3 * 0.001) / 4;
    QVERIFY2(std::fabs(loads.front().utilization - expected) < 1e-12,
             qPrintable(QString::number(loads.front().utilization)));
}

static Model singleStream(std::int64_t instances, int partitions, int consumers, KeySpec keys)
{
    Model m;
    m.aggregates.push_back({"a", "A", instances, Json::object()});
    Command c;
    c.id = "c";
    c.aggregate = "a";
    c.emits = {"e"};
    m.commands.push_back(c);
    m.events.push_back({"e", "E", "a", {}, Json::object()});
    ReadModel r;
    r.id = "r";
    r.name = "R";
    r.subscribes = {"e"};
    r.consumers = consumers;
    r.applyTime = Distribution::constant(0.01);
    m.readModels.push_back(r);
    m.eventBus.partitions = partitions;
    m.workload.commandRate = 100;
    m.workload.duration = 60;
    m.workload.keys = keys;
    return m;
}

void TestValidation::consumerLoadUniformKeys()
{
    // 1200 keys on 12 partitions, 3 consumers: each gets a third.
    LoadPrediction p = predictLoads(singleStream(1200, 12, 3, {}))[1];
    QCOMPARE(p.servers, 3);
    QVERIFY(std::fabs(p.arrivalRate - 100) < 1e-9);
    QVERIFY(std::fabs(p.utilization - 100 * 0.01 / 3) < 1e-12);
    // 5 consumers on 12 partitions: consumer 0 owns partitions 0, 5, 10 (3/12).
    p = predictLoads(singleStream(1200, 12, 5, {}))[1];
    QCOMPARE(p.servers, 5);
    QVERIFY(std::fabs(p.utilization - 100 * 0.01 * 3 / 12) < 1e-12);
    // More consumers than partitions: only 12 servers.
    p = predictLoads(singleStream(1200, 12, 20, {}))[1];
    QCOMPARE(p.servers, 12);
    QVERIFY(std::fabs(p.utilization - 100 * 0.01 / 12) < 1e-12);
}

void TestValidation::consumerLoadSkewedKeys()
{
    // Zipf s=1 over 10 keys, one per consumer: the busiest gets key 0, 1/H(10).
    const double h10
        = 1 + 1. / 2 + 1. / 3 + 1. / 4 + 1. / 5 + 1. / 6 + 1. / 7 + 1. / 8 + 1. / 9 + 1. / 10;
    const LoadPrediction p
        = predictLoads(singleStream(10, 10, 10, {KeyDist::Zipf, 1.0, Json::object()}))[1];
    QVERIFY2(std::fabs(p.utilization - 100 * 0.01 / h10) < 1e-12,
             qPrintable(QString::number(p.utilization)));
    // Two consumers, 4 partitions, 8 keys: consumer 0 owns keys 0, 2, 4, 6.
    double w0 = 0, all = 0;
    for (int k = 0; k < 8; ++k) {
        all += 1.0 / (k + 1);
        if (k % 2 == 0)
            w0 += 1.0 / (k + 1);
    }
    const LoadPrediction q
        = predictLoads(singleStream(8, 4, 2, {KeyDist::Zipf, 1.0, Json::object()}))[1];
    QVERIFY(std::fabs(q.utilization - 100 * 0.01 * w0 / all) < 1e-12);
}

void TestValidation::consumerLoadHugeZipfIsCheap()
{
    // 10 million keys: exact hot keys plus an integral for the tail.
    QElapsedTimer timer;
    timer.start();
    const LoadPrediction p
        = predictLoads(singleStream(10'000'000, 64, 64, {KeyDist::Zipf, 1.1, Json::object()}))[1];
    QVERIFY(timer.elapsed() < 1000);
    // Reference: the exact sum over all keys for the consumer that owns key 0.
    double hot = 0, total = 0;
    for (std::int64_t k = 0; k < 10'000'000; ++k) {
        const double w = std::pow(double(k + 1), -1.1);
        total += w;
        if (k % 64 == 0)
            hot += w;
    }
    const double exact = 100 * 0.01 * hot / total;
    QVERIFY2(std::fabs(p.utilization - exact) / exact < 1e-3,
             qPrintable(QString("%1 vs %2").arg(p.utilization).arg(exact)));
    QVERIFY(p.utilization > 100 * 0.01 / 64 * 5); // far above the uniform share
}

void TestValidation::duplicatesAddLoad()
{
    Model m = singleStream(1200, 12, 3, {});
    m.eventBus.duplicateRate = 0.5;
    const LoadPrediction p = predictLoads(m)[1];
    QVERIFY(std::fabs(p.arrivalRate - 150) < 1e-9);
    QVERIFY(std::fabs(p.utilization - 150 * 0.01 / 3) < 1e-12);
}

void TestValidation::readFromWriteModelLoadsWriteSide()
{
    Model m = singleStream(1200, 12, 3, {});
    m.workload.commandRate = 0;
    m.workload.queryRate = 100;
    Query q;
    q.id = "q";
    q.readModel = "r";
    q.readTime = Distribution::constant(0.01);
    q.consistency.strategy = Strategy::ReadFromWriteModel;
    m.queries.push_back(q);
    const LoadPrediction ws = predictLoads(m).front();
    QVERIFY(std::fabs(ws.arrivalRate - 100) < 1e-9);
    QVERIFY(std::fabs(ws.utilization - 1.0) < 1e-12);
    QVERIFY(ws.unstable());
    const Diagnostics diagnostics = validateModel(m);
    QVERIFY(std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) {
        return d.path == "/writeSide/workers" && d.message.find("100% busy") != std::string::npos;
    }));
}

void TestValidation::policyFeedbackFlows()
{
    // Command c emits e; a policy with probability p re-issues c: rate = 100 / (1 - p).
    Model m = singleStream(1200, 12, 3, {});
    Policy policy;
    policy.id = "again";
    policy.subscribes = {"e"};
    policy.issues = "c";
    policy.probability = 0.5;
    policy.update.delay = Distribution::constant(1);
    m.policies.push_back(policy);
    FlowRates flows = predictFlows(m);
    QVERIFY(!flows.divergent);
    QVERIFY2(std::fabs(flows.commandRate[0] - 200) < 1e-9,
             qPrintable(QString::number(flows.commandRate[0])));
    QVERIFY(std::fabs(flows.eventRate[0] - 200) < 1e-9);
    // With rejections only accepted commands emit: 100 / (1 - 0.5 x 0.8).
    m.commands[0].rejectRate = 0.2;
    flows = predictFlows(m);
    QVERIFY(std::fabs(flows.commandRate[0] - 100 / (1 - 0.4)) < 1e-9);
    QVERIFY(std::fabs(predictFlows(m, 2.0).commandRate[0] - 200 / (1 - 0.4)) < 1e-9);
    // Gain 1: divergent.
    m.commands[0].rejectRate = 0;
    m.policies[0].probability = 1;
    QVERIFY(predictFlows(m).divergent);
    QVERIFY(std::isinf(expectedEngineEvents(m)));
    // No arrivals: nothing diverges.
    m.workload.commandRate = 0;
    QVERIFY(!predictFlows(m).divergent);
}

void TestValidation::expectedEventsFormula()
{
    // docs/limits.md: per second 2 per command + 1 per committed event +
    // 2 per delivery to each consumer, plus one sample per sampleInterval.
    Model m = singleStream(1200, 12, 3, {});
    m.workload.commandRate = 10;
    m.workload.duration = 100;
    QCOMPARE(expectedEngineEvents(m), 100.0 * (2 * 10 + 10 + 2 * 10) + 600);
    // A rate profile counts by its time average: factor 3 for the second half.
    m.workload.rateProfile = {RateStep{50, 3, Json::object()}};
    QCOMPARE(expectedEngineEvents(m), 100.0 * (2 * 20 + 20 + 2 * 20) + 600);
    // Plain queries: arrival and completion.
    m.workload.rateProfile.clear();
    m.workload.queryRate = 5;
    QCOMPARE(expectedEngineEvents(m), 100.0 * (2 * 10 + 10 + 2 * 10 + 2 * 5) + 600);
    // Samples at the interval the engine keeps: one below duration / 100,000
    // is raised to it (1e-9 s counted 1e11 samples, and the run was refused
    // with advice to shorten the duration, where the file only warns).
    m.workload.sampleInterval = 1e-9;
    QCOMPARE(expectedEngineEvents(m), 100.0 * (2 * 10 + 10 + 2 * 10 + 2 * 5) + 100000);
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
