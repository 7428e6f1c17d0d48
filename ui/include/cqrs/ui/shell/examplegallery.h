#pragma once

#include <cqrs/model/model.h>

#include <QDialog>

class QListWidget;

namespace cqrs {

/// One built-in example model (embedded as a resource).
struct ExampleInfo
{
    QString resourcePath; ///< ":/examples/user-profile.cqrs.json"
    QString name;
    QString description;
};

/// The built-in examples, sorted by file name.
QList<ExampleInfo> builtInExamples();

/// What New > Empty model starts from: no elements yet, and a workload that
/// makes the first run show something once a command and a query exist.
Model emptyModel();

/// "New" dialog: an empty model or one of the examples.
class ExampleGallery final : public QDialog
{
    Q_OBJECT

public:
    explicit ExampleGallery(QWidget *parent = nullptr);

    /// The chosen example's resource path; empty for the empty model.
    QString selectedResource() const;
    QListWidget *list() const { return m_list; }
    /// The user asked for the challenges instead (the Challenges... button).
    bool challengesChosen() const { return m_challenges; }

private:
    QListWidget *m_list;
    bool m_challenges = false;
};

} // namespace cqrs
