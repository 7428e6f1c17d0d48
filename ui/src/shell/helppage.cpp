#include "cqrs/ui/shell/helppage.h"

#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/common/windowkeys.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cqrs {

FiguresHelpDialog::FiguresHelpDialog(QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("figuresHelpDialog"));
    setWindowTitle(tr("What the Figures Mean"));
    m_browser->setObjectName(QStringLiteral("figuresHelpText"));
    m_browser->setAccessibleName(tr("What the figures mean"));
    m_browser->setAccessibleDescription(tr("Every figure of the charts and the summary, and every "
                                           "consistency strategy, explained: what it means, when it "
                                           "matters and what it costs."));
    m_browser->setOpenExternalLinks(true);
    m_browser->document()->setMarkdown(glossaryMarkdown());
    // Readable line length on a wide screen; the dialog can be resized.
    m_browser->document()->setDocumentMargin(12);
    m_browser->moveCursor(QTextCursor::Start); // open at the top, not where setMarkdown left it
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setToolTip(tr("Close this page"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
    resizeWithinScreen(this, QSize(720, 760));
}

FiguresHelpDialog *FiguresHelpDialog::showFor(QWidget *parent)
{
    auto *dialog = parent ? parent->findChild<FiguresHelpDialog *>(QString(), Qt::FindDirectChildrenOnly)
                          : nullptr;
    if (!dialog)
        dialog = new FiguresHelpDialog(parent);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

} // namespace cqrs
