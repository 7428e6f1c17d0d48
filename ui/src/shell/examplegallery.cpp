#include "cqrs/ui/shell/examplegallery.h"

#include <cqrs/model/modeljson.h>

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace cqrs {

Model emptyModel()
{
    Model model;
    model.name = "Untitled";
    model.workload.duration = 60;
    return model;
}

QList<ExampleInfo> builtInExamples()
{
    QList<ExampleInfo> examples;
    const QDir dir(QStringLiteral(":/examples"));
    for (const QString &file : dir.entryList({QStringLiteral("*.cqrs.json")}, QDir::Files,
                                             QDir::Name)) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const ModelLoadResult result = parseModel(f.readAll().toStdString());
        ExampleInfo info;
        info.resourcePath = dir.filePath(file);
        info.name = result.ok() ? QString::fromStdString(result.model->name) : file;
        if (result.ok())
            info.description = QString::fromStdString(result.model->description)
                                   .section(QLatin1Char('\n'), 0, 0);
        examples.append(info);
    }
    return examples;
}

ExampleGallery::ExampleGallery(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("exampleGallery"));
    setWindowTitle(tr("New model"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Start from an empty model or from an example:"), this));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("exampleList"));
    m_list->setAccessibleName(tr("Examples"));
    m_list->setAccessibleDescription(tr("An empty model or one of the built-in examples; Enter opens the "
                                        "highlighted one."));
    m_list->setWordWrap(true);
    m_list->setSpacing(3);
    auto *empty = new QListWidgetItem(
        tr("Empty model\nA blank canvas. The first command you add sets a rate of 10 commands per second, "
           "the first query 50 queries per second."),
        m_list);
    empty->setData(Qt::UserRole, QString());
    for (const ExampleInfo &example : builtInExamples()) {
        QString description = example.description;
        if (description.size() > 220)
            description = description.left(217) + QStringLiteral("...");
        auto *item = new QListWidgetItem(example.name + QLatin1Char('\n') + description, m_list);
        item->setData(Qt::UserRole, example.resourcePath);
        item->setToolTip(example.resourcePath);
    }
    // File > New starts blank, as New does elsewhere: Enter gives the empty
    // model; the examples are a click or an arrow key away.
    m_list->setCurrentRow(0);
    layout->addWidget(m_list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Start from the highlighted model"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Keep the current model"));
    // Practice problems with a score start from their own page.
    QPushButton *challenges = buttons->addButton(tr("&Challenges..."), QDialogButtonBox::ActionRole);
    challenges->setObjectName(QStringLiteral("showChallenges"));
    challenges->setToolTip(tr("Practise with a design problem: requirements, stresses, hints and a score."));
    connect(challenges, &QPushButton::clicked, this, [this] {
        m_challenges = true;
        accept();
    });
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    resize(560, 420);
}

QString ExampleGallery::selectedResource() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace cqrs
