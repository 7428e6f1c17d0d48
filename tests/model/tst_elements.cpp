// Elements in the model layer (issue 9): the element variant and its kinds,
// the connections the canvas draws, connecting and disconnecting, renaming an
// id with every reference to it, and the references a removed element leaves.
#include <QtTest>
#include <algorithm>
#include <cqrs/model/elements.h>
#include <cqrs/model/validation.h>
#include <set>
#include <testmodels.h>

using namespace cqrs;

namespace {

// Every kind of element and every kind of reference: two aggregates, two
// commands (one with a follow-up query and a validating read model), events
// of both aggregates, a read model, a policy and two queries.
Model shop()
{
    return testing::parse(R"({
      "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Shop",
      "aggregates": [ { "id": "order", "name": "Order" }, { "id": "cart", "name": "Cart" } ],
      "commands": [
        { "id": "place", "name": "PlaceOrder", "aggregate": "order", "emits": ["placed"],
          "followUp": { "query": "status" }, "validatesAgainst": "orders-view" },
        { "id": "cancel", "name": "CancelOrder", "aggregate": "order",
          "emits": ["cancelled", "placed"] },
        { "id": "add", "name": "AddItem", "aggregate": "cart", "emits": ["added"] }
      ],
      "events": [
        { "id": "placed", "name": "OrderPlaced", "aggregate": "order" },
        { "id": "cancelled", "name": "OrderCancelled", "aggregate": "order" },
        { "id": "added", "name": "ItemAdded", "aggregate": "cart" }
      ],
      "readModels": [
        { "id": "orders-view", "name": "Orders", "subscribes": ["placed", "cancelled"] }
      ],
      "policies": [
        { "id": "refund", "name": "Refund", "subscribes": ["cancelled"], "issues": "add" }
      ],
      "queries": [
        { "id": "status", "name": "OrderStatus", "readModel": "orders-view" },
        { "id": "list", "name": "ListOrders", "readModel": "orders-view" }
      ],
      "workload": { "duration": 10 },
      "diagram": { "nodes": { "order": { "x": 10, "y": 20 }, "place": { "x": 1, "y": 2 } } }
    })");
}

std::set<std::string> keys(const std::vector<Connection> &connections)
{
    std::set<std::string> out;
    for (const Connection &c : connections)
        out.insert(c.key());
    return out;
}

QString text(const std::set<std::string> &set)
{
    QStringList list;
    for (const std::string &s : set)
        list << QString::fromStdString(s);
    return list.join(QLatin1String(", "));
}

// "command", "none": QCOMPARE cannot print an ElementKind (its toString
// is the model's and returns text, not a char *).
QString kindName(std::optional<ElementKind> kind)
{
    return kind ? QString::fromUtf8(toString(*kind).data(), qsizetype(toString(*kind).size()))
                : QStringLiteral("none");
}

bool validationMentions(const Model &model, const std::string &path, const std::string &phrase)
{
    const Diagnostics diagnostics = validateModel(model);
    return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic &d) {
        return d.isError() && d.path == path && d.message.find(phrase) != std::string::npos;
    });
}

} // namespace

class TestElements : public QObject
{
    Q_OBJECT

private slots:
    void kindsAndVariant();
    void listsInKindOrder();
    void takeAndInsertKeepIndex();
    void makeElementPerKind();
    void idFromName_data();
    void idFromName();
    void uniqueIdsAndNames();
    void duplicateIdsGetTheirOwn();
    void connectionsOfEveryKind();
    void connectionsSkipDanglingReferences();
    void checkConnectionAccepts_data();
    void checkConnectionAccepts();
    void checkConnectionRefuses_data();
    void checkConnectionRefuses();
    void checkConnectionTheOtherWayRound();
    void withAndWithoutConnection();
    void renameAggregateUpdatesEveryReference();
    void renameEventAndQuery();
    void renameKeepsUnrelatedElements();
    void renameFollowsIntoExperiments();
    void removeReferencesDropsDangling();
};

void TestElements::kindsAndVariant()
{
    const Model m = shop();
    const std::pair<const char *, ElementKind> expected[] = {
        {"order", ElementKind::Aggregate}, {"place", ElementKind::Command},
        {"placed", ElementKind::Event},    {"orders-view", ElementKind::ReadModel},
        {"refund", ElementKind::Policy},   {"status", ElementKind::Query},
    };
    for (const auto &[id, kind] : expected) {
        const auto element = findElement(m, id);
        QVERIFY2(element, id);
        QCOMPARE(kindName(elementKind(*element)), kindName(kind));
        QCOMPARE(elementId(*element), std::string(id));
        QCOMPARE(kindName(m.kindOf(id)), kindName(kind));
    }
    QCOMPARE(elementName(*findElement(m, "place")), std::string("PlaceOrder"));
    QVERIFY(!findElement(m, "nothing"));
    QCOMPARE(elementIndex(m, "cancel"), 1);
    QCOMPARE(elementIndex(m, "list"), 1);
    QCOMPARE(elementIndex(m, "nothing"), -1);

    AnyElement element = *findElement(m, "cancel");
    setElementId(element, "revoke");
    QCOMPARE(std::get<Command>(element).id, std::string("revoke"));
    QCOMPARE(std::get<Command>(element).emits, (std::vector<std::string>{"cancelled", "placed"}));
}

void TestElements::listsInKindOrder()
{
    const Model m = shop();
    QCOMPARE(idsOfKind(m, ElementKind::Command),
             (std::vector<std::string>{"place", "cancel", "add"}));
    QCOMPARE(idsOfKind(m, ElementKind::Query), (std::vector<std::string>{"status", "list"}));
    // The canvas's column order: commands, aggregates, events, read models,
    // policies, queries.
    QCOMPARE(allElementIds(m), (std::vector<std::string>{
                                   "place", "cancel", "add", "order", "cart", "placed", "cancelled",
                                   "added", "orders-view", "refund", "status", "list"}));
}

void TestElements::takeAndInsertKeepIndex()
{
    Model m = shop();
    int index = -1;
    const auto taken = takeElement(m, "cancelled", &index);
    QVERIFY(taken);
    QCOMPARE(index, 1);
    QCOMPARE(idsOfKind(m, ElementKind::Event), (std::vector<std::string>{"placed", "added"}));
    QVERIFY(!takeElement(m, "cancelled"));
    insertElement(m, *taken, index);
    QCOMPARE(idsOfKind(m, ElementKind::Event),
             (std::vector<std::string>{"placed", "cancelled", "added"}));
    // Out-of-range and negative indexes append.
    Aggregate extra;
    extra.id = "extra";
    insertElement(m, extra, 99);
    Aggregate last;
    last.id = "last";
    insertElement(m, last, -1);
    QCOMPARE(idsOfKind(m, ElementKind::Aggregate),
             (std::vector<std::string>{"order", "cart", "extra", "last"}));

    AnyElement renamed = *findElement(m, "order");
    std::get<Aggregate>(renamed).name = "Purchase";
    QVERIFY(replaceElement(m, renamed));
    QCOMPARE(m.aggregate("order")->name, std::string("Purchase"));
    setElementId(renamed, "unknown");
    QVERIFY(!replaceElement(m, renamed));
}

void TestElements::makeElementPerKind()
{
    Model m;
    for (ElementKind kind : kAllElementKinds) {
        const AnyElement element = makeElement(m, kind);
        QCOMPARE(kindName(elementKind(element)), kindName(kind));
        QVERIFY(!elementId(element).empty());
        QVERIFY(idFollowsName(elementId(element), elementName(element)));
        insertElement(m, element, -1);
    }
    // A second element of a kind gets a new name and id.
    const AnyElement view2 = makeElement(m, ElementKind::ReadModel);
    QCOMPARE(elementName(view2), std::string("View 2"));
    QCOMPARE(elementId(view2), std::string("view-2"));
    // The sole aggregate owns new commands and events.
    QCOMPARE(m.aggregates.size(), std::size_t(1));
    const AnyElement command = makeElement(m, ElementKind::Command);
    QCOMPARE(std::get<Command>(command).aggregate, m.aggregates.front().id);
    QCOMPARE(std::get<Command>(command).handlerTime, Distribution::exponential(0.005));
    insertElement(m, makeElement(m, ElementKind::Aggregate), -1);
    QVERIFY(std::get<Event>(makeElement(m, ElementKind::Event)).aggregate.empty());
}

void TestElements::idFromName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::newRow("camel") << "UserView"
                           << "user-view";
    QTest::newRow("words") << "User view"
                           << "user-view";
    QTest::newRow("acronym") << "HTTPServer"
                             << "http-server";
    QTest::newRow("digits") << "v2Thing"
                            << "v2-thing";
    QTest::newRow("punctuation") << "  Orders -- by (day)! "
                                 << "orders-by-day";
    QTest::newRow("nothing") << "!?"
                             << "";
}

void TestElements::idFromName()
{
    QFETCH(QString, name);
    QFETCH(QString, id);
    QCOMPARE(QString::fromStdString(cqrs::idFromName(name.toStdString())), id);
    if (!id.isEmpty()) {
        QVERIFY(idFollowsName(id.toStdString(), name.toStdString()));
        QVERIFY(idFollowsName(id.toStdString() + "-12", name.toStdString()));
        QVERIFY(!idFollowsName(id.toStdString() + "-x", name.toStdString()));
        QVERIFY(!idFollowsName(id.toStdString() + "-", name.toStdString()));
    }
}

void TestElements::uniqueIdsAndNames()
{
    const Model m = shop();
    QCOMPARE(uniqueId(m, "fresh"), std::string("fresh"));
    QCOMPARE(uniqueId(m, "order"), std::string("order-2"));
    QCOMPARE(uniqueId(m, "order", {"order-2"}), std::string("order-3"));
    QCOMPARE(uniqueName(m, ElementKind::Query, "OrderStatus"), std::string("OrderStatus 2"));
    // Names are unique per kind only.
    QCOMPARE(uniqueName(m, ElementKind::Event, "OrderStatus"), std::string("OrderStatus"));
    // The element keeps its own id; another's id gets a number.
    QCOMPARE(idForName(m, "Order", "order"), std::string("order"));
    QCOMPARE(idForName(m, "Order", "cart"), std::string("order-2"));
    QCOMPARE(idForName(m, "***", "cart"), std::string("cart"));
}

// A file edited by hand gives one id to three elements: the first keeps it,
// the others get their own; references are not touched.
void TestElements::duplicateIdsGetTheirOwn()
{
    Model m = shop();
    m.readModels.push_back(m.readModels.front());
    m.readModels.back().name = "Orders copy";
    m.queries.front().id = "orders-view"; // another kind with the same id
    m.readModels.push_back(m.readModels.front());
    m.readModels.back().id = "orders-view-2"; // the id a repair would take first
    const std::vector<IdRepair> repairs = giveDuplicatesTheirOwnIds(m);
    QCOMPARE(repairs.size(), std::size_t(2));
    QCOMPARE(repairs[0].pointer, std::string("/readModels/1"));
    QCOMPARE(repairs[0].from, std::string("orders-view"));
    QCOMPARE(repairs[0].to, std::string("orders-view-3"));
    QCOMPARE(repairs[1].pointer, std::string("/queries/0"));
    QCOMPARE(repairs[1].to, std::string("orders-view-4"));
    QCOMPARE(m.readModels[0].id, std::string("orders-view"));
    QCOMPARE(m.readModels[1].id, std::string("orders-view-3"));
    QCOMPARE(m.readModels[2].id, std::string("orders-view-2"));
    QCOMPARE(m.queries[0].id, std::string("orders-view-4"));
    QCOMPARE(m.queries[1].readModel, std::string("orders-view")); // references mean the first
    std::set<std::string> ids;
    for (const std::string &id : allElementIds(m))
        QVERIFY2(ids.insert(id).second, id.c_str());
    QVERIFY(giveDuplicatesTheirOwnIds(m).empty()); // nothing left to repair
}

void TestElements::connectionsOfEveryKind()
{
    const Model m = shop();
    const std::set<std::string> expected = {
        "place>on>order",
        "place>emits>placed",
        "place>follow-up>status",
        "place>validates>orders-view",
        "cancel>on>order",
        "cancel>emits>cancelled",
        "cancel>emits>placed",
        "add>on>cart",
        "add>emits>added",
        "placed>of>order",
        "cancelled>of>order",
        "added>of>cart",
        "placed>subscribes>orders-view",
        "cancelled>subscribes>orders-view",
        "cancelled>subscribes>refund",
        "refund>issues>add",
        "orders-view>serves>status",
        "orders-view>serves>list",
    };
    const std::set<std::string> actual = keys(connectionsOf(m));
    QVERIFY2(actual == expected, qPrintable(text(actual)));

    // The owner is the element that stores the reference.
    for (const Connection &c : connectionsOf(m)) {
        if (c.kind == Connection::Kind::Subscribes || c.kind == Connection::Kind::Serves)
            QCOMPARE(c.owner(), c.to);
        else
            QCOMPARE(c.owner(), c.from);
    }
}

void TestElements::connectionsSkipDanglingReferences()
{
    Model m = shop();
    // Removed without cleaning up: the references stay, the connections go,
    // and the validator names every dangling reference.
    QVERIFY(takeElement(m, "order"));
    QVERIFY(takeElement(m, "cancelled"));
    for (const Connection &c : connectionsOf(m)) {
        QVERIFY2(c.from != "order" && c.to != "order" && c.from != "cancelled"
                     && c.to != "cancelled",
                 c.key().c_str());
    }
    const std::set<std::string> actual = keys(connectionsOf(m));
    QVERIFY(actual.count("place>emits>placed"));
    QCOMPARE(m.command("place")->aggregate, std::string("order"));
    QVERIFY(validationMentions(m, "/commands/0/aggregate", "\"order\" does not exist"));
    QVERIFY(validationMentions(m, "/commands/1/aggregate", "\"order\" does not exist"));
    QVERIFY(validationMentions(m, "/events/0/aggregate", "\"order\" does not exist"));
    QVERIFY(validationMentions(m, "/commands/1/emits/0", "\"cancelled\" does not exist"));
    QVERIFY(validationMentions(m, "/policies/0/subscribes/0", "\"cancelled\" does not exist"));
}

void TestElements::checkConnectionAccepts_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("replaces");
    using K = Connection::Kind;
    QTest::newRow("command emits") << "add"
                                   << "placed" << int(K::Emits) << "";
    QTest::newRow("command handles") << "add"
                                     << "order" << int(K::Handles) << "cart";
    QTest::newRow("event of") << "added"
                              << "order" << int(K::BelongsTo) << "cart";
    QTest::newRow("read model subscribes") << "added"
                                           << "orders-view" << int(K::Subscribes) << "";
    QTest::newRow("policy subscribes") << "placed"
                                       << "refund" << int(K::Subscribes) << "";
    QTest::newRow("policy issues") << "refund"
                                   << "place" << int(K::Issues) << "add";
}

void TestElements::checkConnectionAccepts()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(int, kind);
    QFETCH(QString, replaces);
    const Model m = shop();
    const ConnectionCheck check = checkConnection(m, from.toStdString(), to.toStdString());
    QVERIFY2(check.ok, check.reason.c_str());
    QCOMPARE(int(check.connection.kind), kind);
    QCOMPARE(check.connection.from, from.toStdString());
    QCOMPARE(check.connection.to, to.toStdString());
    QCOMPARE(QString::fromStdString(check.replaces), replaces);
}

void TestElements::checkConnectionRefuses_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown") << "place"
                             << "nowhere"
                             << "Drop the connection on another element.";
    QTest::newRow("itself") << "place"
                            << "place"
                            << "An element cannot connect to itself.";
    QTest::newRow("already emits") << "place"
                                   << "placed"
                                   << "The command already emits this event.";
    QTest::newRow("already handles") << "place"
                                     << "order"
                                     << "The command already handles this aggregate.";
    QTest::newRow("already subscribes") << "placed"
                                        << "orders-view"
                                        << "It already subscribes to this event.";
    QTest::newRow("already serves") << "orders-view"
                                    << "status"
                                    << "The read model already serves this query.";
    QTest::newRow("already issues") << "refund"
                                    << "add"
                                    << "The policy already issues this command.";
    QTest::newRow("command to query") << "place"
                                      << "status"
                                      << "a command emits events";
    QTest::newRow("event to command") << "placed"
                                      << "place"
                                      << "subscribe to events";
    QTest::newRow("policy to event") << "refund"
                                     << "placed"
                                     << "a policy issues a command";
    QTest::newRow("read model to policy") << "orders-view"
                                          << "refund"
                                          << "a read model serves queries";
    QTest::newRow("aggregate to query") << "order"
                                        << "status"
                                        << "commands and events belong to an aggregate";
    QTest::newRow("query to command") << "status"
                                      << "place"
                                      << "a query reads a read model";
    QTest::newRow("query to the read model it reads") << "status"
                                                      << "orders-view"
                                                      << "already serves this query";
}

// A query's or an aggregate's ⊕ handle dragged to what it belongs with: the
// connection the other way round (it was refused, "not at a query").
void TestElements::checkConnectionTheOtherWayRound()
{
    Model m = shop();
    m.readModels.push_back(m.readModels.front());
    m.readModels.back().id = "archive";
    ConnectionCheck check = checkConnection(m, "status", "archive");
    QVERIFY2(check.ok, check.reason.c_str());
    QCOMPARE(int(check.connection.kind), int(Connection::Kind::Serves));
    QCOMPARE(check.connection.from, std::string("archive"));
    QCOMPARE(check.connection.to, std::string("status"));
    QCOMPARE(check.replaces, std::string("orders-view"));
    check = checkConnection(m, "cart", "place");
    QVERIFY2(check.ok, check.reason.c_str());
    QCOMPARE(int(check.connection.kind), int(Connection::Kind::Handles));
    QCOMPARE(check.connection.from, std::string("place"));
    QCOMPARE(check.connection.to, std::string("cart"));
    check = checkConnection(m, "cart", "placed");
    QVERIFY2(check.ok, check.reason.c_str());
    QCOMPARE(int(check.connection.kind), int(Connection::Kind::BelongsTo));
    QCOMPARE(check.connection.from, std::string("placed"));
}

void TestElements::checkConnectionRefuses()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, reason);
    const ConnectionCheck check = checkConnection(shop(), from.toStdString(), to.toStdString());
    QVERIFY(!check.ok);
    QVERIFY2(QString::fromStdString(check.reason).contains(reason), check.reason.c_str());
}

void TestElements::withAndWithoutConnection()
{
    const Model m = shop();
    using K = Connection::Kind;
    // Connecting changes a copy of the owner, never the model.
    const auto command = withConnection(m, {"add", "placed", K::Emits});
    QVERIFY(command);
    QCOMPARE(std::get<Command>(*command).emits, (std::vector<std::string>{"added", "placed"}));
    QCOMPARE(m.command("add")->emits, (std::vector<std::string>{"added"}));
    // Connecting twice adds nothing.
    Model connected = m;
    replaceElement(connected, *command);
    QCOMPARE(std::get<Command>(*withConnection(connected, {"add", "placed", K::Emits})).emits,
             (std::vector<std::string>{"added", "placed"}));

    const auto view = withConnection(m, {"added", "orders-view", K::Subscribes});
    QCOMPARE(std::get<ReadModel>(*view).subscribes,
             (std::vector<std::string>{"placed", "cancelled", "added"}));
    const auto query = withConnection(m, {"orders-view", "list", K::Serves});
    QCOMPARE(std::get<Query>(*query).readModel, std::string("orders-view"));
    const auto followUp = withConnection(m, {"cancel", "list", K::FollowUp});
    QVERIFY(std::get<Command>(*followUp).followUp);
    QCOMPARE(std::get<Command>(*followUp).followUp->query, std::string("list"));
    QVERIFY(!withConnection(m, {"ghost", "placed", K::Emits}));

    // Disconnecting: lists lose one id, single references are cleared, a
    // follow-up without its query is gone.
    const auto fewer = withoutConnection(m, {"cancel", "placed", K::Emits});
    QCOMPARE(std::get<Command>(*fewer).emits, (std::vector<std::string>{"cancelled"}));
    const auto unsubscribed = withoutConnection(m, {"cancelled", "refund", K::Subscribes});
    QVERIFY(std::get<Policy>(*unsubscribed).subscribes.empty());
    QCOMPARE(std::get<Policy>(*unsubscribed).issues, std::string("add"));
    const auto unissued = withoutConnection(m, {"refund", "add", K::Issues});
    QVERIFY(std::get<Policy>(*unissued).issues.empty());
    const auto unserved = withoutConnection(m, {"orders-view", "status", K::Serves});
    QVERIFY(std::get<Query>(*unserved).readModel.empty());
    const auto noFollowUp = withoutConnection(m, {"place", "status", K::FollowUp});
    QVERIFY(!std::get<Command>(*noFollowUp).followUp);
    QCOMPARE(std::get<Command>(*noFollowUp).validatesAgainst, std::string("orders-view"));
    const auto unvalidated = withoutConnection(m, {"place", "orders-view", K::Validates});
    QVERIFY(std::get<Command>(*unvalidated).validatesAgainst.empty());
    QVERIFY(std::get<Command>(*unvalidated).followUp);
}

void TestElements::renameAggregateUpdatesEveryReference()
{
    Model m = shop();
    renameInModel(m, "order", "purchase");
    QVERIFY(!m.kindOf("order"));
    QCOMPARE(kindName(m.kindOf("purchase")), kindName(ElementKind::Aggregate));
    // Same place in its list, same name.
    QCOMPARE(idsOfKind(m, ElementKind::Aggregate), (std::vector<std::string>{"purchase", "cart"}));
    QCOMPARE(m.aggregate("purchase")->name, std::string("Order"));
    // Every command and event of the aggregate follows; the others do not.
    QCOMPARE(m.command("place")->aggregate, std::string("purchase"));
    QCOMPARE(m.command("cancel")->aggregate, std::string("purchase"));
    QCOMPARE(m.command("add")->aggregate, std::string("cart"));
    QCOMPARE(m.event("placed")->aggregate, std::string("purchase"));
    QCOMPARE(m.event("cancelled")->aggregate, std::string("purchase"));
    QCOMPARE(m.event("added")->aggregate, std::string("cart"));
    // The diagram position moves with the id.
    QVERIFY(!m.diagram.nodes.count("order"));
    QCOMPARE(m.diagram.nodes.at("purchase").x, 10.0);
    QCOMPARE(m.diagram.nodes.at("purchase").y, 20.0);
    // The model still validates: no reference was left behind.
    QVERIFY2(!hasErrors(validateModel(m)), qPrintable(testing::describe(validateModel(m))));
    QCOMPARE(connectionsOf(m).size(), connectionsOf(shop()).size());
}

void TestElements::renameEventAndQuery()
{
    Model m = shop();
    renameInModel(m, "cancelled", "voided");
    QCOMPARE(m.command("cancel")->emits, (std::vector<std::string>{"voided", "placed"}));
    QCOMPARE(m.readModel("orders-view")->subscribes,
             (std::vector<std::string>{"placed", "voided"}));
    QCOMPARE(m.policy("refund")->subscribes, (std::vector<std::string>{"voided"}));
    QCOMPARE(idsOfKind(m, ElementKind::Event),
             (std::vector<std::string>{"placed", "voided", "added"}));

    renameInModel(m, "status", "order-status");
    QCOMPARE(m.command("place")->followUp->query, std::string("order-status"));
    renameInModel(m, "orders-view", "orders");
    QCOMPARE(m.command("place")->validatesAgainst, std::string("orders"));
    QCOMPARE(m.query("order-status")->readModel, std::string("orders"));
    QCOMPARE(m.query("list")->readModel, std::string("orders"));
    renameInModel(m, "add", "add-item");
    QCOMPARE(m.policy("refund")->issues, std::string("add-item"));
    QVERIFY2(!hasErrors(validateModel(m)), qPrintable(testing::describe(validateModel(m))));
}

// The model's experiments name elements in their paths: a rename took the
// element away from its Things to Try.
void TestElements::renameFollowsIntoExperiments()
{
    Model m = shop();
    Experiment e;
    e.title = "more consumers";
    e.set = {{"readModels.orders-view.consumers", Json(4)},
             {"readModels.orders-view", Json::object()},
             {"queries.orders-view.rate", Json(1)}, // another kind's id: not this element
             {"readModels.orders-view-2.consumers", Json(2)},
             {"workload.commandRate", Json(9)},
             {"queries.status.readModel", Json("orders-view")}, // a reference: follows
             {"commands.place.followUp", Json{{"query", "status"}, {"probability", 1}}},
             {"diagram.nodes.orders-view.x", Json(5)},
             {"name", Json("orders-view")}}; // a name that happens to be the id: stays
    m.experiments = {e};
    renameInModel(m, "orders-view", "orders");
    const auto &set = m.experiments.front().set;
    QCOMPARE(set[0].first, std::string("readModels.orders.consumers"));
    QCOMPARE(set[1].first, std::string("readModels.orders"));
    QCOMPARE(set[3].first, std::string("readModels.orders-view-2.consumers"));
    QCOMPARE(set[4].first, std::string("workload.commandRate"));
    QCOMPARE(set[2].first, std::string("queries.orders-view.rate"));
    QCOMPARE(set[5].second, Json("orders"));
    QCOMPARE(set[7].first, std::string("diagram.nodes.orders.x"));
    QCOMPARE(set[8].second, Json("orders-view"));
    renameInModel(m, "status", "order-status");
    QCOMPARE(m.experiments.front().set[6].second["query"], Json("order-status"));
    QCOMPARE(m.experiments.front().set[5].first, std::string("queries.order-status.readModel"));
    // Nothing of it left: nothing to rename.
    Experiment none = m.experiments.front();
    QVERIFY(!renameInExperiment(none, ElementKind::ReadModel, "orders-view", "x"));
    QCOMPARE(renamedSetPath("readModels", ElementKind::ReadModel, "readModels", "x"),
             std::string("readModels"));
    QCOMPARE(renamedSetPath("readModelsX.a", ElementKind::ReadModel, "a", "b"),
             std::string("readModelsX.a"));
}

void TestElements::renameKeepsUnrelatedElements()
{
    const Model before = shop();
    Model m = before;
    renameInModel(m, "place", "submit");
    QCOMPARE(elementIndex(m, "submit"), 0);
    QCOMPARE(m.command("submit")->emits, before.command("place")->emits);
    QVERIFY(m.command("submit")->followUp);
    QCOMPARE(m.diagram.nodes.at("submit").x, 1.0);
    // Nothing refers to a command except a policy that issues it.
    QCOMPARE(m.policy("refund")->issues, std::string("add"));
    AnyElement untouched = *findElement(m, "cart");
    QVERIFY(!renameReferences(untouched, "place", "submit"));
    // Renaming an id nobody has changes nothing.
    Model same = before;
    renameInModel(same, "ghost", "spirit");
    QCOMPARE(allElementIds(same), allElementIds(before));
    QCOMPARE(keys(connectionsOf(same)), keys(connectionsOf(before)));
}

void TestElements::removeReferencesDropsDangling()
{
    const Model m = shop();
    // What deleting the aggregate "order" does to the elements that stay.
    AnyElement place = *findElement(m, "place");
    QVERIFY(referencesId(place, "order"));
    QVERIFY(removeReferencesTo(place, "order"));
    QVERIFY(std::get<Command>(place).aggregate.empty());
    QVERIFY(!referencesId(place, "order"));
    QVERIFY(!removeReferencesTo(place, "order"));

    // Deleting the query a follow-up reads drops the follow-up.
    AnyElement withFollowUp = *findElement(m, "place");
    QVERIFY(removeReferencesTo(withFollowUp, "status"));
    QVERIFY(!std::get<Command>(withFollowUp).followUp);

    // An event: out of emits and subscribes lists, every other id kept.
    Model cleaned = m;
    QVERIFY(takeElement(cleaned, "cancelled"));
    std::vector<std::string> changed;
    for (const std::string &id : allElementIds(cleaned)) {
        AnyElement element = *findElement(cleaned, id);
        if (removeReferencesTo(element, "cancelled")) {
            changed.push_back(id);
            replaceElement(cleaned, element);
        }
    }
    QCOMPARE(changed, (std::vector<std::string>{"cancel", "orders-view", "refund"}));
    QCOMPARE(cleaned.command("cancel")->emits, (std::vector<std::string>{"placed"}));
    QCOMPARE(cleaned.readModel("orders-view")->subscribes, (std::vector<std::string>{"placed"}));
    QVERIFY(cleaned.policy("refund")->subscribes.empty());
    for (const Connection &c : connectionsOf(cleaned))
        QVERIFY2(c.from != "cancelled" && c.to != "cancelled", c.key().c_str());
    // No dangling reference remains for the validator to report.
    for (const Diagnostic &d : validateModel(cleaned))
        QVERIFY2(d.message.find("\"cancelled\"") == std::string::npos, d.located().c_str());
}

QTEST_APPLESS_MAIN(TestElements)
#include "tst_elements.moc"
