#include "cqrs/ui/run/export.h"

#include <cqrs/model/fileio.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QFile>
#include <QSvgGenerator>
#include <QWidget>

namespace cqrs {

namespace {

bool writeBytes(const QByteArray &bytes, const QString &path, QString *error)
{
    std::string message;
    if (!writeFileAtomically(QFile::encodeName(path).toStdString(),
                             std::string_view(bytes.constData(), std::size_t(bytes.size())), &message)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, QString::fromStdString(message));
        return false;
    }
    return true;
}

} // namespace

bool saveWidgetPicture(QWidget *widget, const QString &path, QString *error, qreal scale)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (QFileInfo(path).suffix().compare(QStringLiteral("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(widget->size());
        generator.setViewBox(QRect(QPoint(), widget->size()));
        generator.setTitle(widget->windowTitle());
        generator.setDescription(QStringLiteral("CQRS Studio"));
        QPainter painter(&generator);
        widget->render(&painter);
        painter.end();
    } else {
        // grab() renders at the screen's resolution; more than that is
        // painted afresh into a larger image (text and lines stay sharp).
        const qreal ratio = widget->devicePixelRatioF();
        QImage image;
        if (scale <= ratio || widget->size().isEmpty()) {
            image = widget->grab().toImage();
        } else {
            image = QImage(widget->size() * scale, QImage::Format_RGB32); // opaque: filled below
            if (image.isNull()) {
                if (error)
                    *error = QCoreApplication::translate("cqrs::Export",
                                                         "%1: not enough memory for a picture of %2 × %3 pixels")
                                 .arg(path)
                                 .arg(qRound(widget->width() * scale))
                                 .arg(qRound(widget->height() * scale));
                return false;
            }
            image.setDevicePixelRatio(scale);
            image.fill(widget->palette().color(widget->backgroundRole()));
            QPainter painter(&image);
            widget->render(&painter);
        }
        const QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
        if (!image.save(&buffer, format.isEmpty() ? "PNG" : format.constData())) {
            if (error)
                *error = QCoreApplication::translate("cqrs::Export", "%1: cannot encode an image of this type").arg(path);
            return false;
        }
    }
    return writeBytes(bytes, path, error);
}

bool saveResultJson(const RunResult &run, const QString &path, QString *error)
{
    return writeBytes(run.text.toUtf8(), path, error);
}

bool saveText(const QString &text, const QString &path, QString *error)
{
    return writeBytes(text.toUtf8(), path, error);
}

} // namespace cqrs
