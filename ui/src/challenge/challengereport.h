#pragma once

#include <cqrs/model/model.h>

#include <QString>

class QGraphicsScene;

namespace cqrs {

class ChallengeSession;

/// The scene's items as SVG markup (an <svg> element, no XML prolog), for
/// inlining in an HTML page.
QString sceneToSvg(QGraphicsScene *scene);

/// Markdown rendered to an HTML fragment (the body of what QTextDocument makes of it).
QString markdownToHtml(const QString &markdown);

/// The interview debrief as one self-contained HTML page: the challenge, the
/// time used and every pause, the hints used, the checks and the last grid,
/// the candidate's diagram (`diagramSvg`, inlined) and the debrief text.
QString interviewReportHtml(const ChallengeSession &session, const Model &answer, const QString &diagramSvg);

/// Writes the page with the atomic writer; false and *error when it cannot.
bool saveInterviewReport(const QString &path, const QString &html, QString *error = nullptr);

} // namespace cqrs
