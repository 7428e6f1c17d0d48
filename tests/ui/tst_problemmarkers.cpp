// Validation's problems on the canvas: one marker per element, its colour the
// worst severity (a typed Diagnostic::Severity, not a number), its tooltip
// every message.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "testmodels.h"

#include <QImage>
#include <QPainter>
#include <QTest>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

using namespace cqrs;

namespace {

Diagnostic diagnostic(Diagnostic::Severity severity, std::string elementId, std::string message)
{
    Diagnostic d;
    d.severity = severity;
    d.elementId = std::move(elementId);
    d.message = std::move(message);
    return d;
}

// The colour at the centre of the node's marker as the scene draws it.
QColor markerColor(DiagramScene &scene, NodeItem *node)
{
    const QRectF marker = node->problemMarker()->sceneBoundingRect();
    QImage image(marker.size().toSize() * 4, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    scene.render(&painter, QRectF(QPointF(), image.size()), marker);
    painter.end();
    return image.pixelColor(image.width() / 2 + 6, image.height() / 2 + 6);
}

} // namespace

class TestProblemMarkers : public QObject
{
    Q_OBJECT

private slots:
    void worstSeverityWinsInAnyOrder()
    {
        const auto problems = elementProblems({
            diagnostic(Diagnostic::Severity::Warning, "a", "first"),
            diagnostic(Diagnostic::Severity::Error, "a", "second"),
            diagnostic(Diagnostic::Severity::Error, "b", "only"),
            diagnostic(Diagnostic::Severity::Warning, "b", "later"),
            diagnostic(Diagnostic::Severity::Warning, "c", "mild"),
            diagnostic(Diagnostic::Severity::Error, "", "whole model"),
        });
        QCOMPARE(problems.size(), size_t(3));
        QVERIFY(problems.at("a").severity == Diagnostic::Severity::Error);
        QCOMPARE(problems.at("a").text, QStringLiteral("first\nsecond"));
        QVERIFY(problems.at("b").severity == Diagnostic::Severity::Error);
        QCOMPARE(problems.at("b").text, QStringLiteral("only\nlater"));
        QVERIFY(problems.at("c").severity == Diagnostic::Severity::Warning);
    }

    void markerShowsTheSeverity()
    {
        Document doc;
        doc.resetModel(testing::example("user-profile.cqrs.json"));
        DiagramScene scene(&doc);
        const std::string id = doc.model().readModels.front().id;
        NodeItem *node = scene.nodeItem(id);
        QVERIFY(node);
        QVERIFY(!node->problemSeverity());
        QVERIFY(!node->problemMarker()->isVisible());

        scene.setProblems({{id, {Diagnostic::Severity::Warning, QStringLiteral("lag & more")}}});
        QVERIFY(node->problemSeverity() == Diagnostic::Severity::Warning);
        QVERIFY(node->problemMarker()->isVisible());
        QCOMPARE(node->problemMarker()->toolTip(), QStringLiteral("lag &amp; more"));
        const QColor amber = markerColor(scene, node);
        QVERIFY2(amber.red() > 200 && amber.green() > 120 && amber.blue() < 60,
                 qPrintable(amber.name()));

        scene.setProblems({{id, {Diagnostic::Severity::Error, QStringLiteral("broken")}}});
        QVERIFY(node->problemSeverity() == Diagnostic::Severity::Error);
        const QColor red = markerColor(scene, node);
        QVERIFY2(red.red() > 180 && red.green() < 80, qPrintable(red.name()));

        // No problems: no marker and no problem text in the node's tooltip.
        scene.setProblems({});
        QVERIFY(!node->problemSeverity());
        QVERIFY(!node->problemMarker()->isVisible());
        QVERIFY(node->toolTip().indexOf(QStringLiteral("<hr>")) < 0);
    }

    void realValidationMarksTheElement()
    {
        Document doc;
        DiagramScene scene(&doc);
        const std::string id = doc.addElement(ElementKind::ReadModel, QPointF(0, 0));
        scene.setProblems(elementProblems(validateModel(doc.model())));
        QVERIFY(scene.nodeItem(id)->problemSeverity() == Diagnostic::Severity::Error);
    }
};

QTEST_MAIN(TestProblemMarkers)
#include "tst_problemmarkers.moc"
