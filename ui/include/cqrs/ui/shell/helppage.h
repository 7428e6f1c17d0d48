#pragma once

#include <QDialog>

class QTextBrowser;

namespace cqrs {

/// Help > What the Figures Mean: the glossary (cqrs/ui/common/glossary.h) rendered from
/// its Markdown, so the page, the tooltips and the summary never disagree.
class FiguresHelpDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit FiguresHelpDialog(QWidget *parent = nullptr);

    QTextBrowser *browser() const { return m_browser; }

    /// Shows the page of `parent` (one per window, created on first use),
    /// not modal, so it can stay open beside the charts.
    static FiguresHelpDialog *showFor(QWidget *parent);

private:
    QTextBrowser *m_browser;
};

} // namespace cqrs
